"""Tagging cleaned sections with leaders, countries and topics (issues 3 and 5). No database."""

import json
from datetime import date
from pathlib import Path

import pytest

from articles.tagging import GazetteerError, load_gazetteer, tag_sections

FIXTURES = Path(__file__).parent / "fixtures" / "tagging"
GAZETTEER = load_gazetteer()


def tagged(texts: list[str] | str, kind: str, published: date | None = None) -> set[str]:
    """Return the names of the given kind tagged in texts (a str is one section)."""
    sections = [texts] if isinstance(texts, str) else texts
    return {mention.name for mention in tag_sections(sections, gazetteer=GAZETTEER, published=published) if mention.kind == kind}


def load_seed_sections() -> list[str]:
    return json.loads((FIXTURES / "seed_000_b648c3a06355d553.json").read_text(encoding="utf-8"))["sections"]


# The seed article of issue 3: title line, intro and six subheaded sections.
def test_seed_article_tags_exactly_putin_and_netanyahu():
    assert tagged(load_seed_sections(), "leader") == {"Vladimir Putin", "Benjamin Netanyahu"}


def test_seed_article_tags_the_countries_it_is_about_and_no_others():
    required = {"Russia", "Israel", "Iran", "Syria", "Egypt", "Qatar", "United States", "Turkey", "Ukraine"}
    countries = tagged(load_seed_sections(), "country")
    assert required <= countries
    assert countries - required <= {"Palestine", "Lebanon"}


def test_seed_article_gets_gaza_ceasefire_and_iran_nuclear_topics():
    assert {"Gaza ceasefire", "Iran nuclear program"} <= tagged(load_seed_sections(), "topic")


def test_every_mention_points_at_its_surface_text_and_sentence():
    sections = load_seed_sections()
    for mention in tag_sections(sections, gazetteer=GAZETTEER):
        assert sections[mention.section][mention.start:mention.end] == mention.matched
        assert mention.matched in mention.sentence


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Recep Tayyip Erdoğan met envoys.", {"Recep Tayyip Erdoğan"}, id="full-name"),
        pytest.param("Recep Tayyip Erdogan met envoys.", {"Recep Tayyip Erdoğan"}, id="diacritic-free-spelling"),
        pytest.param("Tayyip Erdoğan spoke. Later Erdogan left.", {"Recep Tayyip Erdoğan"}, id="alias-then-folded-surname"),
        pytest.param("Netanyahu spoke first. Nobody else did.", set(), id="surname-before-introduction"),
        pytest.param("Benjamin Netanyahu arrived. Netanyahu spoke.", {"Benjamin Netanyahu"}, id="surname-after-full-name"),
        pytest.param("Prime Minister Modi opened the plant.", {"Narendra Modi"}, id="title-and-surname"),
        pytest.param("President Putin said so.", {"Vladimir Putin"}, id="titled-alias"),
        pytest.param("Kim said the talks were over.", set(), id="ambiguous-alias-alone"),
        pytest.param("In May the talks ended.", set(), id="ambiguous-alias-month"),
        pytest.param("Donald Trump Jr. spoke at the rally.", set(), id="junior-is-someone-else"),
        pytest.param("Donald Trump arrived. Eric Trump spoke.", {"Donald Trump"}, id="relative-with-surname"),
        pytest.param("Russian President Vladimir Putin met Israeli Prime Minister Benjamin Netanyahu.",
                     {"Vladimir Putin", "Benjamin Netanyahu"}, id="demonym-title-full-name"),
    ],
)
def test_leader_rules(text, expected):
    assert tagged(text, "leader") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Russian President Vladimir Putin spoke.", {"Russia"}, id="demonym-inside-title"),
        pytest.param("Israeli troops moved in.", {"Israel"}, id="demonym"),
        pytest.param("Talks were held in Turkey.", {"Turkey"}, id="country-name"),
        pytest.param("Talks were held in Türkiye.", {"Turkey"}, id="alias-with-diacritics"),
        pytest.param("The Kremlin denied it.", {"Russia"}, id="unambiguous-metonym"),
        pytest.param("She studied in Moscow for a year.", set(), id="ambiguous-metonym-as-city"),
        pytest.param("Moscow has warned of retaliation.", {"Russia"}, id="ambiguous-metonym-with-government-verb"),
        pytest.param("Hezbollah fighters and Arab states watched.", set(), id="groups-are-not-countries"),
        pytest.param("The Paris Agreement set targets.", set(), id="paris-agreement-not-france"),
        pytest.param("Iran's nuclear program worries Israel.", {"Iran", "Israel"}, id="possessive"),
    ],
)
def test_country_rules(text, expected):
    assert tagged(text, "country") == expected


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        pytest.param(["Leaders met\n\nThe sanctions were discussed briefly."], set(), id="one-body-hit-is-not-enough"),
        pytest.param(["Leaders met\n\nNew sanctions followed older sanctions."], {"Sanctions"}, id="two-hits"),
        pytest.param(["New sanctions on Iran\n\nLeaders met on Monday."], {"Sanctions"}, id="one-hit-in-title"),
        pytest.param(["Leaders met", "Sanctions bite\n\nIt was a long day."], {"Sanctions"}, id="one-hit-in-heading"),
        pytest.param(["Leaders met\n\nCLIMATE CHANGE and global warming dominated."], {"Climate change"}, id="case-insensitive"),
    ],
)
def test_topic_weight_rule(texts, expected):
    assert tagged(texts, "topic") == expected


def test_shipped_topics_cover_at_least_sixty_news_topics_with_unique_slugs():
    slugs = [topic.slug for topic in GAZETTEER.topics]
    assert len(slugs) >= 60
    assert len(set(slugs)) == len(slugs)


def test_missing_gazetteer_directory_names_the_file(tmp_path):
    with pytest.raises(GazetteerError, match=r"countries\.json"):
        load_gazetteer(tmp_path)
