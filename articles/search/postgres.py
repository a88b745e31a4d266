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

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured
from django.db import connections as database_connections
from django.db import transaction
from django.utils.encoding import force_str
from haystack.backends import BaseEngine, BaseSearchBackend, BaseSearchQuery, log_query
from haystack.exceptions import SearchBackendError
from haystack.models import SearchResult

from articles.search.postgres_query import (
    ARTICLE_CONTENT_TYPE,
    RANK_NORMALISATION,
    Compiler,
    build_page_sql,
    page_from_rows,
    parse_engine_query,
)
from articles.search.postgres_sql import (
    DOCUMENT_TABLE,
    FACET_SET_TABLE,
    VOCABULARY_TABLE,
    count_wrong_facet_counts,
    is_keeping_documents,
    rebuild_facet_counts,
    start_keeping_documents,
    stop_keeping_documents,
)

# pg_trgm similarity below which a word is not offered as "did you mean".
MIN_SUGGESTION_SIMILARITY = 0.3
# Settings for one page's statement, local to its transaction (one round trip):
# - jit off: compiling the statement's expressions took 0.5 s of a 1.8 s query at 100,000 articles,
#   and a page runs each statement once;
# - no parallel workers: pages run side by side already, and a worker's start costs more than it saves
#   at these sizes (one worker: the page statements' p95 38.4 -> 34.4 ms at best, for 11% more CPU,
#   and no faster or slower once other work shares the 2 cores; two: slower; docs/search-engines.md);
# - work_mem: the materialised matches (ids, dates, tag arrays) stay in memory up to 100,000+ rows;
# - enable_seqscan off for word queries: the planner reads a word found in a third of the archive as
#   a sequential scan, which matches every document's vector (105 ms at 20,000 articles); the GIN
#   bitmap answers it without reading a vector (16 ms).
PAGE_SETTINGS = (
    "SELECT set_config('jit', 'off', true), set_config('max_parallel_workers_per_gather', '0', true),"
    " set_config('work_mem', '64MB', true), set_config('enable_seqscan', %s, true)"
)
class PostgresSearchBackend(BaseSearchBackend):
    """Search documents in the article database; haystack's update/remove/clear refresh them from the rows."""

    # The triggers write each document in its article's transaction: callers that have just saved
    # articles have nothing left to index (search/indexing.py).
    is_kept_by_database = True

    def __init__(self, connection_alias, **connection_options):
        super().__init__(connection_alias, **connection_options)
        self.url = connection_options.get("URL", "postgres://")
        self.database_alias = connection_options.get("DATABASE", "default")
        self.is_checked = False

    # -- connection ------------------------------------------------------------------------------

    def cursor(self):
        """Return a cursor on the article database, after checking once that it keeps the documents.

        Raises:
            ImproperlyConfigured: the database is not PostgreSQL, is not the one SEARCH_URL names,
                lacks the search tables (migrations not applied) or does not keep the documents
                (the site ran another engine until now: rebuild_index starts keeping them).
        """
        connection = database_connections[self.database_alias]
        if not self.is_checked:
            check_search_database(self.url, connection=connection, is_kept=True)
            self.is_checked = True
        return connection.cursor()

    # -- writing: the triggers keep documents current; these calls recompute on request ------------

    def update(self, index, iterable, commit=True):
        """Recompute the documents of these articles from their rows (deleting unpublished ones)."""
        self.refresh_documents(article_ids=_article_ids(iterable))

    def refresh_documents(self, *, article_ids: list[int]) -> None:
        """Recompute these articles' documents from their rows; those of unpublished or deleted articles go."""
        if article_ids:
            with self.cursor() as cursor:
                cursor.execute("SELECT newsindex_refresh_search_documents(%s::bigint[])", [article_ids])

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
        self.refresh_documents(article_ids=ids)

    def clear(self, models=None, commit=True):
        """Keep the documents from now on (the triggers) and rebuild them and the vocabulary, in one transaction.

        Readers keep seeing the previous documents until it commits, so rebuild_index never shows an
        empty index; on a database that kept none (the site ran another engine) this starts keeping them.
        """
        connection = database_connections[self.database_alias]
        check_search_database(self.url, connection=connection, is_kept=False)
        with transaction.atomic(using=self.database_alias), connection.cursor() as cursor:
            documents = start_keeping_documents(cursor)
        self.is_checked = True
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
        with transaction.atomic(using=self.database_alias), self.cursor() as cursor:
            cursor.execute(PAGE_SETTINGS, [("off" if "@@" in compiled.where else "on")])
            cursor.execute(sql, params)
            rows = cursor.fetchall()
            # Rolled back, not committed: the statement wrote nothing, and inside a caller's transaction
            # the block is a savepoint, whose release would keep the settings (enable_seqscan off, JIT
            # off) for the rest of the caller's transaction; rolling back to it ends them here.
            transaction.set_rollback(True, using=self.database_alias)
        return page_from_rows(rows, facets=facets or (), result_class=result_class or SearchResult)

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
                    LEFT JOIN {FACET_SET_TABLE} f ON f.id = d.facet_set
                    WHERE d.article_id IS NULL OR e.article_id IS NULL
                       OR (d.slug, d.title, d.source, d.published, d.leaders, d.countries, d.topics, d.vector,
                           d.story, d.story_copy, d.tag_codes, f.source, f.tag_codes)
                          IS DISTINCT FROM (e.slug, e.title, e.source, e.published, e.leaders, e.countries, e.topics, e.vector,
                           e.story, e.story_copy, e.tag_codes, e.source, e.tag_codes)
                    ORDER BY 1"""
            )
            found: dict[str, list[int]] = {"missing": [], "stale": [], "orphaned": []}
            for pk, state in cursor.fetchall():
                found[state].append(pk)
        return found

    def check_facet_counts(self) -> int:
        """Return how many of the whole-archive facet counts differ from what the documents give."""
        with self.cursor() as cursor:
            return count_wrong_facet_counts(cursor)

    def recount_facets(self) -> None:
        """Recount the whole-archive facet counts from the documents."""
        with transaction.atomic(using=self.database_alias), self.cursor() as cursor:
            rebuild_facet_counts(cursor)

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


def is_postgres_engine_selected() -> bool:
    """Return whether the site's search engine (SEARCH_URL) is this PostgreSQL engine."""
    from django.conf import settings

    return settings.HAYSTACK_CONNECTIONS["default"]["ENGINE"] == f"{__name__}.PostgresSearchEngine"


def rebuild_search_documents() -> int:
    """Rebuild every document of the site's PostgreSQL engine and keep them from now on; return how many."""
    from haystack import connections

    return connections["default"].get_backend().clear()


def stop_keeping_search_documents(*, using: str = "default") -> bool:
    """On PostgreSQL, drop the engine's triggers and documents if the database keeps them; return whether it did.

    For a site that runs another engine: its article writes then pay nothing for documents it never reads.
    """
    connection = database_connections[using]
    if connection.vendor != "postgresql":
        return False
    with transaction.atomic(using=using), connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s)", [DOCUMENT_TABLE])
        if cursor.fetchone()[0] is None or not is_keeping_documents(cursor):
            return False
        stop_keeping_documents(cursor)
    return True


def check_search_database(url: str, *, connection, is_kept: bool) -> None:
    """Check that the Django database can hold the search documents, is the one the URL names and,
    if is_kept, keeps them current.

    Raises:
        ImproperlyConfigured: it is not PostgreSQL, is another database, lacks the search tables or
            does not keep the documents.
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
        if is_kept and not is_keeping_documents(cursor):
            raise ImproperlyConfigured(
                f"SEARCH_URL={_without_password(url)!r}, but the database does not keep the PostgreSQL engine's "
                "documents (the site ran another search engine until now); run python manage.py rebuild_index once."
            )


def _without_password(url: str) -> str:
    password = urlsplit(url).password
    return url.replace(f":{password}@", ":***@") if password else url


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
