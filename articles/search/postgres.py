"""A haystack engine that keeps the search documents in PostgreSQL, beside the articles.

Selected by SEARCH_URL=postgres:// (newsindex/search_url.py). Design (why in docs/search-engines.md):
- one row per published article in articles_searchdocument: a weighted tsvector (title A, body D)
  with a GIN index, and the facet values as columns (tag slugs as text[] with GIN indexes);
- the rows are computed by the database itself: triggers on the article, section and tag tables
  (articles/search/postgres_sql.py) refresh them in the statement that changes an article, so the
  index commits and rolls back with the article and cannot drift from it;
- one SQL statement per results page returns the page, the exact total and every facet count,
  counted over the matched rows' arrays (no GROUP BY over join tables);
- the haystack query text (what articles.search.query writes) is parsed here into one tsquery for
  the words and SQL conditions for the fields; words are analysed by PostgreSQL (english Snowball
  stemmer, accents folded by unaccent), so queries and documents always see the same lexemes;
- "did you mean" reads a vocabulary of unstemmed words through pg_trgm.
"""

import calendar
import json
import re
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date
from threading import Lock
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured
from django.db import connections as database_connections
from django.db import transaction
from django.utils.encoding import force_str
from haystack.backends import BaseEngine, BaseSearchBackend, BaseSearchQuery, log_query
from haystack.constants import DJANGO_CT, DJANGO_ID, ID
from haystack.exceptions import SearchBackendError
from haystack.models import SearchResult

from articles.search.postgres_sql import (
    DOCUMENT_TABLE,
    TEXT_CONFIG,
    VOCABULARY_TABLE,
    WORD_CONFIG,
    rebuild_documents,
    rebuild_vocabulary,
)

ARTICLE_CONTENT_TYPE = "articles.article"
ARRAY_FIELDS = ("leaders", "countries", "topics")
# Facets over the publication date, as the Whoosh index stores them.
DATE_FACETS = {"year": "YYYY", "month": "YYYY-MM", "day": "YYYYMMDD"}
SORT_COLUMNS = {"published": "published", "title": "title", "slug": "slug", "source": "source", "id": "article_id"}
TEXT_FIELDS = ("", "text", "content", "title", "vocabulary")
# ts_rank's normalisation 1 divides by 1 + log(document length): long articles do not win by size.
RANK_NORMALISATION = 1
# Matches ranked in full; above, only the best RANK_CANDIDATES by title score and date (build_page_sql).
EXACT_RANK_LIMIT = 2000
RANK_CANDIDATES = 200
# Lexeme -> tsquery text, per process; user queries repeat a small set of words.
ANALYSED_CACHE_SIZE = 10000
# pg_trgm similarity below which a word is not offered as "did you mean".
MIN_SUGGESTION_SIMILARITY = 0.3
TOKEN_PATTERN = re.compile(
    r"(?P<range>(?P<rfield>\w+):[\[{](?P<low>[^\s\]}]*)\s*(?:TO|to)\s*(?P<high>[^\]}]*)[\]}])"
    r"|(?P<field>\w+):"
    r'|"(?P<phrase>[^"]*)"?'
    r"|(?P<open>\()|(?P<close>\))"
    r'|(?P<word>[^\s()"]+)'
)
LEXEME_PATTERN = re.compile(r"'(?:[^']|'')*'")
PREFIX_CHARACTERS = re.compile(r"[^\w]+")


class PostgresSearchBackend(BaseSearchBackend):
    """Search documents in the article database; haystack's update/remove/clear refresh them from the rows."""

    def __init__(self, connection_alias, **connection_options):
        super().__init__(connection_alias, **connection_options)
        self.url = connection_options.get("URL", "postgres://")
        self.database_alias = connection_options.get("DATABASE", "default")
        self.is_checked = False

    # -- connection ------------------------------------------------------------------------------

    def cursor(self):
        """Return a cursor on the article database, after checking once that it can hold the index.

        Raises:
            ImproperlyConfigured: the database is not PostgreSQL, is not the one SEARCH_URL names,
                or lacks the search tables (migration 0009 not applied).
        """
        connection = database_connections[self.database_alias]
        if not self.is_checked:
            check_search_database(self.url, connection=connection)
            self.is_checked = True
        return connection.cursor()

    # -- writing: the triggers keep documents current; these calls recompute on request ------------

    def update(self, index, iterable, commit=True):
        """Recompute the documents of these articles from their rows (deleting unpublished ones)."""
        ids = _article_ids(iterable)
        if ids:
            with self.cursor() as cursor:
                cursor.execute("SELECT newsindex_refresh_search_documents(%s::bigint[])", [ids])

    def remove(self, obj_or_string, commit=True):
        """Recompute one article's document: it goes away when the article is deleted or unpublished.

        A document cannot be removed while its article is published: that is the drift this engine
        exists to prevent.
        """
        if isinstance(obj_or_string, str):
            content_type, _, pk = obj_or_string.rpartition(".")
            if content_type != ARTICLE_CONTENT_TYPE:
                return
            ids = [int(pk)]
        else:
            ids = _article_ids([obj_or_string])
        with self.cursor() as cursor:
            cursor.execute("SELECT newsindex_refresh_search_documents(%s::bigint[])", [ids])

    def clear(self, models=None, commit=True):
        """Rebuild every document and the vocabulary from the rows, in one transaction.

        Readers keep seeing the previous documents until it commits, so rebuild_index (clear, then
        update) never shows an empty index.
        """
        with transaction.atomic(using=self.database_alias), self.cursor() as cursor:
            documents = rebuild_documents(cursor)
            rebuild_vocabulary(cursor)
        return documents

    # -- reading -----------------------------------------------------------------------------------

    @log_query
    def search(
        self,
        query_string,
        sort_by=None,
        start_offset=0,
        end_offset=None,
        fields="",
        highlight=False,
        facets=None,
        date_facets=None,
        query_facets=None,
        narrow_queries=None,
        spelling_query=None,
        within=None,
        dwithin=None,
        distance_point=None,
        models=None,
        limit_to_registered_models=None,
        result_class=None,
        **kwargs,
    ):
        if date_facets or query_facets:
            raise SearchBackendError(
                "The PostgreSQL engine has no date or query facets; facet on 'year', 'month' or 'day' instead."
            )
        empty = {"results": [], "hits": 0, "facets": {"fields": {}, "dates": {}, "queries": {}}, "spelling_suggestion": None}
        if models and not any(_content_type(model) == ARTICLE_CONTENT_TYPE for model in models):
            return empty
        nodes = [parse_engine_query(force_str(query_string))]
        nodes += [parse_engine_query(force_str(narrow)) for narrow in narrow_queries or ()]
        with self.cursor() as cursor:
            compiled = Compiler(cursor).compile_all(nodes)
            if compiled.is_nothing:
                return empty
            sql, params = build_page_sql(
                compiled, sort_by=sort_by, start_offset=start_offset, end_offset=end_offset, facets=facets or ()
            )
            if "@@" in compiled.where:
                # The planner reads a word in a third of the archive as a sequential scan, which
                # decompresses and matches every document (105 ms at 20,000 articles); the GIN
                # bitmap answers exact word queries without reading a vector (16 ms).
                cursor.execute("SET enable_seqscan = off")
            try:
                cursor.execute(sql, params)
                rows = cursor.fetchall()
            finally:
                if "@@" in compiled.where:
                    cursor.execute("RESET enable_seqscan")
        return _page_from_rows(rows, facets=facets or (), result_class=result_class or SearchResult)

    def suggest_spelling(self, words: list[str]) -> list[str]:
        """Return the words with each one unknown to the index replaced by its closest indexed word."""
        corrected = []
        with self.cursor() as cursor:
            for word in words:
                cursor.execute(f"SELECT unaccent(lower(%s)), EXISTS (SELECT 1 FROM {VOCABULARY_TABLE} WHERE word = unaccent(lower(%s)))", [word, word])
                folded, is_known = cursor.fetchone()
                if is_known or len(folded) < 3:
                    corrected.append(word)
                    continue
                # Closest by trigrams, then the more frequent; the first letter must agree, as in
                # the Whoosh backend, which keeps suggestions sane.
                cursor.execute(
                    f"SELECT word FROM {VOCABULARY_TABLE} WHERE word %% %s AND left(word, 1) = left(%s, 1)"
                    " AND similarity(word, %s) >= %s ORDER BY similarity(word, %s) DESC, documents DESC, word LIMIT 1",
                    [folded, folded, folded, MIN_SUGGESTION_SIMILARITY, folded],
                )
                row = cursor.fetchone()
                corrected.append(row[0] if row else word)
        return corrected

    def more_like_this(self, model_instance, additional_query_string=None, start_offset=0, end_offset=None,
                       models=None, limit_to_registered_models=None, result_class=None, **kwargs):
        """Return articles sharing the most weighted words with this one's title and tags, best first."""
        if _content_type(type(model_instance)) != ARTICLE_CONTENT_TYPE:
            return {"results": [], "hits": 0}
        limit = (end_offset or start_offset + 10) - start_offset
        with self.cursor() as cursor:
            # The title's lexemes (weight A) OR'd: cheap, and a headline names what an article is about.
            cursor.execute(
                f"""WITH source AS (
                        SELECT string_agg(quote_literal(lexeme), ' | ') AS words, leaders, countries
                        FROM {DOCUMENT_TABLE}, unnest(vector) u
                        WHERE article_id = %s AND 'A' = ANY(u.weights) GROUP BY leaders, countries
                    )
                    SELECT d.article_id, ts_rank(d.vector, s.words::tsquery, {RANK_NORMALISATION})
                        + 0.1 * cardinality(ARRAY(SELECT unnest(d.leaders) INTERSECT SELECT unnest(s.leaders))) AS score,
                        count(*) OVER ()
                    FROM {DOCUMENT_TABLE} d, source s
                    WHERE d.vector @@ s.words::tsquery AND d.article_id <> %s
                    ORDER BY score DESC, d.article_id LIMIT %s OFFSET %s""",
                [model_instance.pk, model_instance.pk, limit, start_offset],
            )
            rows = cursor.fetchall()
        result_class = result_class or SearchResult
        results = [result_class("articles", "article", str(pk), float(score)) for pk, score, _ in rows]
        return {"results": results, "hits": rows[0][2] if rows else 0}

    def check_documents(self) -> dict[str, list[int]]:
        """Return the ids of published articles without a document, with a stale one, and orphaned documents."""
        with self.cursor() as cursor:
            cursor.execute(
                f"""SELECT coalesce(e.article_id, d.article_id),
                           CASE WHEN d.article_id IS NULL THEN 'missing' WHEN e.article_id IS NULL THEN 'orphaned'
                                ELSE 'stale' END
                    FROM articles_searchdocument_expected e
                    FULL JOIN {DOCUMENT_TABLE} d ON d.article_id = e.article_id
                    WHERE d.article_id IS NULL OR e.article_id IS NULL
                       OR (d.slug, d.title, d.source, d.published, d.leaders, d.countries, d.topics, d.vector)
                          IS DISTINCT FROM (e.slug, e.title, e.source, e.published, e.leaders, e.countries, e.topics, e.vector)
                    ORDER BY 1"""
            )
            found = {"missing": [], "stale": [], "orphaned": []}
            for pk, state in cursor.fetchall():
                found[state].append(pk)
        return found

    def document_count(self) -> int:
        with self.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {DOCUMENT_TABLE}")
            return cursor.fetchone()[0]

    def build_schema(self, fields):
        return "text", {name: field.field_type for name, field in fields.items()}


class PostgresSearchQuery(BaseSearchQuery):
    """Writes SearchQuerySet filters in the query text the backend parses (Lucene-like, as Whoosh's)."""

    def matching_all_fragment(self):
        return "*"

    def build_query_fragment(self, field, filter_type, value):
        from haystack import connections

        name = "" if field == "content" else connections[self._using].get_unified_index().get_index_fieldname(field) + ":"
        is_raw = getattr(value, "post_process", True) is False  # Raw(): query text to pass on as written
        if hasattr(value, "prepare"):
            value = value.prepare(self)
        if is_raw:
            return f"{name}({value})" if name else f"({value})"
        if filter_type == "in":
            return "(" + " OR ".join(f"{name}{_quoted(v)}" for v in value) + ")"
        if filter_type == "range":
            low, high = value
            return f"{name}[{_range_bound(low)} TO {_range_bound(high)}]"
        if filter_type in ("gt", "gte"):
            return f"{name}[{_range_bound(value)} TO *]"
        if filter_type in ("lt", "lte"):
            return f"{name}[* TO {_range_bound(value)}]"
        if filter_type == "startswith":
            return f"{name}{force_str(value)}*"
        if filter_type == "content" and not isinstance(value, (list, tuple)):
            words = force_str(value).split()
            return "(" + " AND ".join(f"{name}{_quoted(w)}" for w in words) + ")" if words else "*"
        return f"{name}{_quoted(value)}"


class PostgresSearchEngine(BaseEngine):
    backend = PostgresSearchBackend
    query = PostgresSearchQuery


def check_search_database(url: str, *, connection) -> None:
    """Check that the Django database can hold the search documents and is the one the URL names.

    Raises:
        ImproperlyConfigured: it is not PostgreSQL, is another database, or lacks the search tables.
    """
    if connection.vendor != "postgresql":
        raise ImproperlyConfigured(
            f"SEARCH_URL={url!r} needs DATABASE_URL to be PostgreSQL, but the database is {connection.vendor}; "
            "set DATABASE_URL=postgres://… or use SEARCH_URL=whoosh://."
        )
    named = urlsplit(url)
    if named.hostname or named.path.strip("/"):
        database = connection.settings_dict
        same = (
            (named.hostname or "") in (database.get("HOST") or "", "localhost" if not database.get("HOST") else database["HOST"])
            and (named.port or 5432) == int(database.get("PORT") or 5432)
            and named.path.strip("/") == database.get("NAME")
        )
        if not same:
            raise ImproperlyConfigured(
                f"SEARCH_URL={_without_password(url)!r} names another database than DATABASE_URL "
                f"({database.get('HOST')}:{database.get('PORT')}/{database.get('NAME')}): the PostgreSQL engine keeps its "
                "documents in the article database so they commit with the articles; use SEARCH_URL=postgres://."
            )
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s)", [DOCUMENT_TABLE])
        if cursor.fetchone()[0] is None:
            raise ImproperlyConfigured(
                f"SEARCH_URL={_without_password(url)!r}: the database has no {DOCUMENT_TABLE} table; "
                "run python manage.py migrate."
            )


def _without_password(url: str) -> str:
    password = urlsplit(url).password
    return url.replace(f":{password}@", ":***@") if password else url


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


# Compiled parts: ("every",), ("nothing",), ("skip",) for words that are all stop words,
# ("tsquery", text), ("sql", text, params).


class Compiler:
    """Turns query trees into one WHERE clause: words become one tsquery, fields SQL conditions."""

    def __init__(self, cursor):
        self.cursor = cursor
        self.positive: list[str] = []

    def compile_all(self, nodes: list[tuple]) -> CompiledQuery:
        analysed = analyse_texts(self.cursor, _texts_of(nodes))
        self.analysed = analysed
        part = self._and([self._compile(node, is_negated=False) for node in nodes])
        rank_query = " | ".join(f"({t})" for t in dict.fromkeys(self.positive))
        if part[0] in ("nothing", "skip"):
            return CompiledQuery(is_nothing=True)
        if part[0] == "every":
            return CompiledQuery(rank_query=rank_query)
        if part[0] == "tsquery":
            return CompiledQuery(where="vector @@ %s::tsquery", params=[part[1]], rank_query=rank_query)
        return CompiledQuery(where=part[1], params=part[2], rank_query=rank_query)

    def _compile(self, node: tuple, *, is_negated: bool) -> tuple:
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


def _value_condition(name: str, value: str) -> tuple:
    if name in ARRAY_FIELDS:
        return ("sql", f"{name} @> ARRAY[%s]::text[]", [value])
    if name in ("source", "slug"):
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
        f"topics, source, slug, published, year, month and day."
    )


def _range_condition(name: str, low: str, high: str) -> tuple:
    if name not in ("day", "year", "month", "published"):
        raise SearchBackendError(f"Cannot take a range of the field '{name}'; ranges work on day, year, month and published.")
    start, end = _date_bound(low, is_end=False), _date_bound(high, is_end=True)
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


def _date_bound(text: str, *, is_end: bool) -> date | None:
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

    Relevance is ts_rank over the whole document, which must read (and decompress) each document's
    vector: for a common word that is most of the time of a page. Up to EXACT_RANK_LIMIT matches,
    every match is ranked; above, the matches are first ordered by a cheap score (ts_rank over the
    small title vector, then newest) and the best RANK_CANDIDATES of those are ranked in full. Totals
    and facets always count every match.
    """
    is_ranked = bool(compiled.rank_query) and not sort_by
    order = _order_by(sort_by, has_rank=is_ranked)
    extra_columns = "".join(f", {SORT_COLUMNS[o.lstrip('-')]}" for o in sort_by or () if o.lstrip("-") in ("title", "slug"))
    params = []
    if is_ranked:
        extra_columns += ", ts_rank(title_vector, %s::tsquery) AS title_score"
        params.append(compiled.rank_query)
    params += compiled.params
    limit = None if end_offset is None else max(0, end_offset - start_offset)
    candidates = None if end_offset is None else max(RANK_CANDIDATES, end_offset)
    ctes = [
        f"matched AS MATERIALIZED (SELECT article_id, published, source, leaders, countries, topics{extra_columns}"
        f" FROM {DOCUMENT_TABLE} WHERE {compiled.where})"
    ]
    if is_ranked:
        ctes += [
            f"""candidates AS (SELECT article_id FROM matched
                ORDER BY title_score DESC, published DESC NULLS LAST, article_id DESC
                LIMIT CASE WHEN (SELECT count(*) FROM matched) <= {EXACT_RANK_LIMIT} THEN NULL ELSE %s::bigint END)""",
            f"""ordered AS (SELECT d.article_id, d.published, ts_rank(d.vector, %s::tsquery, {RANK_NORMALISATION}) AS score
                FROM candidates c JOIN {DOCUMENT_TABLE} d ON d.article_id = c.article_id)""",
        ]
        params += [candidates, compiled.rank_query]
        source = "ordered"
    else:
        ctes.append("ordered AS (SELECT *, 0::real AS score FROM matched)")
        source = "ordered"
    parts = [
        f"""SELECT 'hit'::text AS kind, page.article_id::text AS value, page.score, page.position AS count,
                   jsonb_build_object('title', d.title, 'slug', d.slug, 'source', d.source, 'published', d.published,
                                      'leaders', d.leaders, 'countries', d.countries, 'topics', d.topics) AS stored
            FROM (SELECT article_id, score, row_number() OVER () AS position
                  FROM (SELECT article_id, score FROM {source} ORDER BY {order} LIMIT %s OFFSET %s) page_rows) page
            JOIN {DOCUMENT_TABLE} d ON d.article_id = page.article_id""",
        "SELECT 'total', NULL, NULL, count(*), NULL FROM matched",
    ]
    params += [limit, start_offset]
    for name in facets:
        if name in ARRAY_FIELDS:
            parts.append(f"SELECT '{name}', v, NULL, count(*), NULL FROM matched, unnest(matched.{name}) v GROUP BY v")
        elif name == "source":
            parts.append("SELECT 'source', source, NULL, count(*), NULL FROM matched GROUP BY source")
        elif name in DATE_FACETS:
            parts.append(
                f"SELECT '{name}', to_char(published, '{DATE_FACETS[name]}') AS v, NULL, count(*), NULL FROM matched"
                " WHERE published IS NOT NULL GROUP BY v"
            )
        else:
            raise SearchBackendError(
                f"Cannot count the facet '{name}' on the PostgreSQL engine; it counts leaders, countries, topics, "
                "source, year, month and day."
            )
    sql = "WITH " + ",\n".join(ctes) + "\n" + "\nUNION ALL\n".join(parts)
    return sql, params


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


def _page_from_rows(rows, *, facets, result_class) -> dict:
    hits, total, counts = [], 0, {name: [] for name in facets}
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


def _article_ids(iterable) -> list[int]:
    if hasattr(iterable, "values_list"):
        # A queryset (update_index's batches): its ids, without loading the articles and their sections.
        return [int(pk) for pk in iterable.values_list("pk", flat=True)]
    return [int(obj.pk) for obj in iterable if _content_type(type(obj)) == ARTICLE_CONTENT_TYPE]


def _content_type(model) -> str:
    return f"{model._meta.app_label}.{model._meta.model_name}"


def _quoted(value) -> str:
    return '"' + force_str(value).replace('"', "") + '"'


def _range_bound(value) -> str:
    if value is None or value == "*":
        return "*"
    if hasattr(value, "strftime"):
        return value.strftime("%Y%m%d")
    return force_str(value)
