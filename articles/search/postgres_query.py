"""The PostgreSQL engine's query language: haystack query text -> a tree -> one SQL statement per page.

articles.search.query writes the same engine query text for every engine (words, "phrases", prefix*,
title:, leaders:/countries:/topics:/source: values, day:[a TO b], AND, OR, NOT, -, ( ), *). Here it is
parsed into a small tree, the words of the tree become one tsquery (analysed by PostgreSQL itself, so
queries and documents see the same lexemes) and the fields SQL conditions, and build_page_sql() turns
that into the statement that returns a page, its exact total and every facet count.
"""

import calendar
import json
import re
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date
from threading import Lock

from haystack.constants import DJANGO_CT, DJANGO_ID, ID
from haystack.exceptions import SearchBackendError

from articles.search.postgres_sql import (
    DOCUMENT_TABLE,
    FACET_SET_TABLE,
    FACET_TABLE,
    TAG_CODE_KINDS,
    TAG_CODE_OF,
    TAG_TABLES,
    TEXT_CONFIG,
)

ARTICLE_CONTENT_TYPE = "articles.article"
ARRAY_FIELDS = ("leaders", "countries", "topics")
# Facets over the publication date, as the Whoosh index stores them.
DATE_FACETS = {"year": "YYYY", "month": "YYYY-MM", "day": "YYYYMMDD"}
TAG_ENTITY_TABLES = {name: entity for _through, _column, entity, name in TAG_TABLES}
SORT_COLUMNS = {"published": "published", "title": "title", "slug": "slug", "source": "source", "id": "article_id"}
TEXT_FIELDS = ("", "text", "content", "title", "vocabulary")
# ts_rank's normalisation 1 divides by 1 + log(document length): long articles do not win by size.
RANK_NORMALISATION = 1
# Matches ranked in full; above, only the best RANK_CANDIDATES by title score and date (build_page_sql).
EXACT_RANK_LIMIT = 2000
RANK_CANDIDATES = 200
# Lexeme -> tsquery text, per process; user queries repeat a small set of words.
ANALYSED_CACHE_SIZE = 10000
TOKEN_PATTERN = re.compile(
    r"(?P<range>(?P<rfield>\w+):[\[{](?P<low>[^\s\]}]*)\s*(?:TO|to)\s*(?P<high>[^\]}]*)[\]}])"
    r"|(?P<field>\w+):"
    r'|"(?P<phrase>[^"]*)"?'
    r"|(?P<open>\()|(?P<close>\))"
    r'|(?P<word>[^\s()"]+)'
)
LEXEME_PATTERN = re.compile(r"'(?:[^']|'')*'")
PREFIX_CHARACTERS = re.compile(r"[^\w]+")


# -- the query text -> a tree ---------------------------------------------------------------------
# Nodes: ("every",), ("text", field, text, is_prefix), ("value", field, value),
# ("range", field, low, high), ("and", [nodes]), ("or", [nodes]), ("not", node).


def parse_engine_query(text: str) -> tuple:
    """Return the tree of a haystack query text: words, "phrases", prefix*, field:value, field:[a TO b],
    AND, OR, NOT, -, ( ), and * for every document. Never raises: unbalanced input is read as far as it goes."""
    tokens = list(TOKEN_PATTERN.finditer(text))
    parser = _EngineQueryParser(tokens)
    node = parser.parse_or(field="")
    return node if node is not None else ("every",)


class _EngineQueryParser:
    def __init__(self, tokens):
        self.tokens = tokens
        self.position = 0

    def peek(self):
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def parse_or(self, *, field: str):
        alternatives = [self.parse_and(field=field)]
        while (token := self.peek()) is not None and token["word"] in ("OR", "||"):
            self.position += 1
            alternatives.append(self.parse_and(field=field))
        alternatives = [a for a in alternatives if a is not None]
        if not alternatives:
            return None
        return alternatives[0] if len(alternatives) == 1 else ("or", alternatives)

    def parse_and(self, *, field: str):
        parts = []
        while (token := self.peek()) is not None and not token["close"] and token["word"] not in ("OR", "||"):
            if token["word"] in ("AND", "&&"):
                self.position += 1
                continue
            node = self.parse_unary(field=field)
            if node is not None:
                parts.append(node)
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else ("and", parts)

    def parse_unary(self, *, field: str):
        token = self.peek()
        if token["word"] in ("NOT", "-", "!"):
            self.position += 1
            if self.peek() is None:
                return None
            inner = self.parse_unary(field=field)
            return ("not", inner) if inner is not None else None
        if token["word"] and token["word"].startswith("-") and len(token["word"]) > 1:
            self.position += 1
            return ("not", _word_node(field, token["word"][1:]))
        return self.parse_atom(field=field)

    def parse_atom(self, *, field: str):
        token = self.peek()
        self.position += 1
        if token["open"]:
            inner = self.parse_or(field=field)
            if self.peek() is not None and self.peek()["close"]:
                self.position += 1
            return inner
        if token["close"]:
            return None
        if token["range"]:
            return ("range", token["rfield"], token["low"], token["high"])
        if token["field"]:
            if self.peek() is None:
                return None
            return self.parse_unary(field=token["field"])
        if token["phrase"] is not None:
            return ("text", field, token["phrase"], False) if _is_text_field(field) else ("value", field, token["phrase"])
        return _word_node(field, token["word"])


def _word_node(field: str, word: str):
    if word == "*":
        return ("every",)
    if not _is_text_field(field):
        return ("value", field, word)
    if word.endswith("*") and len(word) > 1:
        return ("text", field, word.rstrip("*"), True)
    return ("text", field, word, False)


def _is_text_field(field: str) -> bool:
    return field in TEXT_FIELDS


# -- the tree -> SQL ----------------------------------------------------------------------------------


@dataclass
class CompiledQuery:
    where: str = "TRUE"
    params: list = field(default_factory=list)
    rank_query: str = ""  # tsquery text of the positive words, for ts_rank; "" when nothing to rank
    is_nothing: bool = False
    # A query of NOT parts only, leaving out fewer than half the documents: the condition (SQL,
    # params) of those (every other document matches; build_page_sql counts the facets by difference).
    excluded: tuple[str, list] | None = None


# Compiled parts: ("every",), ("nothing",), ("skip",) for words that are all stop words,
# ("tsquery", text), ("sql", text, params).


class Compiler:
    """Turns query trees into one WHERE clause: words become one tsquery, fields SQL conditions."""

    def __init__(self, cursor):
        self.cursor = cursor
        self.positive: list[str] = []

    def compile_all(self, nodes: list[tuple]) -> CompiledQuery:
        compiled = self._compile_where(nodes)
        if not compiled.is_nothing:
            excluded = self._excluded(nodes)
            if excluded is not None and is_few_documents(self.cursor, condition=excluded[0], params=excluded[1]):
                compiled.excluded = excluded
        return compiled

    def _compile_where(self, nodes: list[tuple]) -> CompiledQuery:
        analysed = analyse_texts(self.cursor, _texts_of(nodes))
        self.analysed = analysed
        part = self._and([self._compile(node, is_negated=False) for node in nodes])
        rank_query = " | ".join(f"({t})" for t in dict.fromkeys(self.positive))
        if part[0] in ("nothing", "skip"):
            return CompiledQuery(is_nothing=True)
        if part[0] == "every":
            return CompiledQuery(rank_query=rank_query)
        if part[0] == "tsquery":
            negated = _negated_tsquery(part[1]) if not self.positive else None
            if negated:
                # Only NOT words ("where -telling", "where" a stop word): GIN would read its whole index to
                # list every document without the word (0.4 s at 100,000 articles); the documents with
                # it are a short bitmap, and the rest are found by a hashed NOT IN.
                return CompiledQuery(
                    where=f"article_id NOT IN (SELECT article_id FROM {DOCUMENT_TABLE} WHERE vector @@ %s::tsquery)",
                    params=[negated],
                    rank_query=rank_query,
                )
            return CompiledQuery(where="vector @@ %s::tsquery", params=[part[1]], rank_query=rank_query)
        return CompiledQuery(where=part[1], params=part[2], rank_query=rank_query)

    def _excluded(self, nodes: list[tuple]) -> tuple[str, list] | None:
        """Return the condition (SQL, params) of the documents a query of NOT parts only leaves out, else None.

        "where -telling" ("where" a stop word), "NOT story_copy:later" (the stories listing) and both
        together are such queries: every document matches but those meeting one of the negated parts.
        Run after _compile_where (it reads the analysed words).
        """
        negated = []
        for node in _conjuncts(nodes):
            if node[0] == "not":
                negated.append(self._compile(node[1], is_negated=True))
            elif self._compile(node, is_negated=False)[0] not in ("every", "skip"):
                return None
        part = self._or(negated) if negated else ("skip",)
        if part[0] == "tsquery":
            return "vector @@ %s::tsquery", [part[1]]
        if part[0] == "sql":
            return part[1], part[2]
        return None

    def _compile(self, node: tuple, *, is_negated: bool) -> tuple:  # noqa: C901 (one decision list read top to bottom; to be split)
        kind = node[0]
        if kind == "every":
            return ("every",)
        if kind == "text":
            _, name, text, is_prefix = node
            tsquery = self.analysed.get((text, is_prefix), "")
            if not tsquery:
                return ("skip",)
            if name == "title":
                tsquery = LEXEME_PATTERN.sub(lambda m: m.group(0) + ":A", tsquery).replace(":A:*", ":*A")
            if not is_negated:
                self.positive.append(tsquery)
            return ("tsquery", tsquery)
        if kind == "and":
            return self._and([self._compile(child, is_negated=is_negated) for child in node[1]])
        if kind == "or":
            return self._or([self._compile(child, is_negated=is_negated) for child in node[1]])
        if kind == "not":
            inner = self._compile(node[1], is_negated=not is_negated)
            if inner[0] == "every":
                return ("nothing",)
            if inner[0] == "nothing":
                return ("every",)
            if inner[0] == "skip":
                return ("skip",)
            if inner[0] == "tsquery":
                return ("tsquery", f"!({inner[1]})")
            return ("sql", f"NOT ({inner[1]})", inner[2])
        if kind == "value":
            return _value_condition(node[1], node[2])
        if kind == "range":
            return _range_condition(node[1], node[2], node[3])
        raise SearchBackendError(f"Unknown query node {node!r}.")

    def _and(self, parts: list[tuple]) -> tuple:
        if any(p[0] == "nothing" for p in parts):
            return ("nothing",)
        kept = [p for p in parts if p[0] in ("tsquery", "sql")]
        if not kept:
            return ("every",) if any(p[0] == "every" for p in parts) else ("skip",)
        tsqueries = [p[1] for p in kept if p[0] == "tsquery"]
        conditions = [p for p in kept if p[0] == "sql"]
        if not conditions:
            return ("tsquery", " & ".join(f"({t})" for t in tsqueries))
        sql = [c[1] for c in conditions]
        params = [value for c in conditions for value in c[2]]
        if tsqueries:
            sql.insert(0, "vector @@ %s::tsquery")
            params.insert(0, " & ".join(f"({t})" for t in tsqueries))
        return ("sql", " AND ".join(f"({s})" for s in sql), params)

    def _or(self, parts: list[tuple]) -> tuple:
        if any(p[0] == "every" for p in parts):
            return ("every",)
        kept = [p for p in parts if p[0] in ("tsquery", "sql")]
        if not kept:
            return ("skip",) if any(p[0] == "skip" for p in parts) else ("nothing",)
        if all(p[0] == "tsquery" for p in kept):
            return ("tsquery", " | ".join(f"({p[1]})" for p in kept))
        sql, params = [], []
        for part in kept:
            if part[0] == "tsquery":
                sql.append("vector @@ %s::tsquery")
                params.append(part[1])
            else:
                sql.append(part[1])
                params += part[2]
        return ("sql", " OR ".join(f"({s})" for s in sql), params)


def is_few_documents(cursor, *, condition: str, params: list) -> bool:
    """Return whether the planner expects fewer than half the documents to meet the condition.

    Picks how a query of NOT words only is counted, never what it answers: both ways are exact. The
    estimate comes from the statistics ANALYZE keeps of the vectors' most common lexemes (EXPLAIN,
    about 0.2 ms); subtracting from the whole-archive counts pays while what is left out is the
    smaller part ("-said" leaves out 78% of an archive of news: counting the rest is cheaper).
    """
    cursor.execute(f"EXPLAIN (FORMAT JSON) SELECT 1 FROM {DOCUMENT_TABLE} WHERE {condition}", params)
    matching = cursor.fetchone()[0]
    cursor.execute(f"EXPLAIN (FORMAT JSON) SELECT 1 FROM {DOCUMENT_TABLE}")
    documents = cursor.fetchone()[0]
    return _plan_rows(matching) * 2 < _plan_rows(documents)


def _plan_rows(plan) -> float:
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return float(plan[0]["Plan"]["Plan Rows"])


def _conjuncts(nodes: list[tuple]) -> list[tuple]:
    """Return the parts that must all hold: the nodes, with every AND among them opened."""
    found = []
    for node in nodes:
        found += _conjuncts(node[1]) if node[0] == "and" else [node]
    return found


def _negated_tsquery(tsquery: str) -> str | None:
    """Return X when the tsquery text is !(X) (in any number of outer parentheses), else None."""
    text = tsquery.strip()
    while text.startswith("(") and _closing_parenthesis(text, 0) == len(text) - 1:
        text = text[1:-1].strip()
    if text.startswith("!(") and _closing_parenthesis(text, 1) == len(text) - 1:
        return text[2:-1]
    return None


def _closing_parenthesis(text: str, opening: int) -> int:
    depth = 0
    is_quoted = False
    for position in range(opening, len(text)):
        character = text[position]
        if character == "'":
            is_quoted = not is_quoted  # '' inside a lexeme toggles twice
        elif not is_quoted and character == "(":
            depth += 1
        elif not is_quoted and character == ")":
            depth -= 1
            if depth == 0:
                return position
    return -1


def _value_condition(name: str, value: str) -> tuple:
    if name in ARRAY_FIELDS:
        return ("sql", f"{name} @> ARRAY[%s]::text[]", [value])
    if name in ("source", "slug", "story", "story_copy"):
        return ("sql", f"{name} = %s", [value])
    if name == DJANGO_CT:
        return ("every",) if value == ARTICLE_CONTENT_TYPE else ("nothing",)
    if name in (DJANGO_ID, "pk"):
        return ("sql", "article_id = %s", [int(value)]) if value.isdigit() else ("nothing",)
    if name == ID:
        content_type, _, pk = value.rpartition(".")
        return ("sql", "article_id = %s", [int(pk)]) if content_type == ARTICLE_CONTENT_TYPE and pk.isdigit() else ("nothing",)
    if name in DATE_FACETS or name == "published":
        return _range_condition(name, value, value)
    raise SearchBackendError(
        f"Cannot search the field '{name}' on the PostgreSQL engine; it knows text, title, leaders, countries, "
        f"topics, source, slug, story, story_copy, published, year, month and day."
    )


def _range_condition(name: str, low: str, high: str) -> tuple:
    if name not in ("day", "year", "month", "published"):
        raise SearchBackendError(f"Cannot take a range of the field '{name}'; ranges work on day, year, month and published.")
    start, end = date_bound(low, is_end=False), date_bound(high, is_end=True)
    conditions, params = [], []
    if start:
        conditions.append("published >= %s")
        params.append(start)
    if end:
        conditions.append("published <= %s")
        params.append(end)
    if not conditions:
        return ("sql", "published IS NOT NULL", [])
    return ("sql", " AND ".join(conditions), params)


def date_bound(text: str, *, is_end: bool) -> date | None:
    """Return the date a range bound names: YYYYMMDD, YYYY-MM-DD[Thh…], YYYY-MM or YYYY; None when open."""
    digits = re.sub(r"\D", "", text.strip().strip('"')[:10])
    if not digits or set(digits) == {"0"} or digits.startswith("9999"):
        return None
    try:
        if len(digits) >= 8:
            return date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
        if len(digits) == 6:
            year, month = int(digits[:4]), int(digits[4:6])
            return date(year, month, calendar.monthrange(year, month)[1] if is_end else 1)
        if len(digits) == 4:
            return date(int(digits), 12, 31) if is_end else date(int(digits), 1, 1)
    except ValueError:
        pass
    raise SearchBackendError(f"'{text}' is not a date bound; use YYYYMMDD, YYYY-MM-DD, YYYY-MM or YYYY.")


def _texts_of(nodes) -> set[tuple[str, bool]]:
    found = set()
    for node in nodes:
        if node[0] == "text":
            found.add((node[2], node[3]))
        elif node[0] in ("and", "or"):
            found |= _texts_of(node[1])
        elif node[0] == "not":
            found |= _texts_of([node[1]])
    return found


_ANALYSED: "OrderedDict[tuple[str, bool], str]" = OrderedDict()
_ANALYSED_LOCK = Lock()


def analyse_texts(cursor, texts: set[tuple[str, bool]]) -> dict[tuple[str, bool], str]:
    """Return each (text, is_prefix)'s tsquery text as PostgreSQL analyses it ("" for stop words only).

    A phrase becomes lexemes joined by <-> (followed-by); a prefix is folded but not stemmed, as
    Whoosh's prefix queries match the indexed stems.
    """
    found, wanted = {}, []
    with _ANALYSED_LOCK:
        for key in texts:
            if key in _ANALYSED:
                found[key] = _ANALYSED[key]
            else:
                wanted.append(key)
    if not wanted:
        return found
    cursor.execute(
        f"SELECT t, p, CASE WHEN p THEN unaccent(lower(t)) ELSE phraseto_tsquery('{TEXT_CONFIG}', t)::text END"
        " FROM unnest(%s::text[], %s::boolean[]) AS x(t, p)",
        [[text for text, _ in wanted], [is_prefix for _, is_prefix in wanted]],
    )
    for text, is_prefix, analysed in cursor.fetchall():
        if is_prefix:
            word = PREFIX_CHARACTERS.sub("", analysed)
            analysed = "'" + word.replace("'", "''") + "':*" if word else ""
        found[(text, is_prefix)] = analysed
    with _ANALYSED_LOCK:
        for key in wanted:
            _ANALYSED[key] = found[key]
        while len(_ANALYSED) > ANALYSED_CACHE_SIZE:
            _ANALYSED.popitem(last=False)
    return found


def build_page_sql(compiled: CompiledQuery, *, sort_by, start_offset: int, end_offset, facets) -> tuple[str, list]:
    """Return one statement answering a page: its hits with stored fields, the exact total and each facet's counts.

    Rows: (kind, value, score, count, stored), kind "hit" (in page order), "total" or a facet name.

    A page matching the whole archive, or all of it but the documents of some NOT words, counts
    nothing over its matches: see _build_archive_page_sql.

    Relevance is ts_rank over the whole document, which must read (and decompress) each document's
    vector: for a common word that is most of the time of a page. Up to EXACT_RANK_LIMIT matches,
    every match is ranked; above, the matches are first ordered by a cheap score (ts_rank over the
    small title vector, then newest) and the best RANK_CANDIDATES of those are ranked in full. Totals
    and facets always count every match.
    """
    is_ranked = bool(compiled.rank_query) and not sort_by
    if not is_ranked and (compiled.where == "TRUE" or compiled.excluded is not None):
        return _build_archive_page_sql(compiled, sort_by=sort_by, start_offset=start_offset, end_offset=end_offset, facets=facets)
    order = _order_by(sort_by, has_rank=is_ranked)
    # The columns a sort needs beyond those counted (matched always holds article_id, published, facet_set).
    extra_columns = "".join(
        f", {SORT_COLUMNS[o.lstrip('-')]}" for o in sort_by or () if o.lstrip("-") in ("title", "slug", "source")
    )
    params: list = []
    if is_ranked:
        extra_columns += ", ts_rank(title_vector, %s::tsquery) AS title_score"
        params.append(compiled.rank_query)
    params += compiled.params
    limit = None if end_offset is None else max(0, end_offset - start_offset)
    candidates = None if end_offset is None else max(RANK_CANDIDATES, end_offset)
    ctes = [
        f"matched AS MATERIALIZED (SELECT article_id, published, facet_set{extra_columns}"
        f" FROM {DOCUMENT_TABLE} WHERE {compiled.where})"
    ]
    if is_ranked:
        ctes += [
            f"""candidates AS (SELECT article_id FROM matched
                ORDER BY title_score DESC, published DESC NULLS LAST, article_id DESC
                LIMIT CASE WHEN NOT EXISTS (SELECT FROM matched OFFSET {EXACT_RANK_LIMIT}) THEN NULL ELSE %s::bigint END)""",
            # The candidates' documents by primary key lookups: joined, the planner expected thousands of
            # candidates and merge-joined them with a backward scan of the whole primary key index
            # (100,000 rows, 28 ms at 100,000 articles) to rank 200.
            f"""ordered AS (SELECT d.article_id, d.published, ts_rank(d.vector, %s::tsquery, {RANK_NORMALISATION}) AS score
                FROM {DOCUMENT_TABLE} d WHERE d.article_id = ANY(ARRAY(SELECT article_id FROM candidates)))""",
        ]
        params += [candidates, compiled.rank_query]
    else:
        ctes.append("ordered AS (SELECT *, 0::real AS score FROM matched)")
    counting_ctes, counting_parts = _count_matches_sql(facets)
    params += [limit, start_offset]
    sql = "WITH " + ",\n".join(ctes + counting_ctes) + "\n" + "\nUNION ALL\n".join([_page_hits_sql(order), *counting_parts])
    return sql, params


def _count_matches_sql(facets) -> tuple[list[str], list[str]]:
    """Return the CTEs and the rows ('total', then each facet's counts) counting the CTE `matched`.

    The matches are counted in one pass, grouped two ways at once (GROUPING SETS): by facet set, the
    integer each document holds for its source and tags together (FACET_SET_TABLE: a few thousand
    sets in an archive, as many documents share one), and by day. The total, the source counts and
    the leader, country and topic counts are sums over the few thousand facet sets met; the
    year/month/day histogram a sum over the days. For the 61,614 matches of `com*` at 100,000 articles
    the facets took 22 ms grouped by source and day and, apart, by tag array, 6 ms this way.
    """
    for name in facets:
        if name not in ARRAY_FIELDS and name != "source" and name not in DATE_FACETS:
            raise _unknown_facet(name)
    has_sets = any(name in ARRAY_FIELDS or name == "source" for name in facets)
    has_days = any(name in DATE_FACETS for name in facets)
    if not has_sets and not has_days:
        return [], ["SELECT 'total', NULL, NULL, count(*), NULL FROM matched"]
    # A document's facet_set is never NULL, so the rows grouped by day are those without one.
    groupings = ["(facet_set)"] * has_sets + ["(published)"] * has_days
    ctes = [
        f"grouped AS (SELECT {'facet_set' if has_sets else 'NULL::integer AS facet_set'},"
        f" {'published' if has_days else 'NULL::date AS published'}, count(*) AS n"
        f" FROM matched GROUP BY GROUPING SETS ({', '.join(groupings)}))"
    ]
    days = "grouped WHERE facet_set IS NULL"
    parts = [f"SELECT 'total', NULL, NULL, coalesce(sum(n), 0)::bigint, NULL FROM {'sets' if has_sets else days}"]
    if has_sets:
        ctes.append(f"sets AS (SELECT f.source, f.tag_codes, g.n FROM grouped g JOIN {FACET_SET_TABLE} f ON f.id = g.facet_set)")
    if any(name in ARRAY_FIELDS for name in facets):
        # Every tag of every set met counted in one pass, as integers; only the counted codes are named.
        ctes.append(
            "tag_counts AS (SELECT code, sum(n)::bigint AS n FROM (SELECT unnest(tag_codes) AS code, n FROM sets) u GROUP BY code)"
        )
    for name in facets:
        if name in ARRAY_FIELDS:
            parts.append(
                f"SELECT '{name}', e.slug::text, NULL, c.n, NULL FROM tag_counts c JOIN {TAG_ENTITY_TABLES[name]} e"
                f" ON e.id = c.code / {TAG_CODE_KINDS} WHERE c.code %% {TAG_CODE_KINDS} = {TAG_CODE_OF[name]}"
            )
        elif name == "source":
            parts.append("SELECT 'source', source, NULL, sum(n)::bigint, NULL FROM sets GROUP BY source")
        else:
            # Days are truncated and formatted per group, not per match. date_trunc() of a bare date casts
            # it to a timestamp with time zone, a time zone conversion; truncating a timestamp without
            # time zone gives the same groups.
            parts.append(
                f"SELECT '{name}', to_char(date_trunc('{name}', published::timestamp), '{DATE_FACETS[name]}'), NULL,"
                f" sum(n)::bigint, NULL FROM {days} AND published IS NOT NULL GROUP BY 2"
            )
    return ctes, parts


def _build_archive_page_sql(compiled: CompiledQuery, *, sort_by, start_offset: int, end_offset, facets) -> tuple[str, list]:
    """Return build_page_sql's statement for a page matching the archive less compiled.excluded's documents (or all).

    Counting the facets of 100,000 matches took 150 ms; here the total and each facet are the
    whole-archive counts the database keeps (FACET_TABLE, written with the documents) less those of
    the excluded documents, usually a few thousand at most. The page's hits are read in order
    straight from the documents, unmaterialised, so the sort can stop at the page's end.
    """
    order = _order_by(sort_by, has_rank=False)
    extra_columns = "".join(f", {SORT_COLUMNS[o.lstrip('-')]}" for o in sort_by or () if o.lstrip("-") in ("title", "slug"))
    limit = None if end_offset is None else max(0, end_offset - start_offset)
    has_excluded = compiled.excluded is not None
    ctes: list[str] = []
    params: list = []
    if compiled.excluded is not None:
        condition, condition_params = compiled.excluded
        ctes.append(
            f"excluded AS MATERIALIZED (SELECT published, facet_set FROM {DOCUMENT_TABLE} WHERE {condition})"
        )
        params += condition_params
        # The left-out documents counted as a page counts its matches: grouped by facet set and by day at once.
        ctes += [
            "excluded_grouped AS (SELECT facet_set, published, count(*) AS n FROM excluded"
            " GROUP BY GROUPING SETS ((facet_set), (published)))",
            f"excluded_sets AS (SELECT f.source, f.tag_codes, g.n FROM excluded_grouped g JOIN {FACET_SET_TABLE} f ON f.id = g.facet_set)",
            "excluded_tags AS (SELECT code, sum(n) AS n FROM (SELECT unnest(tag_codes) AS code, n FROM excluded_sets) u GROUP BY code)",
        ]
    columns = f"article_id, published, source{extra_columns}, 0::real AS score"
    if list(sort_by or ()) == ["-published"] and end_offset is not None:
        # Newest first puts undated articles last (DESC NULLS LAST), which no backward scan of the
        # (published, article_id) index gives: the whole archive was sorted (16 ms). The dated and the
        # undated are read apart, each in index order up to the page's end, and the page sorted from those.
        ctes.append(
            f"ordered AS ((SELECT {columns} FROM {DOCUMENT_TABLE} WHERE ({compiled.where}) AND published IS NOT NULL"
            " ORDER BY published DESC, article_id DESC LIMIT %s)"
            f" UNION ALL (SELECT {columns} FROM {DOCUMENT_TABLE} WHERE ({compiled.where}) AND published IS NULL"
            " ORDER BY article_id DESC LIMIT %s))"
        )
        params += compiled.params + [end_offset] + compiled.params + [end_offset]
    else:
        ctes.append(f"ordered AS (SELECT {columns} FROM {DOCUMENT_TABLE} WHERE {compiled.where})")
        params += compiled.params
    params += [limit, start_offset]
    less = " - (SELECT count(*) FROM excluded)" if has_excluded else ""
    parts = [
        _page_hits_sql(order),
        f"SELECT 'total', NULL, NULL, coalesce((SELECT documents FROM {FACET_TABLE} WHERE facet = 'documents' AND value = ''), 0)"
        f"{less}, NULL",
    ]
    for name in facets:
        if name in ARRAY_FIELDS:
            archive = f"SELECT value AS label, documents AS n FROM {FACET_TABLE} WHERE facet = '{name}'"
            # The codes named by the entities' current slugs, as the documents' slug arrays (the archive's counts) are.
            excluded = (
                f"SELECT e.slug::text AS label, c.n FROM excluded_tags c JOIN {TAG_ENTITY_TABLES[name]} e"
                f" ON e.id = c.code / {TAG_CODE_KINDS} WHERE c.code %% {TAG_CODE_KINDS} = {TAG_CODE_OF[name]}"
            )
        elif name == "source":
            archive = f"SELECT value AS label, documents AS n FROM {FACET_TABLE} WHERE facet = 'source'"
            excluded = "SELECT source AS label, sum(n) AS n FROM excluded_sets GROUP BY source"
        elif name in DATE_FACETS:
            # The table counts days ('YYYY-MM-DD'); a year's or month's count is the sum of its days'.
            label = DATE_FACETS[name]
            archive = f"SELECT to_char(value::date::timestamp, '{label}') AS label, sum(documents) AS n FROM {FACET_TABLE} WHERE facet = 'day' GROUP BY 1"
            excluded = (
                f"SELECT to_char(published::timestamp, '{label}') AS label, sum(n) AS n FROM excluded_grouped"
                " WHERE facet_set IS NULL AND published IS NOT NULL GROUP BY 1"
            )
        else:
            raise _unknown_facet(name)
        if has_excluded:
            parts.append(
                f"SELECT '{name}', a.label, NULL, (a.n - coalesce(x.n, 0))::bigint, NULL FROM ({archive}) a"
                f" LEFT JOIN ({excluded}) x ON x.label = a.label WHERE a.n - coalesce(x.n, 0) > 0"
            )
        else:
            parts.append(f"SELECT '{name}', label, NULL, n::bigint, NULL FROM ({archive}) a WHERE n > 0")
    return "WITH " + ",\n".join(ctes) + "\n" + "\nUNION ALL\n".join(parts), params


def _page_hits_sql(order: str) -> str:
    """The page's rows (kind 'hit') from the CTE `ordered` (article_id, score, the order's columns), LIMIT and OFFSET as parameters."""
    return f"""SELECT 'hit'::text AS kind, page.article_id::text AS value, page.score, page.position AS count,
                   jsonb_build_object('title', d.title, 'slug', d.slug, 'source', d.source, 'published', d.published,
                                      'leaders', d.leaders, 'countries', d.countries, 'topics', d.topics,
                                      'story', d.story, 'story_copy', d.story_copy) AS stored
            FROM (SELECT article_id, score, row_number() OVER () AS position
                  FROM (SELECT article_id, score FROM ordered ORDER BY {order} LIMIT %s OFFSET %s) page_rows) page
            JOIN {DOCUMENT_TABLE} d ON d.article_id = page.article_id"""


def _unknown_facet(name: str) -> SearchBackendError:
    return SearchBackendError(
        f"Cannot count the facet '{name}' on the PostgreSQL engine; it counts leaders, countries, topics, "
        "source, year, month and day."
    )


def _order_by(sort_by, *, has_rank: bool) -> str:
    if not sort_by:
        # Relevance, then newest; with no words to rank, the archive's order (as Whoosh's).
        return "score DESC, published DESC NULLS LAST, article_id DESC" if has_rank else "article_id"
    terms = []
    for order in sort_by:
        name = order.lstrip("-")
        if name not in SORT_COLUMNS:
            raise SearchBackendError(f"Cannot sort by '{name}': sort by one of {', '.join(SORT_COLUMNS)}.")
        direction = "DESC NULLS LAST" if order.startswith("-") else "ASC NULLS LAST"
        terms.append(f"{SORT_COLUMNS[name]} {direction}")
    tiebreak = "article_id DESC" if sort_by[0].startswith("-") else "article_id ASC"
    return ", ".join(terms + [tiebreak])


def page_from_rows(rows, *, facets, result_class) -> dict:
    hits: list = []
    total = 0
    counts: dict[str, list] = {name: [] for name in facets}
    for kind, value, score, count, stored in rows:
        if kind == "hit":
            hits.append((count, value, score, stored))
        elif kind == "total":
            total = count
        else:
            counts[kind].append((value, count))
    results = []
    for _, pk, score, stored in sorted(hits):
        # Django's PostgreSQL backend hands jsonb over as text (JSONField decodes it itself).
        stored = json.loads(stored) if isinstance(stored, str) else dict(stored or {})
        if stored.get("published"):
            stored["published"] = date.fromisoformat(stored["published"])
        results.append(result_class("articles", "article", pk, float(score or 0), **stored))
    for name in counts:
        counts[name].sort(key=lambda pair: (-pair[1], pair[0] or ""))
    return {
        "results": results,
        "hits": total,
        "facets": {"fields": counts, "dates": {}, "queries": {}},
        "spelling_suggestion": None,
    }
