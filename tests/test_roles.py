"""Role-aware search: role:"president of france" finds whoever held the office on each article's date."""

import json
from datetime import date

import pytest

from articles.exceptions import InvalidSearchQuery
from articles.models import Leader
from articles.search.query import held_range_clause
from articles.search.roles import RoleFormatError, RolePeriod, find_role, get_role, leader_roles
from articles.search.service import SearchFilters, search_articles
from articles.web.results import filter_chips
from tests.dated_pages import ROLE_CLOSING, ROLE_PAGES, write_dated_pages


@pytest.fixture
def dated_archive(imported, tmp_path):
    paths = write_dated_pages(tmp_path, ROLE_PAGES, closing=ROLE_CLOSING)
    results = imported(*paths)
    assert all(result.status == "created" for result in results), [r.error for r in results]


def titles(page):
    return sorted(hit.article.title for hit in page.hits)


@pytest.mark.parametrize(
    "typed, slug",
    [
        ("president of france", "president-of-france"),
        ("French President", "president-of-france"),
        ("president-of-france", "president-of-france"),
        ("prime minister of the united kingdom", "prime-minister-of-united-kingdom"),
        ("uk prime minister", "prime-minister-of-united-kingdom"),
        ("U.K. Prime Minister", "prime-minister-of-united-kingdom"),
        ("british prime minister", "prime-minister-of-united-kingdom"),
        ("german chancellor", "chancellor-of-germany"),
        ("NATO Secretary General", "secretary-general-of-nato"),
        ("UN Secretary-General", "secretary-general-of-united-nations"),
        ("Secretary General of the United Nations", "secretary-general-of-united-nations"),
    ],
)
@pytest.mark.django_db
def test_role_names_are_found_in_the_forms_people_write_them(typed, slug):
    assert find_role(typed).slug == slug


@pytest.mark.parametrize("typed", ["the president", "president", "prime minister", "chancellor of nowhere"])
@pytest.mark.django_db
def test_an_office_without_a_country_or_organisation_is_not_a_role(typed):
    assert find_role(typed) is None


def test_role_search_finds_the_holder_on_each_articles_date_across_a_change_of_office(dated_archive):
    page = search_articles('role:"president of france"')
    # 2015: Hollande held the office, Macron did not; 2019: Macron did, Hollande no longer.
    assert titles(page) == ["Hollande Visits Brussels", "Macron Opens Debate"]


def test_role_search_narrows_by_date_and_other_words(dated_archive):
    assert titles(search_articles('role:"french president" date:2019')) == ["Macron Opens Debate"]
    assert titles(search_articles('role:"french president" budget')) == ["Hollande Visits Brussels"]
    assert titles(search_articles('role:"german chancellor" OR role:"president of france" date:2015')) == [
        "Hollande Visits Brussels", "Merkel Hosts Summit",
    ]


def test_role_search_says_whom_it_searched_for_per_period(dated_archive):
    page = search_articles('role:"president of france"')
    [role] = page.roles
    assert role.name == "President of France"
    periods = {period.leader_name: period.years for period in role.periods}
    assert periods["François Hollande"] == "2012–2017"
    assert periods["Emmanuel Macron"] == "2017–"


@pytest.mark.parametrize(
    ("start_year", "end_year", "start_day", "end_day", "clause"),
    [
        pytest.param(2012, 2017, None, None, "year:[2012 TO 2017]", id="years-only"),
        pytest.param(
            2012, 2017, date(2012, 5, 15), date(2017, 5, 14),
            "(day:[20120515 TO 20121231] OR year:[2013 TO 2016] OR day:[20170101 TO 20170514])", id="days-known",
        ),
        pytest.param(2017, None, date(2017, 5, 14), None, "(day:[20170514 TO 20171231] OR year:[2018 TO 9999])", id="still-held"),
        pytest.param(2015, 2016, date(2015, 9, 15), date(2016, 1, 10), "(day:[20150915 TO 20151231] OR day:[20160101 TO 20160110])", id="no-whole-year"),
        pytest.param(2019, 2019, date(2019, 7, 24), date(2019, 9, 3), "day:[20190724 TO 20190903]", id="one-year"),
        pytest.param(2015, 2018, None, date(2018, 8, 24), "(year:[2015 TO 2017] OR day:[20180101 TO 20180824])", id="end-day-only"),
        pytest.param(2015, 2015, date(2015, 9, 15), None, "day:[20150915 TO 20151231]", id="start-day-in-its-last-year"),
    ],
)
def test_role_search_ranges_over_the_days_in_office_where_they_are_known(start_year, end_year, start_day, end_day, clause):
    period = RolePeriod("ann-example", "Ann Example", "President", start_year, end_year, start_day, end_day)
    assert held_range_clause(period) == clause


def test_the_role_filter_narrows_like_the_query_syntax(dated_archive):
    filters = SearchFilters(roles=("president-of-france",), date_from=date(2019, 1, 1))
    page = search_articles("", filters=filters)
    assert titles(page) == ["Macron Opens Debate"]
    assert [chip.label for chip in filter_chips(filters, result=page)] == ["Role: President of France", "Dates: 2019-01-01 – …"]


@pytest.mark.django_db
def test_an_unknown_role_filter_is_refused_with_what_to_write(search_index):
    with pytest.raises(InvalidSearchQuery, match="No role 'the president'; name an office and a country"):
        search_articles("", filters=SearchFilters(roles=("the president",)))


def test_an_unknown_role_in_the_query_is_searched_as_words_with_a_notice(dated_archive):
    page = search_articles('role:"the president"')
    assert "No role matches “the president”" in page.query.notice


@pytest.mark.django_db
def test_holder_on_a_date_follows_the_days_in_office():
    role = get_role("president-of-france")
    assert [p.leader_name for p in role.holders_on(date(2016, 5, 1))] == ["François Hollande"]
    # The gazetteer knows the day Macron took office (14 May 2017): the handover year has one holder a day.
    assert [p.leader_name for p in role.holders_on(date(2017, 5, 1))] == ["François Hollande"]
    assert [p.leader_name for p in role.holders_on(date(2017, 5, 20))] == ["Emmanuel Macron"]


@pytest.mark.django_db
def test_in_a_handover_year_whose_days_are_unknown_both_holders_count():
    Leader.objects.create(name="Ann Example", slug="ann-example", roles=[
        {"title": "Secretary General", "from": "2010", "to": "2015", "organization": "Example Union"}])
    Leader.objects.create(name="Bob Example", slug="bob-example", roles=[
        {"title": "Secretary General", "from": "2015", "to": None, "organization": "Example Union"}])
    role = get_role("secretary-general-of-example-union")
    assert [p.leader_name for p in role.holders_on(date(2015, 6, 1))] == ["Ann Example", "Bob Example"]


@pytest.mark.django_db
def test_a_role_record_with_a_year_that_is_not_a_year_names_the_leader_and_the_fix():
    leader = Leader(name="Ann Example", slug="ann-example", roles=[{"title": "President", "from": "May", "to": None}])
    with pytest.raises(RoleFormatError, match="Ann Example's role .* write years like \"2017\", days like \"2017-05-14\", or null"):
        leader_roles(leader)


def test_the_results_page_links_each_holder_searched_for(dated_archive, client):
    response = client.get("/search/", {"q": 'role:"president of france"'})
    html = response.content.decode()
    assert response.status_code == 200
    assert '<a href="/roles/president-of-france/">President of France</a>' in html
    assert '<a href="/leaders/francois-hollande/">François Hollande</a> (2012–2017)' in html
    assert '<a href="/leaders/emmanuel-macron/">Emmanuel Macron</a> (2017–)' in html


def test_the_api_filters_by_role_and_returns_the_holders(dated_archive, client):
    data = client.get("/api/search/", {"role": "french president", "q": "date:2015"}).json()
    assert [hit["title"] for hit in data["results"]] == ["Hollande Visits Brussels"]
    [role] = data["roles"]
    assert role["slug"] == "president-of-france"
    holders = {holder["slug"]: (holder["from"], holder["to"]) for holder in role["holders"]}
    assert holders["francois-hollande"] == (2012, 2017)
    assert holders["emmanuel-macron"] == (2017, None)
    days = {holder["slug"]: (holder["from_day"], holder["to_day"]) for holder in role["holders"]}
    assert days["francois-hollande"] == ("2012-05-15", "2017-05-14")
    assert days["emmanuel-macron"] == ("2017-05-14", None)


def test_the_api_refuses_an_unknown_role_with_what_to_write(db, search_index, client):
    response = client.get("/api/search/", {"role": "the president"})
    assert response.status_code == 400
    assert "name an office and a country or organisation" in response.json()["error"]


def test_the_role_page_shows_the_holder_on_a_date_and_article_counts_per_holder(dated_archive, client):
    html = client.get("/roles/president-of-france/", {"on": "2016-05-01"}).content.decode()
    assert 'On <time datetime="2016-05-01">1 May 2016</time>:\n  <a href="/leaders/francois-hollande/">François Hollande</a> (2012–2017).' in html
    assert '<a href="/search/?leader=francois-hollande&amp;from=2012-05-15&amp;to=2017-05-14">1 article</a> in office' in html
    assert '<a href="/search/?leader=emmanuel-macron&amp;from=2017-05-14">1 article</a> in office' in html


def test_the_role_page_names_both_holders_on_the_day_the_office_changed_hands(db, client):
    html = client.get("/roles/president-of-france/", {"on": "2017-05-14"}).content.decode()
    assert "François Hollande</a> (2012–2017) or <a" in html
    assert "the office changed hands then" in html
    html = client.get("/roles/president-of-france/", {"on": "2017-06-01"}).content.decode()
    assert "François Hollande" not in html.split('class="holder-on"')[1].split("</p>")[0]


def test_a_bad_date_on_the_role_page_is_a_400_that_says_what_to_write(db, client):
    response = client.get("/roles/president-of-france/", {"on": "May 2016"})
    assert response.status_code == 400
    assert "use YYYY-MM-DD" in response.content.decode()


def test_an_unknown_role_page_is_a_404(db, client):
    assert client.get("/roles/president-of-nowhere/").status_code == 404


def test_the_roles_list_links_each_role(db, client):
    html = client.get("/roles/").content.decode()
    assert '<a href="/roles/chancellor-of-germany/">Chancellor of Germany</a>' in html
    assert '<a href="/roles/secretary-general-of-nato/">Secretary General of NATO</a>' in html


def leader_form(leader: Leader, **changes) -> dict:
    data = {
        "name": leader.name, "slug": leader.slug, "aliases": json.dumps(leader.aliases),
        "ambiguous_aliases": json.dumps(leader.ambiguous_aliases), "country": leader.country_id or "",
        "roles": json.dumps(leader.roles), "is_reviewed": "on",
    }
    return {**data, **changes}


def test_a_role_edited_in_the_admin_shows_on_the_role_page_and_in_role_search(dated_archive, admin_client):
    leader = Leader.objects.get(slug="emmanuel-macron")
    roles = json.dumps([{"title": "President", "from": "2020", "to": None}])
    response = admin_client.post(f"/admin/articles/leader/{leader.pk}/change/", leader_form(leader, roles=roles))
    assert response.status_code == 302
    page = admin_client.get("/roles/president-of-france/", {"on": "2019-06-01"}).content.decode()
    assert "nobody the archive knows of" in page
    assert titles(search_articles('role:"president of france"')) == ["Hollande Visits Brussels"]


def test_the_admin_refuses_a_role_whose_year_is_not_a_year(db, admin_client):
    leader = Leader.objects.get(slug="emmanuel-macron")
    roles = json.dumps([{"title": "President", "from": "May 2017", "to": None}])
    response = admin_client.post(f"/admin/articles/leader/{leader.pk}/change/", leader_form(leader, roles=roles))
    assert response.status_code == 200
    assert "write years like &quot;2017&quot;, days like &quot;2017-05-14&quot;, or null" in response.content.decode()


def test_the_role_page_compares_its_latest_holders_over_time(db, client):
    html = client.get("/roles/secretary-general-of-nato/").content.decode()
    assert (
        '<a href="/trends/?leader=paul-henri-spaak&amp;leader=anders-fogh-rasmussen&amp;leader=jens-stoltenberg&amp;leader=mark-rutte">'
        'Compare the holders over time</a>'
    ) in html


def test_a_leader_page_links_the_offices_held(db, client):
    html = client.get("/leaders/joe-biden/").content.decode()
    assert (
        'Offices: <a href="/roles/vice-president-of-united-states/">Vice President of the United States</a>; '
        '<a href="/roles/president-of-united-states/">President of the United States</a>'
    ) in html


@pytest.mark.django_db
def test_an_edit_to_a_leaders_roles_or_a_countrys_names_shows_in_the_next_role_search():
    assert [p.leader_name for p in find_role("president of france").holders_on(date(2024, 5, 1))] == ["Emmanuel Macron"]
    macron = Leader.objects.get(slug="emmanuel-macron")
    macron.roles = [{"title": "President", "from": "2017", "to": "2020"}]
    macron.save()
    assert find_role("president of france").holders_on(date(2024, 5, 1)) == []

    assert find_role("gallic president") is None
    macron.country.demonyms = [*macron.country.demonyms, "Gallic"]
    macron.country.save()
    assert find_role("gallic president").slug == "president-of-france"


@pytest.mark.django_db
def test_a_leader_with_unreadable_roles_is_left_out_of_role_search_not_everyone(caplog):
    Leader.objects.create(name="Ann Example", slug="ann-example", roles=[{"title": "President", "from": "May", "to": None}])
    assert find_role("president of france").slug == "president-of-france"
    assert "Left out of role search: Ann Example's role" in caplog.text


@pytest.mark.parametrize(
    ("roles", "shown"),
    [
        pytest.param([{"title": "Prime Minister", "from": "1984", "to": "1986"}, {"title": "President", "from": "2007", "to": "2014"}], "President", id="ended-last"),
        pytest.param([{"title": "President", "from": "2017", "to": "2021"}, {"title": "Senator", "from": "1990", "to": None}], "Senator", id="held-now"),
        pytest.param([{"title": "King", "from": 2022, "to": None}], "King", id="years-as-numbers"),
        pytest.param([], "", id="no-roles"),
    ],
)
def test_leader_page_role_is_the_one_held_now_or_ended_last(roles, shown):
    assert Leader(name="Ann Example", roles=roles).latest_role == shown


def test_leader_role_with_a_year_that_is_not_a_year_is_an_error_naming_the_fix():
    with pytest.raises(RoleFormatError, match='write years like "2017", days like "2017-05-14", or null'):
        Leader(name="Ann Example", roles=[{"title": "President", "from": "May", "to": None}]).latest_role  # noqa: B018


def test_the_page_of_a_role_held_only_by_its_current_holder_shows_the_holder(db, client):
    leader = Leader.objects.get(slug="emmanuel-macron")
    leader.roles = [*leader.roles, {"title": "Co-Prince of Andorra", "from": "2017", "to": None}]
    leader.save()
    response = client.get("/roles/co-prince-of-andorra-of-france/")
    assert response.status_code == 200
    assert '<a href="/leaders/emmanuel-macron/">Emmanuel Macron</a>' in response.content.decode()


def test_a_role_filter_that_finds_nothing_offers_its_removal_not_a_server_error(dated_archive, client):
    response = client.get("/search/", {"q": "budget", "role": "president of france", "from": "2015-05-01", "to": "2015-05-31"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Role: President of France" in html
    # Without the role, May 2015's budget summit is found: the page offers that removal with its count.
    assert "q=budget&amp;from=2015-05-01&amp;to=2015-05-31" in html


@pytest.mark.django_db
def test_an_archive_seeded_with_years_gets_the_days_of_its_shipped_roles_and_keeps_roles_an_admin_changed():
    from articles.entities.tables import add_shipped_role_days
    from articles.tagging import load_gazetteer

    Leader.objects.filter(name="Malcolm Turnbull").update(roles=[{"title": "Prime Minister", "from": "2015", "to": "2018"}])
    changed_by_admin = [{"title": "Prime Minister", "from": "2019", "to": "2023"}]
    Leader.objects.filter(name="Boris Johnson").update(roles=changed_by_admin)
    add_shipped_role_days(gazetteer=load_gazetteer())
    assert Leader.objects.get(name="Malcolm Turnbull").roles == [{"title": "Prime Minister", "from": "2015-09-15", "to": "2018-08-24"}]
    assert Leader.objects.get(name="Boris Johnson").roles == changed_by_admin


def test_role_search_counts_a_leader_only_from_the_day_they_took_the_office(imported, tmp_path):
    pages = {
        "medvedev-2012-02.txt": ("Medvedev Opens Forum", "2012-02-01", "President Dmitry Medvedev opened an investment forum."),
        "medvedev-2012-06.txt": ("Medvedev Meets Governors", "2012-06-01", "Prime Minister Dmitry Medvedev met regional governors."),
    }
    results = imported(*write_dated_pages(tmp_path, pages, closing=ROLE_CLOSING))
    assert all(result.status == "created" for result in results), [r.error for r in results]
    # Medvedev was president until 7 May 2012 and prime minister from the next day.
    assert titles(search_articles('role:"prime minister of russia" date:2012')) == ["Medvedev Meets Governors"]
    assert titles(search_articles('role:"president of russia" date:2012')) == ["Medvedev Opens Forum"]


@pytest.mark.parametrize(
    ("record", "saved"),
    [
        pytest.param({"title": "President", "from": "2017-05-14", "to": None}, True, id="a-day"),
        pytest.param({"title": "President", "from": "20170514", "to": None}, False, id="a-day-without-hyphens"),
        pytest.param({"title": "President", "from": "10000", "to": None}, False, id="a-year-past-9999"),
        pytest.param({"title": "President", "from": "2018", "to": "2015"}, False, id="ends-before-it-starts"),
    ],
)
def test_the_admin_takes_a_role_day_and_refuses_an_impossible_role_with_what_to_write(db, admin_client, record, saved):
    leader = Leader.objects.get(slug="emmanuel-macron")
    response = admin_client.post(
        f"/admin/articles/leader/{leader.pk}/change/", leader_form(leader, roles=json.dumps([record]))
    )
    assert response.status_code == (302 if saved else 200)
    assert (Leader.objects.get(pk=leader.pk).roles == [record]) is saved
    if not saved:
        assert "write years like" in response.content.decode() or "ends before it starts" in response.content.decode()


def test_a_role_stored_reversed_before_the_check_leaves_its_leader_out_of_tagging_and_imports_go_on(imported, tmp_path, caplog):
    Leader.objects.filter(name="Malcolm Turnbull").update(roles=[{"title": "Prime Minister", "from": "2018", "to": "2015"}])
    results = imported(*write_dated_pages(tmp_path, ROLE_PAGES, closing=ROLE_CLOSING))
    assert all(result.status == "created" for result in results), [r.error for r in results]
    assert "Left out of tagging: Malcolm Turnbull's role" in caplog.text


@pytest.mark.django_db
def test_the_role_days_migration_leaves_unreadable_roles_as_they_are_and_goes_back_to_years():
    from articles.entities.tables import add_shipped_role_days, remove_role_days
    from articles.tagging import load_gazetteer

    Leader.objects.filter(name="Malcolm Turnbull").update(roles={"title": "Prime Minister", "from": "2015", "to": "2018"})
    Leader.objects.filter(name="Boris Johnson").update(roles=[{"title": " Prime Minister ", "from": "2019", "to": "2022"}])
    add_shipped_role_days(gazetteer=load_gazetteer())
    assert Leader.objects.get(name="Malcolm Turnbull").roles == {"title": "Prime Minister", "from": "2015", "to": "2018"}
    assert Leader.objects.get(name="Boris Johnson").roles == [{"title": " Prime Minister ", "from": "2019-07-24", "to": "2022-09-06"}]
    remove_role_days()
    assert Leader.objects.get(name="Boris Johnson").roles == [{"title": " Prime Minister ", "from": "2019", "to": "2022"}]
    assert Leader.objects.get(name="Emmanuel Macron").roles == [{"title": "President", "from": "2017", "to": None}]


@pytest.mark.django_db
def test_an_archive_seeded_before_gets_the_added_heads_of_office_and_roles_without_doubling_a_corrected_one():
    from articles.entities.tables import add_shipped_roles
    from articles.tagging import load_gazetteer

    assert Leader.objects.filter(name="Nikolai Podgorny").exists()  # migration 0028 on this test database
    brezhnev = Leader.objects.get(name="Leonid Brezhnev")
    later_roles = [role for role in brezhnev.roles if not role["from"].startswith("1960")]
    Leader.objects.filter(pk=brezhnev.pk).update(roles=later_roles)
    corrected = [{"title": "President", "from": "1979-02-08", "to": "1992-08-31"}, {"title": "President", "from": "1997-10-25", "to": None}]
    Leader.objects.filter(name="Denis Sassou Nguesso").update(roles=corrected)
    add_shipped_roles(gazetteer=load_gazetteer())
    assert Leader.objects.get(pk=brezhnev.pk).roles[0] == {
        "title": "President of the Presidium of the Supreme Soviet", "from": "1960", "to": "1964",
    }
    assert Leader.objects.get(name="Denis Sassou Nguesso").roles == corrected


@pytest.mark.django_db
def test_an_archive_seeded_before_gets_the_leaders_beyond_the_g20_and_keeps_what_an_admin_deleted():
    import importlib

    from django.apps import apps

    migration = importlib.import_module("articles.migrations.0031_leaders_of_1945_to_2015_beyond_the_g20")
    Leader.objects.filter(name__in=["Wilfried Martens", "Hussein of Jordan", "Ronald Reagan"]).delete()
    saddam = Leader.objects.get(name="Saddam Hussein")
    Leader.objects.filter(pk=saddam.pk).update(roles=[role for role in saddam.roles if role["title"] == "President"])
    migration.add_leaders_and_roles(apps, None)
    assert Leader.objects.get(name="Wilfried Martens").roles[0] == {"title": "Prime Minister", "from": "1979-04-03", "to": "1981-04-06"}
    assert "King Hussein" in Leader.objects.get(name="Hussein of Jordan").aliases
    assert not Leader.objects.filter(name="Ronald Reagan").exists()  # an admin's deletion of an older leader stands
    assert {role["title"] for role in Leader.objects.get(pk=saddam.pk).roles} == {"President", "Prime Minister"}


@pytest.mark.django_db
def test_an_archive_seeded_before_gets_the_heads_of_the_rest_of_the_world_and_keeps_what_an_admin_deleted():
    import importlib

    from django.apps import apps

    migration = importlib.import_module("articles.migrations.0032_leaders_of_the_rest_of_the_world")
    Leader.objects.filter(name__in=["Mobutu Sese Seko", "Xanana Gusmão", "Helmut Kohl"]).delete()
    biya = Leader.objects.get(name="Paul Biya")
    Leader.objects.filter(pk=biya.pk).update(roles=[role for role in biya.roles if role["title"] == "President"])
    migration.add_leaders_and_roles(apps, None)
    mobutu = Leader.objects.get(name="Mobutu Sese Seko")
    assert mobutu.country.name == "Zaire" and "Mobutu" in mobutu.aliases
    assert [role["title"] for role in Leader.objects.get(name="Xanana Gusmão").roles] == ["President", "Prime Minister", "Prime Minister"]
    assert not Leader.objects.filter(name="Helmut Kohl").exists()  # an admin's deletion of an older leader stands
    assert {role["title"] for role in Leader.objects.get(pk=biya.pk).roles} == {"President", "Prime Minister"}


def test_role_search_finds_a_soviet_head_of_state_the_gazetteer_gained(imported, tmp_path):
    pages = {"podgorny-1970.txt": ("Podgorny Visits Cairo", "1970-05-12", "President Nikolai Podgorny arrived in Cairo for talks.")}
    results = imported(*write_dated_pages(tmp_path, pages, closing=ROLE_CLOSING))
    assert all(result.status == "created" for result in results), [r.error for r in results]
    assert titles(search_articles('role:"president of the presidium of the supreme soviet"')) == ["Podgorny Visits Cairo"]
