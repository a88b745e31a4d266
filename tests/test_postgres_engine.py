"""The PostgreSQL engine's own promises: documents follow the articles in their transaction, rebuilds
never empty the index, check_index says so, and SEARCH_URL names only the article database.

Runs when the tests run on PostgreSQL (DATABASE_URL=postgres://…); skipped with the reason on SQLite.
The search behaviours it shares with Whoosh run in test_search.py and test_backend_contract.py.
"""

import io
from datetime import date

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from haystack import connections
from haystack.query import SearchQuerySet

from articles.models import Article, Country, Leader, Section, Story, Topic
from articles.search.consistency import check_search_index, find_unindexed_articles, repair_search_index
from articles.search.indexing import remove_from_search_index, update_search_index
from articles.search.postgres import check_search_database
from articles.search.postgres_query import parse_engine_query
from articles.search.postgres_sql import DOCUMENT_COLUMNS, FACET_COUNTS, FACET_SET_TABLE, FACET_TABLE, TRIGGER_NAMES
from articles.search.service import SearchFilters, search_articles
from newsindex.search_url import parse_search_url

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="The PostgreSQL search engine needs the tests on PostgreSQL: set DATABASE_URL=postgres://….",
)


@pytest.fixture
def postgres_selected(db, settings, tmp_path):
    """SEARCH_URL=postgres:// on a test database migrated for Whoosh, which keeps no documents yet."""
    original = connections.connections_info
    settings.HAYSTACK_CONNECTIONS = {"default": parse_search_url("postgres://", whoosh_path=tmp_path)}
    connections.connections_info = settings.HAYSTACK_CONNECTIONS
    connections.reload("default")
    yield connections["default"].get_backend()
    connections.connections_info = original
    connections.reload("default")


@pytest.fixture
def engine(postgres_selected):
    """The PostgreSQL engine after rebuild_index's clear(): the database keeps its documents."""
    postgres_selected.clear()
    return postgres_selected


def document_count() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM articles_searchdocument")
        return cursor.fetchone()[0]


def search_triggers() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT tgname FROM pg_trigger WHERE tgname = ANY(%s) ORDER BY 1", [TRIGGER_NAMES])
        return [row[0] for row in cursor.fetchall()]


def save_article(title: str, body: str, *, slug: str, published=date(2024, 3, 1)) -> Article:
    article = Article.objects.create(title=title, slug=slug, published=published, source="Test Wire", content_hash=slug)
    Section.objects.create(article=article, position=0, heading="", anchor="intro", text=body)
    return article


def titles(query: str) -> list[str]:
    return [hit.article.title for hit in search_articles(query).hits]


def test_a_saved_article_is_searchable_without_an_indexing_call(engine):
    save_article("Harbour strike ends", "Dockers voted to end the strike at the harbour.", slug="strike")
    assert titles("dockers") == ["Harbour strike ends"]


def test_a_rolled_back_article_leaves_no_document(engine):
    with pytest.raises(RuntimeError), transaction.atomic():
        save_article("Phantom story", "This article never commits.", slug="phantom")
        assert titles("phantom") == ["Phantom story"]  # visible inside its own transaction
        raise RuntimeError("roll back")
    assert titles("phantom") == []
    assert check_search_index().is_consistent


def test_unpublishing_editing_retagging_and_deleting_update_the_document_at_once(engine):
    article = save_article("Grain deal signed", "Ministers signed the grain deal.", slug="grain")
    leader = Leader.objects.create(slug="test-leader", name="Test Leader")
    article.leaders.add(leader)
    assert search_articles("grain").facets["leaders"][0].value == "test-leader"
    Section.objects.filter(article=article).update(text="Ministers signed the wheat deal.")
    assert titles("wheat") == ["Grain deal signed"]
    article.is_published = False
    article.save()
    assert titles("wheat") == []
    article.is_published = True
    article.save()
    article.delete()
    assert titles("wheat") == []
    assert SearchQuerySet().count() == 0


def test_check_index_says_the_engine_cannot_drift(engine, capsys):
    save_article("Harbour strike ends", "Dockers voted to end the strike.", slug="strike")
    call_command("check_index")
    output = capsys.readouterr().out
    assert "cannot drift" in output
    assert "The index matches the database (1 published articles)." in output


def test_check_index_finds_a_document_changed_behind_the_triggers(engine):
    article = save_article("Harbour strike ends", "Dockers voted to end the strike.", slug="strike")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE articles_searchdocument SET title = 'tampered' WHERE article_id = %s", [article.pk])
    assert check_search_index().stale == [article.pk]
    call_command("check_index", "--repair")
    assert check_search_index().is_consistent


def test_a_rebuild_keeps_every_document_searchable(engine):
    for number in range(3):
        save_article(f"Flood report {number}", "Rivers rose after the storm.", slug=f"flood-{number}")
    assert engine.clear() == 3
    assert search_articles("rivers").total == 3
    call_command("rebuild_index", interactive=False, verbosity=0)
    assert search_articles("rivers").total == 3


def save_varied_archive() -> dict[str, Article]:
    """Articles with what a document is made of: several tags of each kind, headings, no sections,
    accents, a story with two copies, an unpublished article."""
    # Added out of order: a document lists each kind's slugs sorted.
    leaders = [Leader.objects.create(slug=f"test-leader-{letter}", name=f"Test Leader {letter}") for letter in "cab"]
    countries = [Country.objects.create(slug=f"test-country-{letter}", name=f"Test Country {letter}") for letter in "ba"]
    topic = Topic.objects.create(slug="test-topic", name="Test Topic")
    summit = save_article("Summit in Kyiv", "Leaders met in Kyiv.", slug="summit")
    Section.objects.create(article=summit, position=1, heading="Reactions", anchor="reactions", text="Paris welcomed the talks.")
    summit.leaders.add(*leaders)
    summit.countries.add(*countries)
    summit.topics.add(topic)
    cafe = save_article("Café owners protest in Orléans", "Crème brûlée prices rose; owners' pay fell.", slug="cafe")
    cafe.countries.add(countries[1])
    empty = Article.objects.create(title="Headline only", slug="headline", published=None, source="Wire", content_hash="headline")
    copy = save_article("Summit in Kyiv (AP)", "Leaders met in Kyiv.", slug="summit-ap")
    Article.objects.filter(pk__in=[summit.pk, copy.pk]).update(story=Story.objects.create(first=summit))
    hidden = save_article("Draft about Kyiv", "Not published yet.", slug="draft")
    Article.objects.filter(pk=hidden.pk).update(is_published=False)
    return {"summit": summit, "cafe": cafe, "empty": empty, "copy": copy, "hidden": hidden}


def test_a_rebuild_gives_every_article_the_document_its_rows_give(engine):
    """The rebuild computes the documents set-wise; check_index compares each with the per-article definition."""
    articles = save_varied_archive()
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE articles_searchdocument, articles_searchword")
    assert engine.clear() == 4
    assert check_search_index().is_consistent
    page = search_articles("kyiv")
    assert sorted(hit.article.slug for hit in page.hits) == ["summit", "summit-ap"]
    assert {f.value: f.count for f in page.facets["leaders"]} == {"test-leader-a": 1, "test-leader-b": 1, "test-leader-c": 1}
    assert titles("orleans creme") == ["Café owners protest in Orléans"]
    assert titles("reactions") == ["Summit in Kyiv"]  # a section's heading is searchable text
    assert titles("headline") == ["Headline only"]
    assert titles("draft") == []
    assert [hit.article.slug for hit in search_articles("kyiv", filters=SearchFilters(listing="stories")).hits] == ["summit"]
    assert articles["hidden"].pk not in {hit.article.pk for hit in search_articles("*").hits}


def test_a_rebuild_counts_each_word_of_the_vocabulary_once_per_article(engine):
    save_varied_archive()
    engine.clear()
    with connection.cursor() as cursor:
        cursor.execute("SELECT word, documents FROM articles_searchword WHERE word IN ('kyiv', 'orleans', 'leaders', 'draft', 'in')")
        assert dict(cursor.fetchall()) == {"kyiv": 2, "orleans": 1, "leaders": 2}
    assert search_articles("owners protets").suggestion == "owners protest"


def test_imports_leave_the_documents_to_the_triggers(engine):
    """What imports and admin actions call after saving costs nothing here: the triggers already wrote the document."""
    article = save_article("Harbour strike ends", "Dockers voted to end the strike.", slug="strike")
    with CaptureQueriesContext(connection) as queries:
        update_search_index(article_ids=[article.pk])
        remove_from_search_index(article_ids=[article.pk])
        assert find_unindexed_articles(article_ids=[article.pk]) == []
    assert [query["sql"] for query in queries.captured_queries] == []
    assert titles("dockers") == ["Harbour strike ends"]
    assert check_search_index().is_consistent


def test_check_index_repairs_documents_deleted_or_added_behind_the_triggers(engine):
    kept = save_article("Harbour strike ends", "Dockers voted to end the strike.", slug="strike")
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM articles_searchdocument WHERE article_id = %s", [kept.pk])
        cursor.execute(
            "INSERT INTO articles_searchdocument (article_id, slug, title, source, published, leaders, countries, topics,"
            " title_vector, vector, facet_set) VALUES (%s, 'ghost', 'Ghost', 'Wire', NULL, '{}', '{}', '{}', 'ghost', 'ghost', 0)",
            [kept.pk + 1000],
        )
    report = check_search_index()
    assert (report.missing, report.orphaned) == ([kept.pk], [kept.pk + 1000])
    repair_search_index(report)
    assert check_search_index().is_consistent
    assert titles("dockers") == ["Harbour strike ends"]
    assert titles("ghost") == []


def test_more_like_this_finds_articles_sharing_title_words(engine):
    first = save_article("Flood waters rise in Valencia", "Rivers rose.", slug="valencia")
    save_article("Valencia flood clean-up begins", "Volunteers cleared mud.", slug="cleanup")
    save_article("Chess final drawn", "The players agreed a draw.", slug="chess")
    similar = SearchQuerySet().more_like_this(first)
    assert [result.pk for result in similar] == [str(Article.objects.get(slug="cleanup").pk)]


@pytest.mark.parametrize(
    "query, tree",
    [
        ('"gaza ceasefire"', ("text", "", "gaza ceasefire", False)),
        ("tr*", ("text", "", "tr", True)),
        ('leaders:"vladimir-putin" OR leaders:"x"', ("or", [("value", "leaders", "vladimir-putin"), ("value", "leaders", "x")])),
        ("day:[20220101 TO 99991231]", ("range", "day", "20220101", "99991231")),
        ('* AND NOT "grain"', ("and", [("every",), ("not", ("text", "", "grain", False))])),
        ("title:(hello)", ("text", "title", "hello", False)),
        ("((", ("every",)),
    ],
)
def test_engine_query_text_parses_into_a_tree(query, tree):
    assert parse_engine_query(query) == tree


def test_search_url_must_name_the_article_database(db):
    with pytest.raises(ImproperlyConfigured, match="names another database than DATABASE_URL.*use SEARCH_URL=postgres://"):
        check_search_database("postgres://user@elsewhere.example:5432/other", connection=connection, is_kept=False)
    check_search_database("postgres://", connection=connection, is_kept=False)


def test_above_the_exact_rank_limit_totals_and_facets_still_count_every_match(engine, monkeypatch):
    from articles.search import postgres_query

    monkeypatch.setattr(postgres_query, "EXACT_RANK_LIMIT", 1)
    monkeypatch.setattr(postgres_query, "RANK_CANDIDATES", 2)
    save_article("Markets calm", "Storm warnings were lifted.", slug="calm")
    save_article("Storm hits coast", "The storm hit the coast.", slug="coast")
    save_article("Ports reopen", "Ports reopened after the storm.", slug="ports")
    page = search_articles("storm")
    assert page.total == 3
    assert page.hits[0].article.title == "Storm hits coast"  # the title match ranks first
    assert {f.value: f.count for f in page.facets["source"]} == {"Test Wire": 3}


def test_a_whoosh_site_on_postgresql_keeps_no_search_documents(db):
    """The test database is migrated with the default engine, Whoosh: article writes pay for no document."""
    save_article("Harbour strike ends", "Dockers voted to end the strike.", slug="strike")
    assert search_triggers() == []
    assert document_count() == 0


def test_switching_to_the_postgres_engine_asks_for_rebuild_index_then_keeps_documents(postgres_selected):
    save_article("Harbour strike ends", "Dockers voted to end the strike.", slug="strike")
    with pytest.raises(ImproperlyConfigured, match="does not keep the PostgreSQL engine's documents.*rebuild_index"):
        search_articles("dockers")
    call_command("rebuild_index", interactive=False, verbosity=0)
    connections.reload("default")
    assert titles("dockers") == ["Harbour strike ends"]
    save_article("Ferry strike called", "Dockers walked out again.", slug="ferry")
    assert sorted(titles("dockers")) == ["Ferry strike called", "Harbour strike ends"]
    assert check_search_index().is_consistent


def test_rebuild_index_on_another_engine_stops_the_database_keeping_documents(engine, settings, tmp_path):
    save_article("Harbour strike ends", "Dockers voted to end the strike.", slug="strike")
    assert document_count() == 1
    settings.HAYSTACK_CONNECTIONS = connections.connections_info = {
        "default": parse_search_url(f"whoosh://{tmp_path / 'whoosh'}", whoosh_path=tmp_path)
    }
    connections.reload("default")
    call_command("rebuild_index", interactive=False, verbosity=0, no_progress=True)
    assert titles("dockers") == ["Harbour strike ends"]  # from the new Whoosh index
    assert search_triggers() == []
    save_article("Ferry strike called", "Dockers walked out again.", slug="ferry")
    assert document_count() == 0


def test_listing_stories_shows_each_story_once_and_follows_its_first_copy(engine):
    first = save_article("Port strike ends", "Dockers voted to end the strike.", slug="first-copy")
    later = save_article("Port strike ends (AP)", "Dockers voted to end the strike.", slug="later-copy")
    story = Story.objects.create(first=first)
    Article.objects.filter(pk__in=[first.pk, later.pk]).update(story=story)
    assert [hit.article.slug for hit in search_articles("dockers", filters=SearchFilters(listing="stories")).hits] == ["first-copy"]
    assert search_articles("dockers", filters=SearchFilters(listing="copies")).total == 2
    story.first = later
    story.save()
    assert [hit.article.slug for hit in search_articles("dockers", filters=SearchFilters(listing="stories")).hits] == ["later-copy"]
    assert check_search_index().is_consistent


# -- whole-archive facet counts: pages matching (nearly) every document ------------------------------


def archive_facets_drift() -> list[tuple]:
    """Rows where the kept whole-archive counts differ from counting the documents now (empty: exact)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT coalesce(kept.facet, counted.facet), coalesce(kept.value, counted.value), kept.documents, counted.documents
                FROM (SELECT * FROM {FACET_TABLE} WHERE documents <> 0) kept
                FULL JOIN ({FACET_COUNTS}) counted ON counted.facet = kept.facet AND counted.value = kept.value
                WHERE kept.documents IS DISTINCT FROM counted.documents ORDER BY 1, 2"""
        )
        return cursor.fetchall()


def counted_page(query: str, *, filters: SearchFilters | None = None, sort: str = "relevance") -> tuple:
    """The page's total, titles and every facet's (value, count) pairs, as a reader sees them; "dates" is the histogram."""
    page = search_articles(query, filters=filters or SearchFilters(), sort=sort)
    facets = {name: sorted((value.value, value.count) for value in values) for name, values in page.facets.items()}
    facets["dates"] = [(bar.label, bar.count) for bar in page.histogram] + [("undated", page.undated)]
    return page.total, [hit.article.title for hit in page.hits], facets


def expected_counts(articles) -> tuple[int, dict[str, list[tuple[str, int]]]]:
    """The total and the tag and source facets of these articles, counted from their rows."""
    counts: dict[str, dict[str, int]] = {"leaders": {}, "countries": {}, "topics": {}, "source": {}}
    for article in articles:
        values = {
            "leaders": [leader.slug for leader in article.leaders.all()],
            "countries": [country.slug for country in article.countries.all()],
            "topics": [topic.slug for topic in article.topics.all()],
            "source": [article.source],
        }
        for name, found in values.items():
            for value in found:
                counts[name][value] = counts[name].get(value, 0) + 1
    return len(articles), {name: sorted(found.items()) for name, found in counts.items()}


def save_tagged_archive() -> None:
    """Articles over two sources, two years and undated, with tags, some of them words a NOT query leaves out."""
    leader = Leader.objects.create(slug="test-leader", name="Test Leader")
    country, other = Country.objects.create(slug="test-land", name="Test Land"), Country.objects.create(slug="other-land", name="Other Land")
    topic = Topic.objects.create(slug="test-trade", name="Test Trade")
    rows = [
        ("Harbour strike ends", "Dockers voted to end the strike.", date(2023, 5, 2), "Test Wire", [leader], [country], [topic]),
        ("Grain prices rise", "Grain rose on the harbour market.", date(2024, 1, 9), "Test Wire", [], [country, other], [topic]),
        ("Election called", "The leader called an election.", date(2024, 1, 30), "Other Wire", [leader], [other], []),
        ("Storm closes ports", "A storm closed the harbour.", None, "Other Wire", [], [country], [topic]),
        ("Budget passes", "Parliament passed the budget.", date(2024, 6, 1), "Test Wire", [], [], []),
    ]
    for number, (title, body, published, source, leaders, countries, topics) in enumerate(rows):
        article = Article.objects.create(title=title, slug=f"tagged-{number}", published=published, source=source, content_hash=f"tagged-{number}")
        Section.objects.create(article=article, position=0, heading="", anchor="intro", text=body)
        article.leaders.add(*leaders)
        article.countries.add(*countries)
        article.topics.add(*topics)


ARCHIVE_QUERIES = [
    ("", lambda article: True),
    ("-harbour", lambda article: "harbour" not in (article.title + " " + article.sections.get().text).lower()),
    ("where -harbour -budget", lambda article: not {"harbour", "budget"} & set((article.title + " " + article.sections.get().text).lower().replace(".", "").split())),
]


@pytest.mark.parametrize("listing", ["copies", "stories"])
@pytest.mark.parametrize("sort", ["relevance", "newest"])
@pytest.mark.parametrize(("query", "matches"), ARCHIVE_QUERIES, ids=["everything", "not-one-word", "stop-word-and-two-nots"])
def test_pages_matching_most_of_the_archive_count_exactly_both_ways(engine, monkeypatch, query, matches, sort, listing):
    from articles.search import postgres_query

    save_tagged_archive()
    Article.objects.filter(slug="tagged-4").update(story=Story.objects.create(first=Article.objects.get(slug="tagged-0")))
    Article.objects.filter(slug="tagged-0").update(story=Story.objects.get())
    shown = [a for a in Article.objects.filter(is_published=True) if matches(a) and (listing == "copies" or a.slug != "tagged-4")]
    total, expected = expected_counts(shown)
    filters = SearchFilters(listing=listing)
    answers = []
    for is_few in (True, False):  # whole-archive counts less the left-out documents, and counting the matches
        monkeypatch.setattr(postgres_query, "is_few_documents", lambda cursor, is_few=is_few, **kwargs: is_few)
        answers.append(counted_page(query, filters=filters, sort=sort))
    assert answers[0] == answers[1]
    page_total, titles_shown, facets = answers[0]
    assert page_total == total
    if sort == "newest":
        dated = sorted((a for a in shown if a.published), key=lambda a: (a.published, a.pk), reverse=True)
        assert titles_shown == [a.title for a in dated] + [a.title for a in shown if not a.published]
    assert {name: facets[name] for name in expected} == expected
    years = sorted({str(a.published.year) for a in shown if a.published})
    expected_dates = [(year, len([a for a in shown if a.published and str(a.published.year) == year])) for year in years]
    assert facets["dates"] == [*expected_dates, ("undated", len([a for a in shown if not a.published]))]


def test_whole_archive_counts_follow_imports_retags_and_deletes_in_their_transaction(engine):
    save_tagged_archive()
    assert archive_facets_drift() == []
    before = counted_page("")
    with transaction.atomic():
        extra = save_article("Harbour reopens", "The harbour reopened.", slug="reopens", published=date(2025, 2, 1))
        extra.countries.add(Country.objects.get(slug="other-land"))
        Article.objects.get(slug="tagged-1").topics.clear()
        Article.objects.get(slug="tagged-2").delete()
        Article.objects.filter(slug="tagged-3").update(is_published=False)
        Leader.objects.filter(slug="test-leader").update(slug="renamed-leader")
        assert archive_facets_drift() == []
        total, titles_shown, facets = counted_page("")
        assert total == 4
        assert facets["leaders"] == [("renamed-leader", 1)]
        assert facets["countries"] == [("other-land", 2), ("test-land", 2)]
        assert facets["topics"] == [("test-trade", 1)]
        assert ("2025", 1) in facets["dates"]
        transaction.set_rollback(True)
    assert archive_facets_drift() == []
    assert counted_page("") == before


def test_a_word_page_counts_its_tags_exactly_after_retags_renames_and_deletes(engine):
    """A page of words counts its tag facets from the documents' integer tag codes, named by the current slugs."""
    save_tagged_archive()
    harbour = [a for a in Article.objects.all() if "harbour" in (a.title + " " + a.sections.get().text).lower()]
    total, _titles, facets = counted_page("harbour")
    assert (total, {name: facets[name] for name in ("leaders", "countries", "topics", "source")}) == expected_counts(harbour)
    Article.objects.get(slug="tagged-0").countries.add(Country.objects.get(slug="other-land"))
    Article.objects.get(slug="tagged-1").topics.clear()
    Leader.objects.filter(slug="test-leader").update(slug="renamed-leader")
    Country.objects.get(slug="test-land").delete()
    harbour = [Article.objects.get(pk=a.pk) for a in harbour]
    total, _titles, facets = counted_page("harbour")
    assert (total, {name: facets[name] for name in ("leaders", "countries", "topics", "source")}) == expected_counts(harbour)
    assert facets["leaders"] == [("renamed-leader", 1)]
    assert facets["countries"] == [("other-land", 2)]
    assert check_search_index().stale == []


def facet_sets() -> list[tuple[str, list[int]]]:
    """The facet sets' (source, tag codes), in id order."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT source, tag_codes FROM {FACET_SET_TABLE} ORDER BY id")
        return [(source, list(codes)) for source, codes in cursor.fetchall()]


def test_a_new_combination_of_tags_gets_its_facet_set_in_the_article_transaction(engine):
    save_tagged_archive()
    leader = Leader.objects.create(slug="fresh-leader", name="Fresh Leader")
    sets_before = facet_sets()
    with pytest.raises(RuntimeError), transaction.atomic():
        Article.objects.get(slug="tagged-4").leaders.add(leader)
        assert facet_sets() == [*sets_before, ("Test Wire", [leader.pk * 4 + 1])]
        assert counted_page("budget")[2]["leaders"] == [("fresh-leader", 1)]
        raise RuntimeError("roll back")
    assert facet_sets() == sets_before
    Article.objects.get(slug="tagged-4").leaders.add(leader)
    assert counted_page("budget")[2]["leaders"] == [("fresh-leader", 1)]
    assert check_search_index().is_consistent


def test_check_index_finds_documents_whose_facet_set_was_changed_or_removed_and_repairs_them(engine):
    save_tagged_archive()
    harbour = [a for a in Article.objects.all() if "harbour" in (a.title + " " + a.sections.get().text).lower()]
    grain, storm = Article.objects.get(slug="tagged-1"), Article.objects.get(slug="tagged-3")
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {FACET_SET_TABLE} SET tag_codes = '{{}}' WHERE id = (SELECT facet_set FROM articles_searchdocument WHERE article_id = %s)",
            [grain.pk],
        )
        cursor.execute(
            f"DELETE FROM {FACET_SET_TABLE} WHERE id = (SELECT facet_set FROM articles_searchdocument WHERE article_id = %s)", [storm.pk]
        )
    report = check_search_index()
    assert grain.pk in report.stale and storm.pk in report.stale
    repair_search_index(report)
    assert check_search_index().is_consistent
    total, _titles, facets = counted_page("harbour")
    assert (total, {name: facets[name] for name in ("leaders", "countries", "topics", "source")}) == expected_counts(harbour)


def test_two_facet_sets_with_the_same_values_count_the_same_and_a_rebuild_keeps_one(engine):
    """Two imports adding the same new set at once each add a row (no unique index); pages sum over the values."""
    save_tagged_archive()
    grain = Article.objects.get(slug="tagged-1")
    with connection.cursor() as cursor:
        cursor.execute(
            f"""INSERT INTO {FACET_SET_TABLE} (source, tag_codes)
                SELECT source, tag_codes FROM articles_searchdocument WHERE article_id = %s RETURNING id""",
            [grain.pk],
        )
        duplicate = cursor.fetchone()[0]
        cursor.execute("ALTER TABLE articles_searchdocument DISABLE TRIGGER USER")
        cursor.execute("UPDATE articles_searchdocument SET facet_set = %s WHERE article_id = %s", [duplicate, grain.pk])
        cursor.execute("ALTER TABLE articles_searchdocument ENABLE TRIGGER USER")
    harbour = [a for a in Article.objects.all() if "harbour" in (a.title + " " + a.sections.get().text).lower()]
    total, _titles, facets = counted_page("harbour")
    assert (total, {name: facets[name] for name in ("leaders", "countries", "topics", "source")}) == expected_counts(harbour)
    assert check_search_index().is_consistent
    call_command("rebuild_index", "--noinput", verbosity=0)
    assert sorted(map(repr, facet_sets())) == sorted(set(map(repr, facet_sets())))
    assert len(facet_sets()) == len({(a.source, tuple(tag_codes_of(a))) for a in Article.objects.all()})
    assert check_search_index().is_consistent


def tag_codes_of(article: Article) -> list[int]:
    """The article's tags as the engine codes them: leaders, countries, topics, each by id."""
    return (
        [leader.pk * 4 + 1 for leader in article.leaders.order_by("pk")]
        + [country.pk * 4 + 2 for country in article.countries.order_by("pk")]
        + [topic.pk * 4 + 3 for topic in article.topics.order_by("pk")]
    )


def test_a_rebuild_drops_the_facet_sets_no_document_uses(engine):
    save_tagged_archive()
    budget = Article.objects.get(slug="tagged-4")
    budget.countries.add(Country.objects.get(slug="other-land"))
    budget.countries.clear()
    assert len(facet_sets()) > len({(a.source, tuple(tag_codes_of(a))) for a in Article.objects.all()})
    call_command("rebuild_index", "--noinput", verbosity=0)
    assert sorted(facet_sets()) == sorted((a.source, tag_codes_of(a)) for a in {
        (a.source, tuple(tag_codes_of(a))): a for a in Article.objects.all()}.values())


def test_a_rebuild_recounts_the_whole_archive_counts(engine):
    save_tagged_archive()
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {FACET_TABLE} SET documents = documents + 7")
    assert archive_facets_drift() != []
    call_command("rebuild_index", "--noinput", verbosity=0)
    assert archive_facets_drift() == []


def test_a_not_query_with_filters_counts_only_what_the_filters_keep(engine):
    save_tagged_archive()
    filters = SearchFilters(countries=("test-land",), date_from=date(2024, 1, 1), date_to=date(2024, 12, 31))
    total, titles_shown, facets = counted_page("-storm", filters=filters)
    assert (total, titles_shown) == (1, ["Grain prices rise"])
    assert facets["countries"] == [("other-land", 1), ("test-land", 1)]
    assert facets["dates"][0] == ("2024-01", 1)


def test_newest_first_over_the_whole_archive_cuts_each_page_from_the_whole_order(engine):
    # More articles than two pages, saved out of date order (undated ones are test_pages_matching_most_…'s).
    days = [5, 1, 12, 3, 9, 7, 11, 2, 8, 4, 10, 6, 25, 14, 22, 17, 20, 13, 24, 16, 21, 15, 23, 19, 18]
    for day in days:
        save_article(f"Day {day:02d} report", "A report.", slug=f"day-{day}", published=date(2024, 2, day))
    pages = [search_articles("", sort="newest", page=page) for page in (1, 2, 3)]
    shown = [hit.article.title for page in pages for hit in page.hits]
    assert shown == [f"Day {day:02d} report" for day in sorted(days, reverse=True)]
    assert [page.total for page in pages] == [25, 25, 25]


def test_check_index_finds_and_recounts_whole_archive_facet_counts_that_drifted(engine):
    save_article("Harbour strike ends", "Dockers voted to end the strike.", slug="strike")
    save_article("Harbour reopens", "Ships docked again.", slug="reopens")
    assert check_search_index().is_consistent
    with connection.cursor() as cursor:
        cursor.execute("UPDATE articles_searchfacet SET documents = documents + 5 WHERE facet = 'documents'")
        cursor.execute("DELETE FROM articles_searchfacet WHERE facet = 'source'")
    report = check_search_index()
    assert report.wrong_facet_counts >= 2 and not report.is_consistent
    assert (report.missing, report.stale, report.orphaned) == ([], [], [])
    with pytest.raises(CommandError):
        call_command("check_index", stdout=io.StringIO())
    output = io.StringIO()
    call_command("check_index", "--repair", stdout=output)
    assert "facet counts wrong" in output.getvalue() and "Repaired" in output.getvalue()
    assert check_search_index().is_consistent
    # The listing page reads the recounted total: two articles, not seven.
    assert search_articles(query="").total == 2


def test_a_rebuild_lays_out_what_pages_read_from_every_match_before_the_vector(engine):
    """A value stored after the ~1 KB inline vector costs every match of a page a walk past it."""
    save_article("Storm hits coast", "The storm hit the coast.", slug="coast")
    engine.clear()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attname FROM pg_attribute WHERE attrelid = 'articles_searchdocument'::regclass"
            " AND attnum > 0 AND NOT attisdropped ORDER BY attnum"
        )
        columns = [row[0] for row in cursor.fetchall()]
    assert sorted(columns) == sorted([*(name.strip() for name in DOCUMENT_COLUMNS.split(",")), "facet_set"])
    assert columns[-1] == "vector"
    for name in ("article_id", "published", "facet_set", "story_copy", "title_vector"):
        assert columns.index(name) < columns.index("slug")
    assert search_articles("storm").total == 1


PAGE_SETTING_NAMES = ("enable_seqscan", "jit", "max_parallel_workers_per_gather", "work_mem")


def current_settings() -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, setting FROM pg_settings WHERE name = ANY(%s)", [list(PAGE_SETTING_NAMES)])
        return dict(cursor.fetchall())


def test_a_page_settings_end_with_its_statement_inside_a_callers_transaction(engine):
    """The page statement plans with its own settings (no sequential scan for words, no JIT); a caller's
    transaction (here the test's own) goes on with the server's settings after the search."""
    save_article("Harbour strike ends", "Dockers voted to end the strike at the harbour.", slug="strike")
    assert connection.in_atomic_block
    before = current_settings()
    with CaptureQueriesContext(connection) as queries:
        assert titles("dockers") == ["Harbour strike ends"]
    assert any("set_config('enable_seqscan'" in query["sql"] for query in queries.captured_queries)
    assert current_settings() == before
    assert before["enable_seqscan"] == "on"
    assert titles("dockers") == ["Harbour strike ends"]
