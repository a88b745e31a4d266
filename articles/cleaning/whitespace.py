"""Whitespace in page text: runs collapsed, invisible break hints removed."""

import re

# Invisible break hints inside words: soft hyphen (also written &shy;), word joiner and BOM.
# Kept, they split words in the search index ("Bundes\xadregierung").
INVISIBLE_CHARS_RE = re.compile("[\u00ad\u2060\ufeff]")


def normalize_space(value: str) -> str:
    """Return value without invisible break hints, runs of whitespace collapsed, ends stripped."""
    # Substring tests first: str.translate and re.sub walk every character of long texts.
    if "\u00ad" in value or "\u2060" in value or "\ufeff" in value:
        value = INVISIBLE_CHARS_RE.sub("", value)
    return " ".join(value.split())
