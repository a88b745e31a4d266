"""Finding leaders the gazetteer lacks: "<demonym> <title> <Capitalised Name>"."""

import re

from articles.tagging import rules
from articles.tagging.countries import is_same_state
from articles.tagging.matcher import COUNTRY_NAME, DEMONYM, FULL_NAME, SURNAME, TITLED_NAME, Matcher
from articles.tagging.text import find_sentence_around, fold_text, is_other_spelling, name_key
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

# Words are apart by a space or a line break within a paragraph (wire copy: "President Chun Doo\nHwan").
GAP = r"[ \n]"
DISCOVERY_RE = re.compile(
    r"(?<![\w-])(?P<qualifier>[A-Z][\w'-]*(?:" + GAP + r"[A-Z][\w'-]*)?)"
    + GAP + r"(?:(?:" + "|".join(re.escape(word) for word in rules.TITLE_QUALIFIERS) + r")\s*)?"
    r"(?P<title>" + "|".join(title.replace(" ", GAP) for title in HEAD_TITLES) + r")"
    + GAP + r"(?P<name>" + NAME_TOKEN + r"(?:" + GAP + r"(?:(?:" + "|".join(NAME_PARTICLES) + r")[ \n-])?" + NAME_TOKEN + r"){1,"
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
            country = find_country(matcher, " ".join(match.group("qualifier").split()))
            if country is None:
                continue
            if folded[max(0, match.start() - 3):match.start()] == "of ":  # "Bank of China President ..."
                continue
            words = cut_name_words(match.group("name").split())
            if len(words) < 2 or is_known_leader(matcher, words, country):
                continue
            last_word = list(re.finditer(r"\S+", match.group("name")))[len(words) - 1]
            name_end = match.start("name") + last_word.start() + len(words[-1])  # "Martens's" ends at "Martens"
            # The name as written (diacritics kept), a line break inside it made a space.
            name = " ".join(text[match.start("name"):name_end].split())
            if name in discovered:
                continue
            sentence_start, sentence_end = find_sentence_around(text, match.start())
            discovered[name] = DiscoveredLeader(
                name=name, country=country, title=" ".join(match.group("title").split()),
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
    if name_key(" ".join(words)) in matcher.leader_name_keys:
        return True
    for target in matcher.targets.get(" ".join(words), ()):
        if target.form in (FULL_NAME, TITLED_NAME, SURNAME) or target.candidates:
            return True
    for target in matcher.targets.get(words[-1], ()):
        if target.form == SURNAME and is_leader_of(matcher, target.name, country):
            return True
        if target.candidates and any(is_leader_of(matcher, name, country) for name in target.candidates):
            return True
    return is_respelt_leader_name(matcher, words, country)


def is_leader_of(matcher: Matcher, name: str, country: str) -> bool:
    """Return whether the leader's country is country, its forerunner or its successor: the
    gazetteer files Weizsäcker, president of West Germany and then of Germany, under Germany."""
    return is_same_state(matcher, matcher.leaders[name].country, country)


def is_respelt_leader_name(matcher: Matcher, words: list[str], country: str) -> bool:
    """Return whether the name is a leader of that country's with the surname spelt one letter
    apart, as the tagger reads it ("Greek Prime Minister Andreas Papanderou" is Papandreou, not a
    new leader for editors to review)."""
    first_name, surname = " ".join(words[:-1]), words[-1]
    return any(
        is_leader_of(matcher, name, country)
        and any(is_other_spelling(surname, known, rules.RESPELT_SURNAME_MIN_LETTERS) for known in matcher.leader_surnames[name])
        for name in matcher.leaders_by_first_name.get(first_name, ())
    )
