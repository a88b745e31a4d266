"""Topic tagging: which topics an article is about, for each class of evidence the rule weighs. No database."""

from datetime import date

import pytest

from articles.tagging import load_gazetteer, tag_sections

GAZETTEER = load_gazetteer()
WIRE_DATE = date(1987, 4, 1)
# A neutral sentence (no topic phrase) to give an article its length.
FILLER = "The committee met again on Tuesday morning to review the plans in detail."


def topics(body: str, *, title: str | None = None, published: date | None = None) -> set[str]:
    """Return the topics tagged in one body text, with the title given apart like the importer does."""
    mentions = tag_sections([body], gazetteer=GAZETTEER, published=published, title=title)
    return {mention.name for mention in mentions if mention.kind == "topic"}


def test_gaza_ceasefire_headline_is_tagged_gaza_ceasefire_without_the_war_it_ends():
    found = topics("Israel and Hamas began a truce on Sunday. Aid lorries waited at the crossings.",
                   title="Gaza Ceasefire Takes Effect")
    assert "Gaza ceasefire" in found
    assert "Israel-Gaza war" not in found  # the war needs evidence of its own


def test_prime_minister_after_a_landslide_is_an_election_story():
    found = topics("Keir Starmer entered Downing Street on Friday.", title="Starmer Becomes Prime Minister After Labour Landslide")
    assert "Elections" in found


def test_a_specific_phrase_in_the_lead_of_a_short_item_is_enough():
    body = ("Apollo Computer Inc said it will distribute an artificial intelligence software package made by Palladian. "
            "The package runs on its workstations, the company said.")
    assert "Artificial intelligence" in topics(body, title="APOLLO COMPUTER IN MARKETING PACT", published=WIRE_DATE)


def test_an_everyday_word_in_the_lead_is_not_enough():
    body = f"The economy was the backdrop as the council approved a new bus timetable. {FILLER} {FILLER}"
    assert "Economy and growth" not in topics(body, title="Council approves timetable")


def test_two_mentions_at_the_start_count_but_two_passing_mentions_at_the_end_do_not():
    early = f"Interest rates were left unchanged by the central bank. {FILLER}\n\n" + " ".join([FILLER] * 18)
    late = f"{FILLER}\n\n" + " ".join([FILLER] * 18) + " Interest rates were left unchanged by the central bank."
    assert "Central banks and interest rates" in topics(early, title="Council meets")
    assert "Central banks and interest rates" not in topics(late, title="Council meets")


def test_a_word_of_a_company_name_is_not_the_companys_industry():
    found = topics("Ashland Oil Inc said it expects an operating loss for the second quarter.",
                   title="ASHLAND OIL <ASH> SEES 2ND QTR OPER LOSS", published=WIRE_DATE)
    assert "Oil and gas" not in found
    assert "Corporate earnings" in found


def test_brand_names_in_the_vocabulary_still_count_inside_a_company_name():
    found = topics("Ford Motor Co said it extended its buyer incentive program on the Escort to April 30.",
                   title="FORD <F> EXTENDS BUYER INCENTIVE PROGRAM", published=WIRE_DATE)
    assert "Cars and the motor industry" in found


def test_weak_words_alone_do_not_make_a_topic():
    body = "Gold exports rose in December. Exports to Europe and exports to Asia rose, while imports fell."
    found = topics(body, title="U.S. GOLD EXPORTS ROSE IN DECEMBER", published=WIRE_DATE)
    assert "Trade and tariffs" not in found
    assert "Metals and mining" in found


def test_an_institution_quoted_as_the_source_is_not_the_topic():
    found = topics("Chile's gross domestic product grew 5.7 pct in 1986, the central bank said in its annual report.",
                   title="CHILEAN GDP UP 5.7 PCT IN 1986, CENTRAL BANK SAYS", published=WIRE_DATE)
    assert "Economy and growth" in found
    assert "Central banks and interest rates" not in found


def test_an_institution_named_as_a_speakers_affiliation_is_not_the_topic():
    body = ("Federal Reserve Board Chairman Paul Volcker said the U.S. trade deficit remained the major challenge "
            "and that protectionist trade legislation would make it worse.")
    found = topics(body, title="VOLCKER SAYS U.S. TRADE DEFICIT IS MAJOR CHALLENGE", published=WIRE_DATE)
    assert "Trade and tariffs" in found
    assert "Central banks and interest rates" not in found


@pytest.mark.parametrize(
    ("title", "body", "expected", "not_expected"),
    [
        pytest.param("GREAT ATLANTIC AND PACIFIC TEA CO INC <GAP> DIV", "Qtly div 10 cts vs 10 cts prior. Payable May one. Record April 15.",
                     "Corporate earnings", None, id="dividend"),
        pytest.param("INDIA BUYS 46,000 TONNES OF VEGETABLE OILS", "India bought palm oil and rapeseed oil for May shipment, traders said.",
                     "Agricultural commodities", "Oil and gas", id="vegetable-oils-are-not-oil"),
        pytest.param("ZENITH SEEKS HIGH COURT REVIEW", "Zenith Electronics Corp asked the court to consider its anti-dumping case against Japanese television makers.",
                     "Trade and tariffs", None, id="anti-dumping"),
        pytest.param("FRENCH FARMERS WORRIED BY FAILURE OF EC TALKS", "EC ministers failed to agree on farm prices for 1987/88.",
                     "European Union politics", None, id="european-community"),
        pytest.param("TAIWAN INDUSTRIAL OUTPUT RISES SHARPLY IN MARCH", "Taiwan's industrial production index rose 14.21 pct in March.",
                     "Economy and growth", None, id="industrial-output"),
        pytest.param("U.K. MONEY MARKET GIVEN 40 MLN STG LATE ASSISTANCE", "The Bank of England said it provided the money market with late assistance.",
                     "Central banks and interest rates", "Currencies and exchange rates", id="money-market-operations"),
    ],
)
def test_wire_wording_names_its_topic(title, body, expected, not_expected):
    found = topics(body, title=title, published=WIRE_DATE)
    assert expected in found
    assert not_expected not in found


@pytest.mark.django_db
def test_an_archive_seeded_before_gets_the_new_phrases_and_keeps_its_own():
    from articles.entities.tables import add_shipped_topic_phrases
    from articles.models import Topic

    Topic.objects.filter(name="Corporate earnings").update(aliases=["profits", "results season"])
    add_shipped_topic_phrases(gazetteer=GAZETTEER)
    aliases = Topic.objects.get(name="Corporate earnings").aliases
    assert {"qtly div", "dividend", "results season", "profits"} <= set(aliases)
    assert len(aliases) == len({alias.lower() for alias in aliases})
