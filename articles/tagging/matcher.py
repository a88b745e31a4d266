"""The compiled form of a Gazetteer: one trie regex for names, one for topic phrases.

Building it takes ~0.3 s, so build_tagger() does it once per Gazetteer object and
tag_sections() reuses it (see tagger.get_tagger).
"""

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from articles.tagging import rules
from articles.tagging.text import build_trie_pattern, fold_text, name_key
from articles.tagging.types import CountryEntry, Gazetteer, LeaderEntry

# What a matched surface can stand for.
FULL_NAME = "full_name"  # "Vladimir Putin": tags and introduces the leader
TITLED_NAME = "titled_name"  # "President Putin": an alias that carries its title
SURNAME = "surname"  # "Putin": tags only once the leader is introduced
AMBIGUOUS_ALIAS = "ambiguous_alias"  # "Kim", "May": needs a title to pick the person
SHARED_SURNAME = "shared_surname"  # "Howard": two leaders; the article's context picks one
SHARED_NAME = "shared_name"  # "George Bush": two leaders; the published date picks one
RESPELT_NAME = "respelt_name"  # "Andreas Papanderou": a first name and a surname one letter apart
DERIVED_NAME = "derived_name"  # "Blairite", "Reaganomics": a word made of a leader's surname
COUNTRY_NAME = "country_name"  # "Turkey", "Türkiye"
DEMONYM = "demonym"  # "Turkish"
AMBIGUOUS_COUNTRY = "ambiguous_country"  # "Congo", "Korean": several countries
METONYM = "metonym"  # "the Kremlin"
AMBIGUOUS_METONYM = "ambiguous_metonym"  # "Moscow": often just the city
CAPITAL = "capital"  # "Tbilisi": context for ambiguity, never a tag itself
ERA_NAME = "era_name"  # "Baltic republics": a former state in its years, no state otherwise
BLOCKED = "blocked"  # "Paris Agreement": hides the names inside it
# Forms a one-word leader alias takes: such a word may also be another person's first name.
ONE_WORD_LEADER_FORMS = (SURNAME, SHARED_SURNAME, AMBIGUOUS_ALIAS)


@dataclass(frozen=True)
class Target:
    """One thing a matched surface can stand for."""

    form: str
    name: str = ""  # canonical leader or country name
    candidates: tuple[str, ...] = ()  # for ambiguous forms: the possible names

    @property
    def names(self) -> tuple[str, ...]:
        """The names the target may stand for: its candidates when ambiguous, else its one name."""
        return self.candidates or (self.name,)


@dataclass
class Matcher:
    """Compiled patterns and lookup tables for one Gazetteer."""

    name_pattern: re.Pattern
    topic_pattern: re.Pattern
    targets: dict[str, list[Target]]  # folded surface -> targets
    topic_names: dict[str, list[str]]  # lower-cased folded phrase -> topic names
    leaders: dict[str, LeaderEntry]  # canonical name -> entry
    demonyms: dict[str, str] = field(default_factory=dict)  # folded demonym -> country (unambiguous)
    country_names: frozenset[str] = frozenset()  # every folded country name and alias
    # Folded surface -> states with a life span it names while they exist ("Kremlin" -> Soviet Union).
    era_countries: dict[str, tuple[CountryEntry, ...]] = field(default_factory=dict)
    # Lower-cased word -> its usual casing in the gazetteer, for reading lines in capitals.
    word_casings: dict[str, str] = field(default_factory=dict)
    countries: dict[str, CountryEntry] = field(default_factory=dict)  # canonical name -> entry
    # Lower-cased folded topic phrases written with a capital: names ("Boeing", "OPEC"), not words.
    topic_proper_phrases: frozenset[str] = frozenset()
    # Lower-cased short topic acronyms ("un" for "UN"): they match only in capitals.
    topic_acronyms: frozenset[str] = frozenset()
    folded_leader_names: dict[str, str] = field(default_factory=dict)  # canonical name -> folded
    # Canonical name -> the folded first names it goes by: first words of its two-word names and
    # aliases, particles aside ("Muammar", "Moammar"; see collect_first_names).
    leader_first_names: dict[str, frozenset[str]] = field(default_factory=dict)
    # Every folded first word of a leader's name or alias: names in their own right ("Michael"
    # is not a spelling of "Micheal"), so never read as another name's spelling.
    known_first_names: frozenset[str] = frozenset()
    # Pairs of first names one leader goes by both of ("Mahmoud", "Mahmud" of Mahmoud Fawzi): the
    # gazetteer attests them as spellings of one name, so a known first name may still be
    # another leader's spelling ("Mahmud Abbas").
    first_name_spellings: frozenset[tuple[str, str]] = frozenset()
    # A leader's first name and the capitalised word after it, to find surnames spelt another way.
    first_name_pattern: re.Pattern = re.compile("(?!)")
    leaders_by_first_name: dict[str, tuple[str, ...]] = field(default_factory=dict)  # "Andreas" -> canonical names
    # Canonical name -> folded surnames of RESPELT_SURNAME_MIN_LETTERS or more ("Papandreou").
    leader_surnames: dict[str, frozenset[str]] = field(default_factory=dict)
    known_surnames: frozenset[str] = frozenset()  # every leader's, for the same reason as first names
    # Surfaces that are never a first name before a surname: every target but a one-word leader
    # alias, which may be someone's first name too ("Werner" of Pierre Werner, "Scott" of Guy
    # Scott: "Werner Herzog", "Scott Brown" are other people).
    not_first_names: frozenset[str] = frozenset()
    # name_key of every leader's name and alias of two words or more, for discovery to know a
    # leader written another way.
    leader_name_keys: frozenset[str] = frozenset()


@lru_cache(maxsize=8)
def compile_pattern(pattern: str, flags: int = 0) -> re.Pattern:
    """Return pattern compiled, kept for the next matcher built from the same names: a tagger is
    rebuilt whenever an admin edits an entity, and a trie of the gazetteer's thousands of names
    takes a good part of a second to compile; re's own cache may have dropped it by then."""
    return re.compile(pattern, flags)


def build_matcher(gazetteer: Gazetteer) -> Matcher:
    """Return the Matcher compiled from gazetteer."""
    targets: dict[str, list[Target]] = defaultdict(list)
    add_leaders(targets, gazetteer)
    demonyms = add_countries(targets, gazetteer)
    add_metonyms(targets, gazetteer)
    add_era_names(targets, gazetteer)
    for phrase in (*rules.NOT_COUNTRY_PHRASES, *rules.NOT_LEADER_PHRASES):
        folded = fold_text(phrase)
        targets[folded] = [Target(BLOCKED)]
        first_word, _, rest = folded.partition(" ")
        if rest.lower().endswith(rules.GEOGRAPHIC_FEATURE_ENDINGS):
            targets[first_word + " " + rest.lower()] = [Target(BLOCKED)]
    topic_names: dict[str, list[str]] = defaultdict(list)
    for topic in gazetteer.topics:
        for phrase in topic.phrases:
            key = fold_text(phrase).lower()
            if topic.name not in topic_names[key]:
                topic_names[key].append(topic.name)
    name_trie = build_trie_pattern(tuple(sorted(targets)))
    topic_trie = build_trie_pattern(tuple(sorted(topic_names)))
    country_names = frozenset(
        surface for surface, found in targets.items() if any(target.form == COUNTRY_NAME for target in found)
    )
    leader_surnames = {leader.name: collect_surnames(leader) for leader in gazetteer.leaders}
    every_first_name = {
        first for leader in gazetteer.leaders for surface in (leader.name, *leader.aliases)
        for first, _, rest in [fold_text(surface).partition(" ")] if rest and is_name_word(first)
    }
    leader_first_names = {leader.name: collect_first_names(leader) for leader in gazetteer.leaders}
    leaders_by_first_name: dict[str, list[str]] = defaultdict(list)
    for name, first_names in leader_first_names.items():
        for first_name in first_names:
            leaders_by_first_name[first_name].append(name)
    return Matcher(
        name_pattern=compile_pattern(r"(?<!\w)" + name_trie + r"(?!\w)"),
        topic_pattern=compile_pattern(r"(?<!\w)" + topic_trie + r"(?!\w)", re.IGNORECASE),
        targets=dict(targets),
        topic_names=dict(topic_names),
        leaders={leader.name: leader for leader in gazetteer.leaders},
        folded_leader_names={leader.name: fold_text(leader.name) for leader in gazetteer.leaders},
        leader_first_names=leader_first_names,
        known_first_names=frozenset(every_first_name),
        first_name_spellings=frozenset(
            (first, other) for first_names in leader_first_names.values() for first in first_names for other in first_names if first != other
        ),
        first_name_pattern=compile_pattern(r"(?<!\w)(?:" + build_trie_pattern(tuple(sorted(leaders_by_first_name))) + r") ([A-Z][\w'-]+)(?!\w)"),
        leaders_by_first_name={first_name: tuple(names) for first_name, names in leaders_by_first_name.items()},
        leader_surnames=leader_surnames,
        known_surnames=frozenset(surname for surnames in leader_surnames.values() for surname in surnames),
        not_first_names=frozenset(
            surface for surface, found in targets.items()
            if not (" " not in surface and all(target.form in ONE_WORD_LEADER_FORMS for target in found))
        ),
        leader_name_keys=frozenset(
            name_key(surface) for leader in gazetteer.leaders for surface in (leader.name, *leader.aliases) if " " in surface.strip()
        ),
        demonyms=demonyms,
        country_names=country_names,
        era_countries=collect_era_countries(gazetteer, targets),
        # A topic name that is a common word in lower case ("Aids") keeps its capital in a line in
        # capitals, where only the gazetteer's casing can tell it (rules.TOPIC_NAMES_NOT_WORDS).
        word_casings=collect_word_casings(targets) | {
            fold_text(phrase).lower(): fold_text(phrase) for topic in gazetteer.topics for phrase in topic.phrases
            if fold_text(phrase).lower() in rules.TOPIC_NAMES_NOT_WORDS
        },
        countries={country.name: country for country in gazetteer.countries},
        topic_proper_phrases=frozenset(
            fold_text(phrase).lower() for topic in gazetteer.topics for phrase in topic.phrases if phrase != phrase.lower()
        ),
        topic_acronyms=frozenset(
            phrase.lower() for topic in gazetteer.topics for phrase in topic.phrases
            if phrase.isalpha() and phrase.isupper() and len(phrase) <= rules.TOPIC_ACRONYM_MAX_LETTERS
        ),
    )


def collect_first_names(leader: LeaderEntry) -> frozenset[str]:
    """Return the folded first names the leader goes by: the first words of their names of two
    words, surname particles aside ("Muammar Gaddafi", "Richard von Weizsäcker"). A name with a
    middle name gives none: "Mohamed Irfaan Ali" is called Irfaan Ali, and "Mohamed Ali" is another man."""
    return frozenset(
        words[0] for words in map(find_name_words, (leader.name, *leader.aliases)) if len(words) == 2 and is_name_word(words[0])
    )


def collect_surnames(leader: LeaderEntry) -> frozenset[str]:
    """Return the folded last words of the leader's name and aliases, surname particles aside, of
    rules.RESPELT_SURNAME_MIN_LETTERS letters or more: the surnames a typing slip or another
    romanisation can change by a letter ("Papanderou", "Rajapakse")."""
    return frozenset(
        words[-1] for words in map(find_name_words, (leader.name, *leader.aliases))
        if words and len(words[-1]) >= rules.RESPELT_SURNAME_MIN_LETTERS and is_name_word(words[-1])
    )


def find_name_words(surface: str) -> list[str]:
    """Return the folded words of a leader's name or alias, surname particles left out."""
    return [word for word in fold_text(surface).split() if word not in rules.NAME_PARTICLES]


def is_name_word(word: str) -> bool:
    """Return whether word can be part of a person's name: capitalised, no title or courtesy title."""
    return word[:1].isupper() and word not in NOT_FIRST_NAMES


# "Abu" ("father of") begins a byname: "Abu Mazen" is Mahmoud Abbas, "Abu Abbas" another man.
NOT_FIRST_NAMES = frozenset(
    {word for title in rules.LEADER_TITLES for word in title.split()}
    | {*rules.HONORIFICS, *rules.TITLE_QUALIFIERS, "Abu"}
)


def add_leaders(targets: dict[str, list[Target]], gazetteer: Gazetteer) -> None:
    """Add each leader's name and aliases as full names, titled names, surnames or shared names."""
    declared_ambiguous = {fold_text(alias) for leader in gazetteer.leaders for alias in leader.ambiguous_aliases}
    owners: dict[str, dict[str, str]] = defaultdict(dict)  # surface -> leader name -> form
    for leader in gazetteer.leaders:
        for surface in dict.fromkeys(fold_text(text) for text in (leader.name, *leader.aliases, *leader.ambiguous_aliases)):
            owners[surface][leader.name] = classify_leader_surface(surface, leader)
    share_titled_aliases(owners, gazetteer)
    for surface, forms in owners.items():
        candidates = tuple(forms)
        if surface in declared_ambiguous:
            targets[surface].append(Target(AMBIGUOUS_ALIAS, candidates=candidates))
        elif len(candidates) == 1:
            targets[surface].append(Target(forms[candidates[0]], candidates[0]))
        elif all(form == SURNAME for form in forms.values()):
            targets[surface].append(Target(SHARED_SURNAME, candidates=candidates))
        else:
            targets[surface].append(Target(SHARED_NAME, candidates=candidates))


def share_titled_aliases(owners: dict[str, dict[str, str]], gazetteer: Gazetteer) -> None:
    """Give a titled alias ("Premier Li") to every leader answering to its name ("Li") who held
    the title: the published date then picks the holder (Li Keqiang in 2015, Li Qiang in 2024)."""
    leaders = {leader.name: leader for leader in gazetteer.leaders}
    for surface, forms in list(owners.items()):
        title = next((title for title in rules.LEADER_TITLES if surface.startswith(title + " ")), "")
        if not title:
            continue
        titles = rules.TITLE_EQUIVALENTS.get(title, (title,))
        for name in owners.get(surface[len(title) + 1:], {}):
            if name not in forms and any(role.is_titled(other) for role in leaders[name].roles for other in titles):
                forms[name] = TITLED_NAME


def classify_leader_surface(surface: str, leader: LeaderEntry) -> str:
    """Return the form of one of leader's surfaces: titled, full name, or surname-like.

    Multi-word surnames ("De Croo" of "Alexander De Croo") are surnames, not full names.
    """
    if any(surface.startswith(title + " ") for title in rules.LEADER_TITLES):
        return TITLED_NAME
    if surface == fold_text(leader.name):
        return FULL_NAME
    words = surface.split(" ")
    if len(words) > 1 and fold_text(leader.name).endswith(" " + surface) and set(words) & rules.NAME_PARTICLES:
        return SURNAME
    return FULL_NAME if len(words) > 1 else SURNAME


def add_countries(targets: dict[str, list[Target]], gazetteer: Gazetteer) -> dict[str, str]:
    """Add country names, aliases, demonyms (and plurals) and capitals; return demonym -> country.

    Present-day states come first: a former name they still answer to ("Burma" for Myanmar) stays
    theirs, and becomes the former state's only in articles dated within its life span.
    """
    present_day = [country for country in gazetteer.countries if country.end_year is None]
    former = [country for country in gazetteer.countries if country.end_year is not None]
    present_surfaces = {fold_text(surface) for country in present_day for surface in (country.name, *country.aliases, *country.demonyms)}
    add_country_names(targets, (*present_day, *former), present_surfaces)
    demonyms = add_demonyms(targets, (*present_day, *former), present_surfaces)
    for surface, candidates in rules.AMBIGUOUS_COUNTRY_SURFACES.items():
        targets[fold_text(surface)] = [Target(AMBIGUOUS_COUNTRY, candidates=candidates)]
    for country in gazetteer.countries:
        for capital in country.capitals:
            folded = fold_text(capital)
            if folded not in targets:
                targets[folded].append(Target(CAPITAL, country.name))
    return demonyms


def add_country_names(targets: dict[str, list[Target]], countries: tuple[CountryEntry, ...], present_surfaces: set[str]) -> None:
    """Add each country's name and aliases, but not a former state's surfaces a present-day state uses."""
    for country in countries:
        for surface in (country.name, *country.aliases):
            if surface in rules.DROPPED_COUNTRY_ALIASES or surface in rules.AMBIGUOUS_COUNTRY_SURFACES:
                continue
            folded = fold_text(surface)
            if country.end_year is not None and folded in present_surfaces:
                continue
            if Target(COUNTRY_NAME, country.name) not in targets[folded]:
                targets[folded].append(Target(COUNTRY_NAME, country.name))


def add_demonyms(targets: dict[str, list[Target]], countries: tuple[CountryEntry, ...], present_surfaces: set[str]) -> dict[str, str]:
    """Add demonyms and their plurals: one country's (or one independent state's, or the preferred
    one's) as a demonym, else ambiguous; return demonym -> country for the unambiguous ones."""
    demonym_owners: dict[str, list[tuple[str, bool]]] = defaultdict(list)
    for country in countries:
        for demonym in country.demonyms:
            for surface in (demonym, make_plural(demonym)):
                if not surface or (country.end_year is not None and fold_text(surface) in present_surfaces):
                    continue
                if (country.name, country.is_independent) not in demonym_owners[fold_text(surface)]:
                    demonym_owners[fold_text(surface)].append((country.name, country.is_independent))
    demonyms = {}
    for surface, owners in demonym_owners.items():
        if surface in rules.AMBIGUOUS_COUNTRY_SURFACES or surface in targets:
            continue
        independent = [name for name, is_independent in owners if is_independent]
        preferred = rules.PREFERRED_DEMONYM_COUNTRIES.get(surface)
        if preferred in [name for name, _ in owners]:
            chosen = [preferred]
        else:
            chosen = independent if len(independent) == 1 else [name for name, _ in owners]
        if len(chosen) == 1:
            targets[surface].append(Target(DEMONYM, chosen[0]))
            demonyms[surface] = chosen[0]
        else:
            targets[surface].append(Target(AMBIGUOUS_COUNTRY, candidates=tuple(chosen)))
    return demonyms


def make_plural(demonym: str) -> str:
    """Return the plural noun of a demonym ("Israeli" -> "Israelis"), or "" when it has none."""
    if demonym.endswith(("sh", "ch", "ese", "s", "x", "z")):
        return ""
    return demonym + "s"


def add_metonyms(targets: dict[str, list[Target]], gazetteer: Gazetteer) -> None:
    """Add metonyms of governments; organisation metonyms ("Brussels") are not countries and stay out."""
    for metonym in gazetteer.metonyms:
        if metonym.country is None:
            continue
        form = AMBIGUOUS_METONYM if metonym.is_ambiguous else METONYM
        folded = fold_text(metonym.term)
        targets[folded] = [target for target in targets.get(folded, []) if target.form != CAPITAL]
        targets[folded].append(Target(form, metonym.country))


def add_era_names(targets: dict[str, list[Target]], gazetteer: Gazetteer) -> None:
    """Add the era surfaces of former states that no other entry answers to ("Baltic republics"
    for the Soviet Union): they name the state in its years and nothing later."""
    for country in gazetteer.countries:
        if country.end_year is None:
            continue
        for surface in country.era_surfaces:
            folded = fold_text(surface)
            if folded not in targets:
                targets[folded].append(Target(ERA_NAME, country.name))


def collect_era_countries(gazetteer: Gazetteer, targets: dict[str, list[Target]]) -> dict[str, tuple[CountryEntry, ...]]:
    """Return folded surface -> former states it names in their time: their era surfaces, and
    their own names that a present-day state still answers to ("Burma")."""
    era: dict[str, list[CountryEntry]] = defaultdict(list)
    for country in gazetteer.countries:
        if country.end_year is None:
            continue
        for surface in (*country.era_surfaces, country.name, *country.aliases, *country.demonyms):
            folded = fold_text(surface)
            owners = [target.name for target in targets.get(folded, ()) if target.name]
            if owners and country.name not in owners and country not in era[folded]:
                era[folded].append(country)
    return {surface: tuple(countries) for surface, countries in era.items()}


def collect_word_casings(targets: dict[str, list[Target]]) -> dict[str, str]:
    """Return lower-cased word -> the casing the gazetteer and the title list use most for it."""
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for surface in (*targets, *rules.LEADER_TITLES, *rules.HONORIFICS, *rules.CAPITALS_COMPANY_WORDS):
        for word in surface.split(" "):
            counts[word.lower()][word] += 1
    return {lower: max(casings, key=lambda casing: (casings[casing], casing.islower())) for lower, casings in counts.items()}
