"""Whitespace in page text: runs collapsed, invisible characters inside words removed.

The query normaliser (search/query.py) removes the same INVISIBLE_CHARACTERS from what a reader
types, so a word is searched as the cleaner stored it.
"""

import re

# Characters with no width that sit inside a word: soft hyphen (also written &shy;), zero-width
# space, zero-width non-joiner, zero-width joiner, word joiner and BOM. Kept, each splits the word
# in the search index ("news\u200bpaper" is indexed as "news" and "paper"); read as a space, each
# would split it too. Deleted, the word is whole, as a reader sees and types it. The two joiners
# only steer how letters are drawn, so deleting them loses no letter: Persian and Indic letters may
# be drawn joined where the writer kept them apart (or the reverse), and an emoji sequence (a
# family, the rainbow flag) shows as its parts side by side; for search that is harmless, a split
# word is not. Spacing characters are not here: no-break spaces, U+2028/U+2029 and the other
# Unicode spaces stay spaces (str.split and the query's \s read them as spaces).
INVISIBLE_CHARACTERS = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
INVISIBLE_CHARACTERS_RE = re.compile(f"[{INVISIBLE_CHARACTERS}]")


def remove_invisible_characters(text: str) -> str:
    """Return text without INVISIBLE_CHARACTERS."""
    # Tests first, as normalize_space runs on every block of every page: isascii reads a flag of the
    # string, and re.sub walks every character of long texts.
    if not text.isascii() and any(character in text for character in INVISIBLE_CHARACTERS):
        return INVISIBLE_CHARACTERS_RE.sub("", text)
    return text


def normalize_space(value: str) -> str:
    """Return value without invisible characters, runs of whitespace collapsed, ends stripped."""
    return " ".join(remove_invisible_characters(value).split())
