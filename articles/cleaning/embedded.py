"""Article text a page carries outside its visible markup (HTML stage 6, before the fallback).

Pages rendered by JavaScript often ship an empty shell; their text is still in the page:
JSON-LD `articleBody` (schema.org), framework state such as Next.js `__NEXT_DATA__`, or a
`<noscript>` copy for browsers without scripts. These are read only when the visible DOM
gives no article (or, for articleBody, much less than the site says its article holds).
"""

import re
from collections.abc import Iterator

from lxml import etree
from lxml import html as lxml_html

from .metadata import read_script_json
from .whitespace import normalize_space

# Script types that hold framework state as JSON (Next.js, Nuxt, Gatsby, Remix...).
JSON_SCRIPT_TYPES = frozenset({"application/json", "application/ld+json"})
STATE_SCRIPT_IDS = frozenset({"__NEXT_DATA__", "__NUXT_DATA__", "___gatsby", "__remixContext"})
# A string in framework state is article prose when it has this many words and ends a sentence
# (or is HTML with paragraphs); shorter strings are labels, teasers and settings.
STATE_PROSE_MIN_WORDS = 20
SENTENCE_END_CHARS = ".!?\"”’»)…"
HTML_IN_TEXT_RE = re.compile(r"<(?:p|br|div|h[1-6]|li)\b", re.IGNORECASE)
# Framework state is used when its prose adds up to at least a short article.
STATE_MIN_CHARS = 400


def split_body_text(body: str) -> tuple[str, ...]:
    """Return the paragraphs of an articleBody-style string (plain text or HTML)."""
    if HTML_IN_TEXT_RE.search(body):
        return html_paragraphs(body)
    return tuple(paragraph for paragraph in (normalize_space(part) for part in re.split(r"\n\s*\n|\n", body)) if paragraph)


def html_paragraphs(markup: str) -> tuple[str, ...]:
    """Return the texts of the block elements of an HTML fragment."""
    try:
        fragment = lxml_html.fragment_fromstring(markup, create_parent="div")
    except (etree.ParserError, ValueError):
        return ()
    for element in fragment.iter("br"):
        element.tail = "\n" + (element.tail or "")
    paragraphs: list[str] = []
    for element in fragment.iter("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote"):
        if not any(ancestor.tag in ("p", "li", "blockquote") for ancestor in element.iterancestors()):
            paragraphs.extend(normalize_space(line) for line in element.text_content().split("\n"))
    if not paragraphs:
        paragraphs = [normalize_space(line) for line in fragment.text_content().split("\n")]
    return tuple(paragraph for paragraph in paragraphs if paragraph)


def find_state_paragraphs(tree: lxml_html.HtmlElement) -> tuple[str, ...]:
    """Return the prose strings of the page's framework state scripts, in order, each once."""
    paragraphs: dict[str, None] = {}
    for script in tree.iter("script"):
        is_state = script.get("id") in STATE_SCRIPT_IDS or (script.get("type") or "").strip().lower() in JSON_SCRIPT_TYPES
        if not is_state or not script.text:
            continue
        try:
            data = read_script_json(script.text)
        except ValueError:
            continue  # not JSON after all; the other scripts may be
        for value in walk_strings(data):
            if HTML_IN_TEXT_RE.search(value):
                candidates: tuple[str, ...] = html_paragraphs(value)
            else:
                candidates = (normalize_space(value),)
            for candidate in candidates:
                if is_prose(candidate):
                    paragraphs.setdefault(candidate)
    found = tuple(paragraphs)
    return found if sum(map(len, found)) >= STATE_MIN_CHARS else ()


def walk_strings(data: object) -> Iterator[str]:
    """Yield every string in a JSON document, in document order."""
    if isinstance(data, str):
        yield data
    elif isinstance(data, list):
        for item in data:
            yield from walk_strings(item)
    elif isinstance(data, dict):
        for item in data.values():
            yield from walk_strings(item)


def is_prose(text: str) -> bool:
    """Return whether text reads as a paragraph of an article."""
    return len(text.split()) >= STATE_PROSE_MIN_WORDS and text[-1] in SENTENCE_END_CHARS and not text.startswith(("http", "{", "<"))


def unwrap_noscript(tree: lxml_html.HtmlElement) -> bool:
    """Replace each <noscript> of tree by its content; return whether there was any."""
    elements = list(tree.iter("noscript"))
    for element in elements:
        if len(element) == 0 and element.text and "<" in element.text:
            # In <head>, parsers keep noscript content as text: parse it as markup.
            for child in lxml_html.fragments_fromstring(element.text):
                if isinstance(child, str):
                    continue
                element.append(child)
            element.text = None
        element.drop_tag()
    return bool(elements)
