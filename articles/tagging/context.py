"""Looking around a matched name: titles before it, a first name, a suffix, a verb after it.

Every function takes the folded section text and the match offsets, and looks at a small
window only, so the cost per hit stays constant.
"""

import re

from articles.tagging import rules
from articles.tagging.text import find_sentence_around

WINDOW = 60

TITLE_ALTERNATION = "|".join(re.escape(title) for title in sorted(rules.LEADER_TITLES, key=len, reverse=True))
QUALIFIER_ALTERNATION = "|".join(re.escape(word) for word in rules.TITLE_QUALIFIERS)

# "Israeli Prime Minister ", "South Korean President ", "the former President ", "President ",
# and Reuters' "Prime Minister (Brian) " with the first name in brackets.
# The qualifier group holds the one or two capitalised words before the title (a demonym or
# country name, checked by the caller).
TITLE_BEFORE_RE = re.compile(
    r"(?:(?P<qualifier>[A-Z][\w.'-]*(?: [A-Z][\w.'-]*)?)\s+)?"
    r"(?:(?:" + QUALIFIER_ALTERNATION + r")\s*)?"
    r"(?P<title>" + TITLE_ALTERNATION + r")\s+(?:\([A-Z][\w.'-]*\)\s+)?$"
)
HONORIFIC_BEFORE_RE = re.compile(
    r"(?<!\w)(?:" + "|".join(re.escape(word) for word in rules.HONORIFICS) + r")\s+$"
)
PREVIOUS_WORD_RE = re.compile(r"(?<![\w.'-])([A-Z][a-z][\w'-]*)\s+$")
INITIALS_BEFORE_RE = re.compile(r"(?<![\w.'-])((?:[A-Z]\.\s?){1,3})\s*$")  # "R.M. Wilson", "J. Smith"
NEXT_WORD_RE = re.compile(r"\s+([A-Z][a-z][\w'-]*)")
SUFFIX_AFTER_RE = re.compile(
    r",?\s+(?:" + "|".join(re.escape(suffix) for suffix in rules.NAME_SUFFIXES) + r")(?![\w])"
    r"|[ -](?:al|el|bin|ibn|ben|abu|Al|El|Abu)[- ][A-Z]"  # "Mohammed Mustafa al-Jibouri" is longer
)
CITY_COMMA_BEFORE_RE = re.compile(r"(?<!\w)([A-Z][a-z]+),\s+$")
STATE_OF_BEFORE_RE = re.compile(r"(?<!\w)state of\s+$", re.IGNORECASE)
FOLLOWING_WORDS_RE = re.compile(r"(?:'s)?\s+([A-Za-z-]+)(?:\s+([A-Za-z-]+))?(?:\s+([A-Za-z-]+))?")
POSSESSIVE_NOUN_RE = re.compile(r"'s?\s+(?:[a-z-]+\s+)?([a-z]+)")
# Skipped before a government verb; "seen" is the headline passive ("BONN SEEN REJECTING ...").
AUXILIARIES = frozenset("has had have is was were will would could should can may might must also now seen".split())
ADVERBS = frozenset("now also not already long still again".split())
TITLE_WORDS = frozenset(word for title in rules.LEADER_TITLES for word in title.split())
SENTENCE_END_CHARACTERS = '.!?:;"\n'


def find_title_before(text: str, start: int) -> tuple[str, str] | None:
    """Return (title, qualifier) when a leader title stands right before start, else None."""
    match = TITLE_BEFORE_RE.search(text, max(0, start - WINDOW), start)
    if match is None:
        return None
    return match.group("title"), match.group("qualifier") or ""


def has_honorific_before(text: str, start: int) -> bool:
    """Return whether a courtesy title ("Mr", "Mrs", "Sheikh") stands right before start."""
    return HONORIFIC_BEFORE_RE.search(text, max(0, start - 12), start) is not None


NAMED_AFTER_RE = re.compile(
    rf" (?:[A-Z][\w'-]* ){{0,{rules.NAMED_AFTER_MAX_WORDS_BETWEEN}}}(?:{'|'.join(rules.NAMED_AFTER_WORDS)})(?![\w-])"
)


def is_named_after(text: str, end: int) -> bool:
    """Return whether the name ending at end names a place or an institution named after the
    person ("Charles de Gaulle airport", "the Salvador Allende Foundation"), not the person."""
    return NAMED_AFTER_RE.match(text, end) is not None


def has_suffix_after(text: str, end: int) -> bool:
    """Return whether a suffix or more name follows ("Donald Trump Jr.", "Mustafa al-Jibouri"): someone else."""
    return SUFFIX_AFTER_RE.match(text, end) is not None


def find_first_name_before(text: str, start: int, known_words: frozenset[str] | dict) -> str:
    """Return the capitalised word before start when it reads as a first name ("Michael Jordan").

    Not a first name: common sentence-initial words (rules.SENTENCE_START_WORDS), titles,
    honorifics, and known_words (the tagger's Matcher.not_first_names: gazetteer words but one-word
    leader aliases, which may be first names too: "Werner", "Scott").
    """
    match = PREVIOUS_WORD_RE.search(text, max(0, start - 30), start) or INITIALS_BEFORE_RE.search(text, max(0, start - 30), start)
    if match is None:
        return ""
    word = match.group(1)
    if word in rules.SENTENCE_START_WORDS or word in TITLE_WORDS or word in known_words:
        return ""
    if word.endswith(("'s", "'S", "s'")):  # "West Germany's Stoltenberg": a possessive, no first name
        return ""
    if word in rules.NAME_PARTICLES:  # "Richard Von Weizsaecker": part of the surname
        return ""
    if word.rstrip(".") in rules.HONORIFICS:
        return ""
    return word


# What follows a surname and never an adjective: a comma, a possessive, a verb of saying.
# "Mike German, leader of ..." and "said Oliver Irish" against "German troops".
SURNAME_FOLLOWER_RE = re.compile(r"(?:,|'s\b|\s+(?:said|says|told|added)\b)")


def is_surname_use(text: str, start: int, end: int, known_words: frozenset[str] | dict) -> bool:
    """Return whether a demonym at start-end is someone's surname ("said Mr Irish", "Mike German,
    leader of ...", "Oliver Irish said"): after a courtesy title, or after a first name and
    before a comma, a possessive or a verb of saying."""
    if has_honorific_before(text, start):
        return True
    return bool(find_first_name_before(text, start, known_words)) and SURNAME_FOLLOWER_RE.match(text, end) is not None


def find_next_capitalised_word(text: str, end: int) -> str:
    """Return the capitalised word right after end ("Jordan Henderson" -> "Henderson"), or ""."""
    match = NEXT_WORD_RE.match(text, end)
    return match.group(1) if match else ""


def is_city_state_pattern(text: str, start: int, known_surfaces: dict) -> bool:
    """Return whether start follows "<City>, " or "state of " (as in "Atlanta, Georgia").

    A city the gazetteer knows ("Tbilisi") or a sentence-start word does not count.
    """
    window_start = max(0, start - 30)
    if STATE_OF_BEFORE_RE.search(text, window_start, start) is not None:
        return True
    city = CITY_COMMA_BEFORE_RE.search(text, window_start, start)
    if city is None or city.group(1) in known_surfaces:
        return False
    preceding = text[max(0, city.start() - 3):city.start()].rstrip(" ")
    return bool(preceding) and preceding[-1] not in SENTENCE_END_CHARACTERS


def is_government_subject(text: str, end: int) -> bool:
    """Return whether the term ending at end acts as a government.

    Either the subject of a government verb ("Moscow has warned", "Washington said"), a
    possessive with a policy noun ("Beijing's position"), or before a government body ("Bonn
    ministry", "Moscow officials").
    """
    possessive = POSSESSIVE_NOUN_RE.match(text, end)
    if possessive and possessive.group(1) in rules.GOVERNMENT_NOUNS:
        return True
    if text.startswith("'s", end):
        return False
    following = FOLLOWING_WORDS_RE.match(text, end)
    if following is None:
        return False
    words = [word for word in following.groups() if word]
    if words and words[0].lower() in rules.GOVERNMENT_BODY_NOUNS:
        return True
    while words and (words[0] in AUXILIARIES or words[0] in ADVERBS or words[0].endswith("ly")):
        words.pop(0)
    return bool(words) and words[0] in rules.GOVERNMENT_VERBS


GOVERNMENT_IN_BEFORE_RE = re.compile(r"(?<!\w)government in\s+$", re.IGNORECASE)


def is_seat_of_government(text: str, start: int) -> bool:
    """Return whether the term at start follows "the government in" ("talks with the government in Bonn")."""
    return GOVERNMENT_IN_BEFORE_RE.search(text, max(0, start - 20), start) is not None


GEOGRAPHIC_FEATURE_BEFORE_RE = re.compile(
    r"(?<!\w)(?:" + "|".join(re.escape(word) for word in rules.GEOGRAPHIC_FEATURE_WORDS) + r") of\s+$"
)
# The capitalised words of a name after a country word; "Georgia-Pacific" joins with a hyphen.
CAPITALISED_RUN_RE = re.compile(r"(?:(?:\s+|-(?=[A-Z]))(?:[A-Z][\w&.'-]*|&|of|and)){1,4}")
# A Reuters ticker within three words ("AMERICAN AGRONOMICS CORP <AGR>", "GEORGIA-PACIFIC <GP>").
COUNTRY_WORD_TICKER_RE = re.compile(r"((?:[\s-]+[\w&.'-]+){0,3})\s*<[A-Za-z][\w.]*>")


def is_in_geographic_feature(text: str, start: int) -> bool:
    """Return whether start follows "Gulf of " or "Sea of " (as in "Gulf of Mexico")."""
    return GEOGRAPHIC_FEATURE_BEFORE_RE.search(text, max(0, start - 20), start) is not None


def is_company_name_start(text: str, start: int, end: int, *, is_in_capitals: bool = False) -> bool:
    """Return whether the country word at start-end starts the name of a company, event or
    private organisation ("British Petroleum", "Australian Hardcourt Championships", "American
    Chamber of Commerce", "AMERICAN AGRONOMICS CORP <AGR>").

    A body of the state in the name makes it the state's ("Australian Reserve Bank"). After an
    abbreviation Reuters capitalises the next word ("U.S. Bank officials"), so only company
    words other than bank words count there. is_in_capitals: the line was written in capitals
    (and recased), so its name words may now be in lower case.
    """
    if is_before_ticker(text, start, end, is_in_capitals=is_in_capitals):
        return True
    run = CAPITALISED_RUN_RE.match(text, end)
    if run is None:
        return False
    words = [word.strip(".,") for word in run.group().replace("-", " ").split()]
    is_after_abbreviation = text[end - 1] == "."
    if is_after_abbreviation and words[0] in rules.BANK_WORDS:
        return False
    for position, word in enumerate(words):
        if word in rules.STATE_BODY_WORDS:
            return False
        if word in rules.COMPANY_NAME_WORDS:
            return True
        if word in rules.FOREIGN_LEGAL_FORMS and is_foreign_legal_form_end(text, start, run.group(), word):
            return True
        if word in rules.EVENT_AND_ASSOCIATION_WORDS and not is_after_abbreviation:
            if position == 0 and word in rules.NAME_END_ONLY_WORDS:
                continue
            return True
    return False


# A name word before a country word inside a company's name: "Industries Netherlands BV",
# "Generale du Luxembourg SA", "Banque Internationale a Luxembourg SA" (folded from "à").
NAME_WORD_BEFORE_RE = re.compile(r"([A-Z][\w&'.-]*)\s+(?:(?:du|de|des|di|del|van|der|of|a)\s+)?$")


def is_foreign_legal_form_end(text: str, start: int, run: str, legal_form: str) -> bool:
    """Return whether legal_form, in the run of capitalised words after the country word at
    start, ends a company's name (rules.FOREIGN_LEGAL_FORMS): a name word stands before the
    country word, and no hyphen or number follows the legal form ("Soviet SA-7 missiles")."""
    if re.search(r"\b" + re.escape(legal_form) + r"(?=-|\s*\d)", run):
        return False
    before = NAME_WORD_BEFORE_RE.search(text, max(0, start - 40), start)
    return before is not None and before.group(1) not in rules.SENTENCE_START_WORDS and before.group(1) not in TITLE_WORDS


def is_before_ticker(text: str, start: int, end: int, *, is_in_capitals: bool) -> bool:
    """Return whether a wire ticker follows within three name words ("American Cyanamid <ACY>",
    and "American agronomics Corp <Agr>" once a headline in capitals is recased).

    The words between must be capitalised, so "Dutch publisher Kluwer NV <KLUW.AS>" and "French
    firm <Aerospatiale>" stay the country; in a line written in capitals any word that is not an
    everyday headline word counts ("U.S. unit of <X>" does not).
    """
    match = COUNTRY_WORD_TICKER_RE.match(text, end)
    if match is None:
        return False
    words = match.group(1).replace("-", " ").split()
    if not words and text.endswith("of ", 0, start):
        return False  # "Porsche AG of Germany <PSHG.F>": the company's home, which names the country
    if is_in_capitals:
        return not any(word.lower() in rules.HEADLINE_COMMON_WORDS for word in words)
    return all(word[0].isupper() for word in words) and match.group().rstrip(">").rpartition("<")[2].isupper()


def is_in_bracketed_company(text: str, start: int, end: int) -> bool:
    """Return whether start-end is inside Reuters' angle brackets around a company ("<Allied
    Irish Banks Plc>"): an open bracket before it, closed after it before another opens."""
    window_start = max(0, start - 60)
    if text.rfind("<", window_start, start) <= text.rfind(">", window_start, start):
        return False
    closing = text.find(">", end, end + 60)
    opening = text.find("<", end, end + 60)
    return closing >= 0 and (opening < 0 or closing < opening)


def find_company_short_name(text: str, end: int) -> str:
    """Return the word after the country word ending at end when a legal form ends the name
    ("Quarry" of "American Quarry Resources Corp"), else ""."""
    run = CAPITALISED_RUN_RE.match(text, end)
    if run is None or text[end - 1] == ".":
        return ""
    words = [word.strip(".,") for word in run.group().replace("-", " ").split()]
    if len(words) < 2 or not any(word in rules.COMPANY_LEGAL_FORM_WORDS for word in words[1:]):
        return ""
    first = words[0]
    if first in rules.STATE_BODY_WORDS or first in rules.COMPANY_LEGAL_FORM_WORDS or first.lower() in rules.HEADLINE_COMMON_WORDS:
        return ""
    return first


NEXT_WORD_ANY_CASE_RE = re.compile(r"[\s-]+([A-Za-z][\w'-]*)")


def find_next_word(text: str, end: int) -> str:
    """Return the word after end in any case ("motors" after "American" in a recased headline
    "American motors late february"), else ""."""
    match = NEXT_WORD_ANY_CASE_RE.match(text, end)
    return match.group(1) if match else ""


# "Walsh, Kerr, Okafor, Jordan": a country name among single capitalised words listed with it.
LIST_ITEMS_BEFORE_RE = re.compile(r"((?:[A-Z][a-z'-]+,\s+){2,})$")
LIST_ITEMS_AFTER_RE = re.compile(r"((?:,\s+[A-Z][a-z'-]+){2,})")


def is_in_list_of_names(text: str, start: int, end: int, known_surfaces: dict) -> bool:
    """Return whether the name at start-end is one of a comma list of at least three single
    capitalised words none of which the gazetteer knows: a list of people ("Subs not used:
    Walsh, Kerr, Okafor, Jordan"), not of countries ("Egypt, Tunisia, Jordan")."""
    before = LIST_ITEMS_BEFORE_RE.search(text, max(0, start - 80), start)
    after = LIST_ITEMS_AFTER_RE.match(text, end)
    items = (before.group(1) if before else "") + (after.group(1) if after else "")
    words = [word for word in re.split(r"[,\s]+", items) if word]
    if len(words) < 2:
        return False
    return not any(word in known_surfaces or word in rules.SENTENCE_START_WORDS for word in words)


LANGUAGE_CUE_ALTERNATION = "|".join(sorted(rules.LANGUAGE_CUES_BEFORE))
# "in Spanish", and the later items of "in English, French and Spanish".
LANGUAGE_CUE_BEFORE_RE = re.compile(
    r"(?<![\w-])(?:" + LANGUAGE_CUE_ALTERNATION + r")\s+(?:[A-Z][a-z]+(?:,\s+[A-Z][a-z]+)*,?\s+(?:and|or)\s+)?$"
)
FOLLOWING_TOKEN_RE = re.compile(r"\s*([\w]+|[^\w\s]|$)")


def is_cuisine_use(text: str, end: int) -> bool:
    """Return whether a demonym ending at end names a cuisine here ("a Chinese restaurant", "Thai cuisine")."""
    return bool(CUISINE_AFTER_RE.match(text, end))


def is_language_use(text: str, start: int, end: int) -> bool:
    """Return whether a demonym names a language here ("in English and Spanish", "French-speaking")."""
    if text.startswith(rules.LANGUAGE_SUFFIXES, end):
        return True
    if LANGUAGE_CUE_BEFORE_RE.search(text, max(0, start - 60), start) is None:
        return False
    token = FOLLOWING_TOKEN_RE.match(text, end)
    following = token.group(1) if token is not None else ""
    if following == "-":  # "Palestinian-Israeli violence": an adjective
        return False
    return following == "" or not following[0].isalnum() or following in rules.LANGUAGE_FOLLOWERS


CUISINE_AFTER_RE = re.compile(r"[ \t]+(?:" + "|".join(rules.CUISINE_FOLLOWERS) + r")\b", re.IGNORECASE)
US_STATE_AFTER_RE = re.compile(r",\s+([A-Z][\w.]*(?: [A-Z][a-z]+)?)")
ORGANISATION_OF_BEFORE_RE = re.compile(r"(?<![\w-])((?:[A-Z][\w&.'-]*\s+){1,4})(?:of|for)\s+(?:the\s+)?$")


def is_us_place(text: str, end: int) -> bool:
    """Return whether the name ending at end is followed by a US state ("Whitehall, Pa.")."""
    match = US_STATE_AFTER_RE.match(text, end)
    if match is None:
        return False
    following = match.group(1)
    return (
        following in rules.US_STATE_ABBREVIATIONS or following.split(" ")[0] in rules.US_STATES
        or following in rules.US_STATES
    )


def is_in_organisation_name(text: str, start: int) -> bool:
    """Return whether start follows "<Name> Bank of " ("National Bank of Kuwait"): a company, or
    an association ("Motion Picture Association of America"), or is a commercial "Bank of China".

    A bare "Bank of" or "Central Bank of" is the state's central bank and names the country, and
    "of" after a legal form ("Hoechst AG of") gives the company's home country.
    """
    match = ORGANISATION_OF_BEFORE_RE.search(text, max(0, start - 60), start)
    if match is None:
        return False
    words = tuple(match.group(1).split())
    while words and words[0] in rules.SENTENCE_START_WORDS:  # "The Bank of Japan"
        words = words[1:]
    if words == ("Bank",) and text.startswith(rules.COMMERCIAL_BANK_OF_COUNTRIES, start):
        return True  # "Bank of China": a company, the central bank has another name
    if not words or words in rules.CENTRAL_BANK_WORDS:
        return False
    if words[-1].rstrip(",") in rules.LEGAL_FORM_WORDS or words[-1].rstrip(".,") in rules.LEGAL_FORM_WORDS:
        return False  # "Hoechst AG of West Germany": where the company is from
    return any(word.strip(".,") in rules.ORGANISATION_WORDS for word in words)


INITIAL_AFTER_RE = re.compile(r" [A-Z]\.(?: |$)")
TICKER_AFTER_RE = re.compile(r"(?: [\w&.'-]+){0,3} ?<[A-Za-z][\w.]*>")
COMPANY_LIST_RE = re.compile(r"(?:,?\s+(?:[A-Z][\w&.'-]*|&|of|and)){1,5}")


def is_in_company_name(text: str, start: int, end: int) -> bool:
    """Return whether the name at start-end belongs to a company: Reuters marks companies with
    angle brackets ("<R.M. Wilson Co Inc>") and tickers ("WILSON FOODS <WILF>"), and partnerships
    list names before the company word ("Howard, Weil, Labouisse, Friedrichs Inc")."""
    if TICKER_AFTER_RE.match(text, end) is not None:
        return True
    if text.rfind("<", max(0, start - 60), start) > text.rfind(">", max(0, start - 60), start):
        return True
    run = COMPANY_LIST_RE.match(text, end)
    return run is not None and any(word.strip(".,") in rules.COMPANY_NAME_WORDS for word in run.group().split())


def find_next_name_word(text: str, end: int) -> str:
    """Return the capitalised word right after end when it reads as more of a name ("Rashid
    Karami", "Howard M. Dean"), else ""."""
    initial = INITIAL_AFTER_RE.match(text, end)
    if initial is not None:
        return initial.group().strip()
    word = find_next_capitalised_word(text, end)
    if not word or word in rules.NOT_NAME_FOLLOWERS or word in TITLE_WORDS or word in rules.SENTENCE_START_WORDS:
        return ""
    return word


def is_us_state_context(text: str, start: int, end: int, known_surfaces: dict) -> bool:
    """Return whether a name like "Georgia" is the US state here ("Atlanta, Georgia", "Georgia Senate").

    "Tbilisi, Georgia" stays the country: a gazetteer place before the comma is not a US city.
    """
    if is_city_state_pattern(text, start, known_surfaces):
        return True
    following = text[end:end + 20].replace("'s", "").split()
    if following and following[0].strip(",.") in rules.US_STATE_FOLLOWERS:
        return True
    sentence_start, sentence_end = find_sentence_around(text, start)
    sentence = text[sentence_start:sentence_end]
    return any(state in sentence for state in rules.US_STATES)
