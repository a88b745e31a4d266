"""Every page's and API's parameters, sent hostile values on each search engine: a page or a clear 4xx,
never a 500, and machine output (feeds, exports, OpenSearch) stays well formed."""

import pytest
from django.test import Client

from tests.conftest import SEED_PAGE, write_page

LEADER = "/leaders/vladimir-putin/"
ARTICLE = "/articles/putin-and-netanyahu-discuss-gaza-iran-and-syria/"
ENDPOINTS = [
    "/",
    "/search/",
    "/api/search/",
    "/search/feed/",
    "/search/export.csv",
    "/search/export.json",
    "/co-mentions/",
    "/api/suggest/",
    "/leaders/",
    LEADER,
    f"{LEADER}feed/",
    "/countries/russia/",
    "/topics/",
    ARTICLE,
    "/api" + ARTICLE,
    "/trends/",
    "/trends/data.csv",
    "/trends/data.json",
    "/roles/",
    "/opensearch.xml",
    "/sitemap.xml",
    "/sitemap-articles.xml",
]
PARAMETERS = ["q", "page", "sort", "from", "to", "leader", "country", "topic", "source", "role", "listing", "format",
              "filter", "on", "show", "kind", "add", "p"]
# Raw query-string values (already percent-encoded where needed).
HOSTILE_VALUES = {
    "huge number": "9" * 30,
    "over int digits limit": "9" * 5000,
    "negative": "-1",
    "zero": "0",
    "NaN": "NaN",
    "infinity": "inf",
    "float": "1.5",
    "exponent": "1e9",
    "underscored": "1_0",
    "arabic digits": "%D9%A1%D9%A2",
    "fullwidth digits": "%EF%BC%92",
    "NUL": "%00",
    "control characters": "a%01%08%0B%1F%7F",
    "lone surrogate": "%ED%A0%80",
    "overlong slash": "%C0%AF",
    "invalid utf-8": "%FF%FE",
    "10,000 characters": "gaza" * 2500,
    "right-to-left override": "%E2%80%AEgaza",
    "bom": "%EF%BB%BF",
    "date with unicode digits": "%D9%A2%D9%A0%D9%A2%D9%A4-01-01",
    "date far future": "9999-12-31",
    "date year zero": "0000-01-01",
    "date week form": "2024-W01-1",
    "date compact": "20240101",
    "date with time": "2024-01-01T10:00",
    "slug with dot dot": "..%2F..%2Fetc",
    "percent": "%25",
    "backslash": "%5C",
    "quote": "%22",
    "html": "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
}


DATED_PAGE = """Macron Meets Scholz in Paris

Source: Demo Wire
Published: 2023-06-01

French President Emmanuel Macron met German Chancellor Olaf Scholz in Paris on Thursday to discuss energy prices.
"""


@pytest.fixture(scope="module")
def module_archive(read_only_archive, tmp_path_factory):
    results = read_only_archive(SEED_PAGE, write_page(tmp_path_factory.mktemp("dated"), "macron.txt", DATED_PAGE))
    assert [result.status for result in results] == ["created", "created"], [result.error for result in results]
    return results[0].slug


@pytest.fixture
def archive(module_archive, db):
    return module_archive


def failures_for(client, query_string: str) -> list[str]:
    failed = []
    for path in ENDPOINTS:
        response = client.get(f"{path}?{query_string}")
        if response.status_code >= 500:
            failed.append(f"{path}?{query_string[:80]} -> {response.status_code}")
    return failed


# About 1,100 requests per engine (a minute and a half on SQLite): slow.
@pytest.mark.slow
@pytest.mark.parametrize("value", HOSTILE_VALUES.values(), ids=HOSTILE_VALUES.keys())
@pytest.mark.parametrize("parameter", PARAMETERS)
def test_a_hostile_value_of_any_parameter_never_gets_a_server_error(client, archive, parameter, value):
    assert failures_for(client, f"{parameter}={value}") == []


@pytest.mark.slow
@pytest.mark.parametrize("parameter", PARAMETERS)
def test_a_repeated_parameter_never_gets_a_server_error(client, archive, parameter):
    assert failures_for(client, f"{parameter}=1&{parameter}=2&{parameter}=gaza") == []


QUERY_SYNTAX = {
    "star alone": "*",
    "stars": "* * *",
    "question mark": "?",
    "unbalanced quote": '"gaza ceasefire',
    "three quotes": '"gaza" "',
    "empty phrase": '""',
    "wildcard in phrase": '"gaz* ceasefire"',
    "star in phrase": '"*"',
    "phrase of stop words": '"the of and"',
    "unknown field": "colour:red",
    "unknown field with phrase": 'colour:"red blue"',
    "empty field": "leader:",
    "field of a phrase": 'title:"gaza"',
    "field of a wildcard": "title:gaz*",
    "field of star": "title:*",
    "date field junk": "date:abc",
    "date field reversed": "date:2025..2020",
    "date field huge": "date:99999999999999999999",
    "date field negative": "date:-5..-1",
    "source field empty quotes": 'source:""',
    "leader unknown": "leader:nobody-at-all",
    "NOT alone": "NOT",
    "OR alone": "OR",
    "OR OR": "OR OR gaza",
    "minus alone": "-",
    "minus star": "-*",
    "minus everything": "-gaza -putin",
    "boost": "gaza^99999999999999999999",
    "fuzzy": "gaza~999",
    "prefix of one letter": "g*",
    "leading wildcard": "*aza",
    "inner wildcard": "g*a",
    "question wildcard": "g?za",
    "10,000 nested parentheses": "(" * 10000 + "gaza" + ")" * 10000,
    "10,000 closing parentheses": ")" * 10000,
    "1,000 OR terms": " OR ".join(["gaza"] * 1000),
    "1,000 distinct OR terms": " OR ".join(f"w{n}" for n in range(1000)),
    "1,000 AND terms": " AND ".join(["gaza"] * 1000),
    "1,000 NOT terms": " ".join(["-gaza"] * 1000),
    "10,000 character word": "g" * 10000,
    "arabic": "غزة",
    "chinese": "加沙 停火",
    "combining marks": "g\u0301a\u0301z\u0301a",
    "zero width joiner": "ga\u200dza",
    "emoji": "\U0001f600 gaza",
    "fullwidth": "ｇａｚａ",
    "backslashes": "\\\\\\",
    "sql quote": "gaza' OR '1'='1",
    "sql comment": "gaza; -- drop",
    "tsquery syntax": "gaza & !putin | (a <-> b):*",
    "percent and underscore": "%_%",
    "colon alone": ":",
    "colons": "a:b:c",
}


@pytest.mark.parametrize("query", QUERY_SYNTAX.values(), ids=QUERY_SYNTAX.keys())
def test_odd_query_syntax_is_a_page_or_a_clear_400_on_every_search_endpoint(client, archive, query):
    failed = []
    for path in ("/search/", "/api/search/", "/search/feed/", "/search/export.csv", "/search/export.json", "/co-mentions/",
                 "/trends/data.json", f"{LEADER}", ARTICLE, "/api/suggest/"):
        response = client.get(path, {"q": query})
        if response.status_code >= 500:
            failed.append(f"{path} -> {response.status_code}")
        elif response.status_code == 400 and path.startswith("/api/search/"):
            assert response.json()["error"], path
    assert failed == []


@pytest.mark.parametrize(
    "query, notice",
    [
        ("ceasefire " + "x" * 600, "cut to its first 500 characters"),
        ("g*", "at least 2 letters"),
        ("title:gaz*", "title:"),
        ('"gaz* ceasefire"', "inside quotes"),
    ],
    ids=["longer than the limit", "one-letter prefix", "prefix after title:", "star in a phrase"],
)
def test_a_query_not_searched_as_typed_says_so(client, archive, query, notice):
    response = client.get("/api/search/", {"q": query})
    assert response.status_code == 200
    assert notice in response.json()["notice"]
    assert notice in client.get("/search/", {"q": query}).content.decode()


@pytest.mark.parametrize("params, count", [
    ({"to": "0999-12-31"}, 0), ({"from": "0500-01-01"}, 1), ({"q": "date:..0999"}, 0), ({"q": "date:0999.."}, 1),
    ({"from": "0001-01-01", "to": "9999-12-31"}, 1),
])
def test_years_below_1000_bound_the_dates_on_every_engine(client, archive, params, count):
    response = client.get("/api/search/", params)
    assert response.status_code == 200
    assert response.json()["count"] == count


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_a_method_other_than_get_or_head_on_a_public_page_is_a_405_naming_the_allowed_ones(archive, method):
    # A browser's POST carries no CSRF token here: the answer must still be the wrong method, not a 403.
    client = Client(enforce_csrf_checks=True)
    answers = {path: getattr(client, method)(path) for path in [*ENDPOINTS, "/search/help/", "/robots.txt", "/healthz"]}
    wrong = {path: response.status_code for path, response in answers.items() if response.status_code != 405}
    assert wrong == {}
    assert {response["Allow"] for response in answers.values()} == {"GET, HEAD"}
    assert client.head("/search/?q=gaza").status_code == 200
