"""Article size: a page view stays bounded in memory and time whatever the article's size; imports refuse huge pages."""

import tracemalloc

import pytest

from articles.entities.reasons import REASONS_PER_KIND
from articles.models import Article, Leader, LeaderMention, Section
from articles.web.reading import get_article_page
from tests.conftest import write_page


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


def many_sections_page(count: int, *, paragraph: str = "Negotiators met in Geneva on Monday for talks on a ceasefire.") -> str:
    sections = "\n\n".join(f"Part {n} Of The Talks\n\n{paragraph} This is part {n}." for n in range(count))
    return f"Geneva talks in many parts\n\nSource: Sample Wire\n\n{paragraph}\n\n{sections}\n"


def test_the_default_limits_are_2_mb_of_text_and_200_sections():
    from articles.settings import import_limits

    limits = import_limits()
    assert (limits.max_article_text_bytes, limits.max_article_sections) == (2 * 1024 * 1024, 200)


def test_an_article_over_the_text_limit_is_refused_with_the_size_and_the_setting(imported, tmp_path, settings):
    settings.ARTICLES_MAX_ARTICLE_TEXT_BYTES = 5_000
    page = write_page(tmp_path, "long.txt", many_sections_page(3, paragraph="Negotiators met in Geneva again. " * 60))
    [result] = imported(page)
    assert result.status == "failed"
    assert "long.txt' has " in result.error and "the limit is 5,000 bytes (ARTICLES_MAX_ARTICLE_TEXT_BYTES)" in result.error
    assert not Article.objects.exists()


def test_an_article_over_the_section_limit_is_refused_and_one_under_it_imports(imported, tmp_path, settings):
    settings.ARTICLES_MAX_ARTICLE_SECTIONS = 5
    [refused] = imported(write_page(tmp_path, "parts.txt", many_sections_page(8)))
    assert refused.status == "failed"
    assert "sections; the limit is 5 (ARTICLES_MAX_ARTICLE_SECTIONS)" in refused.error
    [accepted] = imported(write_page(tmp_path, "few.txt", many_sections_page(3)))
    assert accepted.status == "created", accepted.error
