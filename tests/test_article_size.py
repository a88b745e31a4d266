"""Article size: a page view stays bounded in memory and time whatever the article's size; imports refuse huge pages."""

import tracemalloc

import pytest

from articles.models import Article, Leader, LeaderMention, Section
from articles.web.reading import REASONS_PER_KIND, get_article_page


@pytest.fixture
def crowded_article(db):
    """One article whose 100 KB section mentions a leader 2,000 times (as a long page of wire copy does)."""
    article = Article.objects.create(title="A very long page", slug="a-very-long-page", content_hash="x")
    section = Section.objects.create(article=article, position=0, anchor="intro", text="Putin spoke. " * 8000)
    leader = Leader.objects.get(slug="vladimir-putin")
    LeaderMention.objects.bulk_create(
        LeaderMention(section=section, leader=leader, start=i * 13, end=i * 13 + 5, sentence="Putin spoke.")
        for i in range(2000)
    )
    article.leaders.add(leader)
    return article


def test_article_page_reads_a_long_sections_text_once_not_once_per_mention(crowded_article):
    tracemalloc.start()
    try:
        page = get_article_page(slug=crowded_article.slug)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    [reason] = page.reasons
    assert (reason.name, reason.mention_count, reason.anchor) == ("Vladimir Putin", 2000, "intro")
    # Once per mention, the 104 KB text would be 200 MB; once is a few MB with the rendering.
    assert peak < 30 * 1024 * 1024


def test_article_page_lists_at_most_the_most_mentioned_tags(db):
    article = Article.objects.create(title="Many leaders", slug="many-leaders", content_hash="y")
    section = Section.objects.create(article=article, position=0, anchor="intro", text="Leaders met.")
    leaders = list(Leader.objects.order_by("pk")[: REASONS_PER_KIND + 5])
    LeaderMention.objects.bulk_create(
        LeaderMention(section=section, leader=leader, start=0, end=1, sentence=f"{leader.name} met.")
        for i, leader in enumerate(leaders)
        for _ in range(1 + (i == len(leaders) - 1))
    )
    reasons = get_article_page(slug=article.slug).reasons
    assert len(reasons) == REASONS_PER_KIND
    assert (reasons[0].name, reasons[0].mention_count) == (leaders[-1].name, 2)
