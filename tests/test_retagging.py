"""Discovered leaders on import, and `manage.py retag` re-applying tagging to stored articles."""

import io

import pytest
from django.core.management import CommandError, call_command

from articles.entities.curation import reject_leaders, reject_tags
from articles.entities.tables import load_entity_tables
from articles.models import Country, Leader
from articles.tagging import build_tagger
from tests.conftest import ALIAS_PAGE, article_tags, search_titles, write_page


def retag(*args: str) -> str:
    out = io.StringIO()
    call_command("retag", *args, "--no-progress", stdout=out)
    return out.getvalue()


def test_import_creates_a_discovered_leader_unreviewed_with_its_country_and_tags_the_article(client, discovery_article):
    assert "ion-kettle" in article_tags(client, discovery_article.slug, "leaders")
    page = client.get("/leaders/ion-kettle/").content.decode()
    assert "<h1>Ion Kettle</h1>" in page and 'href="/countries/moldova/"' in page
    leader = Leader.objects.get(slug="ion-kettle")
    assert leader.is_reviewed is False


def test_retag_all_picks_up_a_new_alias_in_pages_and_search(client, imported, tmp_path, django_capture_on_commit_callbacks):
    [result] = imported(write_page(tmp_path, "alias.txt", ALIAS_PAGE))
    assert "vladimir-putin" not in article_tags(client, result.slug, "leaders")
    putin = Leader.objects.get(slug="vladimir-putin")
    putin.aliases = [*putin.aliases, "Grey Cardinal"]
    putin.save()

    with django_capture_on_commit_callbacks(execute=True):
        output = retag("--all")

    assert output == "Re-tagged 1 article(s); 1 changed tags and were re-indexed.\n"
    assert "vladimir-putin" in article_tags(client, result.slug, "leaders")
    assert search_titles(client, leader="vladimir-putin") == ["Grey Cardinal visits Minsk"]


def test_an_alias_added_between_two_imports_tags_the_second_page(client, imported, tmp_path):
    [before] = imported(write_page(tmp_path, "before.txt", ALIAS_PAGE))
    putin = Leader.objects.get(slug="vladimir-putin")
    putin.aliases = [*putin.aliases, "Grey Cardinal"]
    putin.save()

    [after] = imported(write_page(tmp_path, "after.txt", ALIAS_PAGE.replace("Minsk", "Baku")))

    assert "vladimir-putin" not in article_tags(client, before.slug, "leaders")
    assert "vladimir-putin" in article_tags(client, after.slug, "leaders")


def test_an_unchanged_gazetteer_read_again_for_the_next_import_is_not_compiled_again(db):
    first, second = load_entity_tables().gazetteer, load_entity_tables().gazetteer

    assert first is not second
    assert build_tagger(second) is build_tagger(first)


def test_a_rejected_tag_stays_off_after_retag(client, seed_article, django_capture_on_commit_callbacks):
    israel = Country.objects.get(slug="israel")
    assert "israel" in article_tags(client, seed_article.slug, "countries")
    with django_capture_on_commit_callbacks(execute=True):
        reject_tags(article=seed_article, entities=[israel])
        retag(seed_article.slug)

    assert "israel" not in article_tags(client, seed_article.slug, "countries")
    assert "russia" in article_tags(client, seed_article.slug, "countries")
    assert search_titles(client, country="israel") == []


def test_retag_keeps_a_discovered_leader_and_tags_it_by_its_full_name(client, discovery_article, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        output = retag(discovery_article.slug)

    assert output == "Re-tagged 1 article(s); 0 changed tags and were re-indexed.\n"
    assert article_tags(client, discovery_article.slug, "leaders") == ["ion-kettle", "vladimir-putin"]
    assert Leader.objects.filter(name="Ion Kettle").count() == 1


def test_a_rejected_discovered_leader_is_not_created_again_by_retag(client, discovery_article, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        reject_leaders(leaders=Leader.objects.filter(slug="ion-kettle"))
        retag("--all")

    assert client.get("/leaders/ion-kettle/").status_code == 404
    assert article_tags(client, discovery_article.slug, "leaders") == ["vladimir-putin"]
    assert search_titles(client, leader="ion-kettle") == []


def test_retag_of_an_unknown_slug_is_a_command_error_naming_it(db):
    with pytest.raises(CommandError, match=r"No article with the slug 'no-such-article'; use the slug from the article's URL"):
        retag("no-such-article")


def test_retag_needs_slugs_or_all(db):
    with pytest.raises(CommandError, match=r"Give article slugs or --all"):
        retag()


def test_a_changed_page_imported_again_keeps_a_rejected_tag_off(client, imported, seed_article, tmp_path):
    from tests.conftest import SEED_PAGE

    reject_tags(article=seed_article, entities=[Country.objects.get(slug="israel")])
    changed = SEED_PAGE.read_text(encoding="utf-8").replace("phone conversation", "long phone conversation")
    [result] = imported(write_page(tmp_path, SEED_PAGE.name, changed))

    assert (result.status, result.slug) == ("updated", seed_article.slug)
    assert "israel" not in article_tags(client, seed_article.slug, "countries")
    assert "russia" in article_tags(client, seed_article.slug, "countries")
