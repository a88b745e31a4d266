"""What a staff user types into the admin's search boxes and filters: a page or a clear message, never a 500."""

import pytest
from django.contrib import admin
from django.urls import reverse

from articles.models import Article

HOSTILE_SEARCHES = {
    "NUL": "gaza\x00",
    "control characters": "\x01\x0b\x1f",
    "10,000 characters": "g" * 10000,
    "percent and underscore": "%_\\",
    "quotes": "\"'",
}


def changelist_urls() -> list[str]:
    return [reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist") for model in admin.site._registry]


# Every changelist per case: about 10 seconds in all, so slow.
@pytest.mark.slow
@pytest.mark.parametrize("text", HOSTILE_SEARCHES.values(), ids=HOSTILE_SEARCHES.keys())
def test_a_hostile_admin_search_never_gets_a_server_error(admin_client, seed_article, text):
    failed = [url for url in changelist_urls() if admin_client.get(url, {"q": text}).status_code >= 500]
    assert failed == []


@pytest.mark.slow
@pytest.mark.parametrize("params", [
    {"published__gte": "not-a-date"}, {"is_published__exact": "maybe"}, {"o": "99.-99"}, {"p": "-1"}, {"p": "9" * 30},
    {"source": "\x00"}, {"country__id__exact": "1e9"}, {"all": "\x00"},
], ids=repr)
def test_hostile_admin_filter_values_never_get_a_server_error(admin_client, seed_article, params):
    failed = [url for url in changelist_urls() if admin_client.get(url, params).status_code >= 500]
    assert failed == []


def test_a_lone_surrogate_in_an_admin_search_never_gets_a_server_error(admin_client, seed_article):
    failed = [url for url in changelist_urls() if admin_client.get(f"{url}?q=%ED%A0%80").status_code >= 500]
    assert failed == []


def test_a_nul_in_an_admin_filter_is_a_400_that_says_what_to_remove(admin_client, seed_article):
    response = admin_client.get(reverse("admin:articles_article_changelist"), {"source": "Wire\x00"})
    assert response.status_code == 400
    assert "NUL" in response.content.decode()


NOT_IDS = {"letters": ["abc"], "decimal": ["1.5"], "30 digits": ["9" * 30], "empty": [""], "NUL beside an id": ["1", "\x00"]}


@pytest.mark.parametrize("selected", NOT_IDS.values(), ids=NOT_IDS.keys())
def test_a_bulk_action_on_rows_that_are_not_ids_goes_back_to_the_list_with_a_message(admin_client, seed_article, selected):
    response = admin_client.post(
        reverse("admin:articles_article_changelist"), {"action": "delete_selected", "_selected_action": selected, "post": "yes"}, follow=True
    )
    assert response.status_code == 200
    assert "is not the id of any article" in response.content.decode()
    assert Article.objects.filter(pk=seed_article.pk).exists()


# Every action of every changelist: about 20 seconds, so slow.
@pytest.mark.slow
@pytest.mark.parametrize("selected", NOT_IDS.values(), ids=NOT_IDS.keys())
def test_no_bulk_action_of_any_list_on_rows_that_are_not_ids_gets_a_server_error(admin_client, seed_article, selected):
    failed = []
    for model, model_admin in admin.site._registry.items():
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        for action in model_admin.get_actions(admin_client.get(url).wsgi_request):
            response = admin_client.post(url, {"action": action, "_selected_action": selected, "index": "0", "post": "yes"})
            if response.status_code >= 500:
                failed.append(f"{url} {action}: {response.status_code}")
    assert failed == []
