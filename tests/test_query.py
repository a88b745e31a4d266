"""The query language: what a user types -> what the engine gets. One row per rule or quirk."""

import pytest

from articles.search.query import parse_user_query

ENTITIES = {("leader", "putin"): "vladimir-putin", ("country", "russian"): "russia", ("source", "demo wire"): "Demo Wire"}


def resolve(kind, typed):
    return ENTITIES.get((kind, typed.lower()), "")


@pytest.mark.parametrize(
    "typed, engine_query",
    [
        ("gaza ceasefire", '"gaza" AND "ceasefire"'),
        ('"gaza ceasefire"', '"gaza ceasefire"'),
        ("“gaza ceasefire”", '"gaza ceasefire"'),
        ("gaza OR syria", '("gaza" OR "syria")'),
        ("gaza -hamas", '"gaza" AND NOT "hamas"'),
        ("gaza NOT hamas", '"gaza" AND NOT "hamas"'),
        ("(gaza OR syria) talks", '(("gaza" OR "syria")) AND "talks"'),
        ("sanc*", "sanc*"),
        ("leader:putin", 'leaders:"vladimir-putin"'),
        ("country:Russian", 'countries:"russia"'),
        ('source:"Demo Wire"', 'source:"Demo Wire"'),
        ('title:"gaza truce"', 'title:"gaza truce"'),
        ("date:2023-10..2024-02", "day:[20231001 TO 20240229]"),
        ("date:2024", "day:[20240101 TO 20241231]"),
        ("date:..2019", "day:[00000000 TO 20191231]"),
        ("-hamas", '* AND NOT "hamas"'),
        ("title:(", '"title"'),
        ("((gaza", '"gaza"'),
        ("gaza)", '"gaza"'),
        ("gaza OR", '"gaza" AND "OR"'),
        ("http://x.org/a", '"http x.org a"'),
        ("<script>alert(1)</script>", '"script alert" AND ("1") AND "script"'),
        ("*", "*"),
        ("", "*"),
        ("\\", "*"),
    ],
)
def test_engine_query_for_typed_text(typed, engine_query):
    assert parse_user_query(typed, resolve=resolve).engine_query == engine_query


@pytest.mark.parametrize(
    "typed, notice",
    [
        ("((gaza", "An opening parenthesis is not closed. Searched for the words instead."),
        ("gaza)", "A closing parenthesis has no opening one. Searched for the words instead."),
        ("NOT", "NOT has nothing after it. Searched for the words instead."),
        ('"unbalanced', "An unmatched quote was ignored."),
        ("leader:nobody", "No leader matches “nobody”; searched for it as words."),
        ("date:2024-13", "“2024-13” is not a calendar date. Searched for the words instead."),
        ("date:2024..2020", "“date:2024..2020” ends before it starts. Searched for the words instead."),
        ("war " * 200, "Your search was cut to its first 500 characters."),
    ],
)
def test_malformed_input_falls_back_with_a_notice(typed, notice):
    assert parse_user_query(typed, resolve=resolve).notice == notice


def test_highlight_words_leave_out_excluded_words_and_keep_prefixes():
    parsed = parse_user_query('"gaza ceasefire" -hamas sanc* title:truce', resolve=resolve)
    assert parsed.words == ("gaza ceasefire", "truce")
    assert parsed.prefixes == ("sanc",)


@pytest.mark.parametrize("typed", ["the", "of the", '"of the"', "a", "title:the"])
def test_a_search_of_only_words_too_common_to_index_is_flagged(typed):
    assert parse_user_query(typed, resolve=resolve).is_common_words_only


@pytest.mark.parametrize("typed", ["the trump", "the -trump", "date:2019 the", "leader:putin the", "thé*", "theatre", "NOT"])
def test_common_words_beside_other_terms_are_not_flagged(typed):
    assert not parse_user_query(typed, resolve=resolve).is_common_words_only
