"""Reading text in capitals: wire headlines such as "HOWARD BAKER SAYS REAGAN TO ADDRESS NATION".

The gazetteer is matched case-sensitively, and the rules look at capitalisation ("Michael
Jordan": a capitalised word before a surname is a first name). A line in capitals is therefore
rewritten, at the same length, in the casing the gazetteer uses for each word ("Reagan", "U.S.",
"Prime Minister") and in lower case otherwise ("howard baker says Reagan to address nation"
keeps "Howard", a gazetteer word). The ambiguity rules then apply as on any other line; an
all-caps "US" is the country, since the whole line is in capitals.
"""

import re

# Words, with the full stops of abbreviations ("U.S.", "N.Y."): the apostrophe of "REAGAN'S" ends one.
WORD_RE = re.compile(r"[A-Za-z]+(?:\.[A-Za-z]+)*\.?")
MIN_CAPITALS_WORDS = 2
LOWER_CASE_RE = re.compile(r"[a-z]")
UPPER_CASE_RE = re.compile(r"[A-Z]")
# A line counts as in capitals with at most one lower-case letter per this many capitals:
# "REAGAN SAYS VOLCKER WILL NOT ACCEPT 3rd TERM" is a wire headline too.
CAPITALS_PER_LOWER_CASE = 8
MAX_MIXED_LINE = 300


def recase_capital_lines(text: str, casings: dict[str, str], *, is_headline: bool = False) -> str:
    """Return text with every line in capitals (of 2+ words) recased; other lines unchanged.

    is_headline takes the whole text as one line (a title given apart).
    """
    lines = [text] if is_headline else text.split("\n")
    recased = []
    for line in lines:
        if is_in_capitals(line) and len(line.split()) >= MIN_CAPITALS_WORDS:
            line = WORD_RE.sub(lambda match: recase_word(match.group(), casings, after=match.string[match.start() - 1:match.start()]), line)
        recased.append(line)
    return "\n".join(recased)


def recase_word(word: str, casings: dict[str, str], *, after: str = "") -> str:
    """Return word in the gazetteer's casing when it knows it, else in lower case; same length.

    The "S" of "GERMANY'S" and short words the gazetteer capitalises only inside names ("To",
    "S" of "Harry S Truman") stay lower case; short abbreviations ("US", "UK") keep capitals.
    """
    lower = word.lower()
    if after == "'":
        return lower
    cased = casings.get(lower)
    if cased is not None and len(word) <= 2 and not cased.isupper():
        return lower
    if cased is not None:
        return cased
    if lower.endswith("."):
        cased = casings.get(lower[:-1])
        if cased is not None:
            return cased + "."
    return lower


def is_in_capitals(line: str) -> bool:
    """Return whether line is written in capitals, allowing a stray "3rd" or "dlrs"."""
    if line.isupper():
        return True
    if len(line) > MAX_MIXED_LINE:
        return False
    capitals = len(UPPER_CASE_RE.findall(line))
    return capitals >= 4 and capitals >= CAPITALS_PER_LOWER_CASE * len(LOWER_CASE_RE.findall(line))
