"""Text helpers for matching: diacritic folding that keeps offsets, sentences, trie patterns."""

import re
import threading
import unicodedata
from bisect import bisect_left, bisect_right
from collections import OrderedDict
from functools import lru_cache

# Letters NFKD does not decompose, and punctuation that news sites write several ways.
SPECIAL_FOLDS = {
    "ı": "i", "İ": "I", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D",
    "ħ": "h", "Ħ": "H", "ŧ": "t", "ð": "d", "þ": "t",
    "’": "'", "‘": "'", "ʼ": "'", "ʻ": "'", "`": "'", "´": "'",
    "“": '"', "”": '"', "„": '"',
    "\u2010": "-", "\u2011": "-", "\u00ad": "-", "\u00a0": " ", "\u202f": " ", "\u2009": " ",
}


class FoldTable(dict):
    """str.translate table folding each character to one character, so offsets survive."""

    def __missing__(self, codepoint: int) -> str:
        character = chr(codepoint)
        folded = SPECIAL_FOLDS.get(character)
        if folded is None:
            base = "".join(
                part for part in unicodedata.normalize("NFKD", character)
                if not unicodedata.combining(part)
            )
            folded = base if len(base) == 1 else character
        self[codepoint] = folded
        return folded


FOLD_TABLE = FoldTable()


def fold_text(text: str) -> str:
    """Return text with diacritics removed and quotes/hyphens normalised, same length as text."""
    if text.isascii():
        return text
    return text.translate(FOLD_TABLE)


def name_key(name: str) -> str:
    """Return name as one lower-case string without diacritics, spaces and hyphens, "ibn" read as
    "bin": the ways one name is written ("Abdullah Ibn Abdul Aziz", "Abdullah bin Abdulaziz",
    "Richard Von Weizsaecker") share a key."""
    words = fold_text(name).casefold().replace("-", " ").split()
    return "".join("bin" if word == "ibn" else word for word in words)


# A sentence ends at . ! ? (optionally followed by a closing quote) before a capital or quote,
# or at a line break. Abbreviations like "U.S." before a capital are rare enough to accept.
SENTENCE_BREAK_RE = re.compile(r"""(?<=[.!?])["')\]]?\s+(?=["'(\[]?[A-Z0-9])|\n+""")


def is_other_spelling(word: str, name: str, min_letters: int) -> bool:
    """Return whether word spells name another way: the same, or (both of min_letters or more,
    same first letter) one letter added, dropped, changed or two neighbours swapped, but not a
    letter added or dropped at the end, which makes another name ("Schmid", "Schmidt")."""
    word, name = word.lower(), name.lower()
    if word == name:
        return True
    if min(len(word), len(name)) < min_letters or word[0] != name[0] or abs(len(word) - len(name)) > 1:
        return False
    if word.startswith(name) or name.startswith(word):
        return False
    return count_edits(word, name) <= 1


def count_edits(first: str, second: str) -> int:
    """Return the fewest letters added, dropped, changed or neighbours swapped that turn first
    into second (optimal string alignment distance)."""
    rows = [list(range(len(second) + 1))]
    for i, letter in enumerate(first, 1):
        row = [i]
        for j, other in enumerate(second, 1):
            cost = min(rows[-1][j] + 1, row[j - 1] + 1, rows[-1][j - 1] + (letter != other))
            if i > 1 and j > 1 and letter == second[j - 2] and first[i - 2] == other:
                cost = min(cost, rows[-2][j - 2] + 1)
            row.append(cost)
        rows.append(row)
    return rows[-1][-1]


def find_sentence_spans(text: str) -> list[tuple[int, int]]:
    """Return (start, end) offsets of the sentences of text, in order."""
    spans = []
    start = 0
    for match in SENTENCE_BREAK_RE.finditer(text):
        if match.start() > start:
            spans.append((start, match.start()))
        start = match.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans or [(0, len(text))]


def find_sentence(spans: list[tuple[int, int]], starts: list[int], offset: int) -> tuple[int, int]:
    """Return the span in spans (whose starts are given) holding offset."""
    index = max(bisect_right(starts, offset) - 1, 0)
    return spans[index]


def find_sentence_around(text: str, offset: int) -> tuple[int, int]:
    """Return the span of text's sentence holding offset, splitting text into sentences once for
    all the hits read in it: a split per hit made a page of many hits ("Georgia said so."
    repeated) cost the square of its length."""
    spans, starts = index_sentences(text)
    return find_sentence(spans, starts, offset)


def index_sentences(text: str) -> tuple[list[tuple[int, int]], list[int]]:
    """Return text's sentence spans and their starts, split once per text (see find_text_index)."""
    index = find_text_index(text)
    if "sentences" not in index:
        spans = find_sentence_spans(text)
        index["sentences"] = (spans, [span[0] for span in spans])
    return index["sentences"]


def rfind_character(text: str, character: str, end: int) -> int:
    """Return text.rfind(character, 0, end) from the positions of character, found once per
    text: rfind walks back to the start of a section without the character, so asking it for
    each hit of a long section cost the square of its length."""
    index = find_text_index(text)
    positions = index.get(character)
    if positions is None:
        positions = index[character] = [match.start() for match in re.finditer(re.escape(character), text)]
    before = bisect_left(positions, end)
    return positions[before - 1] if before else -1


# Indexes of the few texts being tagged, by the text object: the tagger holds a section as two
# equal strings (as given and recased), and a cache keyed by value would compare them in full,
# once per hit.
TEXTS_INDEXED = 8
_text_indexes: OrderedDict[int, tuple[str, dict]] = OrderedDict()
_text_indexes_lock = threading.Lock()


def find_text_index(text: str) -> dict:
    """Return the dict of indexes built for this text object, a new one if it has none."""
    with _text_indexes_lock:
        entry = _text_indexes.get(id(text))
        if entry is not None and entry[0] is text:
            _text_indexes.move_to_end(id(text))
            return entry[1]
        _text_indexes[id(text)] = entry = (text, {})
        while len(_text_indexes) > TEXTS_INDEXED:
            _text_indexes.popitem(last=False)
        return entry[1]


@lru_cache(maxsize=16)
def build_trie_pattern(phrases: tuple[str, ...]) -> str:
    """Return a regex alternation of phrases as a trie; the longest phrase at a position wins.

    Kept for the same phrases: the tagger is rebuilt from an unchanged name list often (each
    entity edit, each test database), and the trie of thousands of names costs a good part of a second."""
    trie: dict = {}
    for phrase in phrases:
        node = trie
        for character in phrase:
            node = node.setdefault(character, {})
        node[""] = {}
    return render_trie(trie) or "(?!)"


def render_trie(node: dict) -> str:
    """Return the regex for one trie node: branches first, the end of a phrase last (greedy)."""
    branches = [re.escape(character) + render_trie(child) for character, child in sorted(node.items()) if character]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" in node:
        return "(?:" + body + ")?"
    return body
