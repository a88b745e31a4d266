"""The PostgreSQL engine's schema: document and vocabulary tables, text search configurations, triggers.

Kept as SQL text beside the engine (migration 0006 applies it, tests and the engine read the names).
The documents are a function of the article rows, computed by the database: triggers on the article,
section and tag tables call newsindex_refresh_search_documents() for the changed articles in the
same statement, so a document is written in the transaction that writes its article and a rollback
takes both back.

Migrations run the statements as this module holds them when the migration runs: CREATE (0006) and
UPGRADE_TO_STORIES (0009) are frozen, so change the schema with a new migration that applies the
difference, not by editing a statement that databases already have.

The triggers exist only while the database keeps the documents, i.e. while the site runs the
PostgreSQL engine (start_keeping_documents, stop_keeping_documents): a site on PostgreSQL with
another engine pays nothing on its article writes.
"""

DOCUMENT_TABLE = "articles_searchdocument"
VOCABULARY_TABLE = "articles_searchword"
# english with accents folded before stemming ("Erdoğan" = "erdogan"), as our Whoosh analyzer does.
TEXT_CONFIG = "newsindex_english"
# The same words unstemmed: the vocabulary for "did you mean" ("elections", not "elect").
WORD_CONFIG = "newsindex_words"

# Tag tables: (through table, its article column, its entity column, entity table, document column).
TAG_TABLES = (
    ("articles_article_leaders", "leader_id", "articles_leader", "leaders"),
    ("articles_article_countries", "country_id", "articles_country", "countries"),
    ("articles_article_topics", "topic_id", "articles_topic", "topics"),
)

_TAG_ARRAYS = ",\n".join(
    f"""        coalesce((SELECT array_agg(e.slug::text ORDER BY e.slug) FROM {through} t
                  JOIN {entity} e ON e.id = t.{column} WHERE t.article_id = a.id), '{{}}') AS {name}"""
    for through, column, entity, name in TAG_TABLES
)

# What a document holds for each published article: one SELECT shared by the refresh function,
# the full rebuild and check_index's comparison (a view, so the three cannot disagree). As 0006 made it.
EXPECTED_VIEW = f"""
CREATE VIEW articles_searchdocument_expected AS
SELECT a.id AS article_id, a.slug::text AS slug, a.title::text AS title, a.source::text AS source, a.published,
{_TAG_ARRAYS},
        setweight(to_tsvector('{TEXT_CONFIG}', a.title), 'A') AS title_vector,
        setweight(to_tsvector('{TEXT_CONFIG}', a.title), 'A')
          || setweight(to_tsvector('{TEXT_CONFIG}', coalesce(body.text, '')), 'D') AS vector,
        coalesce(body.text, '') AS body
FROM articles_article a
LEFT JOIN LATERAL (
    SELECT string_agg(concat_ws(E'\\n\\n', nullif(s.heading, ''), s.text), E'\\n\\n' ORDER BY s.position) AS text
    FROM articles_section s WHERE s.article_id = a.id
) body ON true
WHERE a.is_published
"""

DOCUMENT_COLUMNS_0006 = "article_id, slug, title, source, published, leaders, countries, topics, title_vector, vector"

# Migration 0006's statements (frozen).
CREATE = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    f"CREATE TEXT SEARCH CONFIGURATION {TEXT_CONFIG} (COPY = pg_catalog.english)",
    f"ALTER TEXT SEARCH CONFIGURATION {TEXT_CONFIG} ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem",
    f"CREATE TEXT SEARCH CONFIGURATION {WORD_CONFIG} (COPY = pg_catalog.simple)",
    f"ALTER TEXT SEARCH CONFIGURATION {WORD_CONFIG} ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple",
    # No foreign key to articles_article: Django's test flush truncates the article table without
    # CASCADE, which a referencing table would refuse; the triggers below delete documents instead.
    f"""CREATE TABLE {DOCUMENT_TABLE} (
        article_id bigint PRIMARY KEY,
        slug text NOT NULL,
        title text NOT NULL,
        source text NOT NULL,
        published date,
        leaders text[] NOT NULL,
        countries text[] NOT NULL,
        topics text[] NOT NULL,
        title_vector tsvector NOT NULL,  -- small and stored inline: the cheap first score (postgres.py)
        vector tsvector NOT NULL
    )""",
    f"CREATE INDEX articles_searchdocument_vector ON {DOCUMENT_TABLE} USING gin (vector)",
    f"CREATE INDEX articles_searchdocument_leaders ON {DOCUMENT_TABLE} USING gin (leaders)",
    f"CREATE INDEX articles_searchdocument_countries ON {DOCUMENT_TABLE} USING gin (countries)",
    f"CREATE INDEX articles_searchdocument_topics ON {DOCUMENT_TABLE} USING gin (topics)",
    f"CREATE INDEX articles_searchdocument_published ON {DOCUMENT_TABLE} (published, article_id)",
    f"CREATE TABLE {VOCABULARY_TABLE} (word text PRIMARY KEY, documents integer NOT NULL)",
    f"CREATE INDEX articles_searchword_trigrams ON {VOCABULARY_TABLE} USING gin (word gin_trgm_ops)",
    EXPECTED_VIEW,
    f"""CREATE FUNCTION newsindex_refresh_search_documents(ids bigint[]) RETURNS void LANGUAGE plpgsql AS $$
    BEGIN
        IF ids IS NULL OR cardinality(ids) = 0 THEN
            RETURN;
        END IF;
        DELETE FROM {DOCUMENT_TABLE} d WHERE d.article_id = ANY(ids)
            AND NOT EXISTS (SELECT 1 FROM articles_article a WHERE a.id = d.article_id AND a.is_published);
        INSERT INTO {DOCUMENT_TABLE} ({DOCUMENT_COLUMNS_0006})
            SELECT {DOCUMENT_COLUMNS_0006} FROM articles_searchdocument_expected WHERE article_id = ANY(ids)
        ON CONFLICT (article_id) DO UPDATE SET slug = excluded.slug, title = excluded.title,
            source = excluded.source, published = excluded.published, leaders = excluded.leaders,
            countries = excluded.countries, topics = excluded.topics, title_vector = excluded.title_vector,
            vector = excluded.vector;
        -- New words join the vocabulary at once; counts are exact after a rebuild (clear()).
        INSERT INTO {VOCABULARY_TABLE} (word, documents)
            SELECT DISTINCT w.word, 1 FROM articles_searchdocument_expected e,
                unnest(tsvector_to_array(to_tsvector('{WORD_CONFIG}', e.title || ' ' || e.body))) AS w(word)
            WHERE e.article_id = ANY(ids) AND length(w.word) > 2
        ON CONFLICT (word) DO NOTHING;
    END $$""",
]

# Trigger functions: statement-level ones read the changed rows from transition tables, so a
# bulk insert of 1,000 sections refreshes its articles once, not 1,000 times.
_TRIGGERS = {
    # name: (table, timing/events, function body)
    "articles_article_inserted": ("articles_article", "AFTER INSERT", "new_rows", "id"),
    "articles_article_deleted": ("articles_article", "AFTER DELETE", "old_rows", "id"),
    "articles_section_inserted": ("articles_section", "AFTER INSERT", "new_rows", "article_id"),
    "articles_section_deleted": ("articles_section", "AFTER DELETE", "old_rows", "article_id"),
    "articles_section_updated": ("articles_section", "AFTER UPDATE", "new_rows", "article_id"),
}
for _through, _column, _entity, _name in TAG_TABLES:
    _TRIGGERS[f"{_through}_inserted"] = (_through, "AFTER INSERT", "new_rows", "article_id")
    _TRIGGERS[f"{_through}_deleted"] = (_through, "AFTER DELETE", "old_rows", "article_id")

for _trigger, (_table, _event, _rows, _key) in _TRIGGERS.items():
    _referencing = "NEW TABLE AS new_rows" if _rows == "new_rows" else "OLD TABLE AS old_rows"
    CREATE += [
        f"""CREATE FUNCTION {_trigger}_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM newsindex_refresh_search_documents(ARRAY(SELECT DISTINCT {_key} FROM {_rows}));
            RETURN NULL;
        END $$""",
        f"""CREATE TRIGGER {_trigger} {_event} ON {_table} REFERENCING {_referencing}
            FOR EACH STATEMENT EXECUTE FUNCTION {_trigger}_refresh()""",
    ]

CREATE += [
    # Row-level with a WHEN: Django's save() rewrites every column; only these change a document.
    """CREATE FUNCTION articles_article_updated_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM newsindex_refresh_search_documents(ARRAY[NEW.id, OLD.id]);
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER articles_article_updated AFTER UPDATE ON articles_article FOR EACH ROW
        WHEN (OLD.title IS DISTINCT FROM NEW.title OR OLD.slug IS DISTINCT FROM NEW.slug
              OR OLD.source IS DISTINCT FROM NEW.source OR OLD.published IS DISTINCT FROM NEW.published
              OR OLD.is_published IS DISTINCT FROM NEW.is_published OR OLD.id IS DISTINCT FROM NEW.id)
        EXECUTE FUNCTION articles_article_updated_refresh()""",
    f"""CREATE FUNCTION articles_article_truncated_clear() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        TRUNCATE {DOCUMENT_TABLE};
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER articles_article_truncated AFTER TRUNCATE ON articles_article
        FOR EACH STATEMENT EXECUTE FUNCTION articles_article_truncated_clear()""",
]
for _through, _column, _entity, _name in TAG_TABLES:
    # A renamed slug changes the documents of every article tagged with it (rare: an admin's edit).
    CREATE += [
        f"""CREATE FUNCTION {_entity}_renamed_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM newsindex_refresh_search_documents(
                ARRAY(SELECT article_id FROM {_through} WHERE {_column} = NEW.id));
            RETURN NULL;
        END $$""",
        f"""CREATE TRIGGER {_entity}_renamed AFTER UPDATE ON {_entity} FOR EACH ROW
            WHEN (OLD.slug IS DISTINCT FROM NEW.slug) EXECUTE FUNCTION {_entity}_renamed_refresh()""",
    ]


# -- Migration 0009: the story columns, and triggers only while the documents are kept ----------------

DOCUMENT_COLUMNS_0009 = DOCUMENT_COLUMNS_0006 + ", story, story_copy"

# 0006's view with the story columns added at its end (CREATE OR REPLACE VIEW may only add columns).
# story_copy is "later" on every copy of a story but its first, as the Whoosh index stores it
# (search_indexes.py), so a search can list each story once.
EXPECTED_VIEW_WITH_STORIES = f"""
CREATE OR REPLACE VIEW articles_searchdocument_expected AS
SELECT a.id AS article_id, a.slug::text AS slug, a.title::text AS title, a.source::text AS source, a.published,
{_TAG_ARRAYS},
        setweight(to_tsvector('{TEXT_CONFIG}', a.title), 'A') AS title_vector,
        setweight(to_tsvector('{TEXT_CONFIG}', a.title), 'A')
          || setweight(to_tsvector('{TEXT_CONFIG}', coalesce(body.text, '')), 'D') AS vector,
        coalesce(body.text, '') AS body,
        a.story_id::text AS story,
        CASE WHEN story.first_id IS NOT NULL AND story.first_id <> a.id THEN 'later' ELSE 'first' END AS story_copy
FROM articles_article a
LEFT JOIN articles_story story ON story.id = a.story_id
LEFT JOIN LATERAL (
    SELECT string_agg(concat_ws(E'\\n\\n', nullif(s.heading, ''), s.text), E'\\n\\n' ORDER BY s.position) AS text
    FROM articles_section s WHERE s.article_id = a.id
) body ON true
WHERE a.is_published
"""

REFRESH_FUNCTION_WITH_STORIES = f"""CREATE OR REPLACE FUNCTION newsindex_refresh_search_documents(ids bigint[])
    RETURNS void LANGUAGE plpgsql AS $$
    BEGIN
        IF ids IS NULL OR cardinality(ids) = 0 THEN
            RETURN;
        END IF;
        DELETE FROM {DOCUMENT_TABLE} d WHERE d.article_id = ANY(ids)
            AND NOT EXISTS (SELECT 1 FROM articles_article a WHERE a.id = d.article_id AND a.is_published);
        INSERT INTO {DOCUMENT_TABLE} ({DOCUMENT_COLUMNS_0009})
            SELECT {DOCUMENT_COLUMNS_0009} FROM articles_searchdocument_expected WHERE article_id = ANY(ids)
        ON CONFLICT (article_id) DO UPDATE SET slug = excluded.slug, title = excluded.title,
            source = excluded.source, published = excluded.published, leaders = excluded.leaders,
            countries = excluded.countries, topics = excluded.topics, title_vector = excluded.title_vector,
            vector = excluded.vector, story = excluded.story, story_copy = excluded.story_copy;
        -- New words join the vocabulary at once; counts are exact after a rebuild (clear()).
        INSERT INTO {VOCABULARY_TABLE} (word, documents)
            SELECT DISTINCT w.word, 1 FROM articles_searchdocument_expected e,
                unnest(tsvector_to_array(to_tsvector('{WORD_CONFIG}', e.title || ' ' || e.body))) AS w(word)
            WHERE e.article_id = ANY(ids) AND length(w.word) > 2
        ON CONFLICT (word) DO NOTHING;
    END $$"""

# Every trigger that keeps the documents, as they are now: created by start_keeping_documents().
TRIGGERS = [
    *(
        f"""CREATE TRIGGER {trigger} {event} ON {table}
            REFERENCING {"NEW TABLE AS new_rows" if rows == "new_rows" else "OLD TABLE AS old_rows"}
            FOR EACH STATEMENT EXECUTE FUNCTION {trigger}_refresh()"""
        for trigger, (table, event, rows, _key) in _TRIGGERS.items()
    ),
    # Row-level with a WHEN: Django's save() rewrites every column; only these change a document.
    """CREATE TRIGGER articles_article_updated AFTER UPDATE ON articles_article FOR EACH ROW
        WHEN (OLD.title IS DISTINCT FROM NEW.title OR OLD.slug IS DISTINCT FROM NEW.slug
              OR OLD.source IS DISTINCT FROM NEW.source OR OLD.published IS DISTINCT FROM NEW.published
              OR OLD.is_published IS DISTINCT FROM NEW.is_published OR OLD.id IS DISTINCT FROM NEW.id
              OR OLD.story_id IS DISTINCT FROM NEW.story_id)
        EXECUTE FUNCTION articles_article_updated_refresh()""",
    """CREATE TRIGGER articles_article_truncated AFTER TRUNCATE ON articles_article
        FOR EACH STATEMENT EXECUTE FUNCTION articles_article_truncated_clear()""",
    *(
        f"""CREATE TRIGGER {entity}_renamed AFTER UPDATE ON {entity} FOR EACH ROW
            WHEN (OLD.slug IS DISTINCT FROM NEW.slug) EXECUTE FUNCTION {entity}_renamed_refresh()"""
        for _through, _column, entity, _name in TAG_TABLES
    ),
    # A story's first copy changes which of its copies are "later" (grouping, an admin's merge).
    """CREATE TRIGGER articles_story_first_changed AFTER UPDATE ON articles_story FOR EACH ROW
        WHEN (OLD.first_id IS DISTINCT FROM NEW.first_id) EXECUTE FUNCTION articles_story_first_changed_refresh()""",
]
DROP_TRIGGERS = [
    *(f"DROP TRIGGER IF EXISTS {trigger} ON {table}" for trigger, (table, *_rest) in _TRIGGERS.items()),
    "DROP TRIGGER IF EXISTS articles_article_updated ON articles_article",
    "DROP TRIGGER IF EXISTS articles_article_truncated ON articles_article",
    *(f"DROP TRIGGER IF EXISTS {_entity}_renamed ON {_entity}" for _through, _column, _entity, _name in TAG_TABLES),
    "DROP TRIGGER IF EXISTS articles_story_first_changed ON articles_story",
]
TRIGGER_NAMES = [statement.split()[2] for statement in TRIGGERS]

# Migration 0009's statements (frozen).
UPGRADE_TO_STORIES = [
    *DROP_TRIGGERS,
    f"ALTER TABLE {DOCUMENT_TABLE} ADD COLUMN story text, ADD COLUMN story_copy text NOT NULL DEFAULT 'first'",
    EXPECTED_VIEW_WITH_STORIES,
    REFRESH_FUNCTION_WITH_STORIES,
    """CREATE FUNCTION articles_story_first_changed_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM newsindex_refresh_search_documents(ARRAY(SELECT id FROM articles_article WHERE story_id = NEW.id));
        RETURN NULL;
    END $$""",
]

DROP = [
    *DROP_TRIGGERS,
    "DROP FUNCTION IF EXISTS articles_story_first_changed_refresh()",
    *(f"DROP FUNCTION IF EXISTS {_entity}_renamed_refresh()" for _through, _column, _entity, _name in TAG_TABLES),
    "DROP FUNCTION IF EXISTS articles_article_truncated_clear()",
    "DROP FUNCTION IF EXISTS articles_article_updated_refresh()",
    *(f"DROP FUNCTION IF EXISTS {trigger}_refresh()" for trigger in _TRIGGERS),
    "DROP FUNCTION IF EXISTS newsindex_refresh_search_documents(bigint[])",
    "DROP VIEW IF EXISTS articles_searchdocument_expected",
    f"DROP TABLE IF EXISTS {VOCABULARY_TABLE}",
    f"DROP TABLE IF EXISTS {DOCUMENT_TABLE}",
    f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {WORD_CONFIG}",
    f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {TEXT_CONFIG}",
    # The extensions stay: other objects of the database may use them.
]


# -- Migration 0015: the tags as integer codes, which pages count their facets from ---------------------

# Each tag of a document as one integer, entity id * TAG_CODE_KINDS + its kind's number, all kinds in one
# array: a page counts its leader, country and topic facets in one pass over its matches, hashing
# integers, and names the few counted codes by the entity tables (build_page_sql). The text arrays
# took three passes hashing text: 93 of the 193 ms of a 61,614-match page at 100,000 articles.
# Leaders first, then countries, then topics, each by entity id (the view and the rebuild agree).
TAG_CODE_KINDS = 4
TAG_CODE_OF = {name: number for number, (_through, _column, _entity, name) in enumerate(TAG_TABLES, start=1)}
DOCUMENT_COLUMNS = DOCUMENT_COLUMNS_0009 + ", tag_codes"
LATER_COPIES_INDEX = "articles_searchdocument_later_copies"
LATER_COPIES_DEFINITION = "(article_id) WHERE story_copy = 'later'"
_TAG_CODES = "\n              UNION ALL ".join(
    f"SELECT {TAG_CODE_OF[name]} AS kind, t.{column} AS entity FROM {through} t WHERE t.article_id = a.id"
    for through, column, _entity, name in TAG_TABLES
)
# 0009's view with tag_codes added at its end (CREATE OR REPLACE VIEW may only add columns).
EXPECTED_VIEW_WITH_TAG_CODES = EXPECTED_VIEW_WITH_STORIES.replace(
        "ELSE 'first' END AS story_copy\n",
        f"""ELSE 'first' END AS story_copy,
        coalesce((SELECT array_agg(c.entity * {TAG_CODE_KINDS} + c.kind ORDER BY c.kind, c.entity) FROM (
              {_TAG_CODES}) c), '{{}}') AS tag_codes\n""",
)


# The document table's columns as a rebuild lays them out (CREATE TABLE AS takes this order): what a
# page reads from every match first (id, date, facet set, story copy, title vector: the counts,
# facets and cheap first score), the ~1 KB vector last. PostgreSQL reads a row's values in
# column order up to the last one a statement needs, so a value stored after the inline vector costs
# a walk past it into other cache lines for every match: reading tag_codes and story_copy of the
# 61,614 matches of `com*` at 100,000 articles took 37-39 ms with them after the vector, 21-23 ms
# before it (the article ids alone 21). The vector cannot be moved out of the row instead: it is under
# PostgreSQL's ~2 KB TOAST threshold, below which values stay inline whatever the column's storage says.
# A column a later migration adds with ALTER TABLE lands after the vector until the next rebuild: list it here.
DOCUMENT_COLUMNS_IN_TABLE_ORDER = (
    "article_id, published, facet_set, story_copy, title_vector,"
    " source, leaders, countries, topics, story, slug, title, tag_codes, vector"
)
# Before migration 0018 made the facet sets (a rebuild run by an earlier migration): no facet_set column.
DOCUMENT_COLUMNS_IN_TABLE_ORDER_0017 = (
    "article_id, published, source, story_copy, tag_codes, title_vector,"
    " leaders, countries, topics, story, slug, title, vector"
)

# A rebuild fills a new table and swaps it in, in one transaction: readers keep the old documents
# until the commit (rebuild_index never shows an empty index), writers (the triggers) wait for the
# swap, so no article committed meanwhile is missed. Filling a table without indexes and building
# them after is several times faster than inserting into the GIN indexes row by row.
DOCUMENT_INDEXES = {
    "articles_searchdocument_vector": "USING gin (vector)",
    "articles_searchdocument_leaders": "USING gin (leaders)",
    "articles_searchdocument_countries": "USING gin (countries)",
    "articles_searchdocument_topics": "USING gin (topics)",
    "articles_searchdocument_published": "(published, article_id)",
    # The few later copies of stories, so "NOT story_copy:later" (the stories listing) joins a NOT
    # word's documents in one bitmap OR: without it, listing the documents a query of NOT words leaves
    # out was a sequential scan matching every vector (93 ms at 100,000 articles, 'while -offered').
    LATER_COPIES_INDEX: LATER_COPIES_DEFINITION,
}
VOCABULARY_INDEXES = {"articles_searchword_trigrams": "USING gin (word gin_trgm_ops)"}
# Settings local to the rebuild's transaction. JIT compiled the rebuild's expressions with inlining
# and optimisation (its estimated cost is far above jit_optimize_above_cost) and saved nothing: the
# time is in to_tsvector, which is not compiled; off, the documents took 0.3 s less CPU at 20,000.
REBUILD_SETTINGS = "SELECT set_config('jit', 'off', true)"

# Every document at once: the expected view's rows (articles_searchdocument_expected, the definition
# check_index compares each stored document with), written set-wise. The view answers for a few
# articles (the triggers) with one lookup per article and tag table; for the whole archive the tag
# arrays are grouped once per table and hash-joined, and each title is parsed once (the view parses
# it for title_vector and again inside vector). The body is gathered per article, as in the view.
# 17% less CPU than reading the view at 20,000 articles. A test rebuilds a varied archive and checks
# that check_index finds every document equal to the view's.
_TAG_ARRAYS_BY_ARTICLE = "\n".join(
    f"""LEFT JOIN (SELECT t.article_id, array_agg(e.slug::text ORDER BY e.slug) AS slugs,
                  array_agg(t.{column} * {TAG_CODE_KINDS} + {TAG_CODE_OF[name]} ORDER BY t.{column}) AS codes
           FROM {through} t JOIN {entity} e ON e.id = t.{column} GROUP BY t.article_id) {name} ON {name}.article_id = a.id"""
    for through, column, entity, name in TAG_TABLES
)
REBUILD_SELECT = f"""
SELECT a.id AS article_id, a.slug::text AS slug, a.title::text AS title, a.source::text AS source, a.published,
       {", ".join(f"coalesce({name}.slugs, '{{}}') AS {name}" for _through, _column, _entity, name in TAG_TABLES)},
       parsed.title_vector,
       parsed.title_vector || setweight(to_tsvector('{TEXT_CONFIG}', coalesce(body.text, '')), 'D') AS vector,
       a.story_id::text AS story,
       CASE WHEN story.first_id IS NOT NULL AND story.first_id <> a.id THEN 'later' ELSE 'first' END AS story_copy,
       {" || ".join(f"coalesce({name}.codes, '{{}}')" for _through, _column, _entity, name in TAG_TABLES)} AS tag_codes
FROM articles_article a
-- OFFSET 0 keeps the subquery from being folded into the outer list, which would parse the title twice.
CROSS JOIN LATERAL (SELECT setweight(to_tsvector('{TEXT_CONFIG}', a.title), 'A') AS title_vector OFFSET 0) parsed
LEFT JOIN articles_story story ON story.id = a.story_id
LEFT JOIN LATERAL (
    SELECT string_agg(concat_ws(E'\\n\\n', nullif(s.heading, ''), s.text), E'\\n\\n' ORDER BY s.position) AS text
    FROM articles_section s WHERE s.article_id = a.id
) body ON true
{_TAG_ARRAYS_BY_ARTICLE}
WHERE a.is_published
"""
# The documents' columns that are NOT NULL, as the live table declares them (CREATE TABLE AS does not).
NOT_NULL_COLUMNS = ("slug", "title", "source", "leaders", "countries", "topics", "title_vector", "vector", "story_copy", "tag_codes")


def rebuild_documents(cursor) -> int:
    """Recompute every document into a new table and swap it in; return how many there are.

    Run it inside a transaction (the swap must commit as one).
    """
    cursor.execute(f"LOCK TABLE {DOCUMENT_TABLE} IN SHARE ROW EXCLUSIVE MODE")
    cursor.execute(REBUILD_SETTINGS)
    cursor.execute(f"DROP TABLE IF EXISTS {DOCUMENT_TABLE}_build")
    has_facet_sets = _has_table(cursor, FACET_SET_TABLE)
    if has_facet_sets:
        _fill_documents_with_facet_sets(cursor)
    else:
        cursor.execute(
            f"CREATE TABLE {DOCUMENT_TABLE}_build AS SELECT {DOCUMENT_COLUMNS_IN_TABLE_ORDER_0017} FROM ({REBUILD_SELECT}) documents"
        )
    # One ALTER TABLE: the NOT NULL checks share one scan of the new table (one statement each took one scan each).
    cursor.execute(
        f"ALTER TABLE {DOCUMENT_TABLE}_build ADD CONSTRAINT {DOCUMENT_TABLE}_pkey_build PRIMARY KEY (article_id), "
        + ", ".join(f"ALTER COLUMN {column} SET NOT NULL" for column in NOT_NULL_COLUMNS + ("facet_set",) * has_facet_sets)
        + ", ALTER COLUMN story_copy SET DEFAULT 'first', ALTER COLUMN tag_codes SET DEFAULT '{}'"
    )
    for name, definition in DOCUMENT_INDEXES.items():
        cursor.execute(f"CREATE INDEX {name}_build ON {DOCUMENT_TABLE}_build {definition}")
    _swap(cursor, DOCUMENT_TABLE, [f"{DOCUMENT_TABLE}_pkey", *DOCUMENT_INDEXES])
    cursor.execute(f"SELECT count(*) FROM {DOCUMENT_TABLE}")
    return cursor.fetchone()[0]


def rebuild_vocabulary(cursor) -> int:
    """Recount the unstemmed words of every published article into a new table and swap it in."""
    cursor.execute(f"LOCK TABLE {VOCABULARY_TABLE} IN SHARE ROW EXCLUSIVE MODE")
    cursor.execute(REBUILD_SETTINGS)
    cursor.execute(f"DROP TABLE IF EXISTS {VOCABULARY_TABLE}_build")
    # ts_stat counts each word's documents in C as the vectors stream by; it gives the same words and
    # counts as unnesting every vector and grouping the 1.7 million (word, article) rows of 20,000
    # articles, for less CPU. The parse itself (to_tsvector) is most of the cost either way.
    words_query = f"SELECT to_tsvector('{WORD_CONFIG}', e.title || ' ' || e.body) FROM articles_searchdocument_expected e"
    cursor.execute(
        f"CREATE TABLE {VOCABULARY_TABLE}_build AS"
        f" SELECT word, ndoc AS documents FROM ts_stat($words${words_query}$words$) WHERE length(word) > 2"
    )
    cursor.execute(
        f"ALTER TABLE {VOCABULARY_TABLE}_build ADD CONSTRAINT {VOCABULARY_TABLE}_pkey_build PRIMARY KEY (word), "
        "ALTER COLUMN documents SET NOT NULL"
    )
    for name, definition in VOCABULARY_INDEXES.items():
        cursor.execute(f"CREATE INDEX {name}_build ON {VOCABULARY_TABLE}_build {definition}")
    _swap(cursor, VOCABULARY_TABLE, [f"{VOCABULARY_TABLE}_pkey", *VOCABULARY_INDEXES])
    cursor.execute(f"SELECT count(*) FROM {VOCABULARY_TABLE}")
    return cursor.fetchone()[0]


def _swap(cursor, table: str, index_names: list[str]) -> None:
    cursor.execute(f"DROP TABLE {table}")
    cursor.execute(f"ALTER TABLE {table}_build RENAME TO {table}")
    for name in index_names:
        cursor.execute(f"ALTER INDEX {name}_build RENAME TO {name}")


def is_keeping_documents(cursor) -> bool:
    """Return whether the database keeps the search documents current (every trigger is in place)."""
    cursor.execute("SELECT count(*) FROM pg_trigger WHERE tgname = ANY(%s) AND NOT tgisinternal", [TRIGGER_NAMES])
    return cursor.fetchone()[0] == len(TRIGGER_NAMES)


def start_keeping_documents(cursor) -> int:
    """Create the triggers and recompute every document and the vocabulary; return how many documents.

    Run it inside a transaction: creating a trigger locks its table against writes until the commit,
    so no article is written between the rebuild and the first trigger.
    """
    for statement in [*DROP_TRIGGERS, *TRIGGERS]:
        cursor.execute(statement)
    documents = rebuild_documents(cursor)
    rebuild_vocabulary(cursor)
    rebuild_facet_counts(cursor)
    return documents


def stop_keeping_documents(cursor) -> None:
    """Drop the triggers and empty the documents and the vocabulary: article writes pay nothing for them."""
    for statement in DROP_TRIGGERS:
        cursor.execute(statement)
    cursor.execute(f"TRUNCATE {DOCUMENT_TABLE}, {VOCABULARY_TABLE}")
    if _has_facet_table(cursor):
        cursor.execute(f"TRUNCATE {FACET_TABLE}")
    if _has_table(cursor, FACET_SET_TABLE):
        cursor.execute(f"TRUNCATE {FACET_SET_TABLE}")


# -- Migration 0013: whole-archive facet counts, kept by the refresh function ------------------------

# Every published article's facet values counted over the whole archive: ('documents', '') is the
# number of documents, ('day', 'YYYY-MM-DD') the documents of a day (undated ones have none). A page
# whose matches are the whole archive, or the archive less a few documents (a query of NOT words
# only), reads its total and facets here and subtracts the few instead of counting 100,000 rows
# (build_page_sql). The refresh function applies each change's net difference in the statement that
# writes the documents, so the counts commit and roll back with them.
FACET_TABLE = "articles_searchfacet"


def _facet_pairs(condition: str) -> str:
    """SQL listing (facet, value) once for each document meeting `condition` (on alias d) and each value it holds."""
    documents = f"{DOCUMENT_TABLE} d WHERE {condition}"
    return f"""SELECT 'documents'::text AS facet, ''::text AS value FROM {documents}
        UNION ALL SELECT 'leaders', unnest(d.leaders) FROM {documents}
        UNION ALL SELECT 'countries', unnest(d.countries) FROM {documents}
        UNION ALL SELECT 'topics', unnest(d.topics) FROM {documents}
        UNION ALL SELECT 'source', d.source FROM {documents}
        UNION ALL SELECT 'day', to_char(d.published, 'YYYY-MM-DD') FROM {documents} AND d.published IS NOT NULL"""


# Rows of the facet table as the documents give them: the rebuild's contents and check_index's reference.
FACET_COUNTS = f"SELECT facet, value, count(*) AS documents FROM ({_facet_pairs('TRUE')}) pairs GROUP BY 1, 2"

REFRESH_FUNCTION_WITH_FACETS = f"""CREATE OR REPLACE FUNCTION newsindex_refresh_search_documents(ids bigint[])
    RETURNS void LANGUAGE plpgsql AS $$
    DECLARE
        before_facets text[];
        before_values text[];
        before_counts bigint[];
    BEGIN
        IF ids IS NULL OR cardinality(ids) = 0 THEN
            RETURN;
        END IF;
        SELECT coalesce(array_agg(facet), '{{}}'), coalesce(array_agg(value), '{{}}'), coalesce(array_agg(n), '{{}}')
            INTO before_facets, before_values, before_counts
            FROM (SELECT facet, value, count(*) AS n
                  FROM ({_facet_pairs("d.article_id = ANY(ids)")}) pairs
                  GROUP BY 1, 2) counted;
        DELETE FROM {DOCUMENT_TABLE} d WHERE d.article_id = ANY(ids)
            AND NOT EXISTS (SELECT 1 FROM articles_article a WHERE a.id = d.article_id AND a.is_published);
        INSERT INTO {DOCUMENT_TABLE} ({DOCUMENT_COLUMNS_0009})
            SELECT {DOCUMENT_COLUMNS_0009} FROM articles_searchdocument_expected WHERE article_id = ANY(ids)
        ON CONFLICT (article_id) DO UPDATE SET slug = excluded.slug, title = excluded.title,
            source = excluded.source, published = excluded.published, leaders = excluded.leaders,
            countries = excluded.countries, topics = excluded.topics, title_vector = excluded.title_vector,
            vector = excluded.vector, story = excluded.story, story_copy = excluded.story_copy;
        -- The net difference in one statement, in key order: writers touching the same counts take
        -- their row locks in the same order (a busy source or day serialises concurrent imports
        -- from here to their commit; the counts stay exact).
        INSERT INTO {FACET_TABLE} (facet, value, documents)
            SELECT facet, value, sum(n) FROM (
                SELECT facet, value, -n AS n FROM unnest(before_facets, before_values, before_counts) AS b(facet, value, n)
                UNION ALL
                SELECT facet, value, count(*)
                FROM ({_facet_pairs("d.article_id = ANY(ids)")}) pairs
                GROUP BY 1, 2
            ) changes GROUP BY 1, 2 HAVING sum(n) <> 0 ORDER BY 1, 2
        ON CONFLICT (facet, value) DO UPDATE SET documents = {FACET_TABLE}.documents + excluded.documents;
        -- New words join the vocabulary at once; counts are exact after a rebuild (clear()).
        INSERT INTO {VOCABULARY_TABLE} (word, documents)
            SELECT DISTINCT w.word, 1 FROM articles_searchdocument_expected e,
                unnest(tsvector_to_array(to_tsvector('{WORD_CONFIG}', e.title || ' ' || e.body))) AS w(word)
            WHERE e.article_id = ANY(ids) AND length(w.word) > 2
        ON CONFLICT (word) DO NOTHING;
    END $$"""

# Migration 0013's statements (frozen); it then recounts the table (rebuild_facet_counts) where the
# documents are kept.
ADD_FACET_COUNTS = [
    f"""CREATE TABLE IF NOT EXISTS {FACET_TABLE} (
        facet text NOT NULL,
        value text NOT NULL,
        documents bigint NOT NULL,  -- 0 once a value's last document goes; rebuilds drop those rows
        PRIMARY KEY (facet, value)
    )""",
    REFRESH_FUNCTION_WITH_FACETS,
    f"""CREATE OR REPLACE FUNCTION articles_article_truncated_clear() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        TRUNCATE {DOCUMENT_TABLE}, {FACET_TABLE};
        RETURN NULL;
    END $$""",
]
DROP.insert(DROP.index(f"DROP TABLE IF EXISTS {VOCABULARY_TABLE}"), f"DROP TABLE IF EXISTS {FACET_TABLE}")


def rebuild_facet_counts(cursor) -> None:
    """Recount the whole-archive facet counts from the documents (inside the rebuild's transaction).

    Does nothing before migration 0013 made the table (migration 0011 starts keeping the documents).
    """
    if not _has_facet_table(cursor):
        return
    cursor.execute(f"LOCK TABLE {FACET_TABLE} IN SHARE ROW EXCLUSIVE MODE")
    # DELETE, not TRUNCATE: pages being answered keep reading the old counts until the commit.
    cursor.execute(f"DELETE FROM {FACET_TABLE}")
    cursor.execute(f"INSERT INTO {FACET_TABLE} (facet, value, documents) {FACET_COUNTS}")


def count_wrong_facet_counts(cursor) -> int:
    """Return how many whole-archive counts differ from what the documents give (0 before migration 0013)."""
    if not _has_facet_table(cursor):
        return 0
    kept = f"SELECT facet, value, documents FROM {FACET_TABLE} WHERE documents <> 0"
    cursor.execute(
        f"SELECT count(*) FROM (({kept} EXCEPT {FACET_COUNTS}) UNION ALL ({FACET_COUNTS} EXCEPT {kept})) wrong"
    )
    return cursor.fetchone()[0]


def _has_facet_table(cursor) -> bool:
    return _has_table(cursor, FACET_TABLE)


def _has_table(cursor, table: str) -> bool:
    cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [table])
    return cursor.fetchone()[0]


REFRESH_FUNCTION_WITH_TAG_CODES = REFRESH_FUNCTION_WITH_FACETS.replace(
    f"({DOCUMENT_COLUMNS_0009})\n            SELECT {DOCUMENT_COLUMNS_0009} FROM",
    f"({DOCUMENT_COLUMNS})\n            SELECT {DOCUMENT_COLUMNS} FROM",
).replace("story_copy = excluded.story_copy;", "story_copy = excluded.story_copy,\n            tag_codes = excluded.tag_codes;")

# Migration 0015's statements (frozen); it then rebuilds the documents where they are kept.
ADD_TAG_CODES = [
    f"ALTER TABLE {DOCUMENT_TABLE} ADD COLUMN IF NOT EXISTS tag_codes bigint[] NOT NULL DEFAULT '{{}}'",
    f"CREATE INDEX IF NOT EXISTS {LATER_COPIES_INDEX} ON {DOCUMENT_TABLE} {LATER_COPIES_DEFINITION}",
    EXPECTED_VIEW_WITH_TAG_CODES,
    REFRESH_FUNCTION_WITH_TAG_CODES,
]



# -- Migration 0018: facet sets, the integer a page groups its matches by ------------------------------

# Each document's source and tags together (its facet values but the date) as one integer: a row of
# articles_searchfacetset. Documents share sets (5,626 sets for 100,000 articles in the bench
# archive), so a page groups its matches by this integer and counts the total, the sources and every
# tag over the few thousand sets met (postgres_query._count_matches_sql): 6 ms for the 61,614
# matches of `com*` at 100,000 articles, where grouping them by source and day and, apart, by tag
# array took 22 ms.
#
# A set's row never changes. The refresh function adds the sets its documents need and the table
# lacks, in the documents' statement (so they commit and roll back together), and points each
# document at one with its source and tags. Two transactions adding the same new set at once each
# add a row: two rows with the same values count the same (the page sums over the values), and the
# next rebuild keeps one. Sets no document uses any more stay until the next rebuild, which drops them.
# No unique index: a btree entry is limited to a third of a page, which an article with a few hundred
# tags would pass; lookups go through a hash index of the codes.
FACET_SET_TABLE = "articles_searchfacetset"
# The set of each published article's document, by the view's values (the refresh function).
_FACET_SET_OF_EXPECTED = (
    f"(SELECT min(f.id) FROM {FACET_SET_TABLE} f WHERE f.source = e.source AND f.tag_codes = e.tag_codes)"
)

REFRESH_FUNCTION_WITH_FACET_SETS = REFRESH_FUNCTION_WITH_TAG_CODES.replace(
    f"""        INSERT INTO {DOCUMENT_TABLE} ({DOCUMENT_COLUMNS})
            SELECT {DOCUMENT_COLUMNS} FROM articles_searchdocument_expected WHERE article_id = ANY(ids)""",
    f"""        -- The sets these documents need and the table lacks (a new combination of source and tags).
        INSERT INTO {FACET_SET_TABLE} (source, tag_codes)
            SELECT DISTINCT e.source, e.tag_codes FROM articles_searchdocument_expected e
            WHERE e.article_id = ANY(ids) AND {_FACET_SET_OF_EXPECTED} IS NULL ORDER BY 1, 2;
        INSERT INTO {DOCUMENT_TABLE} ({DOCUMENT_COLUMNS}, facet_set)
            SELECT {DOCUMENT_COLUMNS}, {_FACET_SET_OF_EXPECTED}
            FROM articles_searchdocument_expected e WHERE e.article_id = ANY(ids)""",
).replace("tag_codes = excluded.tag_codes;", "tag_codes = excluded.tag_codes, facet_set = excluded.facet_set;")

# Migration 0018's statements (frozen); it then rebuilds the documents where they are kept, or makes
# the (empty) column NOT NULL where they are not.
ADD_FACET_SETS = [
    f"""CREATE TABLE IF NOT EXISTS {FACET_SET_TABLE} (
        id integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        source text NOT NULL,
        tag_codes bigint[] NOT NULL
    )""",
    f"CREATE INDEX IF NOT EXISTS {FACET_SET_TABLE}_tag_codes ON {FACET_SET_TABLE} USING hash (tag_codes)",
    f"ALTER TABLE {DOCUMENT_TABLE} ADD COLUMN IF NOT EXISTS facet_set integer",
    REFRESH_FUNCTION_WITH_FACET_SETS,
]
DROP.insert(DROP.index(f"DROP TABLE IF EXISTS {VOCABULARY_TABLE}"), f"DROP TABLE IF EXISTS {FACET_SET_TABLE}")

# Each published article's source and tag codes, as the rebuild computes them (REBUILD_SELECT's joins).
_ARTICLE_FACET_VALUES = f"""
SELECT a.source::text AS source,
       {" || ".join(f"coalesce({name}.codes, '{{}}')" for _through, _column, _entity, name in TAG_TABLES)} AS tag_codes
FROM articles_article a
{_TAG_ARRAYS_BY_ARTICLE}
WHERE a.is_published
"""


def _fill_documents_with_facet_sets(cursor) -> None:
    """Fill the rebuild's new document table, each document pointing at its facet set; add missing sets, drop unused ones.

    Ids of sets in use stay: pages still reading the old documents until the commit name the same sets.
    """
    cursor.execute(f"LOCK TABLE {FACET_SET_TABLE} IN SHARE ROW EXCLUSIVE MODE")
    cursor.execute(
        f"""INSERT INTO {FACET_SET_TABLE} (source, tag_codes)
            SELECT DISTINCT v.source, v.tag_codes FROM ({_ARTICLE_FACET_VALUES}) v
            WHERE NOT EXISTS (SELECT FROM {FACET_SET_TABLE} f WHERE f.source = v.source AND f.tag_codes = v.tag_codes)
            ORDER BY 1, 2"""
    )
    columns = DOCUMENT_COLUMNS_IN_TABLE_ORDER.replace("facet_set", "sets.id AS facet_set")
    cursor.execute(
        f"""CREATE TABLE {DOCUMENT_TABLE}_build AS SELECT {columns} FROM ({REBUILD_SELECT}) documents
            JOIN (SELECT min(id) AS id, source, tag_codes FROM {FACET_SET_TABLE} GROUP BY source, tag_codes) sets
            USING (source, tag_codes)"""
    )
    cursor.execute(
        f"DELETE FROM {FACET_SET_TABLE} f WHERE NOT EXISTS (SELECT FROM {DOCUMENT_TABLE}_build d WHERE d.facet_set = f.id)"
    )
