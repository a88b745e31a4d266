"""Reading headlines: wire text in capitals ("HOWARD BAKER SAYS REAGAN TO ADDRESS NATION") and
Title Case titles ("Thatcher Says Britain Will Not Join").

The gazetteer is matched case-sensitively, and the rules look at capitalisation ("Michael
Jordan": a capitalised word before a surname is a first name; "Rashid Karami": one after it
makes another person). Such a line is therefore rewritten, at the same length: a line in
capitals takes the gazetteer's casing for each word it knows ("Reagan", "U.S.", "Prime
Minister"), lower case for everyday headline words (rules.HEADLINE_COMMON_WORDS) and a capital
for any other word (it may be a name: "Howard Baker says Reagan to address nation"); a Title
Case line only puts its everyday words in lower case. The ambiguity rules then apply as on any
other line; an all-caps "US" is the country, since the whole line is in capitals.
"""

import re

from articles.tagging import rules

# Words, with the full stops of abbreviations ("U.S.", "N.Y."): the apostrophe of "REAGAN'S" ends one.
WORD_RE = re.compile(r"[A-Za-z]+(?:\.[A-Za-z]+)*\.?")
MIN_CAPITALS_WORDS = 2
LOWER_CASE_RE = re.compile(r"[a-z]")
UPPER_CASE_RE = re.compile(r"[A-Z]")
DIGIT_RE = re.compile(r"\d")
# Prose has words with a capital (every sentence starts with one); a sentence whose case was lost
# has none, though an abbreviation may stay in capitals ("the u.s. and EC officials").
CAPITALISED_WORD_RE = re.compile(r"\b(?:[A-Z][a-z]|[AI]\b)")
# A sentence: up to a full stop, question or exclamation mark followed by a space, or the line's end.
# Not after an abbreviation's last letter ("the u.s. airlines"), which would cut the name in two.
# (text.find_sentence_spans needs a capital after the stop, which text in lower case lacks.) Written
# out as runs of other characters rather than ".+?(?:(?<![.\s][a-z])[.!?](?=\s)|$)", which tests the
# end at every character: the same spans (checked on the corpus' 420,000 lines and texts and on
# random strings) in a sixth of the time, on every line the tagger reads.
SENTENCE_RE = re.compile(r".[^.!?\n]*(?:(?:[.!?](?!\s)|(?<=[.\s][a-z])[.!?])[^.!?\n]*)*?(?:(?<![.\s][a-z])[.!?](?=\s)|$)")
# A line counts as in capitals with at most one lower-case letter per this many capitals:
# "REAGAN SAYS VOLCKER WILL NOT ACCEPT 3rd TERM" is a wire headline too.
CAPITALS_PER_LOWER_CASE = 8
MAX_MIXED_LINE = 300
# A sentence of this many words with no capitalised word is text whose case was lost, as some
# wire items were sent: recased like a line in capitals.
# Tables of rates and grades are in lower case too ("uk transfer 18350.00", "us 1-3 220-250 lbs
# 51.75-52.00"): mostly words (not figures) make a line prose.
MIN_LOWER_CASE_WORDS = 12
MIN_LOWER_CASE_WORD_SHARE = 0.75
# Endings of verbs, nouns and adjectives that are seldom names ("RENEWS", "MEETING",
# "CONCERNED", "REJECTION"): such unknown words in capitals go to lower case too.
COMMON_ENDING_RE = re.compile(r"(?:s|ing|ed|tion|sion|ment|ness|ity|ance|ence|ive|ous|ly|al|ary|ic)$")

# In a line in capitals "US" after these words is the pronoun: "TOLD US", "WITH US", "LET US".
PRONOUN_BEFORE_RE = re.compile(
    r"(?:^|\W)(?:told|tell|tells|give|gives|gave|with|for|to|let|help|helps|helped|asked|asks|join|joins|against|"
    r"about|from|by|of|like|among|between|behind|before|after|without|for|show|shows|showed)\s+$"
)

# A Title Case line: short, and at least this share of its words capitalised.
TITLE_CASE_MAX_WORDS = 20
TITLE_CASE_MIN_SHARE = 0.6


def recase_capital_lines(text: str, casings: dict[str, str], *, is_headline: bool = False) -> str:
    """Return text with every line in capitals (of 2+ words) recased; other lines unchanged.

    is_headline takes the whole text as one line (a title given apart).
    """
    lines = [text] if is_headline else text.split("\n")
    recased = []
    for line in lines:
        if is_in_capitals(line) and len(line.split()) >= MIN_CAPITALS_WORDS:
            line = recase_capitals_line(line, casings)
        elif is_title_case(line):
            line = WORD_RE.sub(lambda match: lower_common_word(match.group(), casings), line)
        else:
            line = SENTENCE_RE.sub(lambda match: recase_lower_case_sentence(match.group(), casings), line)
        recased.append(line)
    return "\n".join(recased)


def recase_capitals_line(line: str, casings: dict[str, str]) -> str:
    """Return a line in capitals in the casing of rules and gazetteer, word by word.

    An unknown word keeps a capital only right after a capitalised gazetteer word, where it
    may continue a name ("HOWARD BAKER"); elsewhere it goes to lower case ("TO RENAME VOLCKER").
    """
    parts: list[str] = []
    position = 0
    is_after_name_word = False
    for match in WORD_RE.finditer(line):
        word = match.group()
        after = line[match.start() - 1:match.start()]
        recased = recase_word(word, casings, after=after)
        is_known = recased.lower() in casings or recased.lower().rstrip(".") in casings
        if recased[:1].isupper() and not is_known and not is_after_name_word:
            recased = recased.lower()
        if recased == "US" and parts and PRONOUN_BEFORE_RE.search(parts[-1] + " "):
            recased = "us"  # "TOLD US", "WITH US": the pronoun
        parts += [line[position:match.start()], recased]
        position = match.end()
        is_after_name_word = recased[:1].isupper() and line[match.end():match.end() + 1] == " "
    parts.append(line[position:])
    return "".join(parts)


def is_title_case(line: str) -> bool:
    """Return whether line is a short headline With Most Words Capitalised."""
    words = line.split()
    if not MIN_CAPITALS_WORDS < len(words) <= TITLE_CASE_MAX_WORDS:
        return False
    return sum(word[:1].isupper() for word in words) >= TITLE_CASE_MIN_SHARE * len(words)


def lower_common_word(word: str, casings: dict[str, str]) -> str:
    """Return word in lower case when it is an everyday headline word ("Says") that the gazetteer
    does not capitalise ("Minister" stays), else unchanged."""
    lower = word.lower()
    if lower not in rules.HEADLINE_COMMON_WORDS or not casings.get(lower, lower).islower():
        return word
    return lower


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
    if lower.rstrip(".") in rules.HEADLINE_COMMON_WORDS or len(word) <= 2 or COMMON_ENDING_RE.search(lower):
        return lower
    return word[0] + lower[1:]


def recase_lower_case_sentence(sentence: str, casings: dict[str, str]) -> str:
    """Return a sentence written in lower case ("peru's ... under president alan garcia's
    administration") recased like a line in capitals, since it too says nothing of which words
    are names; any other sentence unchanged."""
    if CAPITALISED_WORD_RE.search(sentence):
        return sentence
    words = sentence.split()
    if len(words) < MIN_LOWER_CASE_WORDS or sum(not DIGIT_RE.search(word) for word in words) < MIN_LOWER_CASE_WORD_SHARE * len(words):
        return sentence
    recased = recase_capitals_line(sentence, casings)
    # Short words stay as written: in lower case "us" is the pronoun ("would be repaying us"),
    # which a line in capitals cannot tell from the country. So do company words, which a line in
    # capitals keeps capitalised for its tickers: "u.s. airlines" are airlines, not a company.
    return WORD_RE.sub(
        lambda match: sentence[match.start():match.end()]
        if len(match.group()) <= 2 or match.group() in rules.CAPITALS_COMPANY_WORDS else match.group(),
        recased,
    )


def is_in_capitals(line: str) -> bool:
    """Return whether line is written in capitals, allowing a stray "3rd" or "dlrs"."""
    if line.isupper():
        return True
    if len(line) > MAX_MIXED_LINE:
        return False
    capitals = len(UPPER_CASE_RE.findall(line))
    return capitals >= 4 and capitals >= CAPITALS_PER_LOWER_CASE * len(LOWER_CASE_RE.findall(line))
