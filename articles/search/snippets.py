"""Matched words in <mark>: snippets for result pages and whole paragraphs for the article page.

Uses the index's own analyzer, so "ceasefires" marks "ceasefire" and "Erdogan" marks "Erdoğan".
Every piece of text is HTML-escaped here; the result is safe to insert into a page as is.
One analyzer pass per text gives both the match count and the character spans to mark; Whoosh's
own highlight() analyses the text again and scores fragments, which took 3 ms a section.
"""

import re
from dataclasses import dataclass
from functools import cached_property

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from whoosh.support.charset import accent_map

from articles.search.analysis import WORD_PATTERN, shared_text_analyzer

# Two passages at most, 320 characters in all: two lines on a laptop, as the Guardian and the BBC show;
# three passages of 160 ran to eight lines on a phone.
SNIPPET_FRAGMENTS = 2
SNIPPET_MAX_CHARS = 320
# Distinct words whose analysed form is remembered (a few MB at most).
ANALYSED_WORDS_KEPT = 200_000
# Characters of context around a match in a snippet.
SNIPPET_CONTEXT = 80
FRAGMENT_SEPARATOR = " … "


@dataclass(frozen=True)
class HighlightTerms:
    terms: frozenset[str]  # analysed tokens, as the index stores them
    prefixes: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.terms or self.prefixes)

    def matches(self, token: str) -> bool:
        return token in self.terms or any(token.startswith(p) for p in self.prefixes)

    def may_occur_in(self, text: str) -> bool:
        """Return False when no term can match the text: a cheap test before the analyzer's full pass.

        A Snowball stem minus its last letter is a prefix of every word it stems from ("happi" comes
        from "happy"), but for Snowball's three exceptions "dying", "lying" and "tying" (-> "die",
        "lie", "tie"), so the probe never misses a match; it only lets some non-matches through.
        """
        folded = text.lower().translate(accent_map)
        return any(probe in folded for probe in self._probes) or any(p in folded for p in self.prefixes)

    @cached_property
    def _probes(self) -> tuple[str, ...]:
        probes = [term[:-1] for term in self.terms]
        probes += [term[:-2] + "y" for term in self.terms if term.endswith("ie")]
        return tuple(probes)


@dataclass(frozen=True)
class SectionSnippet:
    position: int
    anchor: str
    heading: str
    html: SafeString
    match_count: int
    heading_html: SafeString = mark_safe("")  # the heading escaped, matched words in <mark>


def highlight_terms_for(words: str, *, prefixes: tuple[str, ...] = ()) -> HighlightTerms:
    """Return the analysed tokens of the query words, ready to match against text."""
    analyzer = shared_text_analyzer()
    return HighlightTerms(terms=frozenset(t.text for t in analyzer(words)) if words else frozenset(), prefixes=prefixes)


_WORD_RE = re.compile(WORD_PATTERN)
_WORD_CHARACTER = re.compile(r"\w")


def match_spans(text: str, terms: HighlightTerms) -> list[tuple[int, int]]:
    """Return the (start, end) character spans of the words in text that match the terms."""
    if not terms or not terms.may_occur_in(text):
        return []
    matching = _matching_words(set(_WORD_RE.findall(text)), terms)
    if not matching:
        return []
    # Where each matching word is written, rather than every word of the text in turn: a few finds.
    spans = []
    for word in matching:
        start = text.find(word)
        while start >= 0:
            found = _WORD_RE.match(text, start)
            if found and found.end() == start + len(word) and _starts_word(text, start):
                spans.append((start, start + len(word)))
            start = text.find(word, start + 1)
    return sorted(spans)


def _starts_word(text: str, start: int) -> bool:
    """Return whether a word (WORD_PATTERN, found left to right) starts at start, not inside one ("a.b")."""
    if start == 0 or not _WORD_CHARACTER.match(text, start - 1):
        return start < 2 or text[start - 1] != "." or not _WORD_CHARACTER.match(text, start - 2)
    return False


class _WordForms:
    """Words as written, analysed one at a time, and for each analysed token the words that give it.

    The analyzer's filters (case, accents, stop words, stems) see one word at a time, so a word
    analysed alone gives what it gives in its sentence. Running the whole analyzer over every section
    of every hit was a third of a results page's time; a word repeats across pages. Knowing which
    words give a token, the words of a text that match are a set intersection.
    """

    def __init__(self) -> None:
        self.tokens: dict[str, tuple[str, ...]] = {}  # word as written -> its tokens (none for a stop word)
        self.words_of: dict[str, set[str]] = {}  # token -> the words analysed so far that give it

    def learn(self, words: set[str]) -> None:
        for word in words.difference(self.tokens):
            tokens = tuple(token.text for token in shared_text_analyzer()(word))
            for token in tokens:
                self.words_of.setdefault(token, set()).add(word)
            # Last: a word in self.tokens is already in words_of, for another thread reading both.
            self.tokens[word] = tokens


_word_forms = _WordForms()


def _matching_words(words: set[str], terms: HighlightTerms) -> set[str]:
    """Return the words (as written in a text) whose analysed form matches the terms."""
    global _word_forms
    forms = _word_forms  # this call's; past ANALYSED_WORDS_KEPT another thread may start a new one
    if len(forms.tokens) > ANALYSED_WORDS_KEPT:
        forms = _word_forms = _WordForms()
    forms.learn(words)
    matching = set()
    for term in terms.terms:
        matching |= words.intersection(forms.words_of.get(term, ()))
    if terms.prefixes:
        matching |= {word for word in words if any(map(terms.matches, forms.tokens[word]))}
    return matching


def section_snippets(sections, terms: HighlightTerms) -> list[SectionSnippet]:
    """Return a snippet for each section that matches, best first (most matches, then earliest)."""
    snippets = []
    for section in sections:
        spans = match_spans(section.text, terms)
        heading_spans = match_spans(section.heading, terms) if section.heading else []
        if not spans and not heading_spans:
            continue
        html = _fragments_html(section.text, spans) if spans else _escape_start(section.text)
        snippets.append(
            SectionSnippet(
                position=section.position,
                anchor=section.anchor,
                heading=section.heading,
                html=mark_safe(html),
                match_count=len(spans) + len(heading_spans),
                heading_html=mark_safe(_marked(section.heading or "", heading_spans, 0, len(section.heading or ""))),
            )
        )
    snippets.sort(key=lambda s: (-s.match_count, s.position))
    return snippets


def mark_paragraph(text: str, terms: HighlightTerms) -> SafeString:
    """Return the whole paragraph, escaped, with matched words in <mark>."""
    return mark_safe(_marked(text, match_spans(text, terms), 0, len(text)))


def _marked(text: str, spans: list[tuple[int, int]], start: int, end: int) -> str:
    parts, position = [], start
    for span_start, span_end in spans:
        if span_start < start or span_end > end:
            continue
        parts.append(escape(text[position:span_start]))
        parts.append(f"<mark>{escape(text[span_start:span_end])}</mark>")
        position = span_end
    parts.append(escape(text[position:end]))
    return "".join(parts)


def _fragments_html(text: str, spans: list[tuple[int, int]]) -> str:
    """Return at most SNIPPET_FRAGMENTS passages around the matches, richest first chosen, in text order.

    One "…" stands between passages and at a cut edge, never "… …"; all passages together stay within
    SNIPPET_MAX_CHARS (a long first passage is cut to it).
    """
    windows: list[list] = []  # [start, end, match count]
    for span_start, span_end in spans:
        start, end = max(0, span_start - SNIPPET_CONTEXT), min(len(text), span_end + SNIPPET_CONTEXT)
        if windows and start <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], end)
            windows[-1][2] += 1
        else:
            windows.append([start, end, 1])
    chosen: list[tuple[int, int]] = []
    budget = SNIPPET_MAX_CHARS
    for start, end, _ in sorted(windows, key=lambda w: -w[2])[:SNIPPET_FRAGMENTS]:
        start, end = _word_bounds(text, start, min(end, start + budget))
        if not any(character.isalnum() for character in text[start:end]):
            continue
        if chosen and end - start > budget:
            break
        chosen.append((start, end))
        budget -= end - start
    if not chosen:
        return _escape_start(text)
    chosen.sort()
    html = FRAGMENT_SEPARATOR.join(_marked(text, spans, start, end).strip() for start, end in chosen)
    return ("…" if chosen[0][0] > 0 else "") + html + ("…" if chosen[-1][1] < len(text) else "")


def _word_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Move a window's edges to whitespace so no word is cut in half."""
    if start > 0:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < end else start
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    return start, end


def _escape_start(text: str) -> str:
    start = text[: SNIPPET_CONTEXT * 3]
    return escape(start + ("…" if len(text) > len(start) else ""))
