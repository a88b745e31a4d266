"""Start tags too big for the HTML parser, cut to a bound before parsing; the text around them is kept.

libxml2 checks each attribute of a tag against the ones before it: 2,000 attributes cost 21 ms,
20,000 cost 1.5 s and 100,000 took three minutes (one <p> of a 1.5 MB page). No article needs more
than a few dozen attributes on an element or 10,000 characters in a tag (an inline SVG path or a
data URI, never article text), so a tag past either bound keeps its name and its first attributes
within both.
"""

import re

MAX_TAG_ATTRIBUTES = 100
MAX_TAG_CHARS = 10_000
# A tag shorter than this cannot hold more than MAX_TAG_ATTRIBUTES attributes (a name and a space each).
MIN_CHECKED_TAG_CHARS = 2 * MAX_TAG_ATTRIBUTES
# A start tag as the parser reads it: a name (letters, digits, ":", "-", "_", "."), then up to ">",
# where a quoted value after "=" runs to its closing quote across any ">". An unclosed tag runs to
# the end of the page, for the parser too. Atomic and possessive: no backtracking, one pass over the page
# (27 ms on a 1.5 MB page whose cleaning takes 1.8 s).
START_TAG_RE = re.compile(r"""<([A-Za-z][\w:.-]*+)(?>[^>="']++|=\s*+"[^"]*+"|=\s*+'[^']*+'|[="'])*+>?""")
ATTRIBUTE_RE = re.compile(r"""[^\s"'>/=]++(?:\s*+=\s*+(?:"[^"]*+"|'[^']*+'|[^\s>]*+))?+""")


def cut_oversized_tags(text: str) -> str:
    """Return the markup with every start tag past MAX_TAG_ATTRIBUTES or MAX_TAG_CHARS cut to within both."""
    return START_TAG_RE.sub(cut_tag, text)


def cut_tag(match: re.Match) -> str:
    """Return the start tag as it is when within both bounds, else its name and first attributes within them."""
    tag, name = match.group(0), match.group(1)
    if len(tag) < MIN_CHECKED_TAG_CHARS:
        return tag
    attributes = ATTRIBUTE_RE.finditer(tag, 1 + len(name))
    if len(tag) <= MAX_TAG_CHARS and sum(1 for _ in zip(attributes, range(MAX_TAG_ATTRIBUTES + 1))) <= MAX_TAG_ATTRIBUTES:
        return tag
    kept: list[str] = []
    size = len(name) + 2
    for attribute in ATTRIBUTE_RE.finditer(tag, 1 + len(name)):
        if len(kept) == MAX_TAG_ATTRIBUTES:
            break
        if size + 1 + len(attribute.group(0)) <= MAX_TAG_CHARS:
            kept.append(attribute.group(0))
            size += 1 + len(attribute.group(0))
    return "<" + " ".join([name, *kept]) + ">"
