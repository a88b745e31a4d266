"""User query text -> a safe query string for the search engine, and the words to highlight.

Syntax (documented on /search/help/): words (all required), "exact phrases", OR, -word / NOT word,
( ), a trailing * for a prefix, and field prefixes leader:, country:, topic:, title:, source:,
date:2023-10..2024-02 and role:"president of france" (whoever held the office on the article's date).
Every user word reaches the engine quoted, so no input can use the engine's own syntax. Malformed
input (unbalanced parentheses, nesting deeper than MAX_NESTING, a dangling operator, an unknown
leader) falls back to plain words with a notice; parsing never raises. How much work a parsed query
may ask of the engine is checked in limits.py.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from articles.cleaning.decoding import remove_bidi_embeddings
from articles.cleaning.whitespace import remove_invisible_characters
from articles.kinds import ENTITY_KINDS, LEADER, SOURCE_FACET
from articles.search.analysis import has_searchable_word

if TYPE_CHECKING:
    # Only for hints: roles.py reads the models, and the engine that imports this module must not need them.
    from articles.search.roles import KnownRole, RolePeriod

# Long queries are cut rather than refused: 500 characters is far past any real search.
MAX_QUERY_LENGTH = 500
# Parentheses deeper than this are searched as plain words; recursion past ~240 levels overflowed the stack.
MAX_NESTING = 10
# C0 and C1 control characters (but tab and newline, read as spaces), lone surrogates and the
# noncharacters U+FFFE and U+FFFF: none can go into a feed's XML (XML 1.0's Char production).
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'"})
TOKEN_PATTERN = re.compile(
    r'(?P<field>\w+):(?:"(?P<fvalue_q>[^"]*)"?|(?P<fvalue>[^\s()"]+))'
    r'|(?P<minus>-)?"(?P<phrase>[^"]*)"?'
    r"|(?P<paren>[()])"
    r'|(?P<bare>[^\s()"]+)'
)
WORD_PATTERN = re.compile(r"\w+(?:[.'-]\w+)*")
DATE_PART = r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?"
DATE_RANGE_PATTERN = re.compile(rf"^(?:{DATE_PART})?(\.\.)?(?:{DATE_PART})?$")
# Query prefix -> the index field it searches.
ENGINE_FIELDS = {
    **{kind.param: kind.field for kind in ENTITY_KINDS},
    SOURCE_FACET.param: SOURCE_FACET.field,
    "title": "title",
    "date": "day",
}

ROLE_PREFIX = "role"

# resolve(kind, typed value) -> the engine value (a slug, or the exact source name), or "" if none.
Resolver = Callable[[str, str], str]
# resolve_role(typed role name) -> the role and its holders, or None if it names no role.
RoleResolver = Callable[[str], "KnownRole | None"]


@dataclass(frozen=True)
class ParsedQuery:
    """What the engine gets and what the page shows."""

    engine_query: str  # engine query syntax; "*" when nothing positive was typed
    words: tuple[str, ...] = ()  # positive words and phrases, for highlighting
    prefixes: tuple[str, ...] = ()  # positive prefix words typed as wild*
    notice: str = ""  # shown to the user when their input was changed
    is_empty: bool = False
    text: str = ""  # the query as typed (normalised quotes)
    roles: tuple[KnownRole, ...] = ()  # roles typed as role:"...", for "searched for these holders"
    # Field prefixes that must all apply, as (URL parameter, resolved value): leader:putin gives
    # ("leader", "vladimir-putin"). Only those outside OR groups and negations.
    required_fields: tuple[tuple[str, str], ...] = ()
    is_only_fields: bool = False  # nothing but required field prefixes: leader:putin country:israel
    term_count: int = 0  # words, phrase words and field values the engine must look up
    wildcards: tuple[str, ...] = ()  # every prefix typed as wild*, negated ones too
    all_words: tuple[str, ...] = ()  # every word the engine looks up, negated ones too (not wildcards)
    # Nothing but words the text analyzer drops ("the", "of the"): on Whoosh such a search matches nothing.
    is_common_words_only: bool = False

    @property
    def highlight_text(self) -> str:
        return " ".join(self.words)


class QuerySyntaxError(Exception):
    """Internal: the typed syntax cannot be used as written; parse_user_query falls back."""


def parse_user_query(
    text: str, *, resolve: Resolver | None = None, resolve_role: RoleResolver | None = None
) -> ParsedQuery:
    """Return the engine query for what a user typed; never raises."""
    notices = []
    text = normalize_query_text(text or "").translate(QUOTES).strip()
    if len(text) > MAX_QUERY_LENGTH:
        text = text[:MAX_QUERY_LENGTH]
        notices.append(f"Your search was cut to its first {MAX_QUERY_LENGTH} characters.")
    if text.count('"') % 2:
        notices.append("An unmatched quote was ignored.")
    parser = _Parser(list(TOKEN_PATTERN.finditer(text)), resolve=resolve, resolve_role=resolve_role)
    try:
        clauses = parser.parse()
        words, prefixes, roles = parser.words, parser.prefixes, parser.roles
        term_count, wildcards, all_words = parser.term_count, tuple(parser.wildcards), tuple(parser.all_words)
        notices.extend(parser.notices)
        is_common_words_only = bool(words) and len(words) == len(clauses) and not any(map(has_searchable_word, words))
    except QuerySyntaxError as error:
        notices.append(f"{error} Searched for the words instead.")
        is_common_words_only = False
        words, prefixes, roles = WORD_PATTERN.findall(text), [], []
        term_count, wildcards, all_words = len(words), (), tuple(words)
        clauses = [f'"{word}"' for word in words]
    positives = [c for c in clauses if not c.startswith("NOT ")]
    if not clauses:
        return ParsedQuery(engine_query="*", notice=" ".join(notices), is_empty=True, text=text, term_count=term_count)
    required = tuple(pair for pair, clause in parser.field_clauses if clause in clauses)
    if not positives:
        clauses.insert(0, "*")
    return ParsedQuery(
        engine_query=" AND ".join(clauses),
        words=tuple(words),
        prefixes=tuple(prefixes),
        notice=" ".join(notices),
        text=text,
        roles=tuple(roles),
        required_fields=required,
        is_only_fields=bool(required) and len(required) == len(clauses),
        term_count=term_count,
        wildcards=wildcards,
        all_words=all_words,
        is_common_words_only=is_common_words_only,
    )


def normalize_query_text(text: str) -> str:
    """Return typed text as it is searched and shown: invisible characters and bidi embeddings removed (as the
    cleaner removes them from page text, so a word pasted with a soft hyphen inside finds the word a page stores,
    and a query shown on a page cannot reorder it), control characters as spaces."""
    return remove_control_characters(remove_bidi_embeddings(remove_invisible_characters(text)))


def remove_control_characters(text: str) -> str:
    """Return text with control characters replaced by spaces (XML, logs and the engine refuse them)."""
    return CONTROL_CHARACTERS.sub(" ", text)


class _Parser:
    """Recursive descent over the tokens: sequence := unit+; unit := [NOT] atom (OR [NOT] atom)*."""

    def __init__(self, tokens: list[re.Match], *, resolve: Resolver | None, resolve_role: RoleResolver | None):
        self.tokens = tokens
        self.position = 0
        self.resolve = resolve
        self.resolve_role = resolve_role
        self.roles: list[KnownRole] = []
        self.words: list[str] = []
        self.prefixes: list[str] = []
        self.notices: list[str] = []
        self.field_clauses: list[tuple[tuple[str, str], str]] = []  # ((param, value), engine clause)
        self.term_count = 0
        self.wildcards: list[str] = []
        self.all_words: list[str] = []

    def parse(self) -> list[str]:
        clauses = self._sequence(depth=0)
        if self.position < len(self.tokens):
            raise QuerySyntaxError("A closing parenthesis has no opening one.")
        return clauses

    def _peek(self) -> re.Match | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def _sequence(self, *, depth: int) -> list[str]:
        clauses = []
        while (token := self._peek()) is not None:
            if token["paren"] == ")":
                if depth == 0:
                    raise QuerySyntaxError("A closing parenthesis has no opening one.")
                break
            if token["bare"] in ("AND", "&&"):
                self.position += 1
                continue
            unit = self._unit(depth=depth)
            if unit:
                clauses.append(unit)
        return clauses

    def _unit(self, *, depth: int) -> str:
        alternatives = [self._negatable(depth=depth)]
        while (token := self._peek()) is not None and token["bare"] in ("OR", "||", "|"):
            self.position += 1
            following = self._peek()
            if following is None or following["paren"] == ")":
                raise QuerySyntaxError("OR has nothing after it.")
            alternatives.append(self._negatable(depth=depth))
        alternatives = [a for a in alternatives if a]
        if len(alternatives) > 1:
            return "(" + " OR ".join(alternatives) + ")"
        return alternatives[0] if alternatives else ""

    def _negatable(self, *, depth: int) -> str:
        token = self._peek()
        negated = False
        if token is not None and token["bare"] in ("NOT", "-"):
            negated = True
            self.position += 1
            following = self._peek()
            if following is None or following["paren"] == ")":
                raise QuerySyntaxError(f"{token['bare']} has nothing after it.")
            token = self._peek()
        elif token is not None and (token["minus"] or (token["bare"] or "").startswith("-")):
            negated = True
        clause = self._atom(depth=depth, is_negated=negated)
        return f"NOT {clause}" if negated and clause else clause

    def _atom(self, *, depth: int, is_negated: bool) -> str:
        token = self._peek()
        if token is None:
            raise QuerySyntaxError("The query ends where a word, phrase or field was expected.")
        self.position += 1
        if token["paren"] == ")":
            raise QuerySyntaxError("A closing parenthesis has no opening one.")
        if token["paren"] == "(":
            if depth >= MAX_NESTING:
                raise QuerySyntaxError(f"Parentheses are nested more than {MAX_NESTING} deep.")
            inner = self._sequence(depth=depth + 1)
            closing = self._peek()
            if closing is None or closing["paren"] != ")":
                raise QuerySyntaxError("An opening parenthesis is not closed.")
            self.position += 1
            return "(" + " AND ".join(inner) + ")" if inner else ""
        if token["field"] is not None:
            value = token["fvalue_q"] if token["fvalue_q"] is not None else token["fvalue"]
            return self._field_clause(token["field"], value, raw=token.group(0), is_negated=is_negated)
        if token["phrase"] is not None:
            if "*" in token["phrase"]:
                self.notices.append(f"A * inside quotes is not a wildcard: searched for the exact phrase “{token['phrase']}”.")
            return self._text_clause(token["phrase"], is_phrase=True, is_negated=is_negated)
        return self._text_clause(token["bare"].lstrip("-"), is_phrase=False, is_negated=is_negated)

    def _text_clause(self, raw: str, *, is_phrase: bool, is_negated: bool, field: str = "") -> str:
        tokens = WORD_PATTERN.findall(raw)
        if not tokens:
            return ""
        prefix = f"{field}:" if field else ""
        self.term_count += len(tokens)
        if not is_phrase and len(tokens) == 1 and raw.endswith("*") and len(tokens[0]) >= 2:
            self.wildcards.append(tokens[0].lower())
            if not is_negated:
                self.prefixes.append(tokens[0].lower())
            return f"{prefix}{tokens[0].lower()}*"
        plain = " ".join(tokens)
        if not is_phrase and "*" in raw:
            self.notices.append(
                f"“{raw}” is not a prefix search: a * goes only at the end of one word of at least 2 letters "
                f"(gaz*); searched for “{plain}” instead."
            )
        self.all_words.extend(tokens)
        if not is_negated:
            self.words.append(plain)
        return f'{prefix}"{plain}"'

    def _field_clause(self, name: str, value: str, *, raw: str, is_negated: bool) -> str:
        name = name.lower()
        if name == ROLE_PREFIX:
            return self._role_clause(value, is_negated=is_negated)
        if name not in ENGINE_FIELDS:
            # "Note: 2024" or "http://…" are words, not fields.
            return self._text_clause(raw, is_phrase=True, is_negated=is_negated)
        if name == "title":
            if "*" in value:
                self.notices.append(f"title: takes whole words, not prefixes: searched the titles for “{value.replace('*', ' ').strip()}”.")
            return self._text_clause(value, is_phrase=True, is_negated=is_negated, field="title")
        if name == "date":
            return date_range_clause(value)
        self.term_count += 1
        resolved = self.resolve(name, value) if self.resolve and value.strip() else ""
        if not resolved:
            self.notices.append(f"No {name} matches “{value}”; searched for it as words.")
            return self._text_clause(value, is_phrase=True, is_negated=is_negated)
        clause = f'{ENGINE_FIELDS[name]}:"{resolved}"'
        self.field_clauses.append(((name, resolved), clause))
        return clause

    def _role_clause(self, value: str, *, is_negated: bool) -> str:
        role = self.resolve_role(value) if self.resolve_role and value.strip() else None
        if role is None:
            self.notices.append(
                f"No role matches “{value}”; name an office and a country or organisation, "
                f'e.g. role:"president of france" or role:"UN Secretary-General". Searched for it as words.'
            )
            return self._text_clause(value, is_phrase=True, is_negated=is_negated)
        if role not in self.roles:
            self.roles.append(role)
        return role_clause(role)


def role_clause(role: KnownRole) -> str:
    """Return the engine query for articles that mention a holder of the role dated within their time in it."""
    alternatives = [
        f'({LEADER.field}:"{period.leader_slug}" AND {held_range_clause(period)})' for period in role.periods
    ]
    return "(" + " OR ".join(alternatives) + ")"


def held_range_clause(period: RolePeriod) -> str:
    """Return the engine range over the dates of a time in office, exact to the day where the days are known.

    Whole years are ranged over the index's "year" field and only a first or last year whose day is
    known over the "day" field: a few dozen year terms instead of thousands of day terms
    (role:"president of the united states" 55 ms instead of 220 ms at 20,000 articles).
    """
    if period.start_day and period.end_day and period.start_day.year == period.end_day.year:
        return day_range_clause(period.start_day, period.end_day)
    first_whole_year = period.start_day.year + 1 if period.start_day else period.start_year
    last_whole_year = period.end_day.year - 1 if period.end_day else period.end_year
    parts = []
    if period.start_day:
        parts.append(day_range_clause(period.start_day, date(period.start_day.year, 12, 31)))
    if first_whole_year is None or last_whole_year is None or first_whole_year <= last_whole_year:
        parts.append(year_range_clause(first_whole_year, last_whole_year))
    if period.end_day:
        parts.append(day_range_clause(date(period.end_day.year, 1, 1), period.end_day))
    return parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")"


def year_range_clause(start_year: int | None, end_year: int | None) -> str:
    """Return the engine range over the index's "year" field, either end open."""
    return f"year:[{start_year or '0000'} TO {end_year or '9999'}]"


def date_range_clause(value: str) -> str:
    """Return the engine range for 2023, 2023-10, 2023-10-05, 2023-10..2024-02, ..2024 or 2023.."""
    match = DATE_RANGE_PATTERN.match(value.strip())
    if not match or not (match.group(1) or match.group(5)):
        raise QuerySyntaxError(f"“date:{value}” is not a date range; write e.g. date:2023-10..2024-02.")
    is_range = bool(match.group(4))
    start = _date_bound(match.group(1), match.group(2), match.group(3), is_end=False)
    end_parts = match.group(5, 6, 7) if is_range else match.group(1, 2, 3)
    end = _date_bound(*end_parts, is_end=True)
    if start and end and start > end:
        raise QuerySyntaxError(f"“date:{value}” ends before it starts.")
    return day_range_clause(start, end)


def day_range_clause(start: date | None, end: date | None) -> str:
    """Return the engine range over the index's "day" field (YYYYMMDD), either end open."""
    low = day_key(start) if start else "00000000"
    high = day_key(end) if end else "99991231"
    return f"day:[{low} TO {high}]"


def day_key(day: date) -> str:
    """Return the day as YYYYMMDD, the year zero-padded: strftime("%Y") gives "999" for 999, which sorts after "2024"."""
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"


def _date_bound(year: str | None, month: str | None, day: str | None, *, is_end: bool) -> date | None:
    if not year:
        return None
    try:
        if day and month:
            return date(int(year), int(month), int(day))
        if month:
            last = calendar.monthrange(int(year), int(month))[1] if is_end else 1
            return date(int(year), int(month), last)
        return date(int(year), 12, 31) if is_end else date(int(year), 1, 1)
    except ValueError:
        typed = "-".join(part for part in (year, month, day) if part)
        raise QuerySyntaxError(f"“{typed}” is not a calendar date.") from None
