"""Cleaned section texts -> mentions of leaders, countries and topics.

Stages of Tagger.tag:
1. fold each section (diacritics, quotes, hyphens) keeping character offsets;
2. find every gazetteer surface with one trie regex; the longest match wins, so blocking
   phrases ("Paris Agreement") hide the names inside them;
3. collect the countries the article names unambiguously anywhere (names, demonyms, capitals,
   unambiguous metonyms): the context that ambiguous names ("Congo", "Moscow") need;
4. resolve the hits in reading order: a surname counts once its leader was introduced by full
   name or title (or, in a dated article, when the leader headed a state or government that
   year); ambiguous names need a title or context; see resolve_leader/resolve_country;
5. assign topics with enough weight (topics.py) and attach each mention's sentence.
"""

from dataclasses import dataclass, field
from datetime import date

from articles.tagging import context, rules
from articles.tagging.matcher import (
    AMBIGUOUS_ALIAS, AMBIGUOUS_COUNTRY, AMBIGUOUS_METONYM, BLOCKED, CAPITAL, COUNTRY_NAME, DEMONYM,
    FULL_NAME, METONYM, SHARED_NAME, SHARED_SURNAME, SURNAME, TITLED_NAME, Matcher, Target, build_matcher,
)
from articles.tagging.text import find_sentence, find_sentence_spans, fold_text
from articles.tagging.titles import find_unnamed_title_mentions
from articles.tagging.topics import find_topic_mentions
from articles.tagging.types import Gazetteer, LeaderEntry, Mention

LEADER_FORMS = (FULL_NAME, TITLED_NAME, SURNAME, SHARED_SURNAME, SHARED_NAME, AMBIGUOUS_ALIAS)


@dataclass(frozen=True)
class Hit:
    """One gazetteer surface found in a section."""

    section: int
    start: int
    end: int
    surface: str  # folded text of the match
    targets: tuple[Target, ...]


@dataclass
class ArticleState:
    """What the resolution of one article has learnt so far."""

    texts: list[str]  # folded section texts
    published: date | None
    named_countries: set[str] = field(default_factory=set)  # unambiguous evidence, whole article
    places: set[str] = field(default_factory=set)  # named_countries plus capitals named as cities
    introduced: set[str] = field(default_factory=set)  # leaders named by full name or title so far
    found: list[tuple[str, str, Hit]] = field(default_factory=list)  # (kind, name, hit)


class Tagger:
    """A Gazetteer compiled for matching; build once with build_tagger() and reuse."""

    def __init__(self, gazetteer: Gazetteer):
        self.gazetteer = gazetteer
        self.matcher: Matcher = build_matcher(gazetteer)

    def tag(
        self,
        texts: list[str] | tuple[str, ...],
        *,
        published: date | None = None,
        title: str | None = None,
        headings: list[str | None] | tuple[str | None, ...] = (),
    ) -> list[Mention]:
        """Return the leader, country and topic mentions of the sections, in reading order.

        title and headings, when the texts do not hold them, only weigh topics (see topics.py).
        """
        headlines = [fold_text(headline) for headline in (title, *headings) if headline]
        state = ArticleState(texts=[fold_text(text) for text in texts], published=published)
        hits = self.find_hits(state.texts)
        state.named_countries = self.collect_named_countries(hits, state)
        state.places = state.named_countries | {
            target.name for hit in hits for target in hit.targets if target.form == AMBIGUOUS_METONYM
        }
        for hit in hits:
            self.resolve_hit(hit, state)
        located = [(kind, name, hit.section, hit.start, hit.end) for kind, name, hit in state.found]
        located += [("leader", *place) for place in self.find_unnamed_titles(state)]
        located += [
            ("topic", name, section, start, end)
            for name, section, start, end in find_topic_mentions(self.matcher, state.texts, headlines)
        ]
        sentence_spans = {section: find_sentence_spans(texts[section]) for section in {place[2] for place in located}}
        mentions = [
            make_mention(kind, name, section, start, end, texts[section], sentence_spans[section])
            for kind, name, section, start, end in located
        ]
        mentions.sort(key=lambda mention: (mention.section, mention.start, mention.kind))
        return mentions

    def find_unnamed_titles(self, state: ArticleState) -> list[tuple[str, int, int, int]]:
        """Return (leader, section, start, end) for "the Turkish president" once that leader was named."""
        introduced_at: dict[str, tuple[int, int]] = {}
        for kind, name, hit in state.found:
            if kind == "leader":
                introduced_at.setdefault(name, (hit.section, hit.start))
        if not introduced_at:
            return []
        return find_unnamed_title_mentions(
            state.texts, introduced_at, self.matcher.leaders, self.find_qualifier_country,
            lambda leader, title: has_role(leader, title, state.published),
        )

    def find_hits(self, folded_texts: list[str]) -> list[Hit]:
        """Return every gazetteer surface in the folded sections, skipping all-capitals lines."""
        hits = []
        for section, text in enumerate(folded_texts):
            for match in self.matcher.name_pattern.finditer(text):
                if is_in_capitals_line(text, match.start(), match.end()):
                    continue
                surface = match.group()
                hits.append(Hit(section, match.start(), match.end(), surface, tuple(self.matcher.targets[surface])))
        return hits

    def collect_named_countries(self, hits: list[Hit], state: ArticleState) -> set[str]:
        """Return the countries the article names without ambiguity anywhere (context for the rest)."""
        named = set()
        for hit in hits:
            for target in hit.targets:
                if target.form in (METONYM, CAPITAL):
                    named.add(target.name)
                elif target.form == DEMONYM and not self.is_demonym_not_meant(state.texts[hit.section], hit):
                    named.add(target.name)
                elif target.form == COUNTRY_NAME and self.is_country_name_meant(hit, target, state):
                    named.add(target.name)
        return named

    def resolve_hit(self, hit: Hit, state: ArticleState) -> None:
        """Record what hit stands for in state.found, if anything."""
        forms = {target.form for target in hit.targets}
        if BLOCKED in forms:
            return
        leader = self.resolve_leader(hit, state)
        if leader is not None:
            state.introduced.add(leader.name)
            state.found.append(("leader", leader.name, hit))
            self.add_country_inside_leader_name(hit, leader, state)
            return
        if not forms - set(LEADER_FORMS) or forms & {FULL_NAME, TITLED_NAME, SHARED_NAME}:
            return
        country = self.resolve_country(hit, state)
        if country:
            state.found.append(("country", country, hit))

    def resolve_leader(self, hit: Hit, state: ArticleState) -> LeaderEntry | None:
        """Return the leader hit names, or None when it names none or too vaguely."""
        text = state.texts[hit.section]
        for target in hit.targets:
            if target.form not in LEADER_FORMS:
                continue
            if context.has_suffix_after(text, hit.end):
                return None
            if target.form in (FULL_NAME, TITLED_NAME):
                return self.matcher.leaders[target.name]
            if target.form == SHARED_NAME:
                return self.choose_leader_by_context(target.candidates, state)
            title = context.find_title_before(text, hit.start)
            if target.form in (SURNAME, SHARED_SURNAME):
                if context.find_first_name_before(text, hit.start, self.matcher.targets):
                    return None
            if target.form == SURNAME:
                if target.name in state.introduced or self.is_head_in_office(target.name, state.published):
                    return self.matcher.leaders[target.name]
                if title is not None and self.is_title_consistent(target.name, title, state):
                    return self.matcher.leaders[target.name]
                return None
            if title is not None:
                return self.choose_leader_by_title(target.candidates, title, state)
            if target.form == SHARED_SURNAME or context.has_honorific_before(text, hit.start):
                introduced = [name for name in target.candidates if name in state.introduced]
                if len(introduced) == 1:
                    return self.matcher.leaders[introduced[0]]
        return None

    def is_head_in_office(self, name: str, published: date | None) -> bool:
        """Return whether the leader was a head of state or government in the year of published."""
        if published is None:
            return False
        return any(
            role.get("title", "").lower() in rules.HEAD_OF_STATE_TITLES
            and int(role.get("from") or 0) <= published.year <= int(role.get("to") or 9999)
            for role in self.matcher.leaders[name].roles
        )

    def is_title_consistent(self, name: str, title: tuple[str, str], state: ArticleState) -> bool:
        """Return whether "President Kirchner" fits the leader: role held at the published date, same country.

        Without a published date any role fits; an unknown title ("Mr") never contradicts.
        """
        leader = self.matcher.leaders[name]
        title_name, qualifier = title
        country = self.find_qualifier_country(qualifier)
        if country is not None and leader.country != country:
            return False
        if state.published is None or not any(title_name.lower() in role.get("title", "").lower() for role in leader.roles):
            return True
        return has_role(leader, title_name, state.published)

    def choose_leader_by_context(self, candidates: tuple[str, ...], state: ArticleState) -> LeaderEntry | None:
        """Return the one candidate in office at the published date, or introduced, or of a named country."""
        leaders = [self.matcher.leaders[name] for name in candidates]
        if state.published is not None:
            leaders = [leader for leader in leaders if has_role(leader, "", state.published)]
        return self.prefer_in_context(leaders, state)

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
    ) -> LeaderEntry | None:
        """Return the one candidate whose roles fit the title, date and countries, else None."""
        title_name, qualifier = title
        country = self.find_qualifier_country(qualifier)
        leaders = [self.matcher.leaders[name] for name in candidates]
        fitting = [
            leader for leader in leaders
            if has_role(leader, title_name, state.published) and (country is None or leader.country == country)
        ]
        return self.prefer_in_context(fitting, state)

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
                    state.found.append(("country", target.name, inner))
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
                return "" if self.is_demonym_not_meant(text, hit) else target.name
            if target.form == METONYM:
                return target.name
            if target.form == AMBIGUOUS_COUNTRY:
                named = [name for name in target.candidates if name in state.places]
                return named[0] if len(named) == 1 else ""
            if target.form == AMBIGUOUS_METONYM:
                if context.find_first_name_before(text, hit.start, self.matcher.targets):
                    return ""
                if target.name in state.named_countries or context.is_government_subject(text, hit.end):
                    return target.name
                return ""
        return ""

    def is_demonym_not_meant(self, text: str, hit: Hit) -> bool:
        """Return whether a demonym starts a company name or names a language, not the country."""
        return context.is_company_name_start(text, hit.end) or context.is_language_use(text, hit.start, hit.end)

    def is_country_name_meant(self, hit: Hit, target: Target, state: ArticleState) -> bool:
        """Return whether a country name means the country, not a person or a US state."""
        text = state.texts[hit.section]
        if context.is_in_geographic_feature(text, hit.start) or context.is_company_name_start(text, hit.end):
            return False
        if hit.surface in rules.PERSON_NAME_COUNTRIES:
            if context.find_first_name_before(text, hit.start, self.matcher.targets):
                return False
            next_word = context.find_next_capitalised_word(text, hit.end)
            if next_word and next_word not in context.TITLE_WORDS and next_word not in self.matcher.targets:
                return False
        if target.name in rules.US_STATE_COUNTRIES and is_us_state_context(text, hit, self.matcher.targets):
            return False
        return True


def is_us_state_context(text: str, hit: Hit, known_surfaces: dict) -> bool:
    """Return whether a name like "Georgia" is the US state here ("Atlanta, Georgia", "Georgia Senate").

    "Tbilisi, Georgia" stays the country: a gazetteer place before the comma is not a US city.
    """
    if context.is_city_state_pattern(text, hit.start, known_surfaces):
        return True
    following = text[hit.end:hit.end + 20].replace("'s", "").split()
    if following and following[0].strip(",.") in rules.US_STATE_FOLLOWERS:
        return True
    spans = find_sentence_spans(text)
    sentence_start, sentence_end = find_sentence(spans, [span[0] for span in spans], hit.start)
    sentence = text[sentence_start:sentence_end]
    return any(state in sentence for state in rules.US_STATES)


def has_role(leader: LeaderEntry, title: str, published: date | None) -> bool:
    """Return whether leader held a role named like title (any role for ""), in the year of published if given."""
    for role in leader.roles:
        if title.lower() not in role.get("title", "").lower():
            continue
        if published is None:
            return True
        start_year = int(role.get("from") or 0)
        end_year = int(role.get("to") or 9999)
        if start_year <= published.year <= end_year:
            return True
    return False


def are_contemporaries(leader: LeaderEntry, other: LeaderEntry) -> bool:
    """Return whether some role of leader overlaps in years with some role of other."""
    return any(
        int(role.get("from") or 0) <= int(other_role.get("to") or 9999)
        and int(other_role.get("from") or 0) <= int(role.get("to") or 9999)
        for role in leader.roles
        for other_role in other.roles
    )


def is_in_capitals_line(text: str, start: int, end: int) -> bool:
    """Return whether the match lies in a line written all in capitals (a wire headline)."""
    if not text[start:end].isupper():
        return False
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start:line_end if line_end >= 0 else len(text)]
    return line.isupper() and len(line.split()) > 2


def make_mention(
    kind: str, name: str, section: int, start: int, end: int, text: str, spans: list[tuple[int, int]]
) -> Mention:
    """Return the Mention with its sentence cut from the original (unfolded) section text."""
    sentence_start, sentence_end = find_sentence(spans, [span[0] for span in spans], start)
    return Mention(
        kind=kind, name=name, section=section, start=start, end=end,
        sentence=text[sentence_start:sentence_end].strip(), matched=text[start:end],
    )
