"""Which country a hit names, if any: the rules that tell a country from an organisation, a US
state or town, a place named after it, a person, a language, or a state of another era.

Details and the evidence behind each rule: docs/tagging.md ("Organisation names", "US states,
towns and people named like countries", "States that no longer exist").
"""

import re
from datetime import date

from articles.tagging import context, rules
from articles.tagging.capitals import is_in_capitals
from articles.tagging.matcher import (
    AMBIGUOUS_ALIAS,
    AMBIGUOUS_COUNTRY,
    AMBIGUOUS_METONYM,
    CAPITAL,
    COUNTRY_NAME,
    DEMONYM,
    ERA_NAME,
    METONYM,
    Matcher,
    Target,
)
from articles.tagging.state import ArticleState, Hit, Resolved
from articles.tagging.text import find_sentence_around, rfind_character
from articles.tagging.types import CountryEntry

# A currency unit after a country word names money, not the state ("Swiss francs", "100 mln
# Australian dlr bond", "U.S. dlrs", "Hong Kong dollars"; the labels' README: currency units are
# not mentions of a country). "Swiss francs rose as the Swiss National Bank..." keeps Switzerland
# through its central bank.
CURRENCY_WORDS = frozenset("""
    dollar dollars dlr dlrs franc francs yen yuan renminbi peso pesos lira lire peseta pesetas
    guilder guilders escudo escudos drachma drachmas schilling schillings krona kronor krone kroner
    markka rupee rupees rupiah ringgit baht dinar dinars riyal riyals rial rials shekel shekels
    zloty zlotys forint forints rouble roubles ruble rubles punt punts naira kwacha rand
    cruzado cruzados cruzeiro cruzeiros austral australs deutschemark deutschemarks
""".split())
# Less traded currencies, also people's names and places ("Kenyan Kip Keino", "Soviet Lev
# Polugayevsky", "Yugoslav Pula shipyard", "Bolivian Sucre court"): a currency only in lower case
# ("Kenyan shillings") or before an amount, as in a rates table ("Ecuadoran Sucre N/A (30.15)").
# Left out: the leone, colon, cordoba and guarani, also part of a state's name, a city, a province
# and a people ("Liberia and Sierra Leone", "Panama Colon Free Zone", "Argentine Cordoba").
LESS_TRADED_CURRENCY_WORDS = frozenset("""
    shilling shillings sucre sucres bolivar bolivars bolivares inti intis sol soles quetzal
    quetzales lempira lempiras balboa balboas gourde gourdes dirham dirhams kyat kyats taka leu lei
    lev leva lek kuna tolar litas lats kroon kronur hryvnia hryvnias tenge som manat lari dram
    afghani afghanis ouguiya dalasi cedi cedis birr nakfa kwanza metical meticais pula loti
    lilangeni ariary kip riel dong tugrik ngultrum rufiyaa
""".split())
# Currency words that after a country name are more often a verb or another word ("Israel
# pounds", "South Korea won", "Sweden's Crown Princess"): a currency only after a demonym and
# in lower case ("West German marks", "Danish crowns").
# "the German currency" is the mark, named as a currency is: no mention of the state.
DEMONYM_CURRENCY_WORDS = frozenset({"pound", "pounds", "mark", "marks", "crown", "crowns", "currency"})
# The words after a country word up to a currency word, through one coordinated country
# ("Australian and New Zealand dollars", "Canadian-dollar bonds").
COORDINATED_COUNTRY = r"(?:\s+(?:and|or)\s+(?:[A-Z][\w.]*\s+){1,2}|[\s-]+)"
LESS_TRADED_CURRENCIES = "|".join(sorted(LESS_TRADED_CURRENCY_WORDS))
CURRENCY_AFTER_RE = re.compile(
    COORDINATED_COUNTRY + r"(?:(?i:" + "|".join(sorted(CURRENCY_WORDS)) + r")\b"
    + r"|(?:" + LESS_TRADED_CURRENCIES + r")\b"
    + r"|(?i:" + LESS_TRADED_CURRENCIES + r")\b(?=\s*(?:(?i:n/a)|\(?\d)))"
)
DEMONYM_CURRENCY_AFTER_RE = re.compile(COORDINATED_COUNTRY + r"(?:" + "|".join(sorted(DEMONYM_CURRENCY_WORDS)) + r")\b")
# A currency word before a demonym or "U.S." gives an amount's currency ("1.34 dlrs Canadian",
# "four mln dlrs U.S. in cash") where no noun follows for the word to qualify ("a 17 mln dlr U.S.
# Army contract", "a 21 mln dlr Belgian tax-spared tranche" name the state).
CURRENCY_BEFORE_RE = re.compile(r"\b(?i:dlrs?|dollars?)\s+$")
CURRENCY_SURFACES = frozenset({"U.S.", "US"})
AFTER_AMOUNT_CURRENCY_RE = re.compile(r"(?:[^\w\s]|\s*$|\s+(?:\d|(?:in|from|to|or|and|at|a|an|for|of|per|with|worth|each|was|were|is|are)\b))")
# A country word joined to a prefix is part of a name: "Trans-Canada Resources", "Pan-American".
NAME_PREFIX_BEFORE_RE = re.compile(r"\b(?:Trans|Pan)-$")
# "Irish Republican Army", "Kosovo Liberation Army": an armed movement named after a country,
# not the state's army (which names its state: "British Army", "Chinese People's Liberation
# Army" is China's, so "People's" before the movement word keeps the state).
ARMED_MOVEMENT_AFTER_RE = re.compile(r"(?:\s+(?:National|Provisional|Official))*\s+(?:Republican|Liberation|Revolutionary)\s+Army\b")
# The republic named after a union state's demonym or name, in the union's time: "Soviet
# Georgia", "the Soviet republic of Georgia", "the Soviet Baltic republics of Latvia and
# Lithuania", "the Yugoslav republic of Slovenia". Group "union" holds the words before.
# "the Archbishop of Westminster", "the Duke of Westminster": the diocese or the district, not
# the government. The "Palace of Westminster" is parliament and stays.
SEE_OR_TITLE_OF_BEFORE_RE = re.compile(
    r"\b(?:Archbishop|Bishop|Cardinal|Dean|Abbot|Duke|Duchess|Marquess|Earl|Mayor|Council|City)\s+of\s+$"
)
# A race named after the country it tours: "the Tour de France", "the Tour of Britain".
TOUR_BEFORE_RE = re.compile(r"\bTour\s+(?:de|of)\s+$")

UNION_REPUBLIC_BEFORE_RE = re.compile(
    r"(?<![\w.-])(?P<union>[A-Z][\w.]*(?: [A-Z][\w.]*){0,2})"
    r"(?: (?:[A-Z][a-z]+ )*republics? of (?:the )?(?:[A-Z][\w-]*(?: [A-Z][\w-]*)?(?:,| and) )*| )$"
)


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


def collect_named_countries(matcher: Matcher, hits: list[Hit], state: ArticleState) -> set[str]:
    """Return the countries the article names without ambiguity anywhere (context for the rest).

    Names shared with a US state ("Georgia") are read last, with the other countries counted
    (see is_us_state_by_article).
    """
    named: set[str] = set()
    counts: dict[str, int] = {}
    shared_with_us_states = []
    for hit in hits:
        for target in hit.targets:
            if target.form == COUNTRY_NAME and target.name in rules.US_STATE_COUNTRIES:
                shared_with_us_states.append((hit, target))
            elif is_unambiguous_mention(matcher, hit, target, state):
                name = name_in_article(matcher, hit.surface, target.name, state)
                named.add(name)
                counts[name] = counts.get(name, 0) + 1
    state.country_counts = counts
    for hit, target in shared_with_us_states:
        if is_country_name_meant(matcher, hit, target, state):
            named.add(name_in_article(matcher, hit.surface, target.name, state))
    return named


def collect_union_republics(matcher: Matcher, hits: list[Hit], state: ArticleState) -> dict[str, str]:
    """Return republic -> union state for the republics the article places in a union state of
    its time ("Soviet Georgia" in 1989: Georgia -> Soviet Union). Such a republic's name, and
    its later mentions in the article, name the union: it was no state of its own then."""
    if state.published is None:
        return {}
    republics = {}
    for hit in hits:
        for target in hit.targets:
            if target.form != COUNTRY_NAME:
                continue
            union = find_union_before(matcher, state.texts[hit.section], hit.start, state.published)
            if union is not None and target.name in union.successors:
                republics[target.name] = union.name
    return republics


def find_union_before(matcher: Matcher, text: str, start: int, published: date) -> CountryEntry | None:
    """Return the former state whose demonym or name the words before start begin with ("Soviet"
    in "the Soviet republic of " or "Soviet "), if it existed at published; else None."""
    match = UNION_REPUBLIC_BEFORE_RE.search(text, max(0, start - context.WINDOW), start)
    if match is None:
        return None
    words = match.group("union").split(" ")  # "The Soviet", "Soviet Union", "Soviet Baltic"
    surfaces = [" ".join(words[first:first + length]) for length in (2, 1) for first in range(len(words) - length + 1)]
    for surface in surfaces:
        for target in matcher.targets.get(surface, ()):
            country = matcher.countries.get(target.name)
            if target.form in (DEMONYM, COUNTRY_NAME) and country is not None and country.end_year is not None:
                return country if country.exists_in(published) else None
    return None


def name_in_article(matcher: Matcher, surface: str, name: str, state: ArticleState) -> str:
    """Return the state a country surface names in this article: the former state of its era
    (name_in_era), or the union state a republic belonged to (collect_union_republics)."""
    name = name_in_era(matcher, surface, name, state.published)
    return state.union_republics.get(name, name)


def is_unambiguous_mention(matcher: Matcher, hit: Hit, target: Target, state: ArticleState) -> bool:
    """Return whether target is a country the hit names on its own: a capital, or a metonym,
    demonym or country name meant as the country."""
    text = state.texts[hit.section]
    if target.form == CAPITAL:
        return True
    if target.form == ERA_NAME:
        return is_era_name_meant(matcher, target, state.published)
    if target.form == METONYM:
        return is_metonym_meant(matcher, text, hit, state)
    if target.form == DEMONYM:
        return not is_demonym_not_meant(matcher, text, hit, state)
    if target.form == COUNTRY_NAME:
        return is_country_name_meant(matcher, hit, target, state)
    return False


def name_in_era(matcher: Matcher, surface: str, name: str, published: date | None) -> str:
    """Return the former state surface named at the published date ("Kremlin" in 1987: Soviet
    Union), else name. Undated articles get the present-day state."""
    if published is None:
        return name
    for country in matcher.era_countries.get(surface, ()):
        if country.exists_in(published):
            return country.name
    return name


def resolve_country(matcher: Matcher, hit: Hit, state: ArticleState) -> str:
    """Return the country hit names, or "" when it names none (a person, a US state, a city)."""
    text = state.texts[hit.section]
    for target in hit.targets:
        if target.form == COUNTRY_NAME:
            return target.name if is_country_name_meant(matcher, hit, target, state) else ""
        if target.form == DEMONYM:
            return "" if is_demonym_not_meant(matcher, text, hit, state) else target.name
        if target.form == METONYM:
            return target.name if is_metonym_meant(matcher, text, hit, state) else ""
        if target.form == AMBIGUOUS_COUNTRY:
            named = [name for name in target.candidates if name in state.places]
            return named[0] if len(named) == 1 else ""
        if target.form == AMBIGUOUS_METONYM:
            return resolve_ambiguous_metonym(matcher, hit, target, state)
        if target.form == ERA_NAME:
            return target.name if is_era_name_meant(matcher, target, state.published) else ""
    return ""


def is_era_name_meant(matcher: Matcher, target: Target, published: date | None) -> bool:
    """Return whether a name a former state had only in its time ("the Baltic republics") names
    it: in an article dated within its years; later or undated, it names no one state."""
    return published is not None and matcher.countries[target.name].exists_in(published)


def resolve_ambiguous_metonym(matcher: Matcher, hit: Hit, target: Target, state: ArticleState) -> str:
    """Return the country a metonym that is often just a city ("Moscow") names: when the article
    names the country anyway or the city acts as a government ("Moscow has warned", "the
    government in Bonn"); else ""."""
    text = state.texts[hit.section]
    if context.find_first_name_before(text, hit.start, matcher.targets):
        return ""
    if not is_metonym_meant(matcher, text, hit, state):
        return ""
    name = name_in_era(matcher, hit.surface, target.name, state.published)
    if name in state.named_countries or context.is_government_subject(text, hit.end):
        return target.name
    if context.is_seat_of_government(text, hit.start):
        return target.name
    return ""


def is_metonym_meant(matcher: Matcher, text: str, hit: Hit, state: ArticleState) -> bool:
    """Return whether "Westminster" or "Whitehall" stands for a government here, not for part
    of a company's name ("National Westminster Bank") or a US town ("Whitehall, Pa.")."""
    if is_in_organisation_name(text, hit, state) or context.is_us_place(text, hit.end):
        return False
    if SEE_OR_TITLE_OF_BEFORE_RE.search(text, max(0, hit.start - 30), hit.start):
        return False
    return not context.find_first_name_before(text, hit.start, matcher.targets)


def is_demonym_not_meant(matcher: Matcher, text: str, hit: Hit, state: ArticleState) -> bool:
    """Return whether a demonym starts a company name, names a language, a currency or a cuisine, or is
    a person's surname ("Mr Irish"), not the country."""
    if is_in_organisation_name(text, hit, state) or is_currency_unit(text, hit.start, hit.end, is_after_demonym=True):
        return True
    if context.is_surname_use(text, hit.start, hit.end, matcher.targets):
        return True
    return context.is_language_use(text, hit.start, hit.end) or context.is_cuisine_use(text, hit.end)


def is_currency_unit(text: str, start: int, end: int, *, is_after_demonym: bool) -> bool:
    """Return whether the country word at start-end names a currency ("Swiss francs", "U.S.
    dlrs", "Australian and New Zealand dollars", "1.34 dlrs Canadian"), not the state."""
    if (
        (is_after_demonym or text[start:end] in CURRENCY_SURFACES)
        and CURRENCY_BEFORE_RE.search(text, max(0, start - 12), start)
        and AFTER_AMOUNT_CURRENCY_RE.match(text, end)
    ):
        return True
    if CURRENCY_AFTER_RE.match(text, end) or text.startswith("$", end):  # a currency sign: "US$25,000", "A$"
        return True
    return is_after_demonym and DEMONYM_CURRENCY_AFTER_RE.match(text, end) is not None


def is_in_organisation_name(text: str, hit: Hit, state: ArticleState) -> bool:
    """Return whether the country word of hit belongs to the name of a company, event or
    private organisation: one joined to a name prefix ("Trans-Canada"), followed by a company or
    association word or a ticker, an armed movement ("Irish Republican Army"), inside Reuters'
    brackets, or the short form of a company the article names in full ("American Quarry" after
    "American Quarry Resources Corp")."""
    if NAME_PREFIX_BEFORE_RE.search(text, max(0, hit.start - 6), hit.start):
        return True
    is_capitals = is_in_capitals_line(state, hit)
    if context.is_company_name_start(text, hit.start, hit.end, is_in_capitals=is_capitals):
        return True
    if ARMED_MOVEMENT_AFTER_RE.match(text, hit.end):
        return True
    if context.is_in_bracketed_company(text, hit.start, hit.end):
        return True
    if not state.company_short_names:
        return False
    word = context.find_next_word(text, hit.end)
    if not is_capitals:  # "British sugar beet crop" is not "British Sugar Plc"
        return (hit.surface, word) in state.company_short_names
    return any(surface == hit.surface and name.lower() == word.lower() for surface, name in state.company_short_names)


def is_in_capitals_line(state: ArticleState, hit: Hit) -> bool:
    """Return whether hit's line was written in capitals (a wire headline), before recasing."""
    original = state.originals[hit.section]
    line_start = rfind_character(original, "\n", hit.start) + 1
    known = state.capitals_lines.get((hit.section, line_start))
    if known is None:
        line_end = original.find("\n", hit.end)
        known = is_in_capitals(original[line_start:line_end if line_end >= 0 else len(original)])
        state.capitals_lines[(hit.section, line_start)] = known
    return known


def is_country_name_meant(matcher: Matcher, hit: Hit, target: Target, state: ArticleState) -> bool:
    """Return whether a country name means the country, not a person, a place or a US state."""
    text = state.texts[hit.section]
    if context.is_in_geographic_feature(text, hit.start) or is_in_organisation_name(text, hit, state):
        return False
    if context.is_in_organisation_name(text, hit.start) or context.is_us_place(text, hit.end):
        return False
    if TOUR_BEFORE_RE.search(text, max(0, hit.start - 12), hit.start):
        return False
    if context.find_next_capitalised_word(text, hit.end) in rules.PLACE_NOUNS_AFTER_NAME:
        return False  # "Turkey Point", "China Lake"
    if is_currency_unit(text, hit.start, hit.end, is_after_demonym=False):
        return False
    if hit.surface in rules.PERSON_NAME_COUNTRIES and is_person_name(matcher, text, hit):
        return False
    if target.name in rules.US_STATE_COUNTRIES:
        if context.is_us_state_context(text, hit.start, hit.end, matcher.targets):
            return False
        return not is_us_state_by_article(matcher, hit, target, state)
    return True


def is_person_name(matcher: Matcher, text: str, hit: Hit) -> bool:
    """Return whether a country name that is also a name ("Jordan", "Chad") is a person's here:
    after a first name, before a surname, or in a list of names ("Kerr, Okafor, Jordan")."""
    if context.find_first_name_before(text, hit.start, matcher.targets):
        return True
    next_word = context.find_next_capitalised_word(text, hit.end)
    if (
        next_word and next_word not in context.TITLE_WORDS and next_word not in rules.NOT_NAME_FOLLOWERS
        and not is_gazetteer_word(matcher, next_word)
    ):
        return True  # "Chad Thomas"; not "Holland May 1-10", "Jordan Government"
    return context.is_in_list_of_names(text, hit.start, hit.end, matcher.targets)


def is_gazetteer_word(matcher: Matcher, word: str) -> bool:
    """Return whether word names something of the gazetteer on its own. A word that is only some
    leader's ambiguous alias is a common name ("Thomas", "Young", "Green"), so "Chad Thomas" is
    still a person."""
    return any(target.form != AMBIGUOUS_ALIAS for target in matcher.targets.get(word, ()))


def is_us_state_by_article(matcher: Matcher, hit: Hit, target: Target, state: ArticleState) -> bool:
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
    sentence_start, sentence_end = find_sentence_around(text, hit.start)
    for match in matcher.name_pattern.finditer(text, sentence_start, sentence_end):
        names = {found.name for found in matcher.targets.get(match.group(), ()) if found.form in (COUNTRY_NAME, DEMONYM)}
        if names - {target.name, rules.UNITED_STATES}:
            return False
    return True


def is_same_state(matcher: Matcher, name: str | None, other: str) -> bool:
    """Return whether two country names are one state or its predecessor and successor
    ("West German Chancellor Kohl", whose country is Germany)."""
    if name == other:
        return True
    countries = matcher.countries
    return (
        name in countries and other in countries[name].successors
        or other in countries and name in countries[other].successors
    )


def find_qualifier_country(matcher: Matcher, qualifier: str) -> str | None:
    """Return the country a title's qualifier names ("South Korean", "US"), else None."""
    for words in (qualifier, qualifier.rpartition(" ")[2]):
        for target in matcher.targets.get(words, ()):
            if target.form in (DEMONYM, COUNTRY_NAME):
                return target.name
    return None


def add_country_inside_leader_name(matcher: Matcher, hit: Hit, state: ArticleState) -> None:
    """Record the country named inside an alias such as "King Abdullah of Jordan"."""
    text = state.texts[hit.section]
    of_index = text.find(" of ", hit.start, hit.end)
    if of_index < 0:
        return
    for match in matcher.name_pattern.finditer(text, of_index + 4, hit.end):
        for target in matcher.targets[match.group()]:
            if target.form == COUNTRY_NAME:
                inner = Hit(hit.section, match.start(), match.end(), match.group(), (target,))
                state.found.append(Resolved("country", target.name, inner))
                return
