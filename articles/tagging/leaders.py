"""Which leader a hit names, if any: full names, titled names, surnames once introduced or in
office that year, shared names picked by date and context, and bare titles ("the Queen").

Details and the evidence behind each rule: docs/tagging.md ("Leaders and dates", "Bare titles").
"""

import re
from bisect import bisect_left
from datetime import date

from articles.tagging import context, rules
from articles.tagging.capitals import is_in_capitals, is_title_case
from articles.tagging.countries import find_qualifier_country, is_same_state
from articles.tagging.matcher import (
    AMBIGUOUS_ALIAS,
    COUNTRY_NAME,
    DEMONYM,
    DERIVED_NAME,
    FULL_NAME,
    ONE_WORD_LEADER_FORMS,
    RESPELT_NAME,
    SHARED_NAME,
    SHARED_SURNAME,
    SURNAME,
    TITLED_NAME,
    Matcher,
    Target,
)
from articles.tagging.roles import are_contemporaries, choose_latest_holder, find_surface_title, has_role, is_in_role
from articles.tagging.state import ArticleState, Hit, Resolved
from articles.tagging.text import is_other_spelling, rfind_character
from articles.tagging.types import LeaderEntry

LEADER_FORMS = (FULL_NAME, TITLED_NAME, SURNAME, SHARED_SURNAME, SHARED_NAME, AMBIGUOUS_ALIAS, RESPELT_NAME, DERIVED_NAME)
# A capitalised word with an ending of rules.DERIVED_NAME_SUFFIXES: a candidate "Blairite".
DERIVED_WORD_RE = re.compile(r"(?<!\w)[A-Z][^\W\d_]+(?:" + "|".join(rules.DERIVED_NAME_SUFFIXES) + r")(?!\w)")
# After a bare title: "'s Speech" (something named after the office), " of the Netherlands".
INSTITUTION_AFTER_TITLE_RE = re.compile(r"'s ([A-Z][\w-]*)")
TITLE_OF_PLACE_RE = re.compile(r" of (?:the )?")


def resolve_leader(matcher: Matcher, hit: Hit, state: ArticleState) -> tuple[LeaderEntry, str] | None:
    """Return (leader, note) for the leader hit names, or None when it names none or too vaguely.

    The note says when a guess was made (an undated title alias given to its latest holder).
    """
    text = state.texts[hit.section]
    for target in hit.targets:
        if target.form not in LEADER_FORMS:
            continue
        if context.has_suffix_after(text, hit.end) or is_place_named_after(state, hit):
            return None
        if hit.surface in rules.COMBINING_FORMS and text.startswith("-", hit.end):
            return None
        if target.form in (FULL_NAME, TITLED_NAME, SHARED_NAME):
            return resolve_named_leader(matcher, hit, target, state)
        if target.form in (RESPELT_NAME, DERIVED_NAME):
            return resolve_name_variant(matcher, hit, target, state)
        first_name_owner = find_first_name_owner(matcher, text, hit, target, state)
        if first_name_owner is not None:
            return resolve_full_name(first_name_owner, hit, state)
        title = context.find_title_before(text, hit.start)
        if is_name_of_someone_else(matcher, hit, target, title, state):
            return None
        if target.form == SURNAME:
            return resolve_surname(matcher, hit, matcher.leaders[target.name], title, state)
        if title is not None:
            return choose_leader_by_title(matcher, target.candidates, title, state)
        resolved = resolve_untitled_shared_surname(matcher, hit, target, state)
        if resolved is not None:
            return resolved
    return None


def is_place_named_after(state: ArticleState, hit: Hit) -> bool:
    """Return whether hit names a place or institution named after the leader ("Charles de Gaulle
    airport"), outside a headline: in capitals, or in title case without a full stop, every word
    is capitalised, and "PRESIDENT REAGAN SCHOOL PRAYER PLAN DEFEATED" is about Reagan."""
    if not context.is_named_after(state.texts[hit.section], hit.end):
        return False
    original = state.originals[hit.section]
    line_start = rfind_character(original, "\n", hit.start) + 1
    line_end = original.find("\n", hit.end)
    line = original[line_start:line_end if line_end >= 0 else len(original)]
    return not (is_in_capitals(line) or is_title_case(line) and not line.rstrip().endswith("."))


def resolve_name_variant(matcher: Matcher, hit: Hit, target: Target, state: ArticleState) -> tuple[LeaderEntry, str] | None:
    """Return the leader a name spelt another way ("Andreas Papanderou", when the article backs
    it) or a word made of a surname ("Blairite") names."""
    if target.form == DERIVED_NAME:
        return resolve_derived_name(matcher, hit, state)
    leader = matcher.leaders[target.name]
    return resolve_full_name(leader, hit, state) if is_name_corroborated(matcher, state.texts[hit.section], hit.start, leader, state) else None


def resolve_surname(
    matcher: Matcher, hit: Hit, leader: LeaderEntry, title: tuple[str, str] | None, state: ArticleState
) -> tuple[LeaderEntry, str] | None:
    """Return the leader a surname of one leader names: after a title that fits them, once they are
    introduced or in office, or (undated) after a courtesy title in an article naming their country."""
    if title is not None:
        return (leader, "") if is_title_consistent(matcher, leader.name, title, state) else None
    if leader.name in state.introduced or is_in_office(matcher, leader.name, state.published):
        return leader, ""
    if is_undated_courtesy_surname(matcher, state.texts[hit.section], hit, leader, state):
        return leader, f"The article has no date: “{hit.surface}” taken to be the one leader of that name, of a country it names."
    return None


def resolve_named_leader(matcher: Matcher, hit: Hit, target: Target, state: ArticleState) -> tuple[LeaderEntry, str] | None:
    """Return the leader a full name, titled name ("President Putin") or shared name ("George
    Bush") names at the published date; a gazetteer person out of role goes to state.out_of_role."""
    if target.form == SHARED_NAME:
        return choose_leader_by_context(matcher, target.candidates, find_surface_title(hit.surface), state)
    leader = matcher.leaders[target.name]
    if target.form == FULL_NAME:
        if is_surname_of_someone_else(matcher, state.texts[hit.section], hit, leader):
            return None
        return resolve_full_name(leader, hit, state)
    surface_title = find_surface_title(hit.surface)
    if has_role(leader, surface_title, state.published):
        return leader, ""
    if has_role(leader, surface_title, None):  # "President Carter" in 1987: a former holder, named
        state.out_of_role.append(Resolved("leader", leader.name, hit))
    return None


def resolve_full_name(leader: LeaderEntry, hit: Hit, state: ArticleState) -> tuple[LeaderEntry, str] | None:
    """Return the leader a full name names while in role; out of role, note them in state.out_of_role."""
    if is_in_role(leader, state.published):
        return leader, ""
    state.out_of_role.append(Resolved("leader", leader.name, hit))
    return None


def find_first_name_owner(matcher: Matcher, text: str, hit: Hit, target: Target, state: ArticleState) -> LeaderEntry | None:
    """Return the one leader a surname hit names with the first name before it, in any of the
    gazetteer's spellings or romanised another way ("Moammar Qaddafi", "Gotabhaya Rajapaksa");
    None when there is no first name or it is no such leader's. Another spelling needs the
    article to back it (is_name_corroborated): "Mahmood Abbas, a Karachi shopkeeper" is not him."""
    if target.form not in (SURNAME, SHARED_SURNAME, AMBIGUOUS_ALIAS) or context.TITLE_WORDS & set(hit.surface.split()):
        return None
    first_name = context.find_first_name_before(text, hit.start, matcher.not_first_names)
    if not first_name or (context.find_next_name_word(text, hit.end) and not text.startswith(" of ", hit.end)):
        return None  # no first name, or a name goes on past the surname: someone else's
    owners = [name for name in target.names if is_first_name_of(matcher, first_name, name)]
    if len(owners) != 1:
        return None
    leader = matcher.leaders[owners[0]]
    if first_name in matcher.leader_first_names[leader.name]:
        return leader
    first_name_start = text.rfind(first_name, 0, hit.start)
    return leader if is_name_corroborated(matcher, text, first_name_start, leader, state) else None


def is_first_name_of(matcher: Matcher, word: str, leader_name: str) -> bool:
    """Return whether word is a first name the leader goes by, or another spelling of one that
    ends in the same letter (a changed last letter makes another name: Antonio and Antonia) and
    is no leader's own first name ("Micheál Martin" is not "Michael Martin", the Speaker), unless
    the gazetteer gives one person both spellings ("Mahmud Abbas": Mahmoud Fawzi is also "Mahmud")."""
    first_names = matcher.leader_first_names.get(leader_name, frozenset())
    if word in first_names:
        return True
    if word in matcher.known_first_names and not any((word, first_name) in matcher.first_name_spellings for first_name in first_names):
        return False
    return any(
        word[-1] == first_name[-1] and is_other_spelling(word, first_name, rules.FIRST_NAME_SPELLING_MIN_LETTERS)
        for first_name in first_names
    )


def is_name_corroborated(matcher: Matcher, text: str, name_start: int, leader: LeaderEntry, state: ArticleState) -> bool:
    """Return whether the article backs a name spelt another way as the leader's: a leader title
    right before it ("Greek Prime Minister Andreas Papanderou"), or the leader's country (or
    another of its leaders) named in the article."""
    return context.find_title_before(text, name_start) is not None or is_country_in_context(matcher, leader, state)


def find_respelt_names(matcher: Matcher, folded_texts: list[str], hits: list[Hit]) -> list[Hit]:
    """Return, as RESPELT_NAME hits, a leader's first name followed by their surname spelt one
    letter apart ("Andreas Papanderou"), where no gazetteer surface was found. A surname of some
    leader is a name of its own, never another's spelling; resolve_leader wants the article to
    back the name (is_name_corroborated): "Jimmy Carver scored twice" is not Jimmy Carter."""
    respelt = []
    for section, text in enumerate(folded_texts):
        for match in matcher.first_name_pattern.finditer(text):
            word = match.group(1)
            if word in matcher.targets or word in matcher.known_surnames:
                continue
            owners = [
                name for name in matcher.leaders_by_first_name.get(text[match.start():match.start(1) - 1], ())
                if any(is_other_spelling(word, surname, rules.RESPELT_SURNAME_MIN_LETTERS) for surname in matcher.leader_surnames[name])
            ]
            if len(owners) == 1 and not overlaps_hit(hits, section, match.start(), match.end()):
                respelt.append(Hit(section, match.start(), match.end(), match.group(), (Target(RESPELT_NAME, owners[0]),)))
    return respelt


def find_derived_names(matcher: Matcher, folded_texts: list[str]) -> list[Hit]:
    """Return, as DERIVED_NAME hits, the words made of a leader's surname and an ending of
    rules.DERIVED_NAME_SUFFIXES ("Blairite", "Abenomics"), each with every leader of that surname.
    The name pattern never finds them: a surname must end at a word's end."""
    derived = []
    for section, text in enumerate(folded_texts):
        for match in DERIVED_WORD_RE.finditer(text):
            word = match.group()
            owners = () if word in matcher.targets else find_derived_name_owners(matcher, word)
            if owners:
                derived.append(Hit(section, match.start(), match.end(), word, tuple(Target(DERIVED_NAME, name) for name in owners)))
    return derived


def find_derived_name_owners(matcher: Matcher, word: str) -> tuple[str, ...]:
    """Return the leaders whose one-word surname alias word is made of ("Blair" of "Blairite";
    both Bushes for "Bushism"), trying each ending ("Abe" + "nomics", not "Aben" + "omics")."""
    for suffix in rules.DERIVED_NAME_SUFFIXES:
        if not word.endswith(suffix) or len(word) - len(suffix) < rules.DERIVED_NAME_MIN_SURNAME_LETTERS:
            continue
        owners = tuple(
            name for target in matcher.targets.get(word[:-len(suffix)], ()) if target.form in ONE_WORD_LEADER_FORMS
            for name in target.names
        )
        if owners:
            return owners
    return ()


def resolve_derived_name(matcher: Matcher, hit: Hit, state: ArticleState) -> tuple[LeaderEntry, str] | None:
    """Return the leader a word made of a surname names ("Blairite MPs", "Reaganomics"): the one
    leader of that surname in office on the published date, or, undated, the one whose country the
    article names (as for "Mr Blair", is_undated_courtesy_surname). Otherwise the word names a
    movement or an idea: "Maoist rebels" in 2005, or in an undated story about Nepal."""
    if state.published is None:
        owners = [target.name for target in hit.targets if is_country_in_context(matcher, matcher.leaders[target.name], state)]
    else:
        owners = [target.name for target in hit.targets if is_in_office(matcher, target.name, state.published)]
    return (matcher.leaders[owners[0]], "") if len(owners) == 1 else None


def overlaps_hit(hits: list[Hit], section: int, start: int, end: int) -> bool:
    """Return whether start-end overlaps a hit of section (hits: in reading order, none overlapping)."""
    index = bisect_left(hits, (section, end), key=lambda hit: (hit.section, hit.start)) - 1
    return index >= 0 and hits[index].section == section and hits[index].end > start


def is_name_of_someone_else(
    matcher: Matcher, hit: Hit, target: Target, title: tuple[str, str] | None, state: ArticleState
) -> bool:
    """Return whether a surname-like hit belongs to another person or a company: after another
    first name, before one, inside a company name, or a surname the article gave someone else."""
    text = state.texts[hit.section]
    if context.find_first_name_before(text, hit.start, matcher.not_first_names):
        return True
    if context.find_next_name_word(text, hit.end) and not text.startswith(" of ", hit.end):
        return True  # "Prime Minister Rashid Karami": a first name of someone else
    if context.is_in_company_name(text, hit.start, hit.end):
        return True  # "WILSON FOODS <WILF>", "Birr, Wilson and Co"
    return (
        hit.surface in state.other_people_surnames and title is None
        and not set(target.names) & state.introduced
    )


def resolve_untitled_shared_surname(matcher: Matcher, hit: Hit, target: Target, state: ArticleState) -> tuple[LeaderEntry, str] | None:
    """Return the leader an untitled shared surname or ambiguous alias names: the one introduced,
    else (dated wire copy) the one in office, else a bare title's holder; None when unclear."""
    text = state.texts[hit.section]
    introduced: list[str] = []
    if target.form == SHARED_SURNAME or context.has_honorific_before(text, hit.start):
        introduced = [name for name in target.candidates if name in state.introduced]
        if len(introduced) == 1:
            return matcher.leaders[introduced[0]], ""
    if target.form == SHARED_SURNAME and not introduced:
        # Dated wire copy: "Stoltenberg" in 1987 is Gerhard, the only one in a role then.
        in_office = [name for name in target.candidates if is_in_office(matcher, name, state.published)]
        if len(in_office) == 1:
            return matcher.leaders[in_office[0]], ""
    if target.form == AMBIGUOUS_ALIAS and len(target.candidates) == 1 and context.TITLE_WORDS & set(hit.surface.split()):
        # "the Queen" in an article about Britain, while she reigned, is Elizabeth II.
        leader = matcher.leaders[target.candidates[0]]
        if is_bare_title_of_something_else(matcher, text, hit, leader):
            return None
        if is_in_role(leader, state.published) and is_country_in_context(matcher, leader, state):
            return leader, ""
    return None


def collect_other_people_surnames(matcher: Matcher, hits: list[Hit], state: ArticleState) -> set[str]:
    """Return the surnames that the article gives to people who are not leaders at its date:
    after another first name ("Bob Wilson"), or as the full name of someone out of role."""
    surnames = set()
    for hit in hits:
        text = state.texts[hit.section]
        for target in hit.targets:
            if target.form in (SURNAME, SHARED_SURNAME) and context.find_first_name_before(text, hit.start, matcher.not_first_names):
                owner = find_first_name_owner(matcher, text, hit, target, state)
                if owner is None or not is_in_role(owner, state.published):  # "Michael\nHoward" in 1987
                    surnames.add(hit.surface)
            elif target.form in (FULL_NAME, RESPELT_NAME) and not is_in_role(matcher.leaders[target.name], state.published):
                surnames.add(hit.surface.rpartition(" ")[2])
    return surnames


def is_surname_hit(hit: Hit) -> bool:
    """Return whether hit can name a leader by surname alone ("Starmer", "Bush")."""
    return any(target.form in (SURNAME, SHARED_SURNAME) for target in hit.targets)


def is_bare_title_of_something_else(matcher: Matcher, text: str, hit: Hit, leader: LeaderEntry) -> bool:
    """Return whether a bare title ("the Queen") names another holder or a thing named after the
    office: "the Queen of the Netherlands" (another state), "the Queen's Speech" or "the Queen's
    Lancashire Regiment" (an institution). "the Queen of the United Kingdom" and "the Queen's
    Christmas message" are the leader."""
    institution = INSTITUTION_AFTER_TITLE_RE.match(text, hit.end)
    if institution is not None and institution.group(1) not in rules.OCCASION_WORDS:
        return True
    place = TITLE_OF_PLACE_RE.match(text, hit.end)
    if place is None:
        return False
    name = matcher.name_pattern.match(text, place.end())
    targets = matcher.targets.get(name.group(), []) if name is not None else []
    return not any(
        target.form in (COUNTRY_NAME, DEMONYM) and is_same_state(matcher, leader.country, target.name) for target in targets
    )


def is_surname_of_someone_else(matcher: Matcher, text: str, hit: Hit, leader: LeaderEntry) -> bool:
    """Return whether a two-word surname alias ("Castelo Branco", the end of "Humberto de
    Alencar Castelo Branco") follows a first name the leader does not have ("Jose Hugo
    Castelo Branco", a trade minister): another person of that family name."""
    name = matcher.folded_leader_names[leader.name]
    if hit.surface == name or not name.endswith(" " + hit.surface):
        return False
    first_name = context.find_first_name_before(text, hit.start, matcher.not_first_names)
    return bool(first_name) and first_name not in name.split(" ")


def is_undated_courtesy_surname(matcher: Matcher, text: str, hit: Hit, leader: LeaderEntry, state: ArticleState) -> bool:
    """Return whether an undated article names the leader as "Mr Blair" with no introduction, and
    names their country (or another of its leaders): a politics desk's story, where the surname
    alone is the usual form. Dated copy needs the leader in office instead (is_in_office)."""
    if state.published is None and context.has_honorific_before(text, hit.start) and is_country_in_context(matcher, leader, state):
        return not is_described_as_someone_else(text, hit.end, leader)
    return False


# A description after a name: "Mr Brown, the chief executive, said".
APPOSITIVE_AFTER_RE = re.compile(r",\s+(?:the|a|an)\s+([^,.;:]{1,60})")


def is_described_as_someone_else(text: str, end: int, leader: LeaderEntry) -> bool:
    """Return whether the name ending at end is described as holding no office of the leader's
    ("Mr Brown, the chief executive", "Mr Thatcher, the prime minister's husband"); "Mr Blair,
    the prime minister" and a name with no description are not."""
    appositive = APPOSITIVE_AFTER_RE.match(text, end)
    if appositive is None:
        return False
    description = appositive.group(1).lower()
    return "'s" in description or not any(role.title.lower() in description for role in leader.roles)


def is_country_in_context(matcher: Matcher, leader: LeaderEntry, state: ArticleState) -> bool:
    """Return whether the article so far names the leader's country or another of its leaders."""
    if leader.country in state.named_countries:
        return True
    return any(matcher.leaders[name].country == leader.country for name in state.introduced)


def is_in_office(matcher: Matcher, name: str, published: date | None) -> bool:
    """Return whether the leader held a role on the date published (never for undated articles).

    Any role, not only heads of state or government: wire headlines name "VOLCKER" and
    "Miyazawa" alone, with no body to introduce them.
    """
    if published is None:
        return False
    return matcher.leaders[name].has_role_in(published)


def is_title_consistent(matcher: Matcher, name: str, title: tuple[str, str], state: ArticleState) -> bool:
    """Return whether "President Kirchner" fits the leader: a role so titled, held at the
    published date (any time if undated), of the country the title names.

    A leader without roles (discovered, not yet reviewed) fits any title.
    """
    leader = matcher.leaders[name]
    title_name, qualifier = title
    country = find_qualifier_country(matcher, qualifier)
    if country is not None and not is_same_state(matcher, leader.country, country):
        return False
    return not leader.roles or has_role(leader, title_name, state.published)


def choose_leader_by_context(
    matcher: Matcher, candidates: tuple[str, ...], title: str, state: ArticleState
) -> tuple[LeaderEntry, str] | None:
    """Return the one candidate holding a role (titled like title, if given) at the published
    date, or introduced, or of a named country; undated and titled, the latest holder."""
    leaders = [matcher.leaders[name] for name in candidates]
    leaders = [leader for leader in leaders if has_role(leader, title, state.published)]
    chosen = prefer_in_context(matcher, leaders, state)
    if chosen is not None:
        return chosen, ""
    if state.published is None and title and leaders:
        return choose_latest_holder(leaders, title)
    return None


def prefer_in_context(matcher: Matcher, leaders: list[LeaderEntry], state: ArticleState) -> LeaderEntry | None:
    """Narrow leaders to those introduced, then of named countries, then in office alongside the
    other leaders the article names (an undated "President Bush" next to Tony Blair is George W.);
    return a single one, else None."""
    others = [matcher.leaders[name] for name in state.introduced - {leader.name for leader in leaders}]
    for preference in (
        lambda leader: leader.name in state.introduced,
        lambda leader: leader.country in state.named_countries,
        lambda leader: any(are_contemporaries(leader, other) for other in others),
    ):
        if len(leaders) <= 1:
            break
        leaders = [leader for leader in leaders if preference(leader)] or leaders
    return leaders[0] if len(leaders) == 1 else None


def choose_leader_by_title(
    matcher: Matcher, candidates: tuple[str, ...], title: tuple[str, str], state: ArticleState
) -> tuple[LeaderEntry, str] | None:
    """Return the one candidate whose roles fit the title, date and countries, else None;
    undated, the latest holder of the title."""
    title_name, qualifier = title
    country = find_qualifier_country(matcher, qualifier)
    leaders = [matcher.leaders[name] for name in candidates]
    fitting = [
        leader for leader in leaders
        if has_role(leader, title_name, state.published) and (country is None or is_same_state(matcher, leader.country, country))
    ]
    chosen = prefer_in_context(matcher, fitting, state)
    if chosen is not None:
        return chosen, ""
    if state.published is None and fitting:
        return choose_latest_holder(fitting, title_name)
    return None
