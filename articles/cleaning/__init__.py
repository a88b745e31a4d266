"""Page (HTML or plain-text dump, possibly gzipped) -> CleanPage. No Django imports here.

Stages of clean_page:
1. unpack: reject empty and binary files, gunzip by magic bytes (decoding.py);
2. decode: BOM, UTF-8 (a few bad bytes replaced, as browsers do), declared charset (meta charset
   / http-equiv), then charset-normalizer;
3. detect the shape (HTML markup anywhere in the file, or a text dump) and hand over to html.py
   or text.py;
4. strip control characters from every field, and invisible characters (whitespace.py) from every
   text field: character references (&#1;, &#8203;) and JSON-LD escapes (\u0000, \u200b, a lone
   \ud800) bring back what decoding removed, and every extractor's text (our blocks, JSON-LD,
   framework state, trafilatura) passes here.
"""

import re
from dataclasses import replace

from .decoding import decode_bytes, strip_control_characters, unpack_bytes
from .html import clean_html, parse_document
from .text import clean_text_dump
from .types import CleanPage, CleanSection, RefusalReason
from .whitespace import remove_invisible_characters

__all__ = ["CleanPage", "CleanSection", "RefusalReason", "clean_page"]

# Markup that only an HTML page starts with (a text dump's first line is its title).
HTML_START_RE = re.compile(
    r"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|div|article|p|section|main|\?xml)\b",
    re.IGNORECASE | re.DOTALL,
)
# Elements only a whole HTML document has, looked for in the whole text: pages that start with
# PHP warnings or a 50 KB <style> block put them far past the first kilobytes.
HTML_DOCUMENT_TAG_RE = re.compile(r"<(?:!doctype\s+html|html|head|body)[\s>]", re.IGNORECASE)
HTML_TAG_RE = re.compile(r"<(?:html|body|article|div|p|h1)\b[^>]*>", re.IGNORECASE)
# A text with this many closing block tags is markup, whatever it starts with.
HTML_CLOSING_TAG_RE = re.compile(r"</(?:p|div|span|a|li|td|h[1-6]|section|article)>", re.IGNORECASE)
MIN_CLOSING_TAGS = 10
HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml", ".html.gz", ".htm.gz", ".php", ".asp", ".aspx")


def clean_page(data: bytes, *, filename: str, url: str | None = None) -> CleanPage:
    """Return the title, metadata and sections of the article in one page file.

    Raises:
        CleaningError: the file is empty, binary or undecodable, or holds no article text.
    """
    text = decode_bytes(unpack_bytes(data, filename=filename), filename=filename)
    if is_html(text, filename=filename):
        return strip_page_characters(clean_html(text, filename=filename, url=url))
    return strip_page_characters(clean_text_dump(text, filename=filename, url=url))


def strip_page_characters(page: CleanPage) -> CleanPage:
    """Return the page with control characters and lone surrogates removed from every field, and
    invisible characters from every text field (a URL is kept as written)."""
    return replace(
        page,
        title=strip_text(page.title),
        source=strip_text(page.source),
        url=strip_control_characters(page.url) if page.url else page.url,
        authors=tuple(strip_text(author) for author in page.authors),
        sections=tuple(
            CleanSection(
                heading=strip_text(section.heading) if section.heading else section.heading,
                paragraphs=tuple(strip_text(paragraph) for paragraph in section.paragraphs),
            )
            for section in page.sections
        ),
    )


def strip_text(text: str) -> str:
    """Return text without control characters, lone surrogates and invisible characters."""
    return remove_invisible_characters(strip_control_characters(text))


def count_page_text(data: bytes, *, filename: str) -> int:
    """Return how many characters of visible text the page holds before cleaning (whitespace runs count as one).

    Raises:
        CleaningError: the file is empty, binary, undecodable or not parseable as HTML.
    """
    text = decode_bytes(unpack_bytes(data, filename=filename), filename=filename)
    if is_html(text, filename=filename):
        document = parse_document(text, filename=filename)
        for element in document.xpath("//script | //style | //noscript | //template | //head"):
            element.drop_tree()
        text = document.text_content()
    return len(" ".join(text.split()))


def is_html(text: str, *, filename: str) -> bool:
    """Return whether text is an HTML page rather than a plain-text dump."""
    if HTML_START_RE.match(text) or HTML_DOCUMENT_TAG_RE.search(text):
        return True
    if filename.lower().endswith(HTML_SUFFIXES) and HTML_TAG_RE.search(text):
        return True
    return len(HTML_CLOSING_TAG_RE.findall(text)) >= MIN_CLOSING_TAGS
