"""Cleaned section texts -> mentions of leaders, countries and topics.

Stages of Tagger.tag:
1. read the title given apart first, as a section of its own (mentions there have
   section=TITLE_SECTION); fold each text (diacritics, quotes, hyphens) keeping character
   offsets, and recase lines in capitals (capitals.py);
2. find every gazetteer surface with one trie regex; the longest match wins, so blocking
   phrases ("Paris Agreement") hide the names inside them, and a longer name starting inside
   a match wins over it ("Premier Li Qiang" is Li Qiang, not the alias "Premier Li");
3. collect the countries the article names unambiguously anywhere (names, demonyms, capitals,
   unambiguous metonyms): the context that ambiguous names ("Congo", "Moscow") need;
4. resolve the hits in reading order: a surname counts once its leader was introduced by full
   name or title (or, in a dated article, when the leader headed a state or government that
   year); ambiguous names need a title or context; in a dated article a leader counts only
   while in a role, and a state only while it exists ("Kremlin" in 1987 is the Soviet Union);
   see resolve_leader/resolve_country;
5. assign topics with enough weight (topics.py) and attach each mention's sentence.
"""

import re
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from articles.tagging import context, rules
from articles.tagging.capitals import is_in_capitals, recase_capital_lines
from articles.tagging.matcher import (
    AMBIGUOUS_ALIAS,
    AMBIGUOUS_COUNTRY,
    AMBIGUOUS_METONYM,
    BLOCKED,
    CAPITAL,
    COUNTRY_NAME,
    DEMONYM,
    FULL_NAME,
    METONYM,
    SHARED_NAME,
    SHARED_SURNAME,
    SURNAME,
    TITLED_NAME,
    Matcher,
    Target,
    build_matcher,
)
from articles.tagging.roles import are_contemporaries, choose_latest_holder, find_surface_title, has_role, is_in_role
from articles.tagging.text import find_sentence, find_sentence_spans, fold_text
from articles.tagging.titles import find_unnamed_title_mentions
from articles.tagging.topics import find_topic_mentions
from articles.tagging.types import TITLE_SECTION, Gazetteer, LeaderEntry, LocatedName, Mention, TaggedText

LEADER_FORMS = (FULL_NAME, TITLED_NAME, SURNAME, SHARED_SURNAME, SHARED_NAME, AMBIGUOUS_ALIAS)
# After a bare title: "'s Speech" (something named after the office), " of the Netherlands".
INSTITUTION_AFTER_TITLE_RE = re.compile(r"'s ([A-Z][\w-]*)")
TITLE_OF_PLACE_RE = re.compile(r" of (?:the )?")


@dataclass(frozen=True)
class Hit:
    """One gazetteer surface found in a section."""

    section: int
    start: int
    end: int
    surface: str  # folded text of the match
    targets: tuple[Target, ...]


class Resolved(NamedTuple):
    """What a hit was resolved to."""

    kind: str  # "leader" | "country"
    name: str
    hit: Hit
    note: str = ""


@dataclass
class ArticleState:
    """What the resolution of one article has learnt so far."""

    texts: list[str]  # folded section texts, lines in capitals recased
    published: date | None
    originals: list[str] = field(default_factory=list)  # folded section texts as written
    capitals_lines: dict[tuple[int, int], bool] = field(default_factory=dict)  # (section, line start) -> in capitals
    named_countries: set[str] = field(default_factory=set)  # unambiguous evidence, whole article
    places: set[str] = field(default_factory=set)  # named_countries plus capitals named as cities
    introduced: set[str] = field(default_factory=set)  # leaders named by full name or title so far
    # Surnames the article gives to someone else ("Bob Wilson", or "Michael Howard" in 1987
    # when he held no role): alone, they are not a leader nobody introduced.
    other_people_surnames: set[str] = field(default_factory=set)
    # Mentions per country counted before resolving names shared with a US state ("Georgia").
    country_counts: dict[str, int] = field(default_factory=dict)
    # (country surface, next word) of companies the article names with a legal form
    # ("American Quarry Resources Corp" -> ("American", "Quarry")): alone they are the company.
    company_short_names: set[tuple[str, str]] = field(default_factory=set)
    found: list[Resolved] = field(default_factory=list)
    out_of_role: list[Resolved] = field(default_factory=list)  # gazetteer people named in no role that year


class Tagger:
    """A Gazetteer compiled for matching; build once with build_tagger() and reuse."""

    def __init__(self, gazetteer: Gazetteer):
        self.gazetteer = gazetteer
        self.matcher: Matcher = build_matcher(gazetteer)
        self.folded_names = {leader.name: fold_text(leader.name) for leader in gazetteer.leaders}

    def tag(
        self,
        texts: list[str] | tuple[str, ...],
        *,
        published: date | None = None,
        title: str | None = None,
        headings: list[str | None] | tuple[str | None, ...] = (),
    ) -> list[Mention]:
        """Return the leader, country and topic mentions of the title and sections, in reading order.

        The title is tagged like a section (Mention.section == TITLE_SECTION, offsets into title);
        headings, when the texts do not hold them, only weigh topics (see topics.py).
        """
        return self.read(texts, published=published, title=title, headings=headings).mentions

    def read(
        self,
        texts: list[str] | tuple[str, ...],
        *,
        published: date | None = None,
        title: str | None = None,
        headings: list[str | None] | tuple[str | None, ...] = (),
    ) -> TaggedText:
        """Return tag()'s mentions and the people of the gazetteer the article names out of role."""
        sources = [title, *texts] if title and title.strip() else list(texts)
        section_numbers = [TITLE_SECTION] * (len(sources) - len(texts)) + list(range(len(texts)))
        headlines = [fold_text(heading) for heading in headings if heading]
        casings = self.matcher.word_casings
        originals = [fold_text(text) for text in sources]
        state = ArticleState(
            texts=[
                recase_capital_lines(text, casings, is_headline=number == TITLE_SECTION)
                for text, number in zip(originals, section_numbers)
            ],
            published=published,
            originals=originals,
        )
        hits = self.find_hits(state.texts)
        state.company_short_names = collect_company_short_names(hits, state.texts)
        state.named_countries = self.collect_named_countries(hits, state)
        state.places = state.named_countries | {
            self.name_in_era(hit.surface, target.name, published)
            for hit in hits for target in hit.targets if target.form == AMBIGUOUS_METONYM
        }
        state.other_people_surnames = self.collect_other_people_surnames(hits, state)
        title_sections = {index for index, number in enumerate(section_numbers) if number == TITLE_SECTION}
        unresolved_title_surnames = []
        for hit in hits:
            found_before = len(state.found)
            self.resolve_hit(hit, state)
            if hit.section in title_sections and len(state.found) == found_before and is_surname_hit(hit):
                unresolved_title_surnames.append(hit)
        # A headline names by surname whom the text introduces later ("Starmer Becomes Prime
        # Minister" over "Keir Starmer entered Downing Street"): read it again at the end.
        for hit in unresolved_title_surnames:
            self.resolve_hit(hit, state)
        located = [
            LocatedName(found.kind, found.name, found.hit.section, found.hit.start, found.hit.end, found.note)
            for found in state.found
        ]
        located += self.find_unnamed_titles(state)
        located += find_topic_mentions(self.matcher, state.texts, headlines, title_sections)
        sentence_spans = {section: find_sentence_spans(sources[section]) for section in {place.section for place in located}}
        mentions = [
            make_mention(place, section_numbers[place.section], sources[place.section], sentence_spans[place.section])
            for place in located
        ]
        mentions.sort(key=lambda mention: (mention.section, mention.start, mention.kind))
        return TaggedText(mentions=mentions, people_out_of_role=self.locate_people_out_of_role(state, sources, section_numbers))

    def locate_people_out_of_role(self, state: ArticleState, sources: list[str], section_numbers: list[int]) -> list[Mention]:
        """Return the out-of-role names state collected as mentions whose note lists the person's roles."""
        people = []
        for found in state.out_of_role:
            leader = self.matcher.leaders[found.name]
            roles = "; ".join(f"{role.title} {role.years}".strip() for role in leader.roles)
            year = state.published.year if state.published else ""  # only dated articles have people out of role
            note = f"No role in {year} (roles: {roles})."
            place = LocatedName("leader", found.name, found.hit.section, found.hit.start, found.hit.end, note)
            section = sources[place.section]
            people.append(make_mention(place, section_numbers[place.section], section, find_sentence_spans(section)))
        return people

    def find_unnamed_titles(self, state: ArticleState) -> list[LocatedName]:
        """Return the leader mentions "the Turkish president" once that leader was named."""
        introduced_at: dict[str, tuple[int, int]] = {}
        for found in state.found:
            if found.kind == "leader":
                introduced_at.setdefault(found.name, (found.hit.section, found.hit.start))
        if not introduced_at:
            return []
        return find_unnamed_title_mentions(
            state.texts, introduced_at, self.matcher.leaders, self.find_qualifier_country,
            lambda leader, title: has_role(leader, title, state.published),
        )

    def find_hits(self, folded_texts: list[str]) -> list[Hit]:
        """Return every gazetteer surface in the folded sections, longest first, without overlaps."""
        hits = []
        pattern = self.matcher.name_pattern
        for section, text in enumerate(folded_texts):
            position = 0
            while (match := pattern.search(text, position)) is not None:
                start, end = self.find_longer_overlap(text, match.start(), match.end())
                surface = text[start:end]
                hits.append(Hit(section, start, end, surface, tuple(self.matcher.targets[surface])))
                position = end
        return hits

    def find_longer_overlap(self, text: str, start: int, end: int) -> tuple[int, int]:
        """Return the span of a surface starting at a later word of the match and ending after it
        ("Li Qiang" inside "Premier Li| Qiang"), else the match's own span."""
        if not text.startswith(" ", end) or not text[end + 1:end + 2].isupper():
            return start, end
        word_start = text.find(" ", start, end)
        while word_start >= 0:
            longer = self.matcher.name_pattern.match(text, word_start + 1)
            if longer is not None and longer.end() > end:
                return longer.start(), longer.end()
            word_start = text.find(" ", word_start + 1, end)
        return start, end

    def collect_named_countries(self, hits: list[Hit], state: ArticleState) -> set[str]:
        """Return the countries the article names without ambiguity anywhere (context for the rest).

        Names shared with a US state ("Georgia") are read last, with the other countries counted
        (see is_us_state_by_article).
        """
        named: set[str] = set()
        counts: dict[str, int] = {}
        shared_with_us_states = []
        for hit in hits:
            text = state.texts[hit.section]
            for target in hit.targets:
                if target.form == COUNTRY_NAME and target.name in rules.US_STATE_COUNTRIES:
                    shared_with_us_states.append((hit, target))
                    continue
                if target.form == CAPITAL or (target.form == METONYM and self.is_metonym_meant(text, hit, state)):
                    name = self.name_in_era(hit.surface, target.name, state.published)
                elif target.form == DEMONYM and not self.is_demonym_not_meant(text, hit, state):
                    name = self.name_in_era(hit.surface, target.name, state.published)
                elif target.form == COUNTRY_NAME and self.is_country_name_meant(hit, target, state):
                    name = self.name_in_era(hit.surface, target.name, state.published)
                else:
                    continue
                named.add(name)
                counts[name] = counts.get(name, 0) + 1
        state.country_counts = counts
        for hit, target in shared_with_us_states:
            if self.is_country_name_meant(hit, target, state):
                named.add(self.name_in_era(hit.surface, target.name, state.published))
        return named

    def collect_other_people_surnames(self, hits: list[Hit], state: ArticleState) -> set[str]:
        """Return the surnames that the article gives to people who are not leaders at its date:
        after another first name ("Bob Wilson"), or as the full name of someone out of role."""
        surnames = set()
        for hit in hits:
            text = state.texts[hit.section]
            for target in hit.targets:
                if target.form in (SURNAME, SHARED_SURNAME) and context.find_first_name_before(text, hit.start, self.matcher.targets):
                    surnames.add(hit.surface)
                elif target.form == FULL_NAME and not is_in_role(self.matcher.leaders[target.name], state.published):
                    surnames.add(hit.surface.rpartition(" ")[2])
        return surnames

    def name_in_era(self, surface: str, name: str, published: date | None) -> str:
        """Return the former state surface named at the published date ("Kremlin" in 1987: Soviet
        Union), else name. Undated articles get the present-day state."""
        if published is None:
            return name
        for country in self.matcher.era_countries.get(surface, ()):
            if country.exists_in(published):
                return country.name
        return name

    def resolve_hit(self, hit: Hit, state: ArticleState) -> None:
        """Record what hit stands for in state.found, if anything."""
        forms = {target.form for target in hit.targets}
        if BLOCKED in forms:
            return
        resolved = self.resolve_leader(hit, state)
        if resolved is not None:
            leader, note = resolved
            state.introduced.add(leader.name)
            state.found.append(Resolved("leader", leader.name, hit, note))
            self.add_country_inside_leader_name(hit, leader, state)
            return
        if not forms - set(LEADER_FORMS) or forms & {FULL_NAME, TITLED_NAME, SHARED_NAME}:
            return
        country = self.resolve_country(hit, state)
        if country:
            state.found.append(Resolved("country", self.name_in_era(hit.surface, country, state.published), hit))

    def resolve_leader(self, hit: Hit, state: ArticleState) -> tuple[LeaderEntry, str] | None:  # noqa: C901 (one decision list read top to bottom; to be split)
        """Return (leader, note) for the leader hit names, or None when it names none or too vaguely.

        The note says when a guess was made (an undated title alias given to its latest holder).
        """
        text = state.texts[hit.section]
        for target in hit.targets:
            if target.form not in LEADER_FORMS:
                continue
            if context.has_suffix_after(text, hit.end):
                return None
            if target.form == FULL_NAME:
                leader = self.matcher.leaders[target.name]
                if self.is_surname_of_someone_else(text, hit, leader):
                    return None
                if is_in_role(leader, state.published):
                    return leader, ""
                state.out_of_role.append(Resolved("leader", leader.name, hit))
                return None
            if target.form == TITLED_NAME:
                leader = self.matcher.leaders[target.name]
                surface_title = find_surface_title(hit.surface)
                if has_role(leader, surface_title, state.published):
                    return leader, ""
                if has_role(leader, surface_title, None):  # "President Carter" in 1987: a former holder, named
                    state.out_of_role.append(Resolved("leader", leader.name, hit))
                return None
            if target.form == SHARED_NAME:
                return self.choose_leader_by_context(target.candidates, find_surface_title(hit.surface), state)
            title = context.find_title_before(text, hit.start)
            if context.find_first_name_before(text, hit.start, self.matcher.targets):
                return None
            if context.find_next_name_word(text, hit.end) and not text.startswith(" of ", hit.end):
                return None  # "Prime Minister Rashid Karami": a first name of someone else
            if context.is_in_company_name(text, hit.start, hit.end):
                return None  # "WILSON FOODS <WILF>", "Birr, Wilson and Co"
            if hit.surface in state.other_people_surnames and title is None and not set(target.candidates or (target.name,)) & state.introduced:
                return None
            if target.form == SURNAME:
                leader = self.matcher.leaders[target.name]
                if title is not None:
                    return (leader, "") if self.is_title_consistent(target.name, title, state) else None
                if target.name in state.introduced or self.is_in_office(target.name, state.published):
                    return leader, ""
                return None
            if title is not None:
                return self.choose_leader_by_title(target.candidates, title, state)
            if target.form == SHARED_SURNAME or context.has_honorific_before(text, hit.start):
                introduced = [name for name in target.candidates if name in state.introduced]
                if len(introduced) == 1:
                    return self.matcher.leaders[introduced[0]], ""
            if target.form == SHARED_SURNAME and not introduced:
                # Dated wire copy: "Stoltenberg" in 1987 is Gerhard, the only one in a role then.
                in_office = [name for name in target.candidates if self.is_in_office(name, state.published)]
                if len(in_office) == 1:
                    return self.matcher.leaders[in_office[0]], ""
            if target.form == AMBIGUOUS_ALIAS and len(target.candidates) == 1 and context.TITLE_WORDS & set(hit.surface.split()):
                # "the Queen" in an article about Britain, while she reigned, is Elizabeth II.
                leader = self.matcher.leaders[target.candidates[0]]
                if self.is_bare_title_of_something_else(text, hit, leader):
                    return None
                if is_in_role(leader, state.published) and self.is_country_in_context(leader, state):
                    return leader, ""
        return None

    def is_bare_title_of_something_else(self, text: str, hit: Hit, leader: LeaderEntry) -> bool:
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
        name = self.matcher.name_pattern.match(text, place.end())
        targets = self.matcher.targets.get(name.group(), []) if name is not None else []
        return not any(
            target.form in (COUNTRY_NAME, DEMONYM) and self.is_same_state(leader.country, target.name) for target in targets
        )

    def is_surname_of_someone_else(self, text: str, hit: Hit, leader: LeaderEntry) -> bool:
        """Return whether a two-word surname alias ("Castelo Branco", the end of "Humberto de
        Alencar Castelo Branco") follows a first name the leader does not have ("Jose Hugo
        Castelo Branco", a trade minister): another person of that family name."""
        name = self.folded_names[leader.name]
        if hit.surface == name or not name.endswith(" " + hit.surface):
            return False
        first_name = context.find_first_name_before(text, hit.start, self.matcher.targets)
        return bool(first_name) and first_name not in name.split(" ")

    def is_country_in_context(self, leader: LeaderEntry, state: ArticleState) -> bool:
        """Return whether the article so far names the leader's country or another of its leaders."""
        if leader.country in state.named_countries:
            return True
        return any(self.matcher.leaders[name].country == leader.country for name in state.introduced)

    def is_in_office(self, name: str, published: date | None) -> bool:
        """Return whether the leader held a role in the year of published (never for undated articles).

        Any role, not only heads of state or government: wire headlines name "VOLCKER" and
        "Miyazawa" alone, with no body to introduce them.
        """
        if published is None:
            return False
        return self.matcher.leaders[name].has_role_in(published)

    def is_title_consistent(self, name: str, title: tuple[str, str], state: ArticleState) -> bool:
        """Return whether "President Kirchner" fits the leader: a role so titled, held at the
        published date (any time if undated), of the country the title names.

        A leader without roles (discovered, not yet reviewed) fits any title.
        """
        leader = self.matcher.leaders[name]
        title_name, qualifier = title
        country = self.find_qualifier_country(qualifier)
        if country is not None and not self.is_same_state(leader.country, country):
            return False
        return not leader.roles or has_role(leader, title_name, state.published)

    def is_same_state(self, name: str | None, other: str) -> bool:
        """Return whether two country names are one state or its predecessor and successor
        ("West German Chancellor Kohl", whose country is Germany)."""
        if name == other:
            return True
        countries = self.matcher.countries
        return (
            name in countries and other in countries[name].successors
            or other in countries and name in countries[other].successors
        )

    def choose_leader_by_context(
        self, candidates: tuple[str, ...], title: str, state: ArticleState
    ) -> tuple[LeaderEntry, str] | None:
        """Return the one candidate holding a role (titled like title, if given) at the published
        date, or introduced, or of a named country; undated and titled, the latest holder."""
        leaders = [self.matcher.leaders[name] for name in candidates]
        leaders = [leader for leader in leaders if has_role(leader, title, state.published)]
        chosen = self.prefer_in_context(leaders, state)
        if chosen is not None:
            return chosen, ""
        if state.published is None and title and leaders:
            return choose_latest_holder(leaders, title)
        return None

    def prefer_in_context(self, leaders: list[LeaderEntry], state: ArticleState) -> LeaderEntry | None:
        """Narrow leaders to those introduced, then of named countries, then in office alongside the
        other leaders the article names (an undated "President Bush" next to Tony Blair is George W.);
        return a single one, else None."""
        others = [self.matcher.leaders[name] for name in state.introduced - {leader.name for leader in leaders}]
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
        self, candidates: tuple[str, ...], title: tuple[str, str], state: ArticleState
    ) -> tuple[LeaderEntry, str] | None:
        """Return the one candidate whose roles fit the title, date and countries, else None;
        undated, the latest holder of the title."""
        title_name, qualifier = title
        country = self.find_qualifier_country(qualifier)
        leaders = [self.matcher.leaders[name] for name in candidates]
        fitting = [
            leader for leader in leaders
            if has_role(leader, title_name, state.published) and (country is None or self.is_same_state(leader.country, country))
        ]
        chosen = self.prefer_in_context(fitting, state)
        if chosen is not None:
            return chosen, ""
        if state.published is None and fitting:
            return choose_latest_holder(fitting, title_name)
        return None

    def find_qualifier_country(self, qualifier: str) -> str | None:
        """Return the country a title's qualifier names ("South Korean", "US"), else None."""
        for words in (qualifier, qualifier.rpartition(" ")[2]):
            for target in self.matcher.targets.get(words, ()):
                if target.form in (DEMONYM, COUNTRY_NAME):
                    return target.name
        return None

    def add_country_inside_leader_name(self, hit: Hit, leader: LeaderEntry, state: ArticleState) -> None:
        """Record the country named inside an alias such as "King Abdullah of Jordan"."""
        text = state.texts[hit.section]
        of_index = text.find(" of ", hit.start, hit.end)
        if of_index < 0:
            return
        for match in self.matcher.name_pattern.finditer(text, of_index + 4, hit.end):
            for target in self.matcher.targets[match.group()]:
                if target.form == COUNTRY_NAME:
                    inner = Hit(hit.section, match.start(), match.end(), match.group(), (target,))
                    state.found.append(Resolved("country", target.name, inner))
                    return

    def resolve_country(self, hit: Hit, state: ArticleState) -> str:
        """Return the country hit names, or "" when it names none (a person, a US state, a city)."""
        text = state.texts[hit.section]
        for target in hit.targets:
            if target.form == COUNTRY_NAME:
                if self.is_country_name_meant(hit, target, state):
                    return target.name
                return ""
            if target.form == DEMONYM:
                return "" if self.is_demonym_not_meant(text, hit, state) else target.name
            if target.form == METONYM:
                return target.name if self.is_metonym_meant(text, hit, state) else ""
            if target.form == AMBIGUOUS_COUNTRY:
                named = [name for name in target.candidates if name in state.places]
                return named[0] if len(named) == 1 else ""
            if target.form == AMBIGUOUS_METONYM:
                if context.find_first_name_before(text, hit.start, self.matcher.targets):
                    return ""
                name = self.name_in_era(hit.surface, target.name, state.published)
                if not self.is_metonym_meant(text, hit, state):
                    return ""
                if name in state.named_countries or context.is_government_subject(text, hit.end):
                    return target.name
                if context.is_seat_of_government(text, hit.start):
                    return target.name
                return ""
        return ""

    def is_metonym_meant(self, text: str, hit: Hit, state: ArticleState) -> bool:
        """Return whether "Westminster" or "Whitehall" stands for a government here, not for part
        of a company's name ("National Westminster Bank") or a US town ("Whitehall, Pa.")."""
        if self.is_in_organisation_name(text, hit, state) or context.is_us_place(text, hit.end):
            return False
        return not context.find_first_name_before(text, hit.start, self.matcher.targets)

    def is_demonym_not_meant(self, text: str, hit: Hit, state: ArticleState) -> bool:
        """Return whether a demonym starts a company name or names a language, not the country."""
        return self.is_in_organisation_name(text, hit, state) or context.is_language_use(text, hit.start, hit.end)

    def is_in_organisation_name(self, text: str, hit: Hit, state: ArticleState) -> bool:
        """Return whether the country word of hit belongs to the name of a company, event or
        private organisation: one followed by a company or association word or a ticker, inside
        Reuters' brackets, or the short form of a company the article names in full ("American
        Quarry" after "American Quarry Resources Corp")."""
        is_in_capitals = self.is_in_capitals_line(state, hit)
        if context.is_company_name_start(text, hit.start, hit.end, is_in_capitals=is_in_capitals):
            return True
        if context.is_in_bracketed_company(text, hit.start, hit.end):
            return True
        if not state.company_short_names:
            return False
        word = context.find_next_word(text, hit.end)
        if not is_in_capitals:  # "British sugar beet crop" is not "British Sugar Plc"
            return (hit.surface, word) in state.company_short_names
        return any(surface == hit.surface and name.lower() == word.lower() for surface, name in state.company_short_names)

    def is_in_capitals_line(self, state: ArticleState, hit: Hit) -> bool:
        """Return whether hit's line was written in capitals (a wire headline), before recasing."""
        original = state.originals[hit.section]
        line_start = original.rfind("\n", 0, hit.start) + 1
        known = state.capitals_lines.get((hit.section, line_start))
        if known is None:
            line_end = original.find("\n", hit.end)
            known = is_in_capitals(original[line_start:line_end if line_end >= 0 else len(original)])
            state.capitals_lines[(hit.section, line_start)] = known
        return known

    def is_country_name_meant(self, hit: Hit, target: Target, state: ArticleState) -> bool:
        """Return whether a country name means the country, not a person or a US state."""
        text = state.texts[hit.section]
        if context.is_in_geographic_feature(text, hit.start) or self.is_in_organisation_name(text, hit, state):
            return False
        if context.is_in_organisation_name(text, hit.start) or context.is_us_place(text, hit.end):
            return False
        if context.find_next_capitalised_word(text, hit.end) in rules.PLACE_NOUNS_AFTER_NAME:
            return False  # "Turkey Point", "China Lake"
        if hit.surface in rules.PERSON_NAME_COUNTRIES:
            if context.find_first_name_before(text, hit.start, self.matcher.targets):
                return False
            next_word = context.find_next_capitalised_word(text, hit.end)
            if next_word and next_word not in context.TITLE_WORDS and next_word not in self.matcher.targets:
                return False
            if context.is_in_list_of_names(text, hit.start, hit.end, self.matcher.targets):
                return False
        if target.name in rules.US_STATE_COUNTRIES:
            if context.is_us_state_context(text, hit.start, hit.end, self.matcher.targets):
                return False
            return not self.is_us_state_by_article(hit, target, state)
        return True

    def is_us_state_by_article(self, hit: Hit, target: Target, state: ArticleState) -> bool:
        """Return whether a name shared with a US state ("Georgia") is the state because of the
        article: the United States is its most named country and nothing names the country itself
        (its demonym or capital, "Republic of Georgia", other countries in the same sentence)."""
        counts = state.country_counts
        if counts.get(target.name) or not counts.get(rules.UNITED_STATES):
            return False
        text = state.texts[hit.section]
        if text.endswith("Republic of ", 0, hit.start):
            return False
        if any(count >= counts[rules.UNITED_STATES] for name, count in counts.items() if name != rules.UNITED_STATES):
            return False
        spans = find_sentence_spans(text)
        sentence_start, sentence_end = find_sentence(spans, [span[0] for span in spans], hit.start)
        for match in self.matcher.name_pattern.finditer(text, sentence_start, sentence_end):
            names = {found.name for found in self.matcher.targets.get(match.group(), ()) if found.form in (COUNTRY_NAME, DEMONYM)}
            if names - {target.name, rules.UNITED_STATES}:
                return False
        return True


def collect_company_short_names(hits: list[Hit], texts: list[str]) -> set[tuple[str, str]]:
    """Return (country surface, next word) for each company named in full after a country word
    ("American Quarry Resources Corp" -> ("American", "Quarry"))."""
    short_names = set()
    for hit in hits:
        if not any(target.form in (COUNTRY_NAME, DEMONYM, METONYM, AMBIGUOUS_METONYM) for target in hit.targets):
            continue
        word = context.find_company_short_name(texts[hit.section], hit.end)
        if word:
            short_names.add((hit.surface, word))
    return short_names


def is_surname_hit(hit: Hit) -> bool:
    """Return whether hit can name a leader by surname alone ("Starmer", "Bush")."""
    return any(target.form in (SURNAME, SHARED_SURNAME) for target in hit.targets)


def make_mention(place: LocatedName, section: int, text: str, spans: list[tuple[int, int]]) -> Mention:
    """Return the Mention of place, numbered section, with its sentence cut from the original text."""
    sentence_start, sentence_end = find_sentence(spans, [span[0] for span in spans], place.start)
    return Mention(
        kind=place.kind, name=place.name, section=section, start=place.start, end=place.end,
        sentence=text[sentence_start:sentence_end].strip(), matched=text[place.start:place.end], note=place.note,
    )
