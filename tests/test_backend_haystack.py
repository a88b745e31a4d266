"""Our Whoosh engine keeps haystack's API contract where haystack's own suite does not look.

haystack's suite (tests/test_haystack_suite.py) checks most of the contract; these are the cases it
runs only on its own mock indexes or not at all: fuzzy filters, highlight(), result.text, spelling
suggestions on our index, typed facet fields, an index without a title field, other models'
documents left in the index.
"""

import pytest
from haystack import connections, indexes
from haystack.query import SearchQuerySet
from haystack.utils.loading import UnifiedIndex

from articles.models import Article, Section
from articles.search.indexing import update_search_index


@pytest.fixture
def gaza(db, search_index):
    article = Article.objects.create(title="Gaza ceasefire holds", slug="gaza", source="Wire", content_hash="1")
    Section.objects.create(
        article=article, position=0, heading="", anchor="intro",
        text="The <b>ceasefire</b> held for a second day as aid lorries crossed the border into Gaza.",
    )
    related = Article.objects.create(title="Aid lorries wait at the Gaza border", slug="lorries", source="Wire", content_hash="2")
    Section.objects.create(
        article=related, position=0, heading="", anchor="intro", text="Aid lorries queued at the border as the ceasefire held."
    )
    other = Article.objects.create(title="Wheat prices fall", slug="wheat", source="Wire", content_hash="3")
    Section.objects.create(article=other, position=0, heading="", anchor="intro", text="Wheat prices fell again.")
    update_search_index(article_ids=[article.pk, related.pk, other.pk])
    return article


def test_a_fuzzy_filter_matches_a_misspelt_word(gaza):
    assert [r.pk for r in SearchQuerySet().filter(content__fuzzy="crosed")] == [str(gaza.pk)]


def test_result_text_is_the_indexed_document(gaza):
    [result] = SearchQuerySet().filter(content="crossed")
    assert "lorries crossed the border" in result.text
    assert "lorries crossed the border" in SearchQuerySet().filter(content="crossed").values_list("text", flat=True)[0]


def test_highlight_marks_the_query_words_and_escapes_the_text(gaza):
    [result] = SearchQuerySet().filter(content="ceasefires second").highlight()
    [marked] = result.highlighted["text"]
    assert "<em>ceasefire</em>" in marked
    assert "<b>" not in marked and "&lt;b&gt;<em>ceasefire</em>" in marked


def test_haystacks_spelling_suggestion_is_a_word_not_a_stem(gaza):
    assert connections["default"].get_backend().create_spelling_suggestion("lorriez") == "lorries"


def test_an_empty_query_matches_nothing_and_star_matches_everything(gaza):
    backend = connections["default"].get_backend()
    assert backend.search("") == {"results": [], "hits": 0}
    assert backend.search("*")["hits"] == 3


def test_more_like_this_finds_the_article_that_shares_its_words(gaza):
    assert [r.pk for r in SearchQuerySet().more_like_this(gaza)] == [str(Article.objects.get(slug="lorries").pk)]


class TypedIndex(indexes.SearchIndex, indexes.Indexable):
    """No title field; an integer and a datetime facet."""

    text = indexes.CharField(document=True, model_attr="slug")
    sections = indexes.IntegerField(faceted=True)
    created = indexes.DateTimeField(model_attr="created", faceted=True)

    def get_model(self):
        return Article

    def prepare_sections(self, article):
        return article.sections.count()


@pytest.fixture
def typed_index(gaza):
    """Swap the unified index for one with TypedIndex only, and reset the engine to its schema."""
    connection = connections["default"]
    original = connection.get_unified_index()
    unified = UnifiedIndex()
    unified.build(indexes=[TypedIndex()])
    connection._index = unified
    backend = connection.get_backend()
    backend.setup_complete = False
    backend.clear()
    backend.update(TypedIndex(), Article.objects.all())
    yield backend
    connection._index = original
    backend.setup_complete = False


def test_typed_facet_fields_are_indexed_and_counted(typed_index):
    counts = SearchQuerySet().facet("sections").facet_counts()["fields"]["sections"]
    assert counts == [(1, 3)]


def test_an_index_without_a_title_field_answers_prefix_and_date_facet_queries(typed_index):
    assert SearchQuerySet().filter(content__startswith="gaz").count() == 1
    created = Article.objects.get(slug="gaza").created
    dates = SearchQuerySet().date_facet("created", start_date=created.replace(year=created.year - 1),
                                        end_date=created.replace(year=created.year + 1), gap_by="year")
    assert sum(count for _, count in dates.facet_counts()["dates"]["created"]) == 3


def test_documents_of_unregistered_models_are_left_out_when_limited_to_registered_models(gaza):
    backend = connections["default"].get_backend()
    writer = backend.index.writer()
    # A document of a model no index is registered for (left by an index that was removed).
    writer.add_document(id="articles.leader.1", django_ct="articles.leader", django_id="1", text="ceasefire", source="Old")
    writer.commit()
    limited = backend.search("ceasefire", facets=["source"], limit_to_registered_models=True)
    assert limited["facets"]["fields"]["source"] == [("Wire", 2)]
    unlimited = backend.search("ceasefire", facets=["source"], limit_to_registered_models=False)
    assert unlimited["facets"]["fields"]["source"] == [("Old", 1), ("Wire", 2)][::-1]
