"""Totals, page counts and facet counts are exact in every sort order.

Whoosh's top-N collector, once its top 10 are full, swaps in a narrower matcher that skips documents
that cannot enter the top 10 (its replace=10 optimisation): here the body-only matches, outscored by
the title matches. Counting from that collector undercounted relevance-ordered results (23 of 55).
"""

from datetime import date, timedelta

import pytest

from articles.models import Article, Section
from articles.search.indexing import update_search_index
from articles.search.service import PAGE_SIZE, search_articles

TITLE_MATCHES = 15
BODY_MATCHES = 40
# Long bodies: the body term's best possible score stays below a short title's, so Whoosh's
# narrower matcher drops the body-only matches once the top 10 are full.
FILLER = " ".join(["Grain prices moved little as traders waited for the harvest figures."] * 8)


def article_kinds() -> list[str]:
    """The index order: ten long bank titles, three short ones, the body-only matches, two more short titles.

    Shorter titles score higher, so the short ones push the top 10's lowest score above anything a
    body-only match can score; the last titles keep the title matcher alive past the body matches.
    """
    return ["long title"] * 10 + ["short title"] * 3 + ["body"] * BODY_MATCHES + ["short title"] * 2


@pytest.fixture
def bank_archive(db, search_index):
    """Articles with a bank in their title, and more that only mention a bank in the body."""
    saved = []
    for number, kind in enumerate(article_kinds()):
        if kind == "long title":
            title, body, source = f"Bank rates rise in the week of report {number}", FILLER, "Title Wire"
        elif kind == "short title":
            title, body, source = f"Bank {number}", FILLER, "Title Wire"
        else:
            title, body, source = f"Harvest report {number}", f"Farmers borrowed from the bank. {FILLER}", "Body Wire"
        article = Article.objects.create(
            # Newest first: the order the index is written in (Article.Meta.ordering).
            title=title, slug=f"bank-{number}", published=date(2024, 6, 1) - timedelta(days=number),
            source=source, content_hash=str(number),
        )
        Section.objects.create(article=article, position=0, heading="", anchor="intro", text=body)
        saved.append(article)
    update_search_index(article_ids=[a.pk for a in saved])
    return saved


def whoosh_count(backend, query: str) -> int:
    return len(list(backend.searcher().docs_for_query(backend.parse_query(query))))


@pytest.mark.parametrize("sort", ["relevance", "newest", "oldest"])
def test_the_total_is_every_matching_article_in_every_sort_order(bank_archive, search_index, sort):
    assert whoosh_count(search_index, "bank") == TITLE_MATCHES + BODY_MATCHES
    page = search_articles("bank", sort=sort)
    assert page.total == TITLE_MATCHES + BODY_MATCHES
    assert page.num_pages == -(-(TITLE_MATCHES + BODY_MATCHES) // PAGE_SIZE)


@pytest.mark.parametrize("sort", ["relevance", "newest"])
def test_facet_counts_count_every_matching_article_in_every_sort_order(bank_archive, sort):
    sources = {facet.value: facet.count for facet in search_articles("bank", sort=sort).facets["source"]}
    assert sources == {"Body Wire": BODY_MATCHES, "Title Wire": TITLE_MATCHES}


def test_the_last_relevance_page_lists_the_last_matches(bank_archive):
    last = -(-(TITLE_MATCHES + BODY_MATCHES) // PAGE_SIZE)
    page = search_articles("bank", page=last)
    assert len(page.hits) == (TITLE_MATCHES + BODY_MATCHES) - (last - 1) * PAGE_SIZE
    assert {hit.article.source for hit in page.hits} == {"Body Wire"}
