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
   see leaders.py and countries.py;
5. assign topics with enough weight (topics.py) and attach each mention's sentence.
"""

from datetime import date

from articles.tagging.capitals import recase_capital_lines
from articles.tagging.countries import (
    add_country_inside_leader_name,
    collect_company_short_names,
    collect_named_countries,
    collect_union_republics,
    find_qualifier_country,
    name_in_article,
    name_in_era,
    resolve_country,
)
from articles.tagging.leaders import (
    LEADER_FORMS,
    collect_other_people_surnames,
    find_derived_names,
    find_respelt_names,
    is_surname_hit,
    resolve_leader,
)
from articles.tagging.matcher import (
    AMBIGUOUS_METONYM,
    BLOCKED,
    FULL_NAME,
    SHARED_NAME,
    TITLED_NAME,
    Matcher,
    build_matcher,
)
from articles.tagging.roles import has_role
from articles.tagging.state import ArticleState, Hit, Resolved
from articles.tagging.text import find_sentence_around, fold_text
from articles.tagging.titles import find_unnamed_title_mentions
from articles.tagging.topics import find_topic_mentions
from articles.tagging.types import TITLE_SECTION, Gazetteer, LocatedName, Mention, TaggedText


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
        # One per text, "" where a text has no heading: a heading is read with the text under it.
        headlines = [fold_text(heading or "") for heading in headings]
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
        state.union_republics = collect_union_republics(self.matcher, hits, state)
        state.named_countries = collect_named_countries(self.matcher, hits, state)
        state.places = state.named_countries | {
            name_in_era(self.matcher, hit.surface, target.name, published)
            for hit in hits for target in hit.targets if target.form == AMBIGUOUS_METONYM
        }
        state.other_people_surnames = collect_other_people_surnames(self.matcher, hits, state)
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
        located += find_topic_mentions(
            self.matcher, state.texts, headlines, title_sections, published_year=state.published.year if state.published else 0
        )
        mentions = [make_mention(place, section_numbers[place.section], sources[place.section]) for place in located]
        mentions.sort(key=lambda mention: (mention.section, mention.start, mention.kind))
        return TaggedText(mentions=mentions, people_out_of_role=self.locate_people_out_of_role(state, sources, section_numbers))

    def locate_people_out_of_role(self, state: ArticleState, sources: list[str], section_numbers: list[int]) -> list[Mention]:
        """Return the out-of-role names state collected as mentions whose note lists the person's roles."""
        people = []
        for found in state.out_of_role:
            leader = self.matcher.leaders[found.name]
            roles = "; ".join(f"{role.title} {role.dates}".strip() for role in leader.roles)
            day = state.published.isoformat() if state.published else ""  # only dated articles have people out of role
            note = f"No role on {day} (roles: {roles})."
            place = LocatedName("leader", found.name, found.hit.section, found.hit.start, found.hit.end, note)
            people.append(make_mention(place, section_numbers[place.section], sources[place.section]))
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
            state.texts, introduced_at, self.matcher.leaders, lambda qualifier: find_qualifier_country(self.matcher, qualifier),
            lambda leader, title: has_role(leader, title, state.published),
        )

    def find_hits(self, folded_texts: list[str]) -> list[Hit]:
        """Return every gazetteer surface in the folded sections, longest first, without overlaps."""
        hits = []
        pattern = self.matcher.name_pattern
        for section, text in enumerate(folded_texts):
            position = 0
            while (match := pattern.search(text, position)) is not None:
                if is_inside_abbreviation(text, match.start(), match.group()):
                    position = match.start() + 1
                    continue
                start, end = self.find_longer_overlap(text, match.start(), match.end())
                surface = text[start:end]
                hits.append(Hit(section, start, end, surface, tuple(self.matcher.targets[surface])))
                position = end
        more = find_respelt_names(self.matcher, folded_texts, hits) + find_derived_names(self.matcher, folded_texts)
        return sorted(hits + more, key=lambda hit: (hit.section, hit.start)) if more else hits

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

    def resolve_hit(self, hit: Hit, state: ArticleState) -> None:
        """Record what hit stands for in state.found, if anything."""
        forms = {target.form for target in hit.targets}
        if BLOCKED in forms:
            return
        resolved = resolve_leader(self.matcher, hit, state)
        if resolved is not None:
            leader, note = resolved
            state.introduced.add(leader.name)
            state.found.append(Resolved("leader", leader.name, hit, note))
            add_country_inside_leader_name(self.matcher, hit, state)
            return
        if not forms - set(LEADER_FORMS) or forms & {FULL_NAME, TITLED_NAME, SHARED_NAME}:
            return
        country = resolve_country(self.matcher, hit, state)
        if country:
            state.found.append(Resolved("country", name_in_article(self.matcher, hit.surface, country, state), hit))


def is_inside_abbreviation(text: str, start: int, surface: str) -> bool:
    """Return whether a surface that starts with an initial ("N. Korea", "S. Africa") continues
    another abbreviation: "U.N. Korea envoy" is no mention of North Korea."""
    return surface[1:2] == "." and text[start - 1:start] == "."


def make_mention(place: LocatedName, section: int, text: str) -> Mention:
    """Return the Mention of place, numbered section, with its sentence cut from the original text."""
    sentence_start, sentence_end = find_sentence_around(text, place.start)
    return Mention(
        kind=place.kind, name=place.name, section=section, start=place.start, end=place.end,
        sentence=text[sentence_start:sentence_end].strip(), matched=text[place.start:place.end], note=place.note,
    )
