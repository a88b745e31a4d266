"""User query text -> a safe query string for the search engine, and the words to highlight.

Supported: words (all required), "exact phrases", OR between words, -word / NOT word to exclude,
and a trailing * for a prefix. Everything else a user types is treated as plain words, so no input
can reach the engine's own syntax unescaped.
"""

import re
from dataclasses import dataclass, field

# Long queries are cut rather than refused: 500 characters is far past any real search.
MAX_QUERY_LENGTH = 500
QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'"})
TOKEN_PATTERN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
WORD_PATTERN = re.compile(r"\w+(?:[.'-]\w+)*")


@dataclass(frozen=True)
class ParsedQuery:
    """What the engine gets and what the page shows."""

    engine_query: str  # Whoosh query syntax, every user word quoted; "*" when nothing positive was typed
    words: tuple[str, ...] = ()  # positive words and phrases, for highlighting
    prefixes: tuple[str, ...] = ()  # positive prefix words typed as wild*
    notice: str = ""  # shown to the user when their input was changed
    is_empty: bool = False

    @property
    def highlight_text(self) -> str:
        return " ".join(self.words)


def parse_user_query(text: str) -> ParsedQuery:
    """Return the engine query for what a user typed; never raises."""
    notice = ""
    text = (text or "").translate(QUOTES).strip()
    if len(text) > MAX_QUERY_LENGTH:
        text = text[:MAX_QUERY_LENGTH]
        notice = f"Your search was cut to its first {MAX_QUERY_LENGTH} characters."
    if text.count('"') % 2:
        notice = notice or "An unmatched quote was ignored."
    clauses: list[str] = []
    words: list[str] = []
    prefixes: list[str] = []
    negate_next = False
    pending_or = False
    for match in TOKEN_PATTERN.finditer(text):
        minus, phrase, bare = match.groups()
        if bare in ("OR", "|"):
            pending_or = bool(clauses)
            continue
        if bare in ("NOT", "AND", "&"):
            negate_next = bare == "NOT"
            continue
        is_negative = negate_next or bool(minus) or (bare is not None and bare.startswith("-") and len(bare) > 1)
        negate_next = False
        clause, plain, prefix = _clause_for(phrase if phrase is not None else bare.lstrip("-"), is_phrase=phrase is not None)
        if not clause:
            continue
        if is_negative:
            clauses.append(f"NOT {clause}")
        else:
            if pending_or and clauses and not clauses[-1].startswith("NOT "):
                clauses[-1] = f"({clauses[-1]} OR {clause})"
            else:
                clauses.append(clause)
            if plain:
                words.append(plain)
            else:
                prefixes.append(prefix)
        pending_or = False
    positives = [c for c in clauses if not c.startswith("NOT ")]
    if not positives:
        if not clauses:
            return ParsedQuery(engine_query="*", notice=notice, is_empty=True)
        clauses.insert(0, "*")
    return ParsedQuery(engine_query=" AND ".join(clauses), words=tuple(words), prefixes=tuple(prefixes), notice=notice)


def _clause_for(raw: str, *, is_phrase: bool) -> tuple[str, str, str]:
    """Return (engine clause, plain words, prefix) for one typed word or phrase."""
    tokens = WORD_PATTERN.findall(raw)
    if not tokens:
        return "", "", ""
    if not is_phrase and len(tokens) == 1 and raw.endswith("*") and len(tokens[0]) >= 2:
        prefix = tokens[0].lower()
        return f"{prefix}*", "", prefix
    plain = " ".join(tokens)
    return f'"{plain}"', plain, ""
