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
                     "Agricultural commodities",
                     "Oil and gas", id="vegetable-oils-are-not-oil"),
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


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param("Beta Corp said the merger agreement with Gamma Inc was signed on Friday. "
                     "Beta said the merger agreement still needs the approval of its shareholders.",
                     True, id="said-then-the-subject-of-the-story"),
        pytest.param("Growth will slow this year, said the central bank. Growth reached two pct last year, "
                     "said the central bank on Monday.", False, id="said-the-institution-as-source"),
    ],
)
def test_a_phrase_after_said_counts_unless_it_names_who_said_it(body, expected):
    found = topics(body, title="BETA CORP <BTA> OUTLOOK", published=WIRE_DATE)
    topic = "Mergers and acquisitions" if "merger" in body else "Central banks and interest rates"
    assert (topic in found) is expected


def test_a_headline_word_that_starts_a_company_name_in_the_text_is_not_the_topic():
    body = ("Alaska Housing Finance Corp, a state agency, has become the first municipal entity to tap the "
            "syndicated loan market, receiving a seven-year revolving loan from a group of banks.")
    found = topics(body, title="ALASKA HOUSING HAS 150 MLN DLR SYNDICATED LOAN", published=WIRE_DATE)
    assert "Housing and property" not in found
    assert "Banking" in found


def test_a_weak_word_in_the_headline_weighs_like_a_plain_hit():
    body = f"{FILLER}\n\n{FILLER} {FILLER} {FILLER} The party will publish its manifesto next week."
    assert "Elections" in topics(body, title="Ethnic vote targeted")
    assert "Elections" not in topics(body, title="Ethnic minorities targeted")


def test_topics_listed_in_one_sentence_are_passing_mentions():
    listed = ("Tory delegates gathered in Brighton for their last conference before the general election.\n\n"
              "He criticised the government's record on immigration and asylum, on the NHS and patients, "
              "and on education and schools.")
    found = topics(listed, title="Tories open spring conference")
    assert "Elections" in found
    assert not found & {"Migration and asylum", "Health services", "Education"}
    apart = ("Tory delegates gathered in Brighton for their last conference before the general election.\n\n"
             "Schools will get more money. The education budget rises by a tenth.")
    assert "Education" in topics(apart, title="Tories open spring conference")


@pytest.mark.parametrize(
    ("title", "body", "is_deal"),
    [
        pytest.param("ACME CORP <ACM> TO SELL PAPER UNIT", "Acme Corp said it will dispose of its paper products division "
                     "to a group of managers for 40 mln dlrs.", True, id="to-sell-unit"),
        pytest.param("ZETA INDUSTRIES BUYS 20 PCT STAKE IN OMEGA", "Zeta Industries Inc said it paid 12 mln dlrs for "
                     "the shares, held by a family trust.", True, id="buys-stake"),
        pytest.param("JAPAN BUYS U.S. WHEAT FOR MAY SHIPMENT", "Japan bought 80,000 tonnes of U.S. wheat in its weekly "
                     "tender, traders said.", False, id="buys-a-commodity"),
    ],
)
def test_a_deal_verb_and_what_is_sold_in_a_headline_make_a_deal_story(title, body, is_deal):
    assert ("Mergers and acquisitions" in topics(body, title=title, published=WIRE_DATE)) is is_deal


@pytest.mark.parametrize(
    ("title", "body", "expected"),
    [
        pytest.param("Keeper back for derby", "Chelsea will welcome back their keeper for the visit of Aston Villa, "
                     "the club said after training.", "Football", id="football-clubs"),
        pytest.param("Stars return for anniversary show", "Past winners of the Eurovision Song Contest will sing "
                     "their old songs again in Copenhagen.", "Music and digital downloads", id="songs"),
        pytest.param("New comedy for Friday nights", "The sitcom follows two brothers running a seaside hotel and "
                     "starts on ITV next month.",
                     "Television and media", id="sitcom"),
        pytest.param("Operator names new boss", "Vodafone has named a new head for its business in Spain, where "
                     "its mobile users rose by a tenth.", "Telecommunications", id="mobile-operator"),
        pytest.param("SKYWEST <SKYW> MARCH LOAD FACTOR RISES", "SkyWest Inc said its March load factor rose to "
                     "52.1 pct from 49.8 pct as revenue passenger miles rose 12 pct.", "Aviation and airlines", id="load-factor"),
        pytest.param("BONN BACKS MISSILE PLAN", "West Germany said it would accept a plan to remove medium-range "
                     "missiles from Europe, giving new life to the Geneva arms talks.",
                     "Nuclear weapons and arms control", id="arms-talks"),
        pytest.param("Grant for survivors of the floods", "The Department for International Development will pay "
                     "for clinics and clean water in the worst hit villages.",
                     "Humanitarian aid", id="development-aid"),
        pytest.param("DELTA TOOL <DTL> SETS STOCK SPLIT", "Delta Tool Corp said its board declared a three-for-two "
                     "stock split payable June 1 to holders of record May 15.", "Corporate earnings", id="stock-split"),
        pytest.param("Tokyo sees end of falling prices", "Japan's government said deflation would end next year "
                     "as deflation eased in the shops.", "Inflation and cost of living", id="deflation"),
        pytest.param("PENTAGON STUDIES SDI TIMETABLE", "Defense officials said the Strategic Defense Initiative "
                     "could be tested under a broader reading of the ABM treaty.",
                     "Nuclear weapons and arms control", id="missile-defence-treaty"),
        pytest.param("NASD TO DELIST OMEGA SECURITIES", "The National Association of Securities Dealers said it will "
                     "delist Omega's shares from the Nasdaq system on Friday.", "Stock markets", id="delisting"),
        pytest.param("NEW POLL PUTS TORIES SIX POINTS AHEAD", "Britain's Conservatives lead Labour by six points, "
                     "with a general election due by next year.",
                     "Elections", id="poll-headline"),
    ],
)
def test_the_wording_of_each_field_names_its_topic(title, body, expected):
    assert expected in topics(body, title=title, published=WIRE_DATE)


@pytest.mark.parametrize(
    ("body", "is_budget_story"),
    [
        pytest.param("Gamma Corp said it expects a loss for fiscal 1987, and sales for the fiscal year to June "
                     "will be lower, with a loss in the fiscal third quarter.", False, id="fiscal-year-dates-results"),
        pytest.param("The government said the fiscal deficit would narrow as fiscal policy stays tight.",
                     True, id="fiscal-policy"),
    ],
)
def test_a_fiscal_year_is_a_date_not_a_budget_story(body, is_budget_story):
    found = topics(body, title="OUTLOOK FOR THE YEAR", published=WIRE_DATE)
    assert ("Taxes and public budgets" in found) is is_budget_story


@pytest.mark.parametrize(
    ("title", "body", "not_expected"),
    [
        pytest.param("CATTLE FUTURES MIXED", "Live cattle futures eased as profit-taking weighed on prices. Feeder cattle "
                     "futures were mixed after profit taking late in the session.", "Corporate earnings", id="profit-taking"),
        pytest.param("NEW TRUST UNITS EFFECTIVE", "Holders of the units profit from any price increase above 200 dlrs, "
                     "and the company said holders profit from a rise in the stock.", "Corporate earnings",
                     id="profit-from"),
        pytest.param("Console sells out", "The firm plans to ship three million consoles by March and will ship "
                     "more in Europe next year, it said. It would not ship more before then.", "Shipping and ports",
                     id="to-ship"),
        pytest.param("Charity clears fields", "Volunteers cleared land mines from the fields, and land mine "
                     "victims were treated at the clinic. More land mines remain.", "Metals and mining",
                     id="land-mines"),
        pytest.param("YIELD ON 91-DAY DEPOSITS RISES", "The yield on 91-day deposits rose to 6.4 pct, dealers said. "
                     "Like-dated interbank deposits were quoted at 6-3/4 pct, with one-month deposits steady.",
                     "Banking", id="money-market-deposits"),
        pytest.param("WEST GERMAN OIL MEALS, CAKES USE UP", "Consumption of oil meals and oil cakes rose 2.4 pct, "
                     "the Oil World newsletter said, as oils and fats stocks fell.",
                     "Oil and gas", id="feed-oils"),
        pytest.param("Faster broadband on the way", "One provider will offer faster lines, and the others are "
                     "expected to follow suit. A third followed suit last year.",
                     "Courts and trials", id="follow-suit"),
        pytest.param("CUBA CRUDE SUGAR HARVEST BEHIND", "The crude sugar harvest is behind schedule, and crude palm "
                     "oil output fell, dealers said.",
                     "Oil and gas", id="crude-crops"),
        pytest.param("BAUXITE REFINERY REOPENED", "The bauxite refinery reopened on Monday after a strike, and the "
                     "alumina refinery beside it will follow.",
                     "Oil and gas", id="ore-refinery"),
        pytest.param("Job cuts 'false economy'", "Cutting 70,000 jobs now would be a false economy, the union said, "
                     "a false economy that hits services.", "Economy and growth", id="false-economy"),
        pytest.param("Peace boosts trade", "Calmer relations are paying economic dividends, and a peace dividend "
                     "is expected, with economic dividends for farmers.", "Corporate earnings", id="economic-dividends"),
        pytest.param("Insurer cuts bonus", "The insurer cut bonuses for with-profits investors, and with-profits "
                     "policies will pay less.", "Corporate earnings", id="with-profits"),
        pytest.param("FRENCH INDUSTRY PICKS UP", f"{FILLER} {FILLER} {FILLER} {FILLER} The report came a month "
                     "after weak trade balance figures. Retail trade sales continued to slow and wholesale trade "
                     "was flat.", "Trade and tariffs", id="retail-trade"),
    ],
)
def test_a_topic_word_used_as_a_verb_or_in_another_trade_is_not_the_topic(title, body, not_expected):
    assert not_expected not in topics(body, title=title, published=WIRE_DATE)


@pytest.mark.parametrize(
    ("title", "body"),
    [
        pytest.param("JAPAN'S NTT FORECASTS PROFITS FALL", "NTT expects its profits to fall to 328 billion yen from a "
                     "projected 348 billion yen this year, with sales of 5,506 billion yen.", id="yen-after-an-amount"),
        pytest.param("WILLIS FABER BIDS FOR STEWART", "Willis will make a 302.6 mln sterling offer, and its rival a 290 "
                     "mln sterling one, valuing shares at 655 pence.", id="sterling-after-an-amount"),
        pytest.param("MCDONALD'S FILES SHELF OFFER", "The securities will be denominated in U.S. dollars or in "
                     "European Currency Units, and European Currency Unit notes may follow.", id="european-currency-unit"),
        pytest.param("U.K. STERLING M3 UP IN FEBRUARY", "Sterling M3 rose 2.25 pct in February, and sterling M3 grew "
                     "18 pct on the year, the Bank said.", id="money-supply-measure"),
    ],
)
def test_a_currency_unit_after_an_amount_is_money_not_a_currency_story(title, body):
    assert "Currencies and exchange rates" not in topics(body, title=title, published=WIRE_DATE)


@pytest.mark.parametrize(
    ("title", "body", "expected"),
    [
        pytest.param("Truces break down", "Two truces collapsed within a week, and both sides blamed each other "
                     "for ending the truces.", "Ceasefires and peace talks", id="truces"),
        pytest.param("Bank fears a bad debt", "The lender said one bad debt could wipe out its reserves, and the "
                     "lender has set aside more.", "Banking", id="lender"),
        pytest.param("Storm season ends", "Three hurricanes and two typhoons struck this year, more hurricanes "
                     "than forecast.", "Natural disasters", id="hurricanes"),
        pytest.param("SMOKER WINS CASE", "A smoker who said each cigarette harmed him won damages, and every "
                     "cigarette maker may face claims.", "Smoking and tobacco", id="cigarette"),
    ],
)
def test_a_topic_word_counts_in_its_other_number(title, body, expected):
    assert expected in topics(body, title=title, published=WIRE_DATE)


def test_results_named_in_a_deal_story_are_background_unless_a_headline_reports_them():
    body = ("Newmont Mining Corp said it completed the reduction of its share in Peabody to 49.97 pct. For 1986 "
            "Newmont reported net income of 74.2 mln dlrs, and Peabody had net income of 100.8 mln dlrs.")
    found = topics(body, title="NEWMONT MINING CORP REDUCES STAKE IN PEABODY", published=WIRE_DATE)
    assert "Mergers and acquisitions" in found
    assert "Corporate earnings" not in found
    assert "Corporate earnings" in topics(body, title="NEWMONT SELLS PEABODY STAKE, POSTS 1986 NET", published=WIRE_DATE)


def test_the_tax_lines_of_a_results_table_are_the_companys_accounts_not_taxation():
    body = ("Oper shr 49 cts vs 22 cts Oper net 1,018,000 vs 468,000 Sales 95.0 mln vs 98.3 mln NOTE: Net excludes "
            "tax credits of 284,000 dlrs vs 310,000 dlrs. Pre-tax profit rose; the tax charge was 79.2 mln vs 82.2 mln.")
    found = topics(body, title="INTERNATIONAL PROTEINS CORP <PRO> YEAR NET", published=WIRE_DATE)
    assert "Corporate earnings" in found
    assert "Taxes and public budgets" not in found


def test_a_tax_story_with_results_in_its_headline_keeps_its_tax_topic():
    # A guard: the headline names the tax, so it decides.
    body = "The company said its net fell because of the new windfall tax on oil profits, which the government raised."
    assert "Taxes and public budgets" in topics(body, title="OIL GROUP NET FALLS ON WINDFALL TAX", published=WIRE_DATE)


def test_results_cited_by_a_rating_agency_are_the_ratings_reason_not_the_story():
    body = ("Standard and Poor's Corp said it cut the company's subordinated debt to CCC from B. The agency said the "
            "action reflected the company's 111 mln dlr net loss and weak earnings.")
    assert "Corporate earnings" not in topics(body, title="COLECO <CLO> DEBT DOWNGRADED BY S/P", published=WIRE_DATE)
    assert "Corporate earnings" in topics(body, title="COLECO <CLO> POSTS NET LOSS", published=WIRE_DATE)


@pytest.mark.parametrize(
    ("title", "body", "expected"),
    [
        pytest.param("THE CHUBB CORP <CB> SETS QTRLY PAYOUT", "Qtrly 42 cts vs 42 cts prior Pay April 7 Record March 20",
                     "Corporate earnings", id="dividend-headline"),
        pytest.param("PHOTRONICS CORP <PHOT> YEAR FEB 28 NET", "Shr 64 cts vs 38 cts Sales 13.6 mln vs 9.2 mln",
                     "Corporate earnings", id="results-headline-with-a-date"),
        pytest.param("CHEMIE LINZ EXPECTS SHARPLY HIGHER 1986 LOSS", "The chemicals group said the figure would be "
                     "well above last year's.", "Corporate earnings", id="year-loss-headline"),
        pytest.param("USP REAL ESTATE HAS GAIN", "USP Real Estate said it will report a gain on the sale of two "
                     "office buildings in its second quarter.", "Corporate earnings", id="gain-on-sale"),
        pytest.param("DURIRON <DURI> COMPLETES VALTEK <VALT> PURCHASE", "Duriron Co Inc said it closed the deal "
                     "following Valtek shareholder approval yesterday.", "Mergers and acquisitions",
                     id="completes-purchase-headline"),
        pytest.param("IRVING TRUST <V> BUYS GULF/WESTERN <GW> UNIT", "Irving Bank Corp said it bought the factoring "
                     "division of Associates Commercial Corp.", "Mergers and acquisitions", id="slashed-name-in-cue"),
        pytest.param("CONTEL <CTC> IN TELEPHONE DEAL", "Contel Corp said it has agreed in principle to acquire Walker "
                     "County Telephone Co for common stock.", "Mergers and acquisitions", id="to-acquire-in-lead"),
    ],
)
def test_wire_results_and_deal_headlines_name_their_topic(title, body, expected):
    assert expected in topics(body, title=title, published=WIRE_DATE)


def test_a_deal_in_which_a_bank_changes_hands_is_also_a_banking_story():
    found = topics("Suburban Bancorp Inc and Woodstock State Bancorp Inc said they agreed to a merger under which "
                   "Suburban will purchase Woodstock's shares for 18 mln dlrs.",
                   title="SUBURBAN BANCORP, WOODSTOCK BANCORP TO MERGE", published=WIRE_DATE)
    assert {"Mergers and acquisitions", "Banking"} <= found
    found = topics("Union Planters Corp said it received approval for its acquisitions of Borc Financial Corp and "
                   "First Citizens Bank of Hohenwald.", title="UNION PLANTERS <UPCM> ACQUISITIONS APPROVED", published=WIRE_DATE)
    assert {"Mergers and acquisitions", "Banking"} <= found


def test_a_bank_that_only_finances_a_deal_does_not_make_it_a_banking_story():
    found = topics("Acme Corp said it agreed to acquire Zeta Inc for 40 mln dlrs in cash. Acme said it will pay for "
                   "the purchase with its own funds and a loan it arranged some time ago from Chase Manhattan Bank.",
                   title="ACME <ACM> TO BUY ZETA", published=WIRE_DATE)
    assert "Mergers and acquisitions" in found
    assert "Banking" not in found


@pytest.mark.parametrize(
    ("title", "body", "expected"),
    [
        pytest.param("Vouchers for older people", "The plan could save the average pensioner 100 pounds a year, "
                     "and every pensioner household would gain.", "Pensions", id="pensioner"),
        pytest.param("Plan to cut winter bills", "The party promises energy efficiency grants and winter fuel "
                     "discounts for home insulation.", "Energy policy", id="energy-saving"),
        pytest.param("NO QUAKE DAMAGE AT MINE", "The quake caused no damage to the copper mine, a mine spokesman "
                     "said. Operations at the mine continued.", "Natural disasters", id="quake"),
        pytest.param("NO QUAKE DAMAGE AT MINE", "The quake caused no damage to the copper mine, a mine spokesman "
                     "said. Operations at the mine continued.", "Metals and mining", id="mine"),
        pytest.param("Trial date pushed back", "Four men are charged with supplying steroids to athletes, and the "
                     "sprinter tested positive for a banned steroid.", "Doping in sport", id="steroids"),
        pytest.param("Club near bust", "The German football club could go bankrupt if rescue talks fail.",
                     "Football", id="football-club"),
        pytest.param("Cards overtake cash", "Spending on credit cards and debit cards has overtaken cash for the "
                     "first time, as debit cards lead.", "Banking", id="cards"),
        pytest.param("SUDAN GETS PL 480 WHEAT", "Authorizations to buy wheat under Public Law 480 were issued to "
                     "Sudan, the Agriculture Department said.",
                     "Humanitarian aid", id="food-aid-programme"),
        pytest.param("Tsunami 'won't divert Africa aid'", "UK aid for the tsunami victims will not take money "
                     "from Africa, the prime minister said.",
                     "Humanitarian aid", id="state-aid-to-a-region"),
        pytest.param("HEES SETS SHARE ISSUE", "Hees International said it filed a prospectus for a 100 mln dlr "
                     "share issue, bought by a group of underwriters.", "Stock markets", id="share-issue"),
        pytest.param("ATLANTIC RAISES FUEL PRICES", "The company will raise its posted cargo prices for high "
                     "sulphur fuels by 50 to 75 cts per barrel.",
                     "Oil and gas", id="per-barrel"),
        pytest.param("Troops on standby", "British troops are on standby to evacuate citizens, and soldiers "
                     "have flown to the region.", "Defence and military", id="troops"),
        pytest.param("HAIG TO RUN FOR PRESIDENT", "Alexander Haig will announce his bid for the Republican "
                     "presidential nomination today.",
                     "Elections", id="presidential-nomination"),
        pytest.param("UTILITY GRANTED STAY", "The state court blocked rates for the Grand Gulf nuclear unit, "
                     "and the nuclear unit's costs stay in dispute.", "Nuclear power", id="nuclear-unit"),
        pytest.param("Windows worm travels with Tetris", "Users are warned about a computer virus that poses as a "
                     "game, and anti-virus firms have updated their software.", "Cybersecurity", id="computer-virus"),
        pytest.param("Hacker threat to music player", "A new version of the program closes the gap before anyone "
                     "can use it, the company said.", "Cybersecurity", id="hacker-headline"),
        pytest.param("WALL STREET STOCKS/WASTE HAULER", "The agency's suit against a unit caused the stock to drop. "
                     "Investors fear the suit, and a judge will hear it in June.",
                     "Courts and trials", id="suit"),
        pytest.param("Ex-boss launches defence", "He has pleaded not guilty to fraud charges, and the jury heard "
                     "from the first witness on Wednesday.",
                     "Courts and trials", id="plea-and-jury"),
        pytest.param("Pundit out of Big Brother", "The racing pundit was evicted from Celebrity Big Brother after "
                     "the TV audience voted.",
                     "Television and media", id="tv-show"),
        pytest.param("IRAN SAYS HAS BETTER WEAPONS", "Iran said it had more effective missiles than the Silkworm "
                     "and would use its weapons if attacked.", "Defence and military", id="weapons"),
        pytest.param("MCDONNELL GETS AIR FORCE CONTRACT", "The company will build rocket boosters for the Titan "
                     "launch vehicle.", "Defence and military", id="air-force"),
        pytest.param("Hunt ban support is in decline", "Support for a ban on hunting has fallen in six years, a "
                     "survey suggests.", "Hunting ban", id="hunt-ban"),
        pytest.param("MG Rover tie-up delayed", "The proposed tie-up with a Chinese company was delayed by "
                     "regulators, the firm said.", "Mergers and acquisitions", id="tie-up"),
        pytest.param("U.S., ARGENTINA SETTLE SOY CASE", "Argentina will abolish its export taxes on soybeans, "
                     "officials said, ending the dispute over export taxes.", "Trade and tariffs", id="export-taxes"),
        pytest.param("Charity concert for victims", "The singer raised money for the tsunami relief fund, and the "
                     "relief fund will rebuild a shelter.",
                     "Humanitarian aid", id="relief-fund"),
    ],
)
def test_the_vocabulary_of_each_topic_includes_its_everyday_forms(title, body, expected):
    assert expected in topics(body, title=title, published=WIRE_DATE)


@pytest.mark.parametrize(
    ("title", "body", "expected"),
    [
        # Conflicts and world politics: the movements, weapons and places of each subject.
        pytest.param("Abbas meets Sharon", "The Palestinian Authority said Hamas would respect the truce, and the "
                     "disengagement plan would go ahead.", "Israeli-Palestinian conflict", id="palestinian-authority"),
        pytest.param("SHULTZ BACKS NEW TALKS", "The United States wants a test ban and deep arms reductions, and "
                     "ballistic missiles were on the agenda.", "Nuclear weapons and arms control", id="arms-reductions"),
        pytest.param("Hostage appeal from Baghdad", "The engineer was kidnapped on Thursday and his captors have "
                     "issued a video.", "Hostages and prisoner exchanges", id="kidnapped"),
        pytest.param("Lords reject plan", "Peers voted against control orders for terror suspects held without "
                     "charge.", "Terrorism", id="terror-suspects"),
        pytest.param("Navy orders frigates", "The defence secretary confirmed two new frigates and a submarine "
                     "for the Royal Navy.", "Defence and military", id="armed-services"),
        pytest.param("Italy's coalition in trouble", "The prime minister faces a no-confidence vote as the "
                     "government crisis deepens.", "Coups and political crises", id="no-confidence"),
        pytest.param("Students clash with police", "Police used tear gas and water cannon against the marchers "
                     "in the capital.", "Protests", id="tear-gas"),
        # Economy and business: the desks' terms for each figure and deal.
        pytest.param("BANK RAISES LENDING RATE", "The central bank raised its minimum lending rate by half a "
                     "point to curb credit.", "Central banks and interest rates", id="lending-rate"),
        pytest.param("Budget fears", "Taxpayers face higher VAT and inheritance tax as the government "
                     "tries to balance the public finances.", "Taxes and public budgets", id="taxes-named"),
        pytest.param("BRAZIL TALKS ON DEBT", "Brazil's interest moratorium on its debt to creditor banks hangs over "
                     "the debt talks.",
                     "Debt and bailouts", id="moratorium"),
        pytest.param("Car plant talks", "Strikers manned the picket line after the pay offer was rejected by "
                     "union officials.", "Labour and strikes", id="picket-line"),
        pytest.param("Property boom slows", "First-time buyers are priced out as property prices rise, and "
                     "homeowners face higher repayments.", "Housing and property", id="property-prices"),
        pytest.param("Savers move money", "Building societies and thrifts report more savings accounts as "
                     "savers seek higher returns.", "Banking", id="savings-institutions"),
        # Industries: companies, units and everyday names of each trade.
        pytest.param("Rivals for Europe's skies", "Heathrow and Gatwick handled more passengers, and the "
                     "aviation regulator approved new runways.", "Aviation and airlines", id="airports-named"),
        pytest.param("Dealers report sales", "Car dealers say demand for automobiles and trucks stayed strong "
                     "this spring.", "Cars and the motor industry", id="automobiles"),
        pytest.param("Cheaper calls abroad", "Skype and other internet telephony services undercut BT on "
                     "calls over broadband.", "Telecommunications", id="internet-telephony"),
        pytest.param("Probe lands on Titan", "The Huygens probe sent pictures back after the space mission's "
                     "seven-year journey with Cassini.", "Space exploration", id="space-mission"),
        pytest.param("Wind plans approved", "Ministers backed new wind turbines and tidal power schemes as "
                     "clean energy sources.", "Renewable energy", id="wind-turbines"),
        # Media, technology and sport: the words of each desk.
        pytest.param("PC users warned", "Denial of service attacks and zombie computers are rising, security "
                     "software makers say.", "Cybersecurity", id="denial-of-service"),
        pytest.param("Handheld console goes on sale", "The PSP games console will face the Nintendo DS, and games "
                     "makers have 20 titles ready.", "Video games", id="consoles"),
        pytest.param("Star leaves the band", "The music industry was surprised, and MTV will air the band's "
                     "last concert.", "Music and digital downloads", id="music"),
        pytest.param("Comedy tops the chart", "The film took $20m at the box-office, and Golden Globe voters "
                     "praised the screenplay.", "Film and cinema", id="film-awards"),
        pytest.param("Late equaliser rescues point", "The footballer scored an equaliser after an own goal had put "
                     "the visitors ahead.", "Football", id="footballer"),
        pytest.param("Henman through", "He won in straight sets and saved a break point in the second set.",
                     "Tennis", id="straight-sets"),
        pytest.param("Lions tour squad named", "The All Blacks and the Springboks await, and the flanker is fit "
                     "after the Heineken Cup.", "Rugby", id="rugby-names"),
        pytest.param("Batsman fit for tour", "The batsman and two bowlers are fit for the Ashes, the selectors "
                     "said.", "Cricket", id="cricket-players"),
        # Society: courts, crime, health, schools, faith.
        pytest.param("Jury out in libel case", "The newspaper lost its libel case and was found guilty of "
                     "contempt, the Old Bailey heard.",
                     "Courts and trials", id="libel"),
        pytest.param("Burglary figures fall", "Burglaries and thefts fell, but violent crime rose, police "
                     "forces report.", "Crime and policing", id="burglary"),
        pytest.param("Flu jab warning", "An influenza outbreak has closed schools, and health officials urge "
                     "immunisation.", "Public health and pandemics", id="influenza"),
        pytest.param("Pledge on GP waiting times", "Doctors and nurses said waiting times at GPs had fallen, "
                     "the health secretary said.", "Health services", id="doctors-and-nurses"),
        pytest.param("Top-up fees row", "Higher education funding and top-up fees split MPs, and lecturers "
                     "threaten action.", "Education", id="higher-education"),
        pytest.param("Synod debates women bishops", "The Church of England's clergy will vote on bishops, the "
                     "archbishop said.",
                     "Religion", id="church-of-england"),
        # Tenth and eleventh attempts: classes of story the vocabulary lacked, headline cues among them.
        pytest.param("Iran budget seeks state sell-offs",
                     f"The president unveiled a budget that relies on selling shares in large firms. {FILLER}",
                     "Privatisation", id="state-sell-offs"),
        pytest.param("Westland to cut a third of its workforce",
                     f"The helicopter maker said orders had fallen and it would cut its workforce by 1,500. {FILLER}",
                     "Jobs and unemployment", id="a-company-cutting-its-workforce"),
        pytest.param("ENDOTRONICS <ENDO> REDUCES STAFF",
                     f"Endotronics Inc said 45 of its 120 people will leave by June. {FILLER}",
                     "Jobs and unemployment", id="a-headline-cutting-staff"),
        pytest.param("Telegraph newspapers axe 90 jobs",
                     f"The owners of the Daily Telegraph said 90 editorial posts would go. {FILLER}",
                     "Jobs and unemployment", id="a-headline-axing-jobs"),
        pytest.param("COMINCO <CLT> PLANS CANADIAN STOCK ISSUE",
                     f"Cominco Ltd said it plans to issue units in Canada with common share purchase warrants. {FILLER}",
                     "Stock markets", id="a-stock-issue"),
        pytest.param("Arsenal 'may seek full share listing'",
                     f"Arsenal's vice-chairman said a full listing was one of the options for funding. {FILLER}",
                     "Stock markets", id="a-share-listing"),
        pytest.param("U.S. PERSONAL INCOME ROSE 0.2 PCT IN MAY",
                     f"U.S. personal income rose 0.2 pct, or 7.4 billion dlrs, in May, the Commerce Department said. {FILLER}",
                     "Economy and growth", id="personal-income-figures"),
        pytest.param("Elton plays Paris charity concert",
                     f"Sir Elton John has performed at a special concert in Paris to help victims of the Asian tsunami. {FILLER}",
                     "Humanitarian aid", id="a-charity-concert"),
        pytest.param("iTunes now selling Band Aid song",
                     f"iPod owners can now download the Band Aid single from Apple's music store. {FILLER}",
                     "Humanitarian aid", id="the-band-aid-single"),
        pytest.param("CIRCUIT SYSTEMS <CSYI> BUYS BOARD MAKER", f"The company gave no figures on Monday. {FILLER}",
                     "Mergers and acquisitions", id="buys-a-maker"),
        pytest.param("AUTOSPA <LUBE> TO BUY CONTROL OF CARDIS <CDS>", f"The company gave no figures on Monday. {FILLER}",
                     "Mergers and acquisitions", id="buys-control"),
        pytest.param("KENTUCKY CENTRAL <KENCA.O> UNIT SELLS STATIONS", f"The company gave no figures on Monday. {FILLER}",
                     "Mergers and acquisitions", id="sells-stations"),
        pytest.param("Rank set to sell off film unit", f"The company gave no figures on Monday. {FILLER}",
                     "Mergers and acquisitions", id="a-company-selling-off-a-unit"),
        pytest.param("Labour pig poster 'anti-Semitic'",
                     f"The Labour Party has been accused of anti-Semitism over a poster. {FILLER} "
                     "Jewish leaders said the image of flying pigs was offensive.",
                     "Religion", id="anti-semitism"),
        pytest.param("Faith schools citizenship warning",
                     f"Schools must improve the teaching of citizenship, the inspectors said. {FILLER} "
                     "Faith schools should teach pupils about other faiths too.",
                     "Religion", id="faith-schools"),
        pytest.param("Orange colour clash set for court",
                     f"A row over the colour orange could hit the companies' plans. {FILLER}",
                     "Courts and trials", id="set-for-court"),
        pytest.param("GUINNESS STARTS COURT ACTION AGAINST SAUNDERS",
                     f"Guinness Plc said it had started proceedings to recover 5.2 mln stg. {FILLER}",
                     "Courts and trials", id="court-action"),
        pytest.param("Honda wins China copyright ruling",
                     f"Japan's Honda has won its case against a Chinese motorbike maker. {FILLER}",
                     "Courts and trials", id="copyright-ruling"),
        pytest.param("IRAN SAYS IT OPENS NEW OFFENSIVE NORTH OF BAGHDAD",
                     f"Iran said it launched a fresh attack north of Baghdad overnight. {FILLER}",
                     "Defence and military", id="a-new-offensive"),
        pytest.param("EU China arms ban 'to be lifted'",
                     f"The EU embargo on arms exports to China is likely to be lifted within months. {FILLER}",
                     "Defence and military", id="an-arms-ban"),
        pytest.param("WESTLAND TO CUT HELICOPTER JOBS",
                     f"Helicopter maker Westland Plc said orders had fallen. {FILLER} Its helicopter division employs 6,000.",
                     "Aviation and airlines", id="a-helicopter-maker"),
        pytest.param("Radcliffe eyes hard line on drugs",
                     f"Paula Radcliffe has called for all athletes found guilty of drug offences to be banned. {FILLER} "
                     "She said the athletes who cheat should lose their medals.",
                     "Athletics and Olympics", id="athletes"),
        pytest.param("Holmes is hit by hamstring injury",
                     f"Kelly Holmes has been forced out of this week's European Indoor trials. {FILLER} "
                     "She will run the 800m final later in the indoor season.",
                     "Athletics and Olympics", id="indoor-season"),
        pytest.param("UKIP candidate suspended",
                     f"Eurosceptic party UKIP have suspended a candidate over his reported views. {FILLER} "
                     "The UKIP candidate was due to stand in East Kilbride.",
                     "Elections", id="a-party-candidate"),
        pytest.param("Abortion not a poll issue - Blair",
                     f"Tony Blair does not believe abortion should divide the parties. {FILLER} "
                     "His spokesman said it was a matter for individual conscience.",
                     "Elections", id="a-poll-issue"),
        pytest.param("SHARON STEEL <SSH> FILES CHAPTER 11",
                     f"Sharon Steel Corp said it filed a petition under Chapter 11 of the federal code. {FILLER}",
                     "Debt and bailouts", id="chapter-11"),
        pytest.param("OKLAHOMA THRIFT PLACED UNDER RECEIVERSHIP",
                     f"Federal regulators placed the savings association under receivership on Friday. {FILLER}",
                     "Debt and bailouts", id="receivership"),
        pytest.param("Games firm goes into administration",
                     f"The games developer went into administration last year with debts of £8m. {FILLER}",
                     "Debt and bailouts", id="administration"),
        pytest.param("Three DJs replace Peel radio show",
                     f"The late John Peel's BBC Radio 1 show is to be presented by three DJs. {FILLER}",
                     "Television and media", id="a-radio-show"),
        pytest.param("JACOR <JCOR> TO BUY TWO DENVER RADIO STATIONS",
                     f"Jacor Communications Inc said it agreed to buy two Denver radio stations for 24 mln dlrs. {FILLER}",
                     "Television and media", id="radio-stations"),
        pytest.param("Saudi NCCI's shares soar", f"Dealers said the move came in heavy trading on Monday. {FILLER}",
                     "Stock markets", id="shares-soar"),
        pytest.param("TOKYO STOCK PLUNGE COULD FORCE EASIER MONEY POLICY", f"Dealers said the move came in heavy trading on Monday. {FILLER}",
                     "Stock markets", id="a-stock-plunge"),
        pytest.param("BP SHARES SLIDE ON U.K. GOVERNMENT SALE NEWS", f"Dealers said the move came in heavy trading on Monday. {FILLER}",
                     "Stock markets", id="shares-slide"),
        pytest.param("Cairn Energy in Indian gas find",
                     f"Cairn Energy has made a new gas discovery in the Indian state of Rajasthan. {FILLER}",
                     "Oil and gas", id="a-gas-find"),
        pytest.param("Algeria hit by further gas riots",
                     f"Algeria suffered a weekend of violent protests over gas supplies to homes. {FILLER}",
                     "Oil and gas", id="gas-supplies"),
        pytest.param("NATO HOLDS EMERGENCY MEETING ON AEGEAN CRISIS",
                     f"Turkey said it would send a ship for oil exploration in disputed waters. {FILLER}",
                     "Oil and gas", id="oil-exploration"),
        pytest.param("HEAVY SNOWS HIT GREECE, ITALY",
                     f"Blizzards lashed Greece today, after heavy snows cut off 300 villages in the north. {FILLER} "
                     "The cold snap was expected to last until the weekend.",
                     "Natural disasters", id="heavy-snows"),
        pytest.param("Prodigy join V Festival line-up",
                     f"Essex act Prodigy are to headline the second stage at this year's festival. {FILLER} "
                     "The headliners will be announced next week.",
                     "Music and digital downloads", id="festival-headliners"),
        pytest.param("Elvis 'set for chart hat-trick'",
                     f"Elvis Presley is likely to score his third UK number one single in three weeks. {FILLER} "
                     "His records were reissued by his label.",
                     "Music and digital downloads", id="number-one-single"),
        pytest.param("Lost Doors frontman movie found",
                     f"Historians have discovered a clip of the Doors frontman Jim Morrison. {FILLER} {FILLER}",
                     "Music and digital downloads", id="frontman"),
        pytest.param("Krispy Kreme shares hit",
                     f"Krispy Kreme Doughnuts took a dunking after it said it would restate its accounts. {FILLER} {FILLER}",
                     "Stock markets", id="shares-hit"),
        pytest.param("CANADA STOCKS CLOSE LOWER ON PROFIT TAKING",
                     f"Toronto closed lower as a bout of selling spilled over from New York. {FILLER}",
                     "Stock markets", id="stocks-close-lower"),
        pytest.param("DART MAKES OFFER FOR SUPERMARKETS",
                     "Dart Group Corp said it offered to buy Supermarkets General Corp for 41.75 dlrs per share in "
                     "cash.", "Mergers and acquisitions", id="offered-to-buy"),
        pytest.param("RENOUF CORP ON BENEQUITY",
                     "Renouf Corp said 2.1 mln units of Benequity Holdings had been tendered, and it raised its offer "
                     "to 32 dlrs a unit.", "Mergers and acquisitions", id="tendered-raised-offer"),
        pytest.param("ENDOTRONICS EXPECTS LOSS FOR YEAR",
                     "Endotronics Inc said it will report a deficit for the year because of the writedown.",
                     "Corporate earnings", id="expects-loss"),
        pytest.param("LOCTITE SEES BETTER THAN EXPECTED NET",
                     "Loctite Corp said it is looking for a good third quarter.",
                     "Corporate earnings", id="sees-net"),
        pytest.param("N.Y. GRAIN FREIGHTS - April 1",
                     "Tradax took Y.S. Tonnage 52,000 tonnes U.S. Gulf to Japan early May dates 16.00 dlrs.",
                     "Shipping and ports", id="freights"),
        pytest.param("JAPAN DOCK STRIKE TO CONTINUE OVER WEEKEND",
                     "A strike by Japanese dockworkers will continue over the weekend. The dockworkers want shorter "
                     "hours, their union said.",
                     "Shipping and ports", id="dockworkers"),
        pytest.param("U.S. SEISMIC CREW COUNT DROPS 6 PCT IN FEBRUARY",
                     "The number of seismic crews searching in the United States dropped by nine to 151.",
                     "Oil and gas", id="seismic-crews"),
        pytest.param("BP RAISES NORTH SEA BUTANE PRICES",
                     "British Petroleum Co plc said it raised its posted butane prices by 15.50 dlrs per tonne.",
                     "Oil and gas", id="butane"),
        pytest.param("Blair sets date for Africa report",
                     f"The Commission for Africa's report will be released on 11 March, Tony Blair has said. {FILLER} "
                     "He said tackling world poverty would be the focus of Britain's G8 presidency.",
                     "Humanitarian aid", id="commission-for-africa"),
    ],
)
def test_each_topics_vocabulary_covers_its_subjects_core_words(title, body, expected):
    assert expected in topics(body, title=title, published=WIRE_DATE)


@pytest.mark.parametrize(
    ("title", "body", "not_expected"),
    [
        # Words that name who speaks or where a story was heard, not what it is about, stay out.
        pytest.param("MINISTER SEES DEBT ACCORD", "The minister told a radio station the accord was near, and "
                     "the newspaper said talks would resume.",
                     "Television and media", id="source-named"),
        pytest.param("Mayor backs campaign", "The Middlesbrough mayor and Sunderland councillors backed the "
                     "regional assembly.", "Football", id="towns-not-clubs"),
        pytest.param("FED SAYS IT OFFERS TO BUY ALL COUPON ISSUES",
                     "The Federal Reserve entered the government securities market and offered to buy all maturities "
                     "of Treasury notes and bonds, a Fed spokesman said.",
                     "Mergers and acquisitions", id="offer-to-buy-securities"),
        pytest.param("BALLY SETS STOCK BUYBACK UP TO 25 MLN DLRS",
                     "Bally Manufacturing Corp said it will repurchase up to 25 mln dlrs worth of its common stock.",
                     "Stock markets", id="up-to-an-amount"),
        pytest.param("SALLIE MAE PRICES NOTES", "The Student Loan Marketing Association priced its student loan "
                     "notes at par.", "Education", id="agency-name"),
        pytest.param("CREW COUNT DROPS", "The seismic crew count fell six pct as oil companies cut exploration.",
                     "Natural disasters", id="seismic-crews"),
        # Eleventh attempt: words that name an inventory, a payout, a tax, a state's own sale or an outlet.
        pytest.param("COCOA CONSUMERS NARROW GAP ON BUFFER STOCK ISSUE",
                     f"Cocoa consumers and producers narrowed their differences on the buffer stock issue. {FILLER} "
                     "Delegates said the buffer stock rules would be settled this week.",
                     "Stock markets", id="buffer-stock-issue"),
        pytest.param("SKY EXPRESS <SKYX> PRESIDENT PLEADS GUILTY",
                     f"The company's president pleaded guilty to one charge of evading his personal income taxes in 1985. {FILLER} "
                     "Sentencing on the personal income tax charge was set for June.",
                     "Economy and growth", id="personal-income-taxes"),
        pytest.param("Egypt to sell off state-owned bank",
                     f"The government of Egypt hopes to raise $500m for its budget this year. {FILLER}",
                     "Mergers and acquisitions", id="a-state-selling-off-its-bank"),
        pytest.param("KUWAIT MAY RE-REGISTER GULF TANKERS - NEWSPAPER",
                     f"Kuwait may re-register its tankers under foreign flags, the newspaper Al-Qabas said. {FILLER} "
                     "The newspaper said talks were under way.",
                     "Television and media", id="a-newspaper-as-source"),
        pytest.param("U.S. SENATE LEADER CALLS FOR INTEREST RATE CUTS",
                     f"Senate leader Robert Byrd told CBS television that interest rates should come down. {FILLER} "
                     "He also told the NBC network that the Federal Reserve should act soon.",
                     "Television and media", id="the-outlet-a-speaker-told"),
        pytest.param("BARRIS <BRRS> TO REPURCHASE STOCK",
                     f"Barris Industries Inc said it agreed to buy back 763,546 shares, or 8.6 pct of its own common stock. {FILLER}",
                     "Mergers and acquisitions", id="a-buyback"),
        pytest.param("WORLD ZINC STOCKS FALL 7,700 TONNES IN FEBRUARY", f"The figures were published by the statistics office on Monday. {FILLER}",
                     "Stock markets", id="zinc-inventories"),
        pytest.param("BELGIAN MONEY STOCK RISES IN FOURTH QUARTER", f"The figures were published by the statistics office on Monday. {FILLER}",
                     "Stock markets", id="money-stock"),
    ],
)
def test_a_word_that_names_something_else_is_not_the_topic(title, body, not_expected):
    assert not_expected not in topics(body, title=title, published=WIRE_DATE)


@pytest.mark.parametrize(
    ("title", "body", "is_banking"),
    [
        pytest.param("Dutch bank to lay off 2,850 staff", f"ABN Amro is to cut 2,850 jobs as profits fall. {FILLER}", True,
                     id="a-bank-cutting-jobs"),
        pytest.param("MIDLAND BANK UNIT ISSUES 900 MLN FRENCH FRANC FRN",
                     f"The note pays interest based on 13-week Treasury bills plus 55 basis points. {FILLER}", True,
                     id="a-banks-own-funding"),
        pytest.param("BANK OF CHINA TAKES STAKE IN BAII HOLDINGS", f"The stake was between three and five pct. {FILLER}", True,
                     id="a-commercial-bank-of-a-country"),
        pytest.param("BANK OF JAPAN BUYS DOLLARS IN TOKYO", f"Dealers said the buying was modest. {FILLER}", False,
                     id="guard-a-central-bank"),
        pytest.param("Bank holds interest rate at 4.75%", f"Rates stay on hold for a sixth month. {FILLER}", False,
                     id="guard-the-bank-of-england"),
        pytest.param("GERMAN BANK SEES GOOD SOVIET TRADE PROSPECTS", f"Trade should grow this year, it said. {FILLER}", False,
                     id="guard-a-bank-as-a-source"),
        pytest.param("SUMITA SAYS LITTLE ROOM FOR BANK TO EASE POLICY", f"The governor spoke in parliament. {FILLER}", False,
                     id="guard-the-bank-after-a-function-word"),
        pytest.param("WEST BANK CLASHES CONTINUE", f"Troops and protesters clashed again. {FILLER}", False,
                     id="guard-a-place"),
    ],
)
def test_a_bank_as_a_headlines_subject_makes_a_banking_story(title, body, is_banking):
    assert ("Banking" in topics(body, title=title, published=WIRE_DATE)) == is_banking


@pytest.mark.parametrize(
    ("title", "body", "is_results"),
    [
        pytest.param("BEST PRODUCTS <BES> MARCH SALES OFF 0.5 PCT",
                     f"Best Products Co Inc said sales for the five weeks ended April four were off 0.5 pct. {FILLER}", True,
                     id="a-retailers-monthly-sales"),
        pytest.param("GENERAL MOTORS EARLY MARCH CAR SALES OFF 8.2 PCT",
                     f"General Motors Corp said it sold fewer cars in the first ten days of March. {FILLER}", True,
                     id="a-carmakers-sales"),
        pytest.param("U.S. HOME SALES FELL 6.8 PCT IN JANUARY",
                     f"Sales of new single-family homes fell in January, the Commerce Department said. {FILLER}", False,
                     id="guard-a-markets-sales"),
        pytest.param("JAPAN STORE SALES RISE IN FEBRUARY",
                     f"Sales at department stores and supermarkets rose in February, the ministry said. {FILLER}", False,
                     id="guard-a-countrys-store-sales"),
    ],
)
def test_a_companys_sales_moving_in_a_wire_headline_are_its_results(title, body, is_results):
    assert ("Corporate earnings" in topics(body, title=title, published=WIRE_DATE)) == is_results


# Seventh attempt: evidence by the sentences that hold it, not by its hits.
def test_one_sentence_past_the_lead_naming_a_topic_three_times_is_an_aside():
    body = ("Canadian Foreign Secretary Joe Clark said he expects action on acid rain after meeting senators. "
            "He met the Senate majority leader and the secretary of state. "
            "Clark said the senators were sympathetic to the Canadian position on the pollution. "
            "Also taken up were trade issues, including a better way of settling trade disputes between "
            "the two countries, who are each other's major trading partners.")
    assert "Trade and tariffs" not in topics(body, title="CLARK SAYS HE EXPECTS U.S. ACTION ON ACID RAIN", published=WIRE_DATE)


def test_the_same_topic_in_two_sentences_past_the_lead_counts():
    body = ("Canadian Foreign Secretary Joe Clark said he expects action on acid rain after meeting senators. "
            "He met the Senate majority leader and the secretary of state. "
            "Clark said trade disputes between the two countries needed a better settling mechanism. "
            "He said the protectionist trade bill before Congress would hurt both trading partners.")
    assert "Trade and tariffs" in topics(body, title="CLARK SAYS HE EXPECTS U.S. ACTION ON ACID RAIN", published=WIRE_DATE)


def test_a_short_wire_items_last_sentence_is_an_aside_though_it_fits_in_the_lead():
    body = ("Polycast Technology Corp told the Securities and Exchange Commission it cut its stake in Spartech Corp "
            "to 5.1 pct. Polycast said it now holds 210,000 Spartech shares. "
            "It sold 40,000 shares for 10 dlrs each. Polycast said it made the sales April 6-8 in the over-the-counter market.")
    assert "Stock markets" not in topics(body, title="POLYCAST <PTCC> REDUCES SPARTECH <SPTN> STAKE", published=WIRE_DATE)


def test_a_specific_phrase_in_the_first_sentence_of_a_short_item_still_counts():
    body = ("Ireland's central bank raised its short-term interest rates by half a point to 14 pct. "
            "The move had been widely expected by dealers. The bank gave no reason.")
    assert "Central banks and interest rates" in topics(body, title="IRISH BANK MOVES", published=WIRE_DATE)


def test_a_role_before_a_persons_name_says_who_speaks_not_what_about():
    body = ("Foreign Secretary Jack Straw will visit Auschwitz for the 60th anniversary of the camp's liberation. "
            "Shadow Foreign Secretary Michael Ancram said he was glad the government had changed its mind. "
            f"{FILLER} {FILLER}")
    assert "Diplomacy and summits" not in topics(body, title="Straw to attend Auschwitz service")


def test_the_same_role_without_a_name_after_it_still_counts():
    body = ("The foreign secretary held talks with his French counterpart on the summit agenda. "
            "Both foreign ministers said the summit would settle the border dispute. "
            f"{FILLER} {FILLER}")
    assert "Diplomacy and summits" in topics(body, title="Ministers prepare summit")


def test_an_institution_that_has_said_something_is_the_source():
    body = ("Libya has withdrawn $1bn in assets from the US, assets which had been frozen for almost 20 years, "
            "the Libyan central bank has said. The original size of Libya's funds was $400m, the central bank told "
            f"Reuters. {FILLER} {FILLER}")
    assert "Central banks and interest rates" not in topics(body, title="Libya takes $1bn in unfrozen funds")


@pytest.mark.parametrize(("title", "body", "not_expected"), [
    ("Gatlin and Hayes win Owen awards",
     "Gatlin won the 100m. He also won four gold medals at the Games. She is a silver medallist in the hurdles.",
     "Metals and mining"),
    ("Low-budget film wins Cesar",
     "A low-budget film about a Paris suburb won the award. It saw off competition from a big-budget epic.",
     "Taxes and public budgets"),
    ("IRVING BANK <V> 1ST-QTR NET HURT BY BRAZIL",
     "Irving Bank Corp said loans on non-accrual cut first-quarter net income by 4.4 mln dlrs after tax. "
     "Full year net would be reduced by 15.3 mln dlrs after tax.",
     "Taxes and public budgets"),
])
def test_a_topic_word_naming_another_thing_is_no_evidence(title, body, not_expected):
    assert not_expected not in topics(body, title=title, published=WIRE_DATE)


def test_gold_and_tax_in_their_own_sense_still_count():
    assert "Metals and mining" in topics("Gold prices rose to 420 dlrs an ounce as miners cut output. Gold output fell.",
                                         title="GOLD RISES", published=WIRE_DATE)
    assert "Taxes and public budgets" in topics("The chancellor said the tax on petrol would rise. Income tax stays.",
                                                title="Budget day")


def test_a_topic_word_joined_by_and_to_a_company_name_is_part_of_it():
    body = ("Gaming and Technology Inc said Stan Fulton has resigned as president of the company. "
            "Fulton will remain a director and will work on special projects, a Gaming and Technology spokeswoman said.")
    assert "Video games" not in topics(body, title="GAMING AND TECHNOLOGY <GATI.O> PRESIDENT RESIGNS", published=WIRE_DATE)


def test_buying_a_companys_debentures_is_financing_not_a_deal():
    body = ("John Labatt Ltd said it agreed to issue in Canada 125 mln dlrs of convertible debentures. "
            "Brascan's 49 pct-owned Great Lakes Group Inc agreed to acquire 75 mln dlrs of the debentures "
            "from the underwriters.")
    assert "Mergers and acquisitions" not in topics(body, title="JOHN LABATT TO ISSUE 125 MLN DLRS OF DEBENTURES",
                                                    published=WIRE_DATE)


def test_agreeing_to_acquire_a_company_is_still_a_deal():
    body = ("Great Lakes Group Inc said it agreed to acquire Brascan Holdings Ltd for 75 mln dlrs. "
            "The acquisition needs the approval of Brascan's shareholders.")
    assert "Mergers and acquisitions" in topics(body, title="GREAT LAKES IN DEAL", published=WIRE_DATE)


def test_a_company_selling_its_own_stock_is_raising_money_not_a_deal():
    body = ("HiTech Engineering Co said it completed the private placement of 200,000 shares of its common stock "
            "with its chairman for 37,500 dlrs.")
    assert "Mergers and acquisitions" not in topics(body, title="HITECH ENGINEERING <THEX> COMPLETES STOCK SALE",
                                                    published=WIRE_DATE)
    assert "Mergers and acquisitions" in topics("Duriron Co said it completed its purchase of Valtek Inc.",
                                                title="DURIRON <DURI> COMPLETES VALTEK <VALT> PURCHASE", published=WIRE_DATE)


def test_the_underwriters_of_a_debenture_issue_are_no_stock_market_story():
    body = ("John Labatt Ltd said it agreed to issue in Canada 125 mln dlrs of convertible debentures. "
            "It said the underwriters could repurchase up to 12.5 mln dlrs of the issue. "
            "Underwriters are Wood Gundy Inc, Gordon Capital Corp and Merrill Lynch Canada Inc.")
    assert "Stock markets" not in topics(body, title="JOHN LABATT TO ISSUE 125 MLN DLRS OF DEBENTURES", published=WIRE_DATE)


# Eighth attempt: sentences about something else than the story.
STEEL_LEAD = ("The trade court upheld duties on imported steel on Monday, and steelmakers welcomed the tariffs. "
              "The duties will stay for three years. ")


@pytest.mark.parametrize("aside", [
    "The ruling came in the same week that the two sides clashed over aircraft subsidies to Airbus and Boeing.",
    "Meanwhile, the two sides clashed over aircraft subsidies to Airbus and Boeing.",
    "In a separate dispute, the two sides clashed over aircraft subsidies to Airbus and Boeing.",
    "Elsewhere, the two sides clashed over aircraft subsidies to Airbus and Boeing.",
])
def test_a_related_story_beside_this_one_is_no_evidence_of_its_topic(aside):
    body = f"{STEEL_LEAD}{FILLER} {aside} {FILLER} Airbus, meanwhile, said it would build more aircraft in Toulouse."
    found = topics(body, title="Steelmakers win tariff ruling")
    assert "Trade and tariffs" in found
    assert "Aviation and airlines" not in found


def test_the_same_topic_told_as_part_of_the_story_counts():
    body = (f"{STEEL_LEAD}{FILLER} The two sides clashed over aircraft subsidies to Airbus and Boeing. {FILLER} "
            "Airbus said it would build more aircraft in Toulouse.")
    assert "Aviation and airlines" in topics(body, title="Steelmakers win tariff ruling")


@pytest.mark.parametrize("past", [
    "Lord Archer was jailed after a jury ruled that he lied during a libel trial at the High Court in 1987.",
    "Earlier this year, a jury ruled that Lord Archer lied during a libel trial at the High Court.",
])
def test_a_persons_past_told_as_background_is_no_evidence_of_its_topic(past):
    body = (f"The Conservative Party would welcome Lord Archer back in 2005, a spokesman said. {FILLER} {FILLER} "
            f"{past} {FILLER} The court case of 2001 cost Lord Archer his seat.")
    assert "Courts and trials" not in topics(body, title="Tories leave door open for Archer")


def test_a_year_close_to_the_storys_own_still_counts():
    body = (f"The Conservative Party would welcome Lord Archer back in 2005, a spokesman said. {FILLER} {FILLER} "
            f"A jury ruled that Lord Archer lied during a libel trial at the High Court in 2004. {FILLER} "
            "The court case of 2001 cost Lord Archer his seat.")
    assert "Courts and trials" in topics(body, title="Tories leave door open for Archer")


def test_a_persons_other_role_is_no_evidence_of_its_topic():
    body = ("A Conservative MP has defected to Labour, saying the party had lost its way on Europe. "
            f"{FILLER} {FILLER} He served as higher education minister and clashed with his leaders over tuition fees. "
            f"{FILLER} His wife, who works as a teacher, said schools would miss him.")
    assert "Education" not in topics(body, title="Conservative MP defects to Labour")


def test_the_role_a_story_is_about_still_counts():
    body = ("A Conservative MP has defected to Labour, saying the party had lost its way on Europe. "
            f"{FILLER} {FILLER} He was higher education minister and clashed with his leaders over tuition fees. "
            f"{FILLER} His wife, a teacher, said schools would miss him.")
    assert "Education" in topics(body, title="Conservative MP defects to Labour")


def test_a_year_after_the_articles_date_does_not_make_its_own_years_background():
    body = ("Acme Corp said it sold 100 mln dlrs of notes due 2017 to refinance its debt. The notes pay nine pct. "
            f"{FILLER} Acme said its copper mine in Arizona produced 50,000 tons in 1986. {FILLER} "
            "The company said copper output from the mine rose in 1986 as prices recovered.")
    assert "Metals and mining" in topics(body, title="ACME CORP SELLS NOTES", published=WIRE_DATE)


@pytest.mark.parametrize("title, body", [
    ("Un troisième Français mort dans le séisme au Népal",
     "Un troisième Français a été tué dans le tremblement de terre au Népal. Il accueillait à Roissy un premier avion "
     "spécial. Un deuxième avion est arrivé jeudi à Katmandou avec un médecin et un pompier."),
    ("Twitter Lite llega a un total de 24 nuevos países",
     "Twitter Lite llegará a un total de 24 países. Según explicó en un comunicado, estará disponible en un mes. "
     "Ofrece un modo sin conexión y un ahorro de datos."),
    ("'Neutral' Fact-Checker: 'Are There Any Un-Angry Supporters?'",
     "The fact-checker asked whether there were un-angry supporters. He asked it again in a second un-angry post. "
     f"{FILLER}"),
])
def test_a_lower_case_un_is_a_word_not_the_united_nations(title, body):
    assert "United Nations" not in topics(body, title=title)


def test_the_un_in_capitals_is_still_the_united_nations():
    body = ("The UN said on Monday it would send more aid. UN officials met the envoy in Geneva, "
            "and the UN Security Council will meet again on Friday.")
    assert "United Nations" in topics(body, title="UN Steps Up Aid")


# A long sports story names its sport in jargon two or three times and talks about play for the
# rest: the report of a cup tie, a rugby international, a tennis match (play filled in with
# PLAY, which names no topic).
PLAY = "He found space down the left and the crowd rose as the visitors pressed for more in the last minutes."


@pytest.mark.parametrize(("title", "body", "expected"), [
    pytest.param("Clyde 0-5 Celtic",
                 "Celtic brushed aside Clyde to secure their place in the Scottish Cup semi-final. "
                 + " ".join([PLAY] * 12) + " The striker scored twice after the break. " + " ".join([PLAY] * 12),
                 "Football", id="cup-tie"),
    pytest.param("Scotland 18-10 Italy",
                 "Six penalties gave Scotland victory in a dour encounter at Murrayfield. "
                 + " ".join([PLAY] * 12) + " The fly-half kicked the last of them. " + " ".join([PLAY] * 12),
                 "Rugby", id="rugby-international"),
    pytest.param("Classy Henman makes winning start",
                 "Tim Henman opened his campaign with a victory in straight sets on Wednesday. "
                 + " ".join([PLAY] * 12) + " He saved a break point in the second game. " + " ".join([PLAY] * 12),
                 "Tennis", id="tennis-match"),
])
def test_a_long_sports_story_gets_the_sport_it_leads_with(title, body, expected):
    assert expected in topics(body, title=title)


def test_a_club_named_twice_in_a_long_story_of_another_kind_is_not_its_sport():
    # One phrase, twice: "West Ham" is a constituency here, not the club.
    body = ("Local councillor Lyn Brown was selected for West Ham, east London, in a contest between seven "
            "candidates. " + " ".join([FILLER] * 12) + " Labour has not commented on the West Ham result. "
            + " ".join([FILLER] * 12))
    assert "Football" not in topics(body, title="Labour in constituency race row")


def test_a_sport_that_does_not_lead_the_story_needs_the_usual_evidence():
    # A guard: the club's share listing leads; its football is the company's trade, named in passing.
    body = ("The club may seek a full listing of its shares on the stock market, its chairman said. "
            + " ".join([FILLER] * 12) + " Its shares trade on the Ofex market, and a listing on the stock "
            "exchange would raise funds. The Premiership side's striker signed a new deal last week. "
            + " ".join([FILLER] * 12))
    found = topics(body, title="Club 'may seek full share listing'")
    assert "Stock markets" in found
    assert "Football" not in found


@pytest.mark.parametrize("title, body", [
    ("Butler strikes gold in Spain",
     f"Britain's Kathy Butler won the cross-country race in Spain on Sunday. {FILLER} {FILLER}"),
    ("Ukraine strikes Turkmen gas deal",
     "Ukraine has agreed to pay 30% more for natural gas supplied by Turkmenistan. The deal runs to 2006. "
     f"{FILLER}"),
    ("Ministers strike an accord on fishing",
     f"The ministers struck an accord on fishing quotas late on Friday. {FILLER} {FILLER}"),
])
def test_striking_a_deal_or_gold_is_no_walkout(title, body):
    assert "Labour and strikes" not in topics(body, title=title)


def test_a_strike_in_the_headline_is_still_a_walkout():
    body = f"Dock workers walked out on Monday over pay. {FILLER} The union said the strike would go on."
    assert "Labour and strikes" in topics(body, title="Dockers strike over pay")


@pytest.mark.parametrize("body", [
    "<Royal Bank of Canada> said it would lower its Visa credit card interest rate to 15.9 pct from 18.6 pct. "
    "Its move came one day after a rival lowered its credit card interest rate to the same level.",
    "Mexico signed a 100 mln dlr loan for tourism projects. The loan is for 15 years at a variable interest rate. "
    f"{FILLER}",
])
def test_a_banks_price_for_a_card_or_a_loan_is_no_monetary_policy(body):
    assert "Central banks and interest rates" not in topics(body, title="BANK LOWERS CREDIT CARD RATE", published=WIRE_DATE)


def test_the_central_banks_interest_rate_still_counts():
    body = ("The Bank of Canada raised its key interest rate by half a point on Tuesday. "
            f"{FILLER} Economists said interest rates would rise again.")
    assert "Central banks and interest rates" in topics(body, title="CANADA RAISES RATES", published=WIRE_DATE)


def test_a_deal_cue_on_a_units_notes_is_financing_not_a_deal():
    body = ("Goldman, Sachs and Co, acting as lead manager, said it is selling 100 mln dlrs of notes of Signet Bank. "
            f"{FILLER}")
    assert "Mergers and acquisitions" not in topics(body, title="GOLDMAN SACHS SELLS SIGNET <SBK> UNIT NOTES", published=WIRE_DATE)


def test_a_war_story_is_not_also_a_military_story_for_its_troops():
    body = ("Tony Blair should set out a proper exit strategy from Iraq, the Lib Dem leader said. "
            "He wants a phased withdrawal of UK troops as soon as the situation allows. "
            "The Iraq war had made the region less safe, he said, and the insurgency in Iraq was growing. "
            "He said British troops in Iraq should be replaced by soldiers from other countries. "
            "The military should not stay a day longer than needed, and the troops deserved a date to come home.")
    found = topics(body, title="Kennedy calls for Iraq exit plans")
    assert "Iraq war" in found
    assert "Defence and military" not in found


def test_a_military_headline_in_a_war_story_still_counts():
    body = ("The army will send 500 more troops to Iraq, the defence secretary said. "
            f"{FILLER} The Iraq war has stretched the armed forces, he said.")
    found = topics(body, title="More troops for Iraq war")
    assert {"Iraq war", "Defence and military"} <= found


def test_the_votes_of_a_referendum_story_are_the_referendums():
    body = ("The Green Party is concerned thousands of residents may not be able to vote in Edinburgh's transport "
            "referendum. The council is to ballot residents on congestion charging. "
            f"{FILLER} Residents left off the list could miss the chance to vote. {FILLER} "
            "Everyone wants the ballot to be fair. The ballot will ask residents to vote for or against the charge. "
            f"{FILLER} The outcome of the referendum will be known next month after the ballot forms are returned.")
    found = topics(body, title="Green fear for transport ballot")
    assert "Referendums" in found
    assert "Elections" not in found


def test_an_election_with_a_referendum_mentioned_is_still_an_election():
    body = ("Voters go to the polls on Thursday in a general election. The prime minister urged voters to turn out. "
            f"{FILLER} A referendum on the euro was ruled out for the next parliament.")
    assert "Elections" in topics(body, title="Voters go to the polls in general election")


def test_a_sports_retirement_is_no_pension_story():
    body = (f"Lindsay Davenport has put any talk of retirement on hold after an injury-free season. {FILLER} "
            "She said she would decide on retirement at the end of next year.")
    assert "Pensions" not in topics(body, title="Davenport puts retirement on hold")


def test_games_awards_from_bafta_are_no_film_story():
    body = ("PC first person shooter Half-Life 2 has won six Bafta awards, including best game. "
            "The game also won Baftas for best action adventure and best PC game. "
            f"{FILLER} Bafta said the feature of this year's awards was the number of non-traditional games.")
    assert "Film and cinema" not in topics(body, title="Half-Life 2 sweeps Bafta awards")


def test_film_awards_from_bafta_are_still_a_film_story():
    body = ("The Aviator won four Bafta awards, including best film, at the ceremony in London. "
            f"{FILLER} Imelda Staunton won best actress for Vera Drake, a film about a back-street abortionist.")
    assert "Film and cinema" in topics(body, title="Aviator takes Bafta glory")


@pytest.mark.parametrize("title, body", [
    ("Nuclear strike 'key terror risk'",
     "The UK and US must focus on making sure terror attacks are not nuclear strikes, says a top academic. "
     f"{FILLER} Terrorists must not be able to strike with weapons of mass destruction, he said."),
    ("US weighs air strikes",
     f"The Pentagon said air strikes were one option. {FILLER} A retaliatory strike was not ruled out."),
])
def test_a_military_strike_is_no_walkout(title, body):
    assert "Labour and strikes" not in topics(body, title=title)


def test_workers_threatening_to_strike_is_a_walkout():
    body = f"Postal workers threatened to strike over pay on Monday. {FILLER} The union said the strike would start in May."
    assert "Labour and strikes" in topics(body, title="Postal workers threaten to strike")


def test_a_minerals_deposits_are_no_bank_deposits():
    body = ("President Alan Garcia said Peru has found gold deposits worth an estimated 1.3 billion dlrs. "
            "He said the deposits contained the equivalent of 100 tonnes of gold. "
            f"{FILLER} The other gold-bearing deposits lie near the border.")
    assert "Banking" not in topics(body, title="PERU SAYS NEW GOLD DEPOSITS WORTH 1.3 BILLION DLRS", published=WIRE_DATE)


def test_a_results_notes_tax_credits_are_no_tax_story():
    body = ("Shr nine cts vs six cts Net 242,000 vs 135,000 Sales 4,003,000 vs 2,968,000 NOTE: 1986 net includes "
            "tax credits equal to one cent in the quarter.")
    assert "Taxes and public budgets" not in topics(body, title="GENDEX CORP <XRAY.O> 2ND QTR NET", published=WIRE_DATE)


def test_a_central_banks_manager_who_speaks_is_no_central_bank_story():
    body = ("Peru's short-term foreign trade credit lines rose to 430 mln dlrs. "
            "Central bank general manager Hector Neyra told reporters many of the credits were 90-day. "
            "The central bank manager said the lines would be renewed.")
    assert "Central banks and interest rates" not in topics(body, title="PERU SHORT-TERM TRADE CREDIT UP", published=WIRE_DATE)


@pytest.mark.parametrize(
    ("title", "body"),
    [
        pytest.param("DUTCH OFFICIAL WARNS OF MORE TRADE CONFLICTS",
                     "Relations between the U.S. and the European Community are likely to get worse, a Dutch official said. "
                     f"{FILLER} He called the EC fats and oils tax proposal a dangerous provocation in the trade dispute.",
                     id="a-trade-dispute"),
        pytest.param("JAPAN TO CURB VEHICLE EXPORTS",
                     "Japanese car makers will curb their exports to the European Community, industry sources said. "
                     f"{FILLER} Exports to the EC this year are likely to be unchanged at 1.10 mln units amid growing trade friction.",
                     id="exports-to-the-ec"),
    ],
)
def test_the_european_community_as_the_other_side_of_a_trade_story_is_no_eu_politics(title, body):
    found = topics(body, title=title, published=WIRE_DATE)
    assert "Trade and tariffs" in found
    assert "European Union politics" not in found


def test_the_european_communitys_own_farm_politics_is_eu_politics():
    body = ("EC farm ministers ended their meeting without agreement on the farm price package. "
            f"{FILLER} The European Community's wheat exports to Brazil were not discussed.")
    assert "European Union politics" in topics(body, title="EC FARM MINISTERS END MEETING WITHOUT PRICE ACCORD", published=WIRE_DATE)


# Modern news names its subjects with words the 1987 and 2004 texts never used (fourteenth attempt,
# docs/tagging.md): products, companies, diseases and institutions of 2010-2025.
MODERN_DATE = date(2023, 6, 1)


@pytest.mark.parametrize(
    ("title", "body", "expected"),
    [
        pytest.param("Hunter falls ill after eating wild rabbit",
                     "Health officials confirmed a case of bubonic plague in the region on Tuesday. "
                     "The patient was isolated and people who met him are being watched for signs of the plague.",
                     "Public health and pandemics", id="a-disease-by-name"),
        pytest.param("Rocket explodes minutes after launch",
                     "SpaceX's Starship rocket broke apart minutes after lifting off from Texas on its second test flight. "
                     "Starship is meant to carry crews on moon missions later this decade.",
                     "Space exploration", id="a-space-company"),
        pytest.param("Price war deepens in China",
                     "Tesla cut the price of its Model Y in China for the second time this year, "
                     "as BYD and other makers of electric vehicles sold more cheap models.",
                     "Cars and the motor industry", id="electric-vehicles"),
        pytest.param("Chatbot maker valued at $80bn",
                     "OpenAI, the maker of ChatGPT, is in talks to sell shares to investors. "
                     "Rivals such as Anthropic are raising money for their own large language models.",
                     "Artificial intelligence", id="chatbots-and-language-models"),
        pytest.param("Flaw lets attackers crash servers",
                     "Security researchers found a zero-day in the server software that lets attackers take machines "
                     "offline. A fix is expected next week, the security researchers said.",
                     "Cybersecurity", id="a-zero-day"),
    ],
)
def test_modern_wording_names_its_topic(title, body, expected):
    assert expected in topics(body, title=title, published=MODERN_DATE)


@pytest.mark.parametrize(
    ("title", "body", "not_expected"),
    [
        # A wire ticker is a company's, whatever the letters spell.
        pytest.param("CREW UNION SETS PACT WITH PACIFIC SOUTHWEST <PSG>", "Pacific Southwest Airlines said it reached "
                     "a pact with the union of its flight crews.", "Football", id="ticker-psg"),
        pytest.param("PS GROUP <PSG.N> QTLY DIVIDEND", "PS Group Inc said its board declared a quarterly dividend of "
                     "15 cts a share.", "Football", id="ticker-with-exchange-suffix"),
        # Investment banks quoted as analysts make no banking story (their names are no topic phrases:
        # bench/results/modern_vocabulary/dropped.json).
        pytest.param("Retailer's profits beat forecasts", "The retailer's quarterly profits rose 12%, beating forecasts, "
                     "said Morgan Stanley analyst Jane Smith. Morgan Stanley raised its price target for the shares, "
                     "and analysts at Goldman Sachs and Morgan Stanley expect online sales to grow.",
                     "Banking", id="banks-as-analysts"),
    ],
)
def test_names_that_only_look_like_a_topic_are_no_evidence(title, body, not_expected):
    assert not_expected not in topics(body, title=title, published=MODERN_DATE)


@pytest.mark.parametrize(
    ("title", "body", "topic", "expected"),
    [
        pytest.param("How to throw a graduation party",
                     "A party need not break the bank. Stick to your budget when you shop, as you would to a "
                     "household budget. Friends can help you keep to your budget.", "Taxes and public budgets", False,
                     id="a-household-budget"),
        pytest.param("Shutdown looms", "Congress failed to agree on a budget on Friday. Leaders will try again to "
                     "agree on a budget next week.", "Taxes and public budgets", True,
                     id="agreeing-on-a-budget-still-counts"),
        pytest.param("Chancellor's budget cuts spending",
                     "In his budget the Chancellor cut spending by two billion pounds. "
                     "The budget also raised the tax on fuel, and MPs will vote on the budget next week.",
                     "Taxes and public budgets", True, id="a-ministers-budget-still-counts"),
        pytest.param("Streaming console reviewed",
                     "You can play on your TV, a phone or a laptop. On my TV the picture was sharp, and a smart TV "
                     "needs no extra box.", "Television and media", False, id="a-tv-set"),
        pytest.param("Broadcaster wins rights",
                     "The broadcaster will show the matches on TV from next season. TV audiences for the league "
                     "rose last year, and the TV deal is worth 1bn.", "Television and media", True,
                     id="television-the-medium-still-counts"),
    ],
)
def test_a_readers_own_budget_or_tv_set_is_not_the_topic(title, body, topic, expected):
    assert (topic in topics(body, title=title, published=MODERN_DATE)) is expected


@pytest.mark.parametrize(
    ("title", "body", "topic", "expected"),
    [
        pytest.param("Dear Abby: Husband flies business class, leaves wife in an economy seat",
                     "He sat in business class while I had an economy seat. Economy fares were all we could afford.",
                     "Economy and growth", False, id="an-airline-economy-seat"),
        pytest.param("Carmaker improves fuel economy",
                     "The new engine gives better fuel economy. Fuel economy rose by a tenth.",
                     "Economy and growth", False, id="a-cars-fuel-economy"),
        pytest.param("Economy shrinks for a second quarter",
                     "The economy shrank again. Economists said the economy would recover next year.",
                     "Economy and growth", True, id="the-economy-still-counts"),
        pytest.param("Tuesday's college football: Eastern Michigan routs Northern Illinois",
                     "Eastern Michigan won 45-17. College football fans filled the stadium, and fantasy football "
                     "players cheered the quarterback.", "Football", False, id="american-football"),
        pytest.param("High-school football: Viera stays unbeaten",
                     "The high-school football league resumed. High-school football clubs drew big crowds.",
                     "Football", False, id="high-school-football-and-its-league"),
        pytest.param("Football: United beat City in the derby",
                     "United beat City 2-1. The football club's manager praised the team, and football fans sang.",
                     "Football", True, id="association-football-still-counts"),
        pytest.param("Black Friday deals on earbuds",
                     "The earbuds come with a wireless charging case. A wireless keyboard and a wireless mouse are "
                     "half price.", "Telecommunications", False, id="a-wireless-device"),
        pytest.param("Operators bid for spectrum",
                     "Wireless operators bid for new spectrum. Wireless networks will reach rural towns.",
                     "Telecommunications", True, id="wireless-networks-still-count"),
    ],
)
def test_an_airline_seat_a_cars_economy_american_football_or_a_wireless_gadget_is_not_the_topic(title, body, topic, expected):
    assert (topic in topics(body, title=title, published=MODERN_DATE)) is expected


@pytest.mark.parametrize(
    ("heading", "text", "expected"),
    [
        pytest.param("Sanctions bite", "It was a long day, and the talks ran late into the evening.", False,
                     id="a-heading-over-another-subject"),
        pytest.param("Sanctions bite", "The new sanctions cut the country's oil exports by a third.", True,
                     id="a-heading-over-its-subject"),
    ],
)
def test_a_subheading_given_apart_is_a_headline_only_over_text_about_it(heading, text, expected):
    # As the importer passes a page: the title apart, each section's heading apart. The one other
    # mention of sanctions, in the middle section, is too little by itself.
    mentions = tag_sections(
        ["Ministers met in Brussels on Monday to discuss the budget.",
         "Officials said the question of sanctions had come up only briefly.", text],
        gazetteer=GAZETTEER, published=MODERN_DATE, title="Ministers meet in Brussels", headings=[None, None, heading],
    )
    assert ("Sanctions" in {mention.name for mention in mentions if mention.kind == "topic"}) is expected


@pytest.mark.parametrize(
    ("title", "body", "topic", "expected"),
    [
        pytest.param("How we designed ATF: an async task framework",
                     "The Asynchronous Task Framework (ATF) runs jobs for 30 teams. ATF retries a task until it "
                     "completes, and ATF queues tasks by priority.", "Gun control", False,
                     id="atf-spelled-out-as-a-task-framework"),
        pytest.param("Audit finds less waste in ministries",
                     "Waste in ministries fell by a tenth, the official Council of People's Inspectors (CPI) reported. "
                     "The CPI said the CPI would audit the railways next.", "Inflation and cost of living", False,
                     id="cpi-spelled-out-as-an-inspectorate"),
        pytest.param("ATF agents seize rifles",
                     "Agents of the Bureau of Alcohol, Tobacco, Firearms and Explosives seized 40 rifles. The ATF said "
                     "the guns were sold without background checks, and ATF agents arrested two men.", "Gun control", True,
                     id="atf-the-bureau-still-counts"),
        pytest.param("Corruption index published",
                     "Transparency International published its Corruption Perceptions Index (CPI). The CPI ranks "
                     "Denmark first, and the CPI puts Somalia last.", "Inflation and cost of living", False,
                     id="a-spelling-sharing-only-a-generic-word"),
        pytest.param("WTO rules on tariffs",
                     "The WTO (which takes over) ruled. The WTO said the tariffs broke trade rules, and WTO judges "
                     "agreed with the WTO panel.", "Trade and tariffs", True, id="an-aside-in-brackets-spells-nothing"),
        pytest.param("UN food agency warns of hunger",
                     "The Food and Agriculture Organisation (FAO) warned of a poor harvest. The FAO said grain and "
                     "maize stocks were low and wheat prices would rise.", "Agricultural commodities", True,
                     id="a-spelling-that-shares-a-word-with-the-topic-still-counts"),
    ],
)
def test_an_acronym_the_article_spells_out_as_something_else_is_not_the_topic(title, body, topic, expected):
    assert (topic in topics(body, title=title, published=MODERN_DATE)) is expected


@pytest.mark.parametrize(
    ("title", "body", "expected"),
    [
        pytest.param("The sharing economy is a lie",
                     "Uber says it is part of the sharing economy. The gig economy pays drivers by the trip, and the "
                     "surveillance economy sells what they do.", False, id="business-models-named-economies"),
        pytest.param("The economy is slowing",
                     "The economy grew by a tenth of a point. Economists expect the economy to shrink next year.", True,
                     id="the-economy-still-counts"),
    ],
)
def test_a_business_model_called_an_economy_is_not_economy_and_growth(title, body, expected):
    assert ("Economy and growth" in topics(body, title=title, published=MODERN_DATE)) is expected


@pytest.mark.parametrize(
    ("title", "body", "expected"),
    [
        pytest.param("Space ship breaks up over Siberia",
                     "An unmanned cargo spaceship heading to the space station broke up. The cargo space ship had "
                     "lifted off on time, the space agency said, and the next cargo craft will fly in May.", False,
                     id="a-cargo-spaceship"),
        pytest.param("Flying Tigers adds air cargo routes",
                     "Flying Tigers said it has expanded its air cargo routes to Europe. Its cargo planes will fly "
                     "weekly, and cargo flights to Milan begin in June.", False, id="air-cargo"),
        pytest.param("Cargo ship runs aground",
                     "A cargo ship ran aground off the coast. The ship's cargo of grain was unloaded at the port.", True,
                     id="a-cargo-ship-at-sea-still-counts"),
        pytest.param("Forwarders scramble",
                     "Forwarders are scrambling for cargo space on ships. Cargo space is short, and freight rates rose.",
                     True, id="cargo-space-on-ships-still-counts"),
    ],
)
def test_cargo_that_flies_is_not_shipping(title, body, expected):
    assert ("Shipping and ports" in topics(body, title=title, published=MODERN_DATE)) is expected


@pytest.mark.parametrize(
    ("part", "expected"),
    [
        pytest.param(" ".join([FILLER] * 10 + ["Researchers link the swings to climate change."] + [FILLER] * 10), False,
                     id="a-long-part-naming-it-once"),
        pytest.param("Researchers link the swings to climate change. " + " ".join([FILLER] * 3), True,
                     id="a-short-part-naming-it-still-counts"),
    ],
)
@pytest.mark.parametrize("is_heading_apart", [True, False], ids=["heading-given-apart", "heading-as-first-line"])
def test_a_subheading_decides_a_topic_only_over_a_part_about_it(part, expected, is_heading_apart):
    heading = "Freeze-thaws linked to climate change imperil pipes"
    mentions = tag_sections(
        ["Burst pipes and manhole fires kept crews busy all week across the city.",
         part if is_heading_apart else f"{heading}\n\n{part}"],
        gazetteer=GAZETTEER, published=MODERN_DATE, title="How winter wreaks havoc under the streets",
        headings=[None, heading] if is_heading_apart else [],
    )
    assert ("Climate change" in {mention.name for mention in mentions if mention.kind == "topic"}) is expected


@pytest.mark.parametrize(
    ("title", "body", "expected"),
    [
        pytest.param("This API is so fetching",
                     'fetch("/data.json").then(function(res) { console.log(res.ok); console.log(res.status); });\n\n'
                     'if (!res.ok) { console.error("failed"); console.warn("retrying"); }', False,
                     id="console-in-program-code"),
        pytest.param("New console sells out",
                     "The new console sold out in an hour. Gamers queued overnight, and the console maker promised "
                     "more stock.", True, id="a-games-console-still-counts"),
    ],
)
def test_a_name_in_program_code_is_not_a_topic_word(title, body, expected):
    assert ("Video games" in topics(body, title=title, published=MODERN_DATE)) is expected


@pytest.mark.parametrize(
    ("body", "topic"),
    [
        pytest.param("Set DATABASES['default'] = config(). If DATABASES['default'] is empty, config() reads the "
                     "variable, and DATABASES['default'] is filled.", "Debt and bailouts", id="a-subscript"),
        pytest.param("Connect to mysql://user:password@host:port/db and to postgres://host:port/db; the host:port "
                     "pair comes from the environment.", "Shipping and ports", id="a-web-address-and-host-port"),
    ],
)
def test_a_word_in_code_or_a_web_address_is_not_a_topic_word(body, topic):
    assert topic not in topics(body, title="Reading the database address", published=MODERN_DATE)


@pytest.mark.parametrize(
    ("title", "body", "expected"),
    [
        pytest.param("Police arrest six in drug investigation",
                     "Officers found methamphetamine in her car. After stopping his vehicle, they searched the car "
                     "and found cannabis in her truck.", False, id="a-persons-car"),
        pytest.param("Workshop manual review",
                     "I have worked on my own vehicles since I was 17, and my car has never run better.", False,
                     id="the-writers-own-vehicles"),
        pytest.param("Carmaker recalls cars",
                     "The carmaker said its cars had a faulty brake. It will recall 40,000 vehicles, and car sales "
                     "fell by a tenth.", True, id="a-makers-cars-still-count"),
        pytest.param("Makers' sales",
                     "The makers said their cars sold well. Our cars are the best, one said, and their vehicles will "
                     "cost more.", True, id="makers-their-cars-still-count"),
        pytest.param("Towing rules",
                     "The owner of the vehicle(s) must pay. Each car(s) and vehicle(s) will be towed, and cars "
                     "parked there are fined.", True, id="plural-in-brackets-is-prose"),
    ],
)
def test_a_persons_own_car_is_not_the_motor_industry(title, body, expected):
    assert ("Cars and the motor industry" in topics(body, title=title, published=MODERN_DATE)) is expected


@pytest.mark.parametrize(
    ("title", "body", "topic", "expected"),
    [
        pytest.param("Raspberry Pi 3 - the credit card sized PC that costs $35",
                     "The credit card-sized computer sold out. A football pitch-sized warehouse holds the stock.",
                     "Banking", False, id="a-credit-card-sized-computer"),
        pytest.param("Card fraud rises",
                     "Credit card fraud rose by a fifth. Banks said credit card losses reached a record.", "Banking", True,
                     id="credit-cards-still-count"),
        pytest.param("Inflation and the vote",
                     "Inflation shaped the campaign. Prices shaped how people voted, and inflation shaped turnout.",
                     "Inflation and cost of living", True, id="the-verb-shaped-is-no-size"),
    ],
)
def test_a_thing_named_for_its_size_is_no_mention_of_it(title, body, topic, expected):
    assert (topic in topics(body, title=title, published=MODERN_DATE)) is expected


@pytest.mark.parametrize(
    ("title", "body", "expected"),
    [
        pytest.param("Satellite mapping aids Darfur relief",
                     "Aid workers are getting help from mapping. The maker of health and beauty aids sold its unit.", False,
                     id="aids-the-verb-and-the-noun"),
        pytest.param("BAYER CONFIRMS IT RECEIVED AIDS DAMAGE CLAIMS",
                     "Bayer said it had received claims. The company gave no details.", True,
                     id="aids-in-a-headline-in-capitals-still-counts"),
        pytest.param("Clinic opens", "The clinic treats people with Aids. Aids drugs will be free.", True,
                     id="aids-the-disease-still-counts"),
    ],
)
def test_aids_in_lower_case_is_a_word_not_the_disease(title, body, expected):
    assert ("Public health and pandemics" in topics(body, title=title, published=MODERN_DATE)) is expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param("Debian uses a default version of LLVM. The default configuration is in /etc, and browsers block "
                     "the cookies by default.", False, id="a-setting"),
        pytest.param("width (default: 70) is the line length. strip_comments [default: true] drops comments, and "
                     "default = None means no limit; levels (default `8`) are kept.", False, id="a-fields-value"),
        pytest.param("Argentina missed a payment and is in default. Bondholders fear a default on its debt.", True,
                     id="a-debt-default-still-counts"),
        pytest.param("Investors insured against losses caused by default. Losses caused by default hit the funds, and "
                     "Greece weighs the default option.", True, id="caused-by-default-and-the-default-option-still-count"),
    ],
)
def test_a_default_setting_is_not_a_debt_default(body, expected):
    assert ("Debt and bailouts" in topics(body, title="Notes", published=MODERN_DATE)) is expected
