"""Tagging cleaned sections with leaders, countries and topics. No database."""

import dataclasses
import json
from datetime import date
from pathlib import Path

import pytest

from articles.tagging import GazetteerError, discover_leaders, load_gazetteer, tag_sections
from articles.tagging.text import find_sentence_around, rfind_character
from articles.tagging.types import RoleFormatError, parse_role

FIXTURES = Path(__file__).parent / "fixtures" / "tagging"
GAZETTEER = load_gazetteer()


def tagged(texts: list[str] | str, kind: str, published: date | None = None) -> set[str]:
    """Return the names of the given kind tagged in texts (a str is one section)."""
    sections = [texts] if isinstance(texts, str) else texts
    return {mention.name for mention in tag_sections(sections, gazetteer=GAZETTEER, published=published) if mention.kind == kind}


def load_seed_sections() -> list[str]:
    return json.loads((FIXTURES / "seed_000_b648c3a06355d553.json").read_text(encoding="utf-8"))["sections"]


# The seed article: title line, intro and six subheaded sections.
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
def test_leaders_are_tagged_by_name_or_title_and_surnames_only_once_introduced(text, expected):
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
        # A cuisine is no mention of the state; a country's food, its food firms and its past are.
        pytest.param("We booked a Chinese restaurant and ordered Italian cuisine.", set(), id="cuisine"),
        pytest.param("Chi-Chi's runs 200 Mexican food restaurants.", set(), id="a-cuisines-restaurants"),
        pytest.param("Sales fell at Swiss food and drink giant Nestle.", {"Switzerland"}, id="a-countrys-food-firm"),
        pytest.param("Ghana will get Japanese food aid.", {"Ghana", "Japan"}, id="a-countrys-food-aid"),
        pytest.param("Taiwan lifted its ban on Japanese food.", {"Taiwan", "Japan"}, id="a-countrys-food"),
        pytest.param("Chinese cooking oil imports rose.", {"China"}, id="a-countrys-cooking-oil"),
        pytest.param("Settlers uprooted ancient Palestinian olive trees.", {"Palestine"}, id="an-ancient-place"),
    ],
)
def test_countries_are_tagged_by_name_demonym_and_government_metonym(text, expected):
    assert tagged(text, "country") == expected


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        pytest.param(["Leaders met\n\nThe sanctions were discussed briefly."], set(), id="one-body-hit-is-not-enough"),
        pytest.param(["Leaders met\n\nNew sanctions followed older sanctions."], {"Sanctions"}, id="two-hits"),
        pytest.param(["New sanctions on Iran\n\nLeaders met on Monday."], {"Sanctions"}, id="one-hit-in-title"),
        pytest.param(["Leaders met", "Sanctions bite\n\nThe sanctions cut oil exports."], {"Sanctions"}, id="one-hit-in-heading"),
        # A subheading tells what its part is about: with nothing of it in the text under it, it is no headline.
        pytest.param(["Leaders met", "Sanctions bite\n\nIt was a long day."], set(), id="heading-over-another-subject"),
        pytest.param(["Leaders met\n\nCLIMATE CHANGE and global warming dominated."], {"Climate change"}, id="case-insensitive"),
    ],
)
def test_topics_need_two_hits_or_a_headline_hit(texts, expected):
    assert tagged(texts, "topic") == expected


def test_shipped_topics_cover_at_least_sixty_news_topics_with_unique_slugs():
    slugs = [topic.slug for topic in GAZETTEER.topics]
    assert len(slugs) >= 60
    assert len(set(slugs)) == len(slugs)


def test_missing_gazetteer_directory_names_the_file(tmp_path):
    with pytest.raises(GazetteerError, match=r"countries\.json"):
        load_gazetteer(tmp_path)


# Issue 5: tagging an editor would trust.
@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        pytest.param("Turkish President Recep Tayyip Erdoğan spoke.", None, {"Recep Tayyip Erdoğan"}, id="demonym-title-full-name"),
        pytest.param("Prime Minister Modi spoke.", None, {"Narendra Modi"}, id="title-surname"),
        pytest.param("The Turkish president spoke.", None, set(), id="title-without-name-alone"),
        pytest.param("Donald Trump Jr. and Donald Trump, Jr. spoke.", None, set(), id="junior"),
        pytest.param("Vice President George Bush spoke.", date(1987, 3, 1), {"George H. W. Bush"}, id="shared-name-by-date-1987"),
        pytest.param("President George Bush spoke.", date(2004, 6, 1), {"George W. Bush"}, id="shared-name-by-date-2004"),
        pytest.param("George Bush spoke.", None, set(), id="shared-name-without-date"),
        pytest.param("Reagan said no.", date(1987, 3, 1), {"Ronald Reagan"}, id="surname-of-head-in-office-on-dated-article"),
        pytest.param("Reagan said no.", date(2005, 3, 1), set(), id="surname-of-head-out-of-office"),
        pytest.param("Reagan said no.", None, set(), id="surname-on-undated-article"),
        pytest.param("Tony Blair met President Bush.", None, {"Tony Blair", "George W. Bush"}, id="shared-surname-by-contemporary"),
        pytest.param("Margaret Thatcher met President Bush.", None, {"Margaret Thatcher", "George H. W. Bush"}, id="shared-surname-by-other-contemporary"),
        pytest.param("Australian Prime Minister Howard spoke.", date(2004, 6, 1), {"John Howard"}, id="shared-surname-by-title-and-country"),
        pytest.param("Tory leader Michael Howard spoke. Later Mr Howard left.", None, {"Michael Howard"}, id="shared-surname-after-introduction"),
        pytest.param("Mr Howard spoke.", date(2004, 6, 1), set(), id="shared-surname-without-context"),
        pytest.param("West German Finance Minister Gerhard Stoltenberg spoke.", date(1987, 4, 8), {"Gerhard Stoltenberg"}, id="other-first-name-same-surname"),
        pytest.param("Stoltenberg said the mark was stable.", date(1987, 4, 8), {"Gerhard Stoltenberg"}, id="shared-surname-by-role-in-that-year"),
        pytest.param("NATO chief Jens Stoltenberg spoke.", date(2016, 4, 8), {"Jens Stoltenberg"}, id="shared-surname-other-era"),
        pytest.param("Prime Minister (Brian) Mulroney spoke.", date(1987, 3, 1), {"Brian Mulroney"}, id="bracketed-first-name"),
        pytest.param("President Kirchner spoke.", date(2005, 3, 1), {"Néstor Kirchner"}, id="shared-surname-by-date-2005"),
        pytest.param("President Kirchner spoke.", date(2010, 3, 1), {"Cristina Fernández de Kirchner"}, id="shared-surname-by-date-2010"),
        pytest.param("Minister Herman De Croo spoke. De Croo left.", date(1987, 3, 1), set(), id="multi-word-surname-needs-introduction"),
        pytest.param("Trade Minister Mohammed Mustafa al-Jibouri spoke.", date(2004, 12, 1), set(), id="longer-arabic-name"),
    ],
)
def test_ambiguous_leader_names_resolve_by_title_date_and_context(text, published, expected):
    assert tagged(text, "leader", published) == expected


def test_title_without_name_points_at_the_leader_named_earlier():
    text = "Turkish President Recep Tayyip Erdoğan arrived. Later the Turkish president left."
    mentions = [mention for mention in tag_sections([text], gazetteer=GAZETTEER) if mention.kind == "leader"]
    assert [(mention.name, mention.matched) for mention in mentions] == [
        ("Recep Tayyip Erdoğan", "Recep Tayyip Erdoğan"),
        ("Recep Tayyip Erdoğan", "the Turkish president"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Talks in Türkiye and Turkey.", {"Turkey"}, id="turkiye"),
        pytest.param("Czechia, once the Czech Republic.", {"Czechia"}, id="czechia"),
        pytest.param("Côte d’Ivoire, or Ivory Coast.", {"Ivory Coast"}, id="cote-d-ivoire"),
        pytest.param("Beijing has warned Taipei.", {"China"}, id="beijing-as-government"),
        pytest.param("Downing Street said no.", {"United Kingdom"}, id="downing-street"),
        pytest.param("A statement from the White House.", {"United States"}, id="white-house"),
        pytest.param("She was born in Atlanta, Georgia.", set(), id="georgia-us-city-state"),
        pytest.param("The Georgia Senate voted.", set(), id="georgia-us-institution"),
        pytest.param("Georgia and Armenia signed a deal.", {"Georgia", "Armenia"}, id="georgia-country"),
        pytest.param("Protests in Tbilisi, Georgia, grew.", {"Georgia"}, id="georgia-after-its-capital"),
        pytest.param("Michael Jordan scored 40 points.", set(), id="jordan-person"),
        pytest.param("Jordan Henderson scored.", set(), id="jordan-first-name"),
        pytest.param("Refugees crossed into Jordan.", {"Jordan"}, id="jordan-country"),
        pytest.param("Singer Chad Kroeger sang.", set(), id="chad-first-name"),
        pytest.param("Chad Thomas played well and Jordan Young scored.", set(), id="first-names-before-surnames-some-leader-shares"),
        pytest.param("Ships sailed from the Gulf to Holland May 1-10.", {"Netherlands"}, id="a-month-after-a-country-is-no-surname"),
        pytest.param("Troops left Chad and Niger.", {"Chad", "Niger"}, id="chad-and-niger-countries"),
        pytest.param("Nigeria pumped more oil.", {"Nigeria"}, id="nigeria-is-not-niger"),
        pytest.param("Unrest in the Niger Delta.", set(), id="niger-delta"),
        pytest.param("Guinea-Bissau held a vote.", {"Guinea-Bissau"}, id="guinea-bissau"),
        pytest.param("Equatorial Guinea exports oil.", {"Equatorial Guinea"}, id="equatorial-guinea"),
        pytest.param("Papua New Guinea held a vote.", {"Papua New Guinea"}, id="papua-new-guinea"),
        pytest.param("Guinea held a vote.", {"Guinea"}, id="guinea"),
        pytest.param("Fighting in the Democratic Republic of Congo.", {"DR Congo"}, id="dr-congo"),
        pytest.param("The Republic of the Congo voted.", {"Congo"}, id="republic-of-congo"),
        pytest.param("Fighting in Congo continued.", set(), id="bare-congo-ambiguous"),
        pytest.param("Fighting in Congo reached Kinshasa.", {"DR Congo"}, id="bare-congo-with-capital"),
        pytest.param("North Korea fired at South Korea.", {"North Korea", "South Korea"}, id="two-koreas"),
        pytest.param("Korea is divided.", set(), id="bare-korea-ambiguous"),
        pytest.param("Washington said the talks failed.", {"United States"}, id="washington-as-government"),
        pytest.param("Apple orchards in Washington state.", set(), id="washington-state"),
        pytest.param("Denzel Washington said hello.", set(), id="washington-person"),
        pytest.param("The Paris Agreement on climate.", set(), id="paris-agreement"),
        pytest.param("Oil from the Gulf of Mexico.", set(), id="sea-name"),
        pytest.param("The Indian ocean tsunami.", set(), id="sea-name-lower-case"),
        pytest.param("Shares in British Petroleum rose.", set(), id="demonym-in-company-name"),
        pytest.param("The site is in English and Spanish, and free.", set(), id="demonym-as-language"),
        pytest.param("French-speaking voters and boats in Spanish waters.", {"Spain"}, id="language-versus-country"),
        pytest.param("With Jools Holland on piano.", set(), id="holland-surname"),
    ],
)
def test_ambiguous_country_names_resolve_by_context(text, expected):
    assert tagged(text, "country") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Albanian Prime Minister Arben Kolaj signed.", [("Arben Kolaj", "Albania", "Prime Minister")], id="new-person"),
        pytest.param("Belgian Prime Minister Jan Peeters Tuesday said.", [("Jan Peeters", "Belgium", "Prime Minister")], id="weekday-is-not-a-name"),
        pytest.param("Russian President Vladimir Putin spoke.", [], id="known-leader"),
        pytest.param("Canadian Foreign Secretary Joe Clark spoke.", [], id="minister-is-not-a-head"),
        pytest.param("Ruritanian President Bob Smith spoke.", [], id="unknown-country"),
        pytest.param("Japanese Prime Minister Yasuhiro Nakasone's visit.", [], id="known-leader-possessive"),
        pytest.param("Belgian Prime Minister Jan Peeters's visit.", [("Jan Peeters", "Belgium", "Prime Minister")], id="new-person-possessive"),
        pytest.param("Brazilian President Lula da Silva spoke.", [], id="known-multi-word-surname"),
        pytest.param("The Bank of China President Wang Deyan spoke.", [], id="organisation-title"),
        pytest.param("American President Cos Ltd rose.", [], id="company-name"),
        pytest.param("Greek Prime Minister Andreas Papanderou spoke.", [], id="known-leader-surname-spelt-another-way"),
        pytest.param("Saudi Crown Prince Abdullah Ibn Abdul Aziz spoke.", [], id="known-leader-ibn-for-bin"),
        pytest.param("West German President Richard Von Weizsaecker spoke.", [], id="known-leader-particle-capitalised"),
        pytest.param("West German President Richard Weizsaecker spoke.", [], id="known-leader-of-the-successor-state"),
        pytest.param("Greek President Yannis Petrou spoke.", [("Yannis Petrou", "Greece", "President")], id="new-person-of-a-known-leaders-country"),
    ],
)
def test_discover_leaders_lists_titled_heads_missing_from_the_gazetteer(text, expected):
    found = discover_leaders([text], gazetteer=GAZETTEER)
    assert [(leader.name, leader.country, leader.title) for leader in found] == expected
    assert all(leader.sentence == text for leader in found)


def test_title_and_headings_given_apart_weigh_topics():
    texts = ["Leaders met on Monday.", "New sanctions were discussed."]
    assert tagged(texts, "topic") == set()
    mentions = tag_sections(texts, gazetteer=GAZETTEER, title="Sanctions on Iran", headings=[None, "Talks"])
    assert {mention.name for mention in mentions if mention.kind == "topic"} == {"Sanctions"}


def test_a_long_first_paragraph_is_not_a_headline():
    text = "The sanctions were discussed at length by the ministers on Monday.\n\nNothing else happened."
    assert tagged(text, "topic") == set()


def test_gazetteer_without_independence_flags_keeps_shared_demonyms():
    # The database copy of the gazetteer (articles/entities.py) builds CountryEntry without is_independent.
    countries = tuple(dataclasses.replace(country, is_independent=True) for country in GAZETTEER.countries)
    flagless = dataclasses.replace(GAZETTEER, countries=countries)
    mentions = tag_sections(["American and French officials met."], gazetteer=flagless)
    assert {mention.name for mention in mentions if mention.kind == "country"} == {"United States", "France"}


@pytest.mark.parametrize("texts", [[], [""], ["   \n\n  "], ["Prime Minister", "the president", "Mr"]], ids=["none", "empty", "blank", "titles-only"])
def test_empty_or_title_only_sections_give_no_leaders(texts):
    assert [mention for mention in tag_sections(texts, gazetteer=GAZETTEER) if mention.kind == "leader"] == []


# Issue 13: tagging across eras and wire styles.
def tagged_with_title(texts: list[str], kind: str, *, title: str, published: date | None = None) -> set[str]:
    """Return the names of the given kind tagged in the title and texts."""
    mentions = tag_sections(texts, gazetteer=GAZETTEER, published=published, title=title)
    return {mention.name for mention in mentions if mention.kind == kind}


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        pytest.param("Prime Minister Rashid Karami resigned.", date(1987, 5, 4), {"Rashid Karami"}, id="first-name-then-surname-lebanon"),
        pytest.param("President Ibrahim Babangida spoke.", date(1987, 5, 4), {"Ibrahim Babangida"}, id="first-name-then-surname-nigeria"),
        pytest.param("Prime Minister Rashid Karami resigned.", None, {"Rashid Karami"}, id="first-name-then-surname-undated"),
        pytest.param("Premier Li Qiang met business leaders.", date(2024, 3, 1), {"Li Qiang"}, id="full-name-beats-title-alias-2024"),
        pytest.param("Premier Li met business leaders.", date(2015, 3, 1), {"Li Keqiang"}, id="title-alias-holder-2015"),
        pytest.param("Premier Li met business leaders.", date(2024, 3, 1), {"Li Qiang"}, id="title-alias-holder-2024"),
        pytest.param("Donald Trump opened a casino.", date(1987, 5, 4), set(), id="not-a-leader-before-any-role"),
        pytest.param("Donald Trump spoke.", date(2018, 5, 4), {"Donald Trump"}, id="leader-while-in-role"),
        pytest.param("Prince Charles visited Wales.", date(1987, 5, 4), set(), id="prince-is-not-the-king-yet"),
        pytest.param("Prime Minister Thatcher spoke.", date(1995, 5, 4), set(), id="title-not-held-that-year"),
        pytest.param("Chancellor Kohl spoke.", date(1987, 5, 4), {"Helmut Kohl"}, id="title-held-that-year"),
        pytest.param("West German Chancellor Kohl spoke.", date(1987, 5, 4), {"Helmut Kohl"}, id="title-of-predecessor-state"),
        pytest.param("Foreign Minister Reagan spoke.", date(1987, 5, 4), set(), id="title-never-held"),
        pytest.param("Stoltenberg said the mark was stable.", date(1987, 4, 8), {"Gerhard Stoltenberg"}, id="shared-surname-one-in-role"),
        pytest.param("Volcker said rates would stay.", date(1987, 5, 4), {"Paul Volcker"}, id="surname-of-anyone-in-role"),
        pytest.param("Mikhail Gorbachev met Ronald Reagan.", date(1987, 12, 8), {"Mikhail Gorbachev", "Ronald Reagan"}, id="soviet-era-leaders"),
        pytest.param("Tony Blair will ask the Queen to dissolve Parliament.", None, {"Tony Blair", "Elizabeth II"}, id="the-queen-in-britain"),
        pytest.param("Keir Starmer met the Queen of Denmark.", date(2024, 9, 4), {"Keir Starmer"}, id="the-queen-after-her-reign"),
        pytest.param("The Queen arrived in Rome.", None, set(), id="the-queen-without-her-country"),
    ],
)
def test_leaders_resolve_by_date_title_and_whole_name(text, published, expected):
    assert tagged(text, "leader", published) == expected


def test_undated_title_alias_goes_to_the_latest_holder_and_says_so():
    [mention] = [mention for mention in tag_sections(["Premier Li met business leaders."], gazetteer=GAZETTEER) if mention.kind == "leader"]
    assert mention.name == "Li Qiang"
    assert "latest holder" in mention.note


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        pytest.param("The Soviet Union and the USSR's allies met.", date(1987, 3, 1), {"Soviet Union"}, id="names"),
        pytest.param("Soviet officials arrived.", date(1987, 3, 1), {"Soviet Union"}, id="demonym"),
        pytest.param("The Kremlin said no.", date(1987, 3, 1), {"Soviet Union"}, id="kremlin-1987"),
        pytest.param("Moscow has warned Washington.", date(1987, 3, 1), {"Soviet Union"}, id="moscow-1987"),
        pytest.param("The Kremlin said no.", date(2024, 3, 1), {"Russia"}, id="kremlin-2024"),
        pytest.param("The Kremlin said no.", None, {"Russia"}, id="kremlin-undated"),
        pytest.param("East German and West German officials met.", date(1987, 3, 1), {"East Germany", "West Germany"}, id="two-germanies"),
        pytest.param("The GDR border was opened.", date(1989, 11, 9), {"East Germany"}, id="gdr"),
        pytest.param("Bonn has rejected the plan.", date(1987, 3, 1), {"West Germany"}, id="bonn-government"),
        pytest.param("German exports rose.", date(1987, 3, 1), {"West Germany"}, id="german-1987"),
        pytest.param("German exports rose.", date(2004, 3, 1), {"Germany"}, id="german-2004"),
        pytest.param("Trade with Yugoslavia and Czechoslovakia grew.", date(1987, 3, 1), {"Yugoslavia", "Czechoslovakia"}, id="federations"),
        pytest.param("Zaire exports copper.", date(1987, 3, 1), {"Zaire"}, id="zaire"),
        pytest.param("Burma's generals met.", date(1987, 3, 1), {"Burma"}, id="burma-1987"),
        pytest.param("Burma's generals met.", date(2004, 3, 1), {"Myanmar"}, id="burma-2004"),
        pytest.param("Rhodesian forces withdrew.", date(1976, 3, 1), {"Rhodesia"}, id="rhodesia"),
        pytest.param("South Vietnam fell.", date(1975, 4, 30), {"South Vietnam"}, id="south-vietnam"),
        pytest.param("North Yemen and South Yemen merged.", date(1990, 5, 22), {"North Yemen", "South Yemen"}, id="yemens"),
    ],
)
def test_states_with_a_life_span_are_tagged_in_their_time(text, published, expected):
    assert tagged(text, "country", published) == expected


def test_a_soviet_era_article_is_tagged_soviet_union_not_russia():
    title = "SOVIET UNION TO CUT COAL PRICE FOR JAPANESE STEELMILLS"
    body = "The Soviet Union agreed to cut its coking coal price. The steelmakers had asked Moscow to agree to a cutback."
    assert tagged_with_title([body], "country", title=title, published=date(1987, 3, 2)) == {"Soviet Union", "Japan"}


def test_former_states_carry_years_and_successors():
    soviet_union = next(country for country in GAZETTEER.countries if country.name == "Soviet Union")
    assert (soviet_union.start_year, soviet_union.end_year) == (1922, 1991)
    assert "Russia" in soviet_union.successors
    assert soviet_union.exists_in(date(1987, 1, 1)) and not soviet_union.exists_in(1992)


@pytest.mark.parametrize(
    ("title", "body", "published", "kind", "expected"),
    [
        pytest.param("Thatcher Says Britain Will Not Join European Monetary System Yet", "The prime minister told reporters.",
                     date(1987, 3, 1), "leader", {"Margaret Thatcher"}, id="title-case-headline-leader"),
        pytest.param("Thatcher Says Britain Will Not Join European Monetary System Yet", "The prime minister told reporters.",
                     date(1987, 3, 1), "country", {"United Kingdom"}, id="title-case-headline-country"),
        pytest.param("HOWARD BAKER SAYS REAGAN TO ADDRESS NATION", "", date(1987, 3, 1), "leader", {"Ronald Reagan"}, id="all-caps-other-howard"),
        pytest.param("VOLCKER SEES NO CLEARCUT EVIDENCE", "", date(1987, 3, 1), "leader", {"Paul Volcker"}, id="all-caps-surname"),
        pytest.param("U.S. TAX WRITERS SEEK CHANGES", "", date(1987, 3, 1), "country", {"United States"}, id="all-caps-abbreviation"),
        pytest.param("US TRADE DEFICIT WIDENS, CHINA SAYS", "", date(1987, 3, 1), "country", {"United States", "China"}, id="all-caps-us"),
        pytest.param("TALKS WITH US WENT WELL, CHINA SAYS", "", date(1987, 3, 1), "country", {"China"}, id="all-caps-us-pronoun"),
        pytest.param("WEST GERMANY'S STOLTENBERG MET BAKER", "", date(1987, 3, 1), "leader", {"Gerhard Stoltenberg"}, id="all-caps-possessive"),
        pytest.param("Starmer Becomes Prime Minister After Labour Landslide", "Keir Starmer entered Downing Street.",
                     None, "leader", {"Keir Starmer"}, id="title-surname-introduced-below"),
        pytest.param("Starmer Becomes Prime Minister After Labour Landslide", "Keir Starmer entered Downing Street.",
                     None, "topic", {"Elections"}, id="election-topic-from-title"),
        pytest.param("Gaza Ceasefire Takes Effect", "Israel and Hamas began a truce on Sunday.", None, "topic",
                     {"Gaza ceasefire"}, id="gaza-ceasefire-topic-from-title"),
    ],
)
def test_the_title_is_tagged_like_the_body_in_any_case(title, body, published, kind, expected):
    assert tagged_with_title([body], kind, title=title, published=published) == expected


LOWER_CASE_WIRE = (
    "peru's short-term foreign trade credit lines have more than doubled to 430 mln dlrs under "
    "president alan garcia's 20-month administration. central bank general manager hector neyra told reporters "
    "the credits would be repaid to us and to the u.s. airlines in time."
)


def test_a_sentence_whose_case_was_lost_is_read_like_a_line_in_capitals():
    assert tagged_with_title([LOWER_CASE_WIRE], "leader", title="PERU TRADE CREDIT UP", published=date(1987, 3, 17)) == {"Alan García"}
    assert tagged_with_title([LOWER_CASE_WIRE], "country", title="TRADE CREDIT UP", published=date(1987, 3, 17)) == {
        "Peru", "United States"
    }


def test_a_sentence_in_lower_case_keeps_the_pronoun_us():
    text = "we would from august on produce our own quota and sell what ecuador would be repaying us, he said."
    assert tagged(text, "country") == {"Ecuador"}


def test_a_sentence_in_lower_case_needs_to_be_running_text():
    # Rates and grades tables in lower case are no prose: "us 1-3" is a hog grade.
    assert tagged("barrows and gilts rose in active trade. us 1-3 220-250 lbs 51.75-52.00 us 1-2 200-230 lbs 52.00-52.50", "country") == set()


def test_us_in_a_mixed_case_line_is_the_country():
    assert tagged("Officials told the US envoy.", "country") == {"United States"}


def test_title_mentions_point_into_the_title_with_it_as_their_sentence():
    title = "Thatcher Says Britain Will Not Join"
    mentions = tag_sections(["The prime minister told reporters."], gazetteer=GAZETTEER, published=date(1987, 3, 1), title=title)
    in_title = [mention for mention in mentions if mention.is_in_title]
    assert {(mention.name, mention.matched) for mention in in_title} == {("Margaret Thatcher", "Thatcher"), ("United Kingdom", "Britain")}
    assert all(title[mention.start:mention.end] == mention.matched and mention.sentence == title for mention in in_title)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Shares in National Westminster Bank rose.", set(), id="bank-named-after-westminster"),
        pytest.param("He grew up in Whitehall, Pa., and moved.", set(), id="us-town"),
        pytest.param("Lebanon, Pennsylvania, is small.", set(), id="us-town-country-name"),
        pytest.param("National Bank of Kuwait raised its dividend.", set(), id="commercial-bank-of-country"),
        pytest.param("The Bank of Japan cut rates.", {"Japan"}, id="central-bank-of-country"),
        pytest.param("Whitehall officials said no.", {"United Kingdom"}, id="whitehall-government"),
    ],
)
def test_country_words_inside_organisation_names_and_us_towns_are_not_countries(text, expected):
    assert tagged(text, "country") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Portuguese Prime Minister Rui Mendes\nPereira said.", [("Rui Mendes Pereira", "Portugal", "Prime Minister")], id="name"),
        pytest.param("Aides to South Korea's President Chun Doo\nHwan spoke.", [], id="known-leader"),
        pytest.param("Belgian Prime\nMinister Jan Peeters spoke.", [("Jan Peeters", "Belgium", "Prime Minister")], id="title"),
        pytest.param("Belgian Prime Minister Jan Peeters.\n\nPierre Dupont spoke.", [("Jan Peeters", "Belgium", "Prime Minister")], id="not-across-paragraphs"),
    ],
)
def test_discovered_names_broken_over_two_lines_are_whole(text, expected):
    """Wire copy and plain-text dumps break lines inside a paragraph: "President Chun Doo\nHwan"."""
    found = discover_leaders([text], gazetteer=GAZETTEER)
    assert [(leader.name, leader.country, leader.title) for leader in found] == expected


def test_discovered_names_keep_their_particles():
    text = "Qatari Prime Minister Sheikh Mohammed bin Abdulrahman Al Thani said the talks would resume."
    [leader] = discover_leaders([text], gazetteer=GAZETTEER)
    assert leader.name == "Sheikh Mohammed bin Abdulrahman Al Thani"


@pytest.mark.parametrize(
    ("record", "years"),
    [({"title": "Premier", "from": "2013", "to": "2023"}, (2013, 2023)), ({"title": "King", "from": "2022", "to": None}, (2022, None))],
)
def test_roles_are_typed_values_that_cover_years(record, years):
    role = parse_role(record)
    assert (role.start_year, role.end_year) == years
    assert role.covers(date(2023, 6, 1)) and not role.covers(2012)
    assert parse_role(role.to_record()) == role


def test_a_role_with_days_covers_only_its_days_in_its_first_and_last_year():
    role = parse_role({"title": "Prime Minister", "from": "2015-09-15", "to": "2018-08-24"})
    assert (role.start_year, role.end_year) == (2015, 2018)
    assert not role.covers(date(2015, 3, 1)) and role.covers(date(2015, 9, 15)) and role.covers(date(2018, 8, 24))
    assert not role.covers(date(2018, 8, 25))
    assert role.covers(2015)  # a year: held at some time in it
    assert role.dates == "2015-09-15–2018-08-24" and role.years == "2015–2018"
    assert role.to_record() == {"title": "Prime Minister", "from": "2015-09-15", "to": "2018-08-24"}
    assert parse_role(role.to_record()) == role


def test_a_role_that_ends_before_it_starts_is_refused():
    with pytest.raises(RoleFormatError, match="ends before it starts"):
        parse_role({"title": "President", "from": "2017-05-14", "to": "2017-05-01"})


def test_a_role_with_a_bad_year_names_the_fix():
    with pytest.raises(RoleFormatError, match="not a year"):
        parse_role({"title": "President", "from": "nineteen", "to": None})


def test_gazetteer_holds_heads_of_government_of_1945_to_2015():
    leaders = {leader.name: leader for leader in GAZETTEER.leaders}
    for name, year in [("Clement Attlee", 1946), ("Harry S. Truman", 1950), ("Konrad Adenauer", 1955), ("Charles de Gaulle", 1960),
                       ("Jawaharlal Nehru", 1955), ("Leonid Brezhnev", 1975), ("Zhou Enlai", 1960), ("Yasuhiro Nakasone", 1985)]:
        assert leaders[name].has_role_in(year), name


# Each office of head of state or government of the G20 members and the permanent Security Council
# members, with the years it existed under that title from 1945 to 2015, as the gazetteer names it.
HEAD_OFFICES = [
    ("United States", "President", 1945, 2015), ("United Kingdom", "Prime Minister", 1945, 2015),
    ("France", "President", 1947, 2015), ("France", "Prime Minister", 1947, 2015),
    ("Soviet Union", "Premier", 1945, 1991), ("Soviet Union", "President of the Presidium of the Supreme Soviet", 1946, 1988),
    ("Russia", "President", 1991, 2015), ("Russia", "Prime Minister", 1992, 2015), ("China", "Premier", 1949, 2015),
    ("West Germany", "Chancellor", 1949, 1982), ("Germany", "Chancellor", 1982, 2015), ("West Germany", "President", 1949, 1984),
    ("Germany", "President", 1984, 2015), ("East Germany", "Chairman of the Council of Ministers", 1964, 1989),
    ("Italy", "President", 1946, 2015), ("Italy", "Prime Minister", 1945, 2015), ("Japan", "Prime Minister", 1945, 2015),
    ("Canada", "Prime Minister", 1945, 2015), ("Australia", "Prime Minister", 1945, 2015), ("India", "President", 1950, 2015),
    ("India", "Prime Minister", 1947, 2015), ("Brazil", "President", 1945, 2015), ("Argentina", "President", 1946, 2015),
    ("Mexico", "President", 1945, 2015), ("Indonesia", "President", 1945, 2015), ("Saudi Arabia", "King", 1945, 2015),
    ("South Africa", "Prime Minister", 1945, 1984), ("South Africa", "State President", 1978, 1994),
    ("South Africa", "President", 1994, 2015), ("South Korea", "President", 1948, 2015), ("Turkey", "President", 1945, 2015),
    ("Turkey", "Prime Minister", 1950, 2015),
    # Added with the heads of government of Europe and of the wider world that a 1945-2015
    # archive names: every office whose holders the gazetteer has without a gap.
    ("Austria", "Chancellor", 1945, 2015), ("Belgium", "Prime Minister", 1945, 2015), ("Netherlands", "Prime Minister", 1945, 2015),
    ("Denmark", "Prime Minister", 1945, 2015), ("Norway", "Prime Minister", 1945, 2015), ("Sweden", "Prime Minister", 1946, 2015),
    ("Finland", "Prime Minister", 1946, 2015), ("Ireland", "Taoiseach", 1948, 2015),
    ("Ireland", "President", 1945, 2015), ("Greece", "Prime Minister", 1945, 2015), ("New Zealand", "Prime Minister", 1945, 2015),
    ("Poland", "Prime Minister", 1947, 2015), ("Hungary", "Prime Minister", 1945, 2015), ("Czechoslovakia", "Prime Minister", 1945, 1992),
    ("Romania", "Prime Minister", 1945, 2015), ("Bulgaria", "Prime Minister", 1946, 2015), ("Yugoslavia", "Prime Minister", 1945, 1991),
    ("Israel", "Prime Minister", 1948, 2015), ("Taiwan", "Premier", 1950, 2015), ("Philippines", "President", 1946, 2015),
    ("Malaysia", "Prime Minister", 1957, 2015), ("Chile", "President", 1946, 2015), ("Colombia", "President", 1945, 2015),
    ("Kenya", "President", 1964, 2015), ("Kuwait", "Emir", 1950, 2015), ("Iran", "President", 1980, 2015),
    ("Portugal", "Prime Minister", 1945, 2015), ("Spain", "Prime Minister", 1945, 2015), ("Finland", "President", 1945, 2015),
    ("Norway", "King", 1945, 2015), ("Denmark", "King", 1945, 1972), ("Sweden", "King", 1945, 1973), ("Netherlands", "Queen", 1945, 2013),
    # Added with the heads of the rest of the world (migration 0032): every office of theirs with four holders
    # or more and fifteen years or more from 1945 (or its first holder) to 2015 without a gap.
    ("Afghanistan", "General Secretary of the People's Democratic Party of Afghanistan", 1965, 1992),
    ("Albania", "President", 1991, 2015), ("Albania", "Prime Minister", 1945, 2015),
    ("Antigua and Barbuda", "Prime Minister", 1981, 2015), ("Armenia", "President", 1991, 2015),
    ("Armenia", "Prime Minister", 1991, 2015), ("Azerbaijan", "President", 1990, 2015),
    ("Azerbaijan", "Prime Minister", 1993, 2015), ("Bahamas", "Prime Minister", 1969, 2015),
    ("Barbados", "Prime Minister", 1966, 2015), ("Belarus", "Prime Minister", 1990, 2015),
    ("Belize", "Prime Minister", 1981, 2015), ("Benin", "President", 1972, 2015), ("Bhutan", "King", 1945, 2015),
    ("Bolivia", "President", 1945, 2015), ("Botswana", "President", 1966, 2015), ("Burundi", "President", 1966, 2015),
    ("Cape Verde", "President", 1975, 2015), ("Cape Verde", "Prime Minister", 1975, 2015), ("Congo", "President", 1959, 2015),
    ("Costa Rica", "President", 1945, 2015), ("Croatia", "President", 1990, 2015), ("Croatia", "Prime Minister", 1990, 2015),
    ("Cyprus", "President", 1960, 2015), ("Cyprus", "President of Northern Cyprus", 1983, 2015),
    ("Czechia", "Prime Minister", 1992, 2015), ("Djibouti", "Prime Minister", 1977, 2015),
    ("Dominica", "Prime Minister", 1978, 2015), ("Estonia", "President", 1992, 2015),
    ("Estonia", "Prime Minister", 1990, 2015), ("Ethiopia", "President", 1987, 2015), ("Fiji", "President", 1987, 2015),
    ("Fiji", "Prime Minister", 1970, 2015), ("Gabon", "President", 1961, 2015), ("Greece", "President", 1973, 2015),
    ("Grenada", "Prime Minister", 1974, 2015), ("Guinea", "President", 1958, 2015),
    ("Guinea-Bissau", "President", 1973, 2015), ("Guyana", "President", 1970, 2015), ("Guyana", "Prime Minister", 1966, 2015),
    ("Honduras", "President", 1945, 2015), ("Iceland", "President", 1945, 2015), ("Ivory Coast", "President", 1960, 2015),
    ("Jamaica", "Prime Minister", 1962, 2015), ("Kazakhstan", "Prime Minister", 1989, 2015),
    ("Kuwait", "Prime Minister", 1965, 2015), ("Kyrgyzstan", "President", 1990, 2015),
    ("Kyrgyzstan", "Prime Minister", 1992, 2015),
    ("Laos", "General Secretary of the Lao People's Revolutionary Party", 1955, 2015), ("Laos", "President", 1975, 2015),
    ("Laos", "Prime Minister", 1950, 2015), ("Latvia", "President", 1993, 2015), ("Lesotho", "King", 1966, 2015),
    ("Lithuania", "President", 1992, 2015), ("Lithuania", "Prime Minister", 1990, 2015),
    ("Madagascar", "Prime Minister", 1976, 2015), ("Malawi", "President", 1966, 2015), ("Maldives", "President", 1968, 2015),
    ("Mali", "Prime Minister", 1991, 2015), ("Marshall Islands", "President", 1979, 2015),
    ("Mauritius", "President", 1992, 2015), ("Mauritius", "Prime Minister", 1968, 2015),
    ("Micronesia", "President", 1999, 2015), ("Moldova", "President", 1990, 2015), ("Moldova", "Prime Minister", 1991, 2015),
    ("Mongolia", "President", 1990, 2015), ("Mongolia", "Prime Minister", 1945, 2015),
    ("Montenegro", "President", 1990, 2015), ("Montenegro", "Prime Minister", 1991, 2015),
    ("Mozambique", "President", 1975, 2015), ("Mozambique", "Prime Minister", 1986, 2015),
    ("Namibia", "President", 1990, 2015), ("Namibia", "Prime Minister", 1990, 2015), ("Nepal", "King", 1945, 2008),
    ("North Korea", "Premier", 1976, 2015), ("North Macedonia", "President", 1991, 2015),
    ("North Macedonia", "Prime Minister", 1991, 2015), ("North Yemen", "President", 1962, 1978),
    ("Palau", "President", 1993, 2015), ("Panama", "President", 1945, 2015),
    ("Papua New Guinea", "Prime Minister", 1975, 2015), ("Paraguay", "President", 1945, 2015), ("Qatar", "Emir", 1945, 2015),
    ("Rhodesia", "Prime Minister", 1945, 1979), ("Rwanda", "President", 1961, 2015), ("Rwanda", "Prime Minister", 1991, 2015),
    ("Saint Kitts and Nevis", "Prime Minister", 1983, 2015), ("Saint Lucia", "Prime Minister", 1979, 2015),
    ("Saint Vincent and the Grenadines", "Prime Minister", 1979, 2015), ("Samoa", "Head of State", 1962, 2015),
    ("Samoa", "Prime Minister", 1959, 2015), ("Senegal", "President", 1960, 2015), ("Serbia", "Prime Minister", 1991, 2015),
    ("Seychelles", "President", 1976, 2015), ("Singapore", "President", 1965, 2015),
    ("Singapore", "Prime Minister", 1959, 2015), ("Slovakia", "President", 1993, 2015),
    ("Slovakia", "Prime Minister", 1990, 2015), ("Slovenia", "President", 1990, 2015),
    ("Slovenia", "Prime Minister", 1990, 2015), ("Solomon Islands", "Prime Minister", 1978, 2015),
    ("South Yemen", "President", 1967, 1986), ("Sri Lanka", "Prime Minister", 1947, 2015),
    ("Suriname", "President", 1975, 2015), ("Swaziland", "Prime Minister", 1967, 2015),
    ("São Tomé and Príncipe", "President", 1975, 2015), ("Tajikistan", "Prime Minister", 1992, 2015),
    ("Togo", "President", 1961, 2015), ("Tonga", "Prime Minister", 1949, 2015),
    ("Trinidad and Tobago", "President", 1976, 2015), ("Trinidad and Tobago", "Prime Minister", 1962, 2015),
    ("Tuvalu", "Prime Minister", 1999, 2015), ("Uganda", "President", 1963, 2015), ("Ukraine", "President", 1991, 2015),
    ("Ukraine", "Prime Minister", 1990, 2015), ("Uzbekistan", "Prime Minister", 1992, 2015),
    ("Vanuatu", "President", 1980, 2015), ("Vanuatu", "Prime Minister", 1980, 2015), ("Yemen", "Prime Minister", 1990, 2015),
]


@pytest.mark.parametrize(("country", "office", "first", "last"), HEAD_OFFICES)
def test_every_year_from_1945_to_2015_has_a_holder_of_each_head_office(country, office, first, last):
    roles = [
        role for leader in GAZETTEER.leaders if leader.country == country for role in leader.roles
        if not role.organization and role.title.removeprefix("Acting ") == office
    ]
    assert [year for year in range(first, last + 1) if not any(role.covers(year) for role in roles)] == []


def test_country_inside_a_leader_alias_is_tagged_too():
    assert tagged("King Abdullah of Jordan spoke.", "country") == {"Jordan"}


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        pytest.param("Trade Minister Michael Howard arrived. Howard said Tokyo must open.", date(1987, 4, 1), set(), id="surname-of-someone-out-of-role"),
        pytest.param("Bob Wilson led the strike. Wilson said talks failed.", date(1987, 4, 1), set(), id="surname-after-another-first-name"),
        pytest.param("WILSON FOODS <WILF> SETS PAYMENT", date(1987, 4, 1), set(), id="company-with-ticker"),
        pytest.param("An analyst with Birr, Wilson and Co said so.", date(1987, 4, 1), set(), id="partnership-name"),
        pytest.param("President Richard Von Weizsaecker spoke. Weizsaecker left.", date(1987, 4, 1), {"Richard von Weizsäcker"}, id="capitalised-particle"),
    ],
)
def test_a_surname_in_office_is_not_someone_elses(text, published, expected):
    assert tagged(text, "leader", published) == expected


# The hand-labelled articles as a floor: a change that makes tagging worse on them fails here.
# Tuned sets (labels, holdout, fresh) measured 1.00/1.00 for leaders and countries and 0.896/0.856 for
# topics, labels_dev2.jsonl 0.976/0.911 (bench/tagging.py); the never-tuned frozen slices are reported by
# the bench, not held to a floor. Topics are held on the tuned sets, dev2 and dev3 together (0.924/0.885).
TAGGING_FLOORS = {"leader": (0.95, 0.93), "country": (0.95, 0.93), "topic": (0.90, 0.85)}
LABEL_FIELDS = {"leader": "leaders", "country": "countries", "topic": "topics"}


@pytest.mark.parametrize("kind", sorted(TAGGING_FLOORS))
def test_tagging_quality_on_the_labelled_articles_stays_above_its_floor(kind):
    gazetteer = load_gazetteer()
    true_positives = false_positives = false_negatives = 0
    topic_only = ("labels_dev2.jsonl", "labels_dev3.jsonl")
    names = ("labels.jsonl", "labels_holdout.jsonl", "labels_fresh.jsonl") + (topic_only if kind == "topic" else ())
    for name in names:
        for line in (FIXTURES / name).read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            article = json.loads(line)
            published = date.fromisoformat(article["published"]) if article["published"] else None
            mentions = tag_sections(list(article["sections"]), gazetteer=gazetteer, published=published)
            found = {mention.name for mention in mentions if mention.kind == kind}
            expected = set(article[LABEL_FIELDS[kind]])
            true_positives += len(found & expected)
            false_positives += len(found - expected)
            false_negatives += len(expected - found)
    precision = true_positives / max(1, true_positives + false_positives)
    recall = true_positives / max(1, true_positives + false_negatives)
    minimum_precision, minimum_recall = TAGGING_FLOORS[kind]
    assert precision >= minimum_precision and recall >= minimum_recall, (kind, precision, recall)


@pytest.mark.parametrize("text", ["", "no break at all", "a\nb\n\nc <Acme> d <e", "\n\n", "<>" * 5])
@pytest.mark.parametrize("character", ["\n", "<", ">"])
def test_rfind_character_finds_what_str_rfind_finds(text, character):
    assert [rfind_character(text, character, end) for end in range(len(text) + 1)] == [
        text.rfind(character, 0, end) for end in range(len(text) + 1)
    ]


def test_equal_texts_held_as_two_strings_give_the_same_sentences():
    """The tagger holds a section as given and recased: equal strings that are two objects."""
    text = "First one. The United States and Georgia met. Last one."
    copy = "".join(list(text))
    assert copy == text and copy is not text
    assert find_sentence_around(text, 20) == find_sentence_around(copy, 20) == (11, 45)
