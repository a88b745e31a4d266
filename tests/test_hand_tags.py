"""Hand tags: a tag an admin adds in the article form stays through retag, entity edits and re-import."""

import io
import json

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from articles.imports.jobs import create_import_batch, run_import_batch
from articles.models import Article, Topic
from tests.conftest import SEED_PAGE, article_tags, search_titles, write_page
from tests.test_preview import UNDATED_BRIEF
from tests.test_tag_admin import article_form

# Topics the tagger does not find in the seed article (a call about Gaza, Iran and Syria).
SPYING = "espionage-and-intelligence"
SPACE = "space-exploration"
EDITOR_WORDING = "An editor added this tag by hand; no sentence of the text triggered it."


def retag(*args: str) -> None:
    call_command("retag", *args, "--no-progress", stdout=io.StringIO())


def add_topic_in_form(admin_client, article: Article, slug: str):
    topics = [*article.topics.values_list("pk", flat=True), Topic.objects.get(slug=slug).pk]
    response = admin_client.post(
        reverse("admin:articles_article_change", args=[article.pk]), article_form(article, topics=topics)
    )
    assert response.status_code == 302
    return response


def remove_topic_in_form(admin_client, article: Article, slug: str):
    topics = list(article.topics.exclude(slug=slug).values_list("pk", flat=True))
    response = admin_client.post(
        reverse("admin:articles_article_change", args=[article.pk]), article_form(article, topics=topics)
    )
    assert response.status_code == 302
    return response


def topic_form(topic: Topic, **changes) -> dict:
    return {"name": topic.name, "slug": topic.slug, "aliases": json.dumps(topic.aliases), **changes}


def test_a_topic_added_in_the_article_form_stays_after_retag_all_on_the_page_and_in_search(
    admin_client, client, seed_article, django_capture_on_commit_callbacks
):
    assert SPYING not in article_tags(client, seed_article.slug, "topics")
    with django_capture_on_commit_callbacks(execute=True):
        add_topic_in_form(admin_client, seed_article, SPYING)
    with django_capture_on_commit_callbacks(execute=True):
        retag("--all")

    assert SPYING in article_tags(client, seed_article.slug, "topics")
    page = client.get(seed_article.get_absolute_url()).content.decode()
    assert 'href="/topics/espionage-and-intelligence/">Espionage and intelligence</a>' in page
    assert "topic, added by an editor" in page and EDITOR_WORDING in page
    assert "“”" not in page  # no empty "because" quote
    assert search_titles(client, topic=SPYING) == [seed_article.title]
    assert search_titles(client, q="topic:espionage") == [seed_article.title]
    assert seed_article.title in client.get(f"/topics/{SPYING}/").content.decode()


def test_the_hand_tags_list_in_the_admin_shows_who_added_which_tag(
    admin_client, seed_article, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        add_topic_in_form(admin_client, seed_article, SPYING)
        retag(seed_article.slug)

    listing = admin_client.get(reverse("admin:articles_handtag_changelist")).content.decode()
    assert "Espionage and intelligence" in listing and seed_article.title in listing
    assert '<td class="field-created_by nowrap">admin</td>' in listing


def test_a_hand_tagged_topic_renamed_in_the_admin_stays_on_the_article_after_retag(
    admin_client, client, seed_article, django_capture_on_commit_callbacks
):
    topic = Topic.objects.get(slug=SPYING)
    with django_capture_on_commit_callbacks(execute=True):
        add_topic_in_form(admin_client, seed_article, SPYING)
        response = admin_client.post(
            reverse("admin:articles_topic_change", args=[topic.pk]), topic_form(topic, name="Spying", slug="spying")
        )
        assert response.status_code == 302
        retag("--all")

    assert article_tags(client, seed_article.slug, "topics").count("spying") == 1
    assert SPYING not in article_tags(client, seed_article.slug, "topics")
    assert search_titles(client, topic="spying") == [seed_article.title]
    assert '<td class="field-name">Spying</td>' in admin_client.get(reverse("admin:articles_handtag_changelist")).content.decode()


def test_merging_a_hand_tagged_topic_keeps_the_target_on_the_article_after_retag(
    admin_client, client, seed_article, django_capture_on_commit_callbacks
):
    spying, space = Topic.objects.get(slug=SPYING), Topic.objects.get(slug=SPACE)
    assert SPACE not in article_tags(client, seed_article.slug, "topics")
    with django_capture_on_commit_callbacks(execute=True):
        add_topic_in_form(admin_client, seed_article, SPYING)
        admin_client.post(
            reverse("admin:articles_topic_changelist"),
            {"action": "merge_selected", "_selected_action": [spying.pk], "apply": "yes", "target": space.pk},
        )
        retag("--all")

    assert client.get(f"/topics/{SPYING}/").status_code == 404
    assert SPACE in article_tags(client, seed_article.slug, "topics")
    assert search_titles(client, topic=SPACE) == [seed_article.title]


def test_a_hand_tag_taken_out_in_the_form_is_gone_after_retag_and_not_put_back(
    admin_client, client, seed_article, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        add_topic_in_form(admin_client, seed_article, SPYING)
        retag(seed_article.slug)
    assert SPYING in article_tags(client, seed_article.slug, "topics")

    with django_capture_on_commit_callbacks(execute=True):
        remove_topic_in_form(admin_client, seed_article, SPYING)
    with django_capture_on_commit_callbacks(execute=True):
        retag("--all")

    assert SPYING not in article_tags(client, seed_article.slug, "topics")
    assert search_titles(client, topic=SPYING) == []
    assert '<td class="field-name">Espionage and intelligence</td>' not in admin_client.get(reverse("admin:articles_handtag_changelist")).content.decode()
    assert "Espionage and intelligence" in admin_client.get(reverse("admin:articles_tagrejection_changelist")).content.decode()


def test_a_changed_page_imported_again_keeps_its_hand_tag(
    admin_client, client, imported, seed_article, tmp_path, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        add_topic_in_form(admin_client, seed_article, SPYING)
    changed = SEED_PAGE.read_text(encoding="utf-8").replace("phone conversation", "long phone conversation")
    [result] = imported(write_page(tmp_path, SEED_PAGE.name, changed))

    assert (result.status, result.slug) == ("updated", seed_article.slug)
    assert SPYING in article_tags(client, seed_article.slug, "topics")
    assert search_titles(client, topic=SPYING) == [seed_article.title]


def test_a_deleted_topic_takes_its_hand_tags_with_it_so_a_new_topic_of_that_name_is_not_added(
    admin_client, client, seed_article, django_capture_on_commit_callbacks
):
    topic = Topic.objects.get(slug=SPYING)
    with django_capture_on_commit_callbacks(execute=True):
        add_topic_in_form(admin_client, seed_article, SPYING)
        retag(seed_article.slug)
    assert SPYING in article_tags(client, seed_article.slug, "topics")

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("admin:articles_topic_delete", args=[topic.pk]), {"post": "yes"})
        assert response.status_code == 302
        Topic.objects.create(name="Espionage and intelligence", slug=SPYING, aliases=["espionage"])
        retag("--all")

    assert SPYING not in article_tags(client, seed_article.slug, "topics")
    assert search_titles(client, topic=SPYING) == []
    assert '<td class="field-name">Espionage and intelligence</td>' not in admin_client.get(reverse("admin:articles_handtag_changelist")).content.decode()


def test_a_hand_tag_on_a_previewed_page_is_listed_as_added_by_an_editor_not_as_an_empty_sentence(
    admin_client, db, search_index, tmp_path
):
    page = write_page(tmp_path, "brief.txt", UNDATED_BRIEF)
    batch = run_import_batch(batch_id=create_import_batch(
        files=[SimpleUploadedFile(page.name, page.read_bytes(), content_type="text/plain")], is_preview=True
    ).pk)
    article = Article.objects.get(title="Putin speaks on gas")
    add_topic_in_form(admin_client, article, SPYING)

    html = admin_client.get(reverse("admin:articles_importbatch_change", args=[batch.pk])).content.decode()
    assert "Espionage and intelligence" in html and "Added by an editor (hand tag)." in html
    assert "“”" not in html


def test_the_tags_of_an_article_written_in_the_admin_stay_after_retag(
    admin_client, client, search_index, django_capture_on_commit_callbacks
):
    spying = Topic.objects.get(slug=SPYING)
    form = {
        "title": "Embassy staff expelled", "slug": "embassy-staff-expelled", "published": "2024-05-02",
        "source": "Desk", "url": "", "text_hash": "", "is_published": "on", "leaders": [], "countries": [],
        "topics": [spying.pk],
        "sections-TOTAL_FORMS": 1, "sections-INITIAL_FORMS": 0, "sections-MIN_NUM_FORMS": 0, "sections-MAX_NUM_FORMS": 1000,
        "sections-0-position": 0, "sections-0-heading": "", "sections-0-anchor": "intro",
        "sections-0-text": "Two diplomats were told to leave the country within a week.",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("admin:articles_article_add"), form)
        assert response.status_code == 302
        retag("embassy-staff-expelled")

    assert article_tags(client, "embassy-staff-expelled", "topics") == [SPYING]
    assert search_titles(client, topic=SPYING) == ["Embassy staff expelled"]
