"""Matched words in <mark>: snippets for result pages and whole paragraphs for the article page.

Uses the index's own analyzer, so "ceasefires" marks "ceasefire" and "Erdogan" marks "Erdoğan".
Every piece of text is HTML-escaped here; the result is safe to insert into a page as is.
"""

from dataclasses import dataclass
from functools import lru_cache

from django.utils.safestring import SafeString, mark_safe
from whoosh.highlight import ContextFragmenter, HtmlFormatter, WholeFragmenter, highlight

from articles.search.analysis import build_text_analyzer

SNIPPET_FRAGMENTS = 3
# Characters of context around a match in a snippet; two lines of text on a phone.
SNIPPET_CONTEXT = 80


class MarkFormatter(HtmlFormatter):
    """Whoosh's HTML formatter (escapes text between and inside matches) with <mark> and no classes."""

    template = "<mark>%(t)s</mark>"
    between = " … "


@dataclass(frozen=True)
class HighlightTerms:
    terms: frozenset[str]  # analysed tokens, as the index stores them
    prefixes: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.terms or self.prefixes)

    def matches(self, token: str) -> bool:
        return token in self.terms or any(token.startswith(p) for p in self.prefixes)


@dataclass(frozen=True)
class SectionSnippet:
    position: int
    anchor: str
    heading: str
    html: SafeString
    match_count: int


@lru_cache(maxsize=1)
def _analyzer():
    return build_text_analyzer()


def highlight_terms_for(words: str, *, prefixes: tuple[str, ...] = ()) -> HighlightTerms:
    """Return the analysed tokens of the query words, ready to match against text."""
    analyzer = _analyzer()
    return HighlightTerms(terms=frozenset(t.text for t in analyzer(words)) if words else frozenset(), prefixes=prefixes)


def count_matches(text: str, terms: HighlightTerms) -> int:
    """Return how many tokens of the text match the terms."""
    return sum(1 for token in _analyzer()(text) if terms.matches(token.text))


def section_snippets(sections, terms: HighlightTerms) -> list[SectionSnippet]:
    """Return a snippet for each section that matches, best first (most matches, then earliest)."""
    snippets = []
    for section in sections:
        text = f"{section.heading}\n{section.text}" if section.heading else section.text
        count = count_matches(text, terms)
        if not count:
            continue
        html = _highlight(section.text, terms, ContextFragmenter(maxchars=400, surround=SNIPPET_CONTEXT))
        if not html:  # the match is in the heading only
            html = _escape_start(section.text)
        snippets.append(
            SectionSnippet(
                position=section.position,
                anchor=section.anchor,
                heading=section.heading,
                html=mark_safe(html),
                match_count=count,
            )
        )
    snippets.sort(key=lambda s: (-s.match_count, s.position))
    return snippets


def mark_paragraph(text: str, terms: HighlightTerms) -> SafeString:
    """Return the whole paragraph, escaped, with matched words in <mark>."""
    if terms:
        html = _highlight(text, terms, WholeFragmenter(charlimit=None))
        if html:
            return mark_safe(html)
    return mark_safe(_escape(text))


def _highlight(text: str, terms: HighlightTerms, fragmenter) -> str:
    formatter = MarkFormatter(between=MarkFormatter.between)
    matched = set(terms.terms)
    if terms.prefixes:
        matched |= {t.text for t in _analyzer()(text) if terms.matches(t.text)}
    if not matched:
        return ""
    return highlight(text, matched, _analyzer(), fragmenter, formatter, top=SNIPPET_FRAGMENTS)


def _escape(text: str) -> str:
    from django.utils.html import escape

    return escape(text)


def _escape_start(text: str) -> str:
    start = text[: SNIPPET_CONTEXT * 3]
    return _escape(start + ("…" if len(text) > len(start) else ""))
