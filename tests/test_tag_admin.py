"""Correcting tags in the admin: review discovered leaders, merge duplicates, reject tags, edit aliases."""

import io
import json

from django.core.management import call_command
from django.urls import reverse

from articles.models import Country, CountryMention, Leader, LeaderMention
from tests.conftest import ALIAS_PAGE, article_tags, search_titles, write_page

LEADERS = reverse("admin:articles_leader_changelist")


def leader_form(leader: Leader, **changes) -> dict:
    values = {
        "name": leader.name, "slug": leader.slug, "aliases": json.dumps(leader.aliases),
        "ambiguous_aliases": json.dumps(leader.ambiguous_aliases), "country": leader.country_id or "",
        "roles": json.dumps(leader.roles), "is_reviewed": "on" if leader.is_reviewed else "",
    }
    return {**values, **changes}


def test_a_discovered_leader_is_listed_under_the_unreviewed_filter_with_a_badge(admin_client, discovery_article):
    page = admin_client.get(LEADERS, {"review": "unreviewed"}).content.decode()
    assert "Ion Kettle" in page and 'class="unreviewed-badge"' in page
    assert "Vladimir Putin" not in page
    assert "Unreviewed (discovered by the tagger)" in admin_client.get(LEADERS).content.decode()
    kettle = Leader.objects.get(slug="ion-kettle")
    change_page = admin_client.get(reverse("admin:articles_leader_change", args=[kettle.pk])).content.decode()
    assert "The tagger discovered this leader and nobody has reviewed it yet" in change_page


def test_confirming_a_discovered_leader_takes_it_out_of_the_unreviewed_list(admin_client, discovery_article):
    kettle = Leader.objects.get(slug="ion-kettle")
    response = admin_client.post(LEADERS, {"action": "confirm_selected", "_selected_action": [kettle.pk]}, follow=True)
    assert "1 leader(s) confirmed." in response.content.decode()
    assert "Ion Kettle" not in admin_client.get(LEADERS, {"review": "unreviewed"}).content.decode()


def test_merging_a_discovered_leader_into_an_existing_one_leaves_one_leader_on_pages_and_facets(
    admin_client, client, discovery_article, django_capture_on_commit_callbacks
):
    kettle, sandu = Leader.objects.get(slug="ion-kettle"), Leader.objects.get(slug="maia-sandu")
    choose = admin_client.post(LEADERS, {"action": "merge_selected", "_selected_action": [kettle.pk]})
    assert "Merge into" in choose.content.decode() and "Ion Kettle" in choose.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            LEADERS, {"action": "merge_selected", "_selected_action": [kettle.pk], "apply": "yes", "target": sandu.pk}, follow=True
        )

    assert "Merged “Ion Kettle” into “Maia Sandu”; 1 article(s) re-indexed." in response.content.decode()
    assert article_tags(client, discovery_article.slug, "leaders") == ["maia-sandu", "vladimir-putin"]
    assert client.get("/leaders/ion-kettle/").status_code == 404
    assert "Moldova and Russia talk gas" in client.get("/leaders/maia-sandu/").content.decode()
    facets = client.get("/api/search/", {"q": "gas"}).json()["facets"]["leaders"]
    assert [facet["slug"] for facet in facets if facet["slug"] in ("maia-sandu", "ion-kettle")] == ["maia-sandu"]
    sandu.refresh_from_db()
    assert "Ion Kettle" in sandu.aliases


def test_merging_countries_moves_the_duplicates_articles_and_names_to_the_kept_country(
    admin_client, client, seed_article, django_capture_on_commit_callbacks
):
    duplicate = Country.objects.create(name="Rossiya", slug="rossiya", demonyms=["Rossiyan"])
    seed_article.countries.add(duplicate)
    russia = Country.objects.get(slug="russia")
    changelist = reverse("admin:articles_country_changelist")
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(changelist, {"action": "merge_selected", "_selected_action": [duplicate.pk, russia.pk], "apply": "yes", "target": russia.pk})

    assert client.get("/countries/rossiya/").status_code == 404
    assert "rossiya" not in article_tags(client, seed_article.slug, "countries")
    russia.refresh_from_db()
    assert "Rossiya" in russia.aliases and "Rossiyan" in russia.demonyms


def test_rejecting_a_tag_from_the_mention_list_removes_it_from_the_article_and_search(
    admin_client, client, seed_article, django_capture_on_commit_callbacks
):
    mentions = CountryMention.objects.filter(section__article=seed_article, country__slug="israel")
    assert mentions.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:articles_countrymention_changelist"),
            {"action": "reject_selected", "_selected_action": list(mentions.values_list("pk", flat=True))},
            follow=True,
        )

    assert "1 tag(s) removed from 1 article(s) and rejected." in response.content.decode()
    assert "israel" not in article_tags(client, seed_article.slug, "countries")
    assert search_titles(client, country="israel") == []
    assert "Israel" in admin_client.get(reverse("admin:articles_tagrejection_changelist")).content.decode()


def test_rejecting_a_discovered_leader_deletes_it_and_retag_does_not_bring_it_back(
    admin_client, client, discovery_article, django_capture_on_commit_callbacks
):
    kettle = Leader.objects.get(slug="ion-kettle")
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(LEADERS, {"action": "reject_selected", "_selected_action": [kettle.pk]})
        call_command("retag", "--all", "--no-progress", stdout=io.StringIO())

    assert not Leader.objects.filter(name="Ion Kettle").exists()
    assert not LeaderMention.objects.filter(matched="Ion Kettle").exists()
    assert search_titles(client, leader="ion-kettle") == []


def test_a_new_alias_saved_in_the_admin_retags_the_articles_containing_it(
    admin_client, client, imported, tmp_path, django_capture_on_commit_callbacks
):
    [result] = imported(write_page(tmp_path, "alias.txt", ALIAS_PAGE))
    putin = Leader.objects.get(slug="vladimir-putin")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:articles_leader_change", args=[putin.pk]),
            leader_form(putin, aliases=json.dumps([*putin.aliases, "Grey Cardinal"])),
            follow=True,
        )

    assert "Re-tagged 1 article(s) affected by the change to “Vladimir Putin”; 1 changed tags." in response.content.decode()
    assert "vladimir-putin" in article_tags(client, result.slug, "leaders")
    assert search_titles(client, leader="vladimir-putin") == ["Grey Cardinal visits Minsk"]


def article_form(article, **changes) -> dict:
    sections = list(article.sections.order_by("position"))
    values = {
        "title": article.title, "slug": article.slug, "published": article.published.isoformat() if article.published else "",
        "source": article.source, "url": article.url, "is_published": "on" if article.is_published else "",
        "leaders": [leader.pk for leader in article.leaders.all()],
        "countries": [country.pk for country in article.countries.all()],
        "topics": [topic.pk for topic in article.topics.all()],
        "sections-TOTAL_FORMS": len(sections), "sections-INITIAL_FORMS": len(sections),
        "sections-MIN_NUM_FORMS": 0, "sections-MAX_NUM_FORMS": 1000,
    }
    for n, section in enumerate(sections):
        values.update({
            f"sections-{n}-id": section.pk, f"sections-{n}-article": article.pk, f"sections-{n}-position": section.position,
            f"sections-{n}-heading": section.heading, f"sections-{n}-anchor": section.anchor, f"sections-{n}-text": section.text,
        })
    return {**values, **changes}


def test_a_tag_taken_out_in_the_article_form_is_rejected_and_stays_off_after_retag(
    admin_client, client, seed_article, django_capture_on_commit_callbacks
):
    kept = [country.pk for country in seed_article.countries.exclude(slug="israel")]
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:articles_article_change", args=[seed_article.pk]), article_form(seed_article, countries=kept)
        )
        call_command("retag", seed_article.slug, "--no-progress", stdout=io.StringIO())

    assert response.status_code == 302
    assert "israel" not in article_tags(client, seed_article.slug, "countries")
    assert search_titles(client, country="israel") == []


def test_deleting_a_leader_in_the_admin_removes_it_from_the_search_facets(
    admin_client, client, discovery_article, django_capture_on_commit_callbacks
):
    kettle = Leader.objects.get(slug="ion-kettle")
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(LEADERS, {"action": "delete_selected", "_selected_action": [kettle.pk], "post": "yes"})

    facets = client.get("/api/search/", {"q": "gas"}).json()["facets"]["leaders"]
    assert [facet["slug"] for facet in facets] == ["vladimir-putin"]


def test_a_role_with_a_year_that_is_not_a_year_is_refused_with_the_fix(admin_client, db):
    putin = Leader.objects.get(slug="vladimir-putin")
    roles = json.dumps([{"title": "President", "from": "two thousand", "to": None}])
    response = admin_client.post(reverse("admin:articles_leader_change", args=[putin.pk]), leader_form(putin, roles=roles))
    assert response.status_code == 200
    assert "not a year" in response.content.decode()
    assert Leader.objects.get(slug="vladimir-putin").roles == putin.roles
