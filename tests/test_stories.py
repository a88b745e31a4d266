"""Near-duplicate grouping: edited copies of one story are grouped, listed once, and compared on the article page."""

import pytest

from articles.models import Article
from articles.search.service import SearchFilters, search_articles
from tests.conftest import FIXTURES, write_page

STORIES = FIXTURES / "stories"
WIRE_TITLE = "Ministers agree on grain corridor after late talks"
EDITED_TITLE = "Grain ships to sail again as Black Sea deal struck"
SAME_TOPIC_TITLE = "Farmers fear losses as grain corridor stays shut"

REWRITTEN_PAGE = """Harbour bridge reopens after repairs

Source: Sample Daily
Published: 2024-03-05

The harbour bridge reopened to traffic on Tuesday after eight months of repairs to its cables and deck,
the city council said, and buses will return to their usual routes from next week once the last
barriers have been removed and the lanes repainted by the contractors working through the weekend.
"""


@pytest.fixture(autouse=True)
def list_stories(settings):
    settings.ARTICLES_SEARCH_LISTING = "stories"


def titles(result) -> list[str]:
    return [hit.article.title for hit in result.hits]


@pytest.fixture
def wire_and_copy(imported):
    results = imported(STORIES / "wire.txt", STORIES / "edited.txt", STORIES / "same_topic.txt")
    assert [r.status for r in results] == ["created"] * 3, [r.error for r in results]
    return {a.title: a for a in Article.objects.all()}


def test_an_edited_copy_joins_the_story_of_the_wire_original(wire_and_copy):
    wire, edited = wire_and_copy[WIRE_TITLE], wire_and_copy[EDITED_TITLE]
    assert wire.story_id is not None and edited.story_id == wire.story_id
    assert wire.story.first == wire


def test_a_different_story_on_the_same_topic_is_not_grouped(wire_and_copy):
    assert wire_and_copy[SAME_TOPIC_TITLE].story_id is None


def test_search_lists_a_story_once_with_the_other_copy_as_also_in(wire_and_copy):
    result = search_articles("grain corridor", sort="oldest")
    assert titles(result) == [SAME_TOPIC_TITLE, WIRE_TITLE]
    assert result.total == 2
    assert [copy.source for copy in result.hits[1].copies] == ["Sample Daily"]
    assert {v.value: v.count for v in result.facets["source"]} == {"Demo Wire": 1, "Sample Daily": 1}


def test_listing_every_copy_lists_and_counts_the_copies(wire_and_copy):
    result = search_articles("grain corridor", sort="oldest", filters=SearchFilters(listing="copies"))
    assert titles(result) == [SAME_TOPIC_TITLE, WIRE_TITLE, EDITED_TITLE]
    assert result.total == 3
    assert {v.value: v.count for v in result.facets["source"]} == {"Demo Wire": 1, "Sample Daily": 2}


def test_the_listing_setting_chooses_the_default(wire_and_copy, settings):
    assert search_articles("grain corridor").total == 2
    settings.ARTICLES_SEARCH_LISTING = "copies"
    assert search_articles("grain corridor").total == 3


def test_an_earlier_copy_imported_later_becomes_the_listed_one(imported):
    imported(STORIES / "edited.txt")
    imported(STORIES / "wire.txt")
    assert titles(search_articles("grain corridor")) == [WIRE_TITLE]


def test_results_page_shows_also_in_linking_the_copy(wire_and_copy, client):
    page = client.get("/search/", {"q": "grain corridor", "sort": "oldest"}).content.decode()
    edited = wire_and_copy[EDITED_TITLE]
    assert f'Also in: <a href="{edited.get_absolute_url()}">Sample Daily</a>' in page
    assert "Show every copy" in page


def test_unknown_listing_is_a_400_that_names_the_choices(db, search_index, client):
    response = client.get("/search/", {"q": "grain", "listing": "all"})
    assert response.status_code == 400
    assert "listing=copies" in response.content.decode()


def test_article_page_lists_the_copies_and_what_differs_from_the_earliest(wire_and_copy, client):
    edited = wire_and_copy[EDITED_TITLE]
    page = client.get(edited.get_absolute_url()).content.decode()
    assert "The same story elsewhere" in page
    assert "3 paragraphs added, 4 removed, new headline" in page
    assert '<p class="removed"><span class="visually-hidden">Removed: </span>Talks on a longer arrangement' in page


def test_exports_say_they_count_stories_or_copies(wire_and_copy, client):
    stories = client.get("/search/export.json", {"q": "grain corridor"})
    assert stories["X-Counts"] == "stories"
    assert stories.json()["counts"] == "stories" and stories.json()["count"] == 2
    assert {row["story_copies"] for row in stories.json()["results"]} == {1, 2}
    copies = client.get("/search/export.json", {"q": "grain corridor", "listing": "copies"})
    assert copies.json()["counts"] == "copies" and copies.json()["count"] == 3


def test_a_copy_rewritten_into_another_story_leaves_the_story(wire_and_copy, imported, tmp_path):
    # The same file name, now another story: the page is updated in place and leaves the grain story.
    rewritten = write_page(tmp_path, "edited.txt", REWRITTEN_PAGE)
    [result] = imported(rewritten)
    assert result.status == "updated"
    assert Article.objects.get(pk=wire_and_copy[WIRE_TITLE].pk).story_id is None
    assert titles(search_articles("grain corridor", sort="oldest")) == [SAME_TOPIC_TITLE, WIRE_TITLE]
    assert search_articles("grain corridor", sort="oldest").hits[1].copies == []


@pytest.fixture
def story_site(live_server, search_index, transactional_db):
    from articles.imports.pipeline import import_paths

    results = import_paths([str(STORIES / name) for name in ("wire.txt", "edited.txt", "same_topic.txt")])
    assert [r.status for r in results] == ["created"] * 3, [r.error for r in results]
    return live_server.url


@pytest.mark.browser
def test_a_grouped_hit_links_its_copy_which_shows_its_changes_in_a_browser(story_site, browser_page):
    page = browser_page
    page.goto(story_site + "/search/?q=grain+corridor&sort=oldest")
    hits = page.locator(".hit h2")
    assert hits.all_inner_texts() == [SAME_TOPIC_TITLE, WIRE_TITLE]
    page.locator(".hit", has_text=WIRE_TITLE).locator(".story-copies").get_by_role("link", name="Sample Daily").click()
    page.wait_for_url(lambda url: url.endswith("/articles/grain-ships-to-sail-again-as-black-sea-deal-struck/"))
    copies = page.locator("#copies")
    assert "Demo Wire" in copies.inner_text() and "earliest" in copies.inner_text()
    copies.locator("summary").click()
    assert copies.locator("p.removed", has_text="Talks on a longer arrangement").is_visible()
    page.go_back()
    page.get_by_role("link", name="Show every copy").click()
    page.wait_for_url(lambda url: "listing=copies" in url)
    assert page.locator(".hit h2").all_inner_texts() == [SAME_TOPIC_TITLE, WIRE_TITLE, EDITED_TITLE]


def test_unpublishing_the_first_copy_in_the_admin_lists_the_next_one(
    wire_and_copy, django_user_model, client, django_capture_on_commit_callbacks
):
    client.force_login(django_user_model.objects.create_user("editor", is_staff=True, is_superuser=True))
    wire = wire_and_copy[WIRE_TITLE]
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/admin/articles/article/", {"action": "unpublish_articles", "_selected_action": [wire.pk]})
    assert titles(search_articles("grain corridor", sort="oldest")) == [SAME_TOPIC_TITLE, EDITED_TITLE]
    assert Article.objects.get(pk=wire_and_copy[EDITED_TITLE].pk).story_id is None  # a story of one is no story


def test_group_stories_groups_an_archive_imported_before_stories(wire_and_copy):
    from django.core.management import call_command

    from articles.models import BodyFingerprint, Story

    Article.objects.update(story=None)
    Story.objects.all().delete()
    BodyFingerprint.objects.all().delete()
    call_command("group_stories", "--no-progress")
    assert titles(search_articles("grain corridor", sort="oldest")) == [SAME_TOPIC_TITLE, WIRE_TITLE]
    assert Article.objects.get(pk=wire_and_copy[EDITED_TITLE].pk).story.first == wire_and_copy[WIRE_TITLE]


def test_check_index_finds_a_copy_whose_story_changed_after_its_document_was_written(wire_and_copy):
    from articles.models import Story
    from articles.search.consistency import check_search_index

    edited = wire_and_copy[EDITED_TITLE]
    Story.objects.filter(pk=edited.story_id).update(first=edited)  # as if the index write after a commit was lost
    assert set(check_search_index().stale) == {wire_and_copy[WIRE_TITLE].pk, edited.pk}


def test_entity_pages_count_a_story_once_as_their_search_links_do(db, search_index, imported, client, tmp_path, settings):
    from tests.test_entities import CALL_PAGE

    pages = [
        write_page(tmp_path, f"call-{day}.txt", CALL_PAGE.format(title=f"Call on {day}", published=f"2024-01-{day}"))
        for day in ("05", "20")
    ]
    imported(*pages)
    html = client.get("/leaders/vladimir-putin/").content.decode()
    link = "/search/?leader=vladimir-putin&amp;from=2024-01-01&amp;to=2024-01-31"
    assert f'<a href="{link}" aria-label="January 2024: 1 article">' in html
    assert "Search within these 1 article" in html and "Call on 05" in html and "Call on 20" not in html
    assert 'Vladimir Putin</a> <span class="count">1<span class="visually-hidden"> article</span>' in client.get("/leaders/").content.decode()
    listed = client.get(link.replace("&amp;", "&")).content.decode()
    assert "Call on 05" in listed and "Call on 20" not in listed
    settings.ARTICLES_SEARCH_LISTING = "copies"
    html = client.get("/leaders/vladimir-putin/").content.decode()
    assert f'<a href="{link}" aria-label="January 2024: 2 articles">' in html
    assert "Search within these 2 articles" in html
