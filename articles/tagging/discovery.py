"""Finding leaders the gazetteer lacks: "<demonym> <title> <Capitalised Name>"."""

import re

from articles.tagging import rules
from articles.tagging.matcher import COUNTRY_NAME, DEMONYM, FULL_NAME, SURNAME, TITLED_NAME, Matcher
from articles.tagging.text import find_sentence_around, fold_text
from articles.tagging.types import DiscoveredLeader

# Titles of heads of state or government; ministers are left to editors.
HEAD_TITLES = (
    "Prime Minister", "President", "Premier", "Chancellor", "King", "Queen", "Emir", "Sultan",
    "Crown Prince", "Supreme Leader",
)
NAME_PARTICLES = ("de", "da", "del", "dos", "van", "von", "der", "bin", "al", "el", "la", "le", "di", "ibn")
# Particles never end a name: "Sheikh Mohammed bin Abdulrahman Al Thani" is not "... Al".
ENDING_PARTICLES = frozenset(NAME_PARTICLES) | {"Al", "El", "Bin", "Ibn", "Abu", "Van", "Von", "De", "Da", "Del", "Di", "Der", "La", "Le", "Dos"}
# Words a discovered name may have: "Sheikh Mohammed bin Abdulrahman Al Thani" has six.
MAX_NAME_WORDS = 7
NAME_TOKEN = r"[A-Z][\w'-]*[a-z][\w'-]*"  # at least one lower-case letter: not "US", not "AND"

DISCOVERY_RE = re.compile(
    r"(?<![\w-])(?P<qualifier>[A-Z][\w'-]*(?: [A-Z][\w'-]*)?)"
    r" (?:(?:" + "|".join(re.escape(word) for word in rules.TITLE_QUALIFIERS) + r")\s*)?"
    r"(?P<title>" + "|".join(HEAD_TITLES) + r")"
    r" (?P<name>" + NAME_TOKEN + r"(?: (?:(?:" + "|".join(NAME_PARTICLES) + r")[ -])?" + NAME_TOKEN + r"){1,"
    + str(MAX_NAME_WORDS - 1) + r"})"
)

# Capitalised words that end a name match without being part of it (Reuters: "Mulroney Tuesday").
NOT_NAME_WORDS = frozenset("""
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May
    June July August September October November December Jr Sr
""".split()) | rules.SENTENCE_START_WORDS


def discover_new_leaders(matcher: Matcher, texts: list[str]) -> list[DiscoveredLeader]:
    """Return people introduced with a head-of-state title and a country who are not in the gazetteer."""
    discovered: dict[str, DiscoveredLeader] = {}
    for text in texts:
        folded = fold_text(text)
        for match in DISCOVERY_RE.finditer(folded):
            country = find_country(matcher, match.group("qualifier"))
            if country is None:
                continue
            if folded[max(0, match.start() - 3):match.start()] == "of ":  # "Bank of China President ..."
                continue
            words = cut_name_words(match.group("name").split(" "))
            if len(words) < 2 or is_known_leader(matcher, words, country):
                continue
            name_end = match.start("name") + len(" ".join(words))
            name = text[match.start("name"):name_end]
            if name in discovered:
                continue
            sentence_start, sentence_end = find_sentence_around(text, match.start())
            discovered[name] = DiscoveredLeader(
                name=name, country=country, title=match.group("title"),
                sentence=text[sentence_start:sentence_end].strip(),
            )
    return list(discovered.values())


def cut_name_words(words: list[str]) -> list[str]:
    """Return the words of a person's name: up to a possessive, without trailing non-name words.

    "Nakasone's" ends the name at "Nakasone"; a company word ("Cos", "Ltd") means no person.
    """
    for index, word in enumerate(words):
        if word.endswith(("'s", "'")):
            words = words[:index] + [word.removesuffix("'s").removesuffix("'")]
            break
    while words and (words[-1] in NOT_NAME_WORDS or words[-1] in ENDING_PARTICLES):
        words.pop()
    if any(word in rules.COMPANY_NAME_WORDS or word == "Cos" for word in words):
        return []
    return words


def find_country(matcher: Matcher, qualifier: str) -> str | None:
    """Return the country a demonym or country name ("Canadian", "Canada's") names, else None."""
    for words in (qualifier, qualifier.rpartition(" ")[2]):
        for target in matcher.targets.get(words.removesuffix("'s"), ()):
            if target.form in (DEMONYM, COUNTRY_NAME):
                return target.name
    return None


def is_known_leader(matcher: Matcher, words: list[str], country: str) -> bool:
    """Return whether the name, or its surname for a leader of that country, is in the gazetteer."""
    for target in matcher.targets.get(" ".join(words), ()):
        if target.form in (FULL_NAME, TITLED_NAME, SURNAME) or target.candidates:
            return True
    for target in matcher.targets.get(words[-1], ()):
        if target.form == SURNAME and matcher.leaders[target.name].country == country:
            return True
        if target.candidates and any(matcher.leaders[name].country == country for name in target.candidates):
            return True
    return False
