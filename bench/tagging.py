"""Benchmark the tagger against hand labels: precision and recall per kind, median ms per article.

Usage: .venv/bin/python bench/tagging.py [--errors] [--title-apart] [--no-reuters] [--reuters-topic-errors TOPIC]
       [LABELS.jsonl ...]

Default label files, in tests/fixtures/tagging/ (one article a line, labelled by hand from the
text; sampled with fixed seeds from BBC politics/business 2004-05 and Reuters-21578 1987):
  labels.jsonl          44 articles, labelled first; the topic rule and vocabulary were tuned on it
  labels_holdout.jsonl  30 articles, labelled after that tuning; its first score is in the report
  labels_fresh.jsonl    20 articles, labelled last, after all tuning (when present)
  labels_dev2.jsonl     40 articles, labelled before the tagger ran on them; tuned on since
  labels_dev3.jsonl     36 articles sampled like labels_dev5.jsonl, labelled before the tagger
                        ran on them; tuned on (the development set of that kind of slice)
  labels_dev4.jsonl     36 more of that kind, labelled after the second topic tuning; its first
                        score is in docs/tagging.md; tuned on since
  labels_dev5.jsonl     36 articles (16 BBC of all five categories, 20 Reuters of any subject),
                        labelled before the second topic tuning without running the tagger on
                        them; frozen as labels_frozen2.jsonl until the third topic tuning (first
                        score P 0.818 / R 0.614), tuned on since
  labels_dev6.jsonl     44 articles (19 BBC of all five categories, 25 Reuters of any subject, seed
                        7171), labelled before the third topic tuning without running the tagger on
                        them; frozen as labels_frozen3.jsonl until the fourth topic tuning (one
                        score, P 0.825 / R 0.717), tuned on since
  labels_dev7.jsonl     50 articles (24 BBC, 26 Reuters, seed 9171), labelled before the tagger ran
                        on them (first score P 0.825 / R 0.746); tuned on in the fourth topic tuning
  labels_dev8.jsonl     94 articles (38 BBC of all five categories, 56 Reuters of any subject, seed
                        12171), labelled before the tagger ran on them (first score P 0.753 / R 0.691,
                        docs/tagging.md); a development file
  labels_dev9.jsonl     30 articles (12 BBC politics/business, 18 Reuters with people or places, seed 13),
                        labelled before the era/topic work; frozen as labels_frozen.jsonl until the
                        ninth topic attempt, tuned on since
  labels_dev10.jsonl    44 articles (19 BBC, 25 Reuters, seed 8171), frozen as labels_frozen4.jsonl
                        from the fourth topic tuning until the ninth attempt, tuned on since
  labels_dev11.jsonl    32 articles (14 BBC, 18 Reuters, seed 10171), frozen as labels_frozen5.jsonl
                        from the fifth topic attempt until the ninth, tuned on since
  labels_dev12.jsonl    42 articles (22 BBC, 20 Reuters, seed 11171), frozen as labels_frozen6.jsonl
                        from the sixth topic attempt until the ninth, tuned on since
  labels_frozen7.jsonl  40 articles (20 BBC of all five categories, tech only the pool's last 2; 20
                        Reuters of any subject, seed 13171), labelled and committed before the seventh
                        topic attempt without running the tagger on them; never tuned on, reported
                        apart and left out of "all files"
  labels_frozen8.jsonl  42 articles (22 BBC of all five categories, under 450 words since the pool under
                        300 was used up; 20 Reuters of any subject, seed 14171), labelled and committed
                        before the eighth topic attempt without running the tagger on them; never tuned
                        on, reported apart and left out of "all files"
  labels_frozen9.jsonl  42 articles (22 BBC of all five categories under 450 words, 20 Reuters of any
                        subject, seed 15171), labelled twice, blind (agreement/labels_frozen9_second.jsonl),
                        and committed before the ninth topic attempt without running the tagger on
                        them; never tuned on, reported apart and left out of "all files"
  labels_dev13.jsonl    240 articles (120 BBC of all five categories under 600 words, 120 Reuters of any
                        subject, seed 17171), labelled by four labellers before the tagger ran on them
                        (first score in docs/tagging.md); a development file
  labels_frozen10.jsonl 42 articles (22 BBC under 450 words, 20 Reuters, seed 16171), labelled twice,
                        blind (agreement/labels_frozen10_second.jsonl), and committed before the tenth
                        topic attempt without running the tagger on them; never tuned on, reported
                        apart and left out of "all files"
  labels_frozen11.jsonl 42 articles (22 BBC under 450 words, 20 Reuters, seed 18171), labelled twice,
                        blind (agreement/labels_frozen11_second.jsonl), in the middle of the twelfth topic
                        attempt without running the tagger on them; never tuned on, reported apart and
                        left out of "all files"
  labels_dev14.jsonl    300 articles (150 BBC of all five categories under 600 words, 150 Reuters of any
                        subject, seed 19171), labelled by six labellers without running the tagger on them
                        (first score in docs/tagging.md, thirteenth attempt); a development file
  labels_dev15.jsonl, labels_dev16.jsonl, labels_dev17.jsonl
                        modern web pages of the AEB and Readability sets (112, 60 and 27; dev17 is 27
                        long pages drawn out of labels_frozen13.jsonl at the sixteenth attempt);
                        development files
  labels_frozen13.jsonl 30 long modern web pages (1,201-6,000 words); never tuned on, reported apart
                        and left out of "all files" (the fixtures README tells how each was drawn)
Topics after the fourth topic tuning (docs/tagging.md; before = main at 56e222a; the slices
under their names of the time):
  set                                    before P / R    after P / R
  tuned files (the nine dev files)       0.897 / 0.848   0.915 / 0.882
  labels_dev7.jsonl (first score before) 0.825 / 0.746   0.915 / 0.857
  labels_frozen4.jsonl (scored once)     0.756 / 0.633   0.791 / 0.694
  labels_frozen.jsonl                   0.711 / 0.818   0.711 / 0.818
  labels_frozen5.jsonl (fifth attempt: a learned supplement, not adopted; rules unchanged, scored once)
                                         0.864 / 0.655   0.864 / 0.655
  Reuters mapped topics, TRAIN / TEST    0.906 / 0.864   0.908 / 0.866  (TEST 0.919 / 0.862 -> 0.922 / 0.864)
Topics after the sixth attempt (a vocabulary review of all 86 topics; docs/tagging.md):
  set                                    before P / R    after P / R
  development files (the nine dev files) 0.915 / 0.882   0.916 / 0.897
  labels_frozen6.jsonl (scored once)     0.826 / 0.760   0.827 / 0.860
  labels_frozen5.jsonl                   0.864 / 0.655   0.815 / 0.759
  labels_frozen4.jsonl                   0.791 / 0.694   0.776 / 0.776
  labels_dev8.jsonl (not tuned on)       0.753 / 0.691   0.745 / 0.753
  Reuters mapped topics, TRAIN / TEST    0.908 / 0.866   0.908 / 0.871  (TEST 0.922 / 0.864 -> 0.918 / 0.870)
Topics after the seventh attempt (precision by classes of error; docs/tagging.md; bench/topic_errors.py):
  set                                    before P / R    after P / R
  development files (the ten dev files)  0.881 / 0.868   0.919 / 0.862
  labels_dev8.jsonl                      0.745 / 0.753   0.849 / 0.753
  Reuters mapped topics, TRAIN           0.908 / 0.871   0.916 / 0.867  (TEST and the frozen slices not scored)
Topics after the eighth attempt (sentences about another story or the past; docs/tagging.md):
  set                                    before P / R    after P / R
  development files (the ten dev files)  0.919 / 0.862   0.931 / 0.862
  labels_dev8.jsonl                      0.849 / 0.753   0.880 / 0.753
  Reuters mapped topics, TRAIN           0.916 / 0.867   0.916 / 0.867  (the same tags; TEST and the frozen slices not scored)
Scores are micro-averaged over (article, name) pairs. BBC items carry no date (published=None).
Each label's section 0 starts with the title line; --title-apart passes it as title= instead,
as the importer does (it stores paragraphs only).

Then, unless --no-reuters, the whole Reuters-21578 corpus (../shared/data/corpus/, see its
SOURCE.md) is tagged as the importer would (title apart, dated) and checked against its index
terms: recall of `people` labels whose person is in the gazetteer (one leader answering to the
label and holding a role on the article's date, to the day where the gazetteer knows it), also
for headline-only items; the share of articles naming the Soviet Union that are tagged with it;
the share of articles Reuters placed in a former state that are tagged with it, and (West
Germany) how many of the rest name it in some form; leader tags whose person held no role on the
article's date (a wrong person: the target is 0); and the people of the gazetteer the articles
name out of role ("Donald Trump" in 1987, Alan Greenspan before 11 August 1987), which are not
leader tags, listed, with how many of them Reuters labelled (Reuters indexes people by mention).
Then its topics: per mapped topic (REUTERS_TOPIC_CODES), precision and recall against the
human TOPICS categories, on Lewis's TRAIN (+ NOT-USED) split, where topic errors may be read
(--reuters-topic-errors), and on the TEST split, reported apart and not read for tuning.
Last, BBC News by category: the share of articles with a sport topic and with a business topic.
"""

import argparse
import gzip
import json
import re
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from articles.tagging import (  # noqa: E402
    build_tagger,
    load_gazetteer,
    rules,  # noqa: E402
    tag_sections,
)
from articles.tagging.text import fold_text  # noqa: E402

LABELS_DIRECTORY = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "tagging"
DEFAULT_LABEL_FILES = (
    "labels.jsonl", "labels_holdout.jsonl", "labels_fresh.jsonl", "labels_dev2.jsonl", "labels_dev3.jsonl",
    "labels_dev4.jsonl", "labels_dev5.jsonl", "labels_dev6.jsonl", "labels_dev7.jsonl", "labels_dev8.jsonl",
    "labels_dev9.jsonl", "labels_dev10.jsonl", "labels_dev11.jsonl", "labels_dev12.jsonl",
    "labels_dev13.jsonl", "labels_dev14.jsonl", "labels_dev15.jsonl", "labels_dev16.jsonl", "labels_dev17.jsonl",
    "labels_frozen7.jsonl",
    "labels_frozen8.jsonl", "labels_frozen9.jsonl", "labels_frozen10.jsonl", "labels_frozen11.jsonl",
    "labels_frozen13.jsonl",
)
FROZEN_LABEL_FILES = (
    "labels_frozen7.jsonl", "labels_frozen8.jsonl", "labels_frozen9.jsonl", "labels_frozen10.jsonl",
    "labels_frozen11.jsonl", "labels_frozen13.jsonl",
)  # never tuned on: scores only
REUTERS_CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "corpus" / "reuters21578.jsonl.gz"
SOVIET_UNION_RE = re.compile(r"\bSoviet Union\b|\bUSSR\b|\bU\.S\.S\.R\b", re.IGNORECASE)
# Reuters place codes of states that no longer exist -> their gazetteer names.
REUTERS_FORMER_STATES = {"ussr": "Soviet Union", "west-germany": "West Germany", "east-germany": "East Germany",
                         "yugoslavia": "Yugoslavia", "czechoslovakia": "Czechoslovakia", "zaire": "Zaire", "burma": "Burma"}
# Reuters place codes that are not a gazetteer name or alias written with hyphens.
REUTERS_PLACE_NAMES = {"usa": "United States", "uk": "United Kingdom", "uae": "United Arab Emirates",
                       "kampuchea": "Cambodia", "trinidad-tobago": "Trinidad and Tobago", "antigua": "Antigua and Barbuda",
                       "yemen-arab-republic": "North Yemen", "yemen-demo-republic": "South Yemen",
                       "us-virgin-islands": "United States Virgin Islands", **REUTERS_FORMER_STATES}
SOVIET_RE = re.compile(r"\bSoviets?\b", re.IGNORECASE)  # also "Soviet officials", "the Soviets"
# West Germany named in some form in 1987 copy: its names and demonyms (also "W. German"), a
# "German" not preceded by "East", the Federal Republic, Bonn, the Bundesbank. Reuters' places say
# where a story is, so an article placed in west-germany need not name it ("Frankfurt", "marks",
# "Hoechst AG"): misses are split into those naming it and the rest.
NAMES_WEST_GERMANY_RE = re.compile(
    r"\b(?:West|W\.) ?German(?:y|s)?\b|(?<!East )(?<!EAST )\bGerman(?:y|s)?\b|\bFederal Republic\b|\bBonn\b|\bBundesbank\b",
    re.IGNORECASE,
)
KINDS = {"leader": "leaders", "country": "countries", "topic": "topics"}  # kind -> label field
TIMING_ROUNDS = 20
# Reuters-21578 TOPICS categories -> the topic of ours that an editor would file the item under.
# Only categories that clearly mean one of our topics are mapped; a topic's precision counts its
# tags on items without any of its codes as false, so it is a lower bound (Reuters coded only its
# own 135 categories: an item about the economy filed only under "trade" has no "gnp").
# - commodity codes go to the commodity family: every crop, oilseed, soft, livestock and feed code
#   to Agricultural commodities; every metal to Metals and mining; crude, natural gas and the
#   refined products (gas = gasoline, heat = heating oil, fuel, jet, propane, naphtha) to Oil and
#   gas. Not mapped: pet-chem (chemicals), lumber, plywood.
# - interest and money-supply (central bank rate and monetary-aggregate stories) -> Central banks.
# - money-fx ("money/foreign exchange") and every currency code -> Currencies. money-fx also
#   holds money-market operations of central banks ("Bank of England provides 300 mln stg
#   assistance"), so that topic's recall is measured against a partly wider category.
# - gnp, ipi (industrial production), lei (leading indicators) and retail -> Economy and growth;
#   cpi and wpi -> Inflation; jobs -> Jobs and unemployment; housing -> Housing and property;
#   ship -> Shipping and ports; trade -> Trade and tariffs; acq and earn as named.
# - Not mapped: bop, reserves, income, inventories, instal-debt, cpu (each spans several of ours).
# REUTERS_ALSO_FITTING: codes on which a topic's tag is not counted false, though the code does
# not require the topic: money-fx holds central banks' money-market operations and interventions,
# so a Central banks tag on a money-fx item is right; official reserves (reserves) are held by
# central banks in gold and currencies.
REUTERS_TOPIC_CODES = {
    "Mergers and acquisitions": {"acq"},
    "Corporate earnings": {"earn"},
    "Oil and gas": {"crude", "nat-gas", "gas", "heat", "fuel", "jet", "propane", "naphtha"},
    "Central banks and interest rates": {"interest", "money-supply"},
    "Currencies and exchange rates": {
        "money-fx", "dlr", "yen", "stg", "dmk", "austdlr", "nzdlr", "saudriyal", "dfl", "rand", "lit", "nkr",
        "sfr", "peseta", "ringgit", "rupiah", "skr", "dkr", "cruzado", "bfr", "hk",
    },
    "Trade and tariffs": {"trade"},
    "Agricultural commodities": {
        "grain", "wheat", "corn", "oilseed", "sugar", "coffee", "veg-oil", "soybean", "livestock", "cocoa", "carcass",
        "rice", "cotton", "barley", "meal-feed", "rubber", "palm-oil", "sorghum", "rapeseed", "orange", "soy-meal",
        "hog", "soy-oil", "sunseed", "tea", "oat", "groundnut", "l-cattle", "sun-oil", "rape-oil", "coconut-oil",
        "potato", "coconut", "tapioca", "pork-belly", "copra-cake", "palmkernel", "cotton-oil", "f-cattle", "linseed",
        "lin-oil", "rye", "groundnut-oil", "cornglutenfeed", "wool", "castor-oil", "sun-meal", "red-bean",
        "citruspulp", "rape-meal", "corn-oil", "castorseed", "lin-meal", "cottonseed", "fishmeal",
    },
    "Metals and mining": {
        "gold", "copper", "iron-steel", "alum", "zinc", "silver", "lead", "tin", "strategic-metal", "platinum",
        "nickel", "palladium",
    },
    "Jobs and unemployment": {"jobs"},
    "Inflation and cost of living": {"cpi", "wpi"},
    "Economy and growth": {"gnp", "ipi", "lei", "retail"},
    "Housing and property": {"housing"},
    "Shipping and ports": {"ship"},
}
BBC_CORPUS = REUTERS_CORPUS.parent / "bbc_news.jsonl.gz"


def reuters_items_with_topics(excluded_ids: set[str]):
    """Yield (item, its body with whitespace runs joined) for the Reuters items with a body and TOPICS codes.

    Items whose id is in excluded_ids (the label files' items) are left out.
    """
    with gzip.open(REUTERS_CORPUS, "rt", encoding="utf-8") as lines:
        for line in lines:
            article = json.loads(line)
            body = " ".join(article["body"].split())
            if article["topics"] and body and article["id"] not in excluded_ids:
                yield article, body
# BBC News has coarse categories only: a sanity check that sport topics stay on sport pages
# and business topics on business pages (neither is complete: no golf or boxing topic exists).
BBC_SPORT_TOPICS = {"Football", "Tennis", "Rugby", "Athletics and Olympics", "Cricket", "Doping in sport"}
BBC_BUSINESS_TOPICS = {
    "Corporate earnings", "Mergers and acquisitions", "Stock markets", "Economy and growth",
    "Central banks and interest rates", "Currencies and exchange rates", "Trade and tariffs",
}
REUTERS_ALSO_FITTING = {
    "Central banks and interest rates": {"money-fx", "reserves"},
    "Currencies and exchange rates": {"reserves"},
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("labels", nargs="*", type=Path, help="JSONL files of labelled articles (default: all shipped)")
    parser.add_argument("--errors", action="store_true",
                        help="list every false positive and false negative (never those of the frozen slices)")
    parser.add_argument("--title-apart", action="store_true", help="pass the title line as title=, like the importer")
    parser.add_argument("--no-reuters", action="store_true", help="skip the Reuters-21578 index-term report")
    parser.add_argument("--reuters-topic-errors", metavar="TOPIC", default="",
                        help="list the Reuters TRAIN items this topic gets wrong (never the TEST split)")
    arguments = parser.parse_args()
    label_files = arguments.labels or [
        LABELS_DIRECTORY / name for name in DEFAULT_LABEL_FILES if (LABELS_DIRECTORY / name).exists()
    ]
    gazetteer = load_gazetteer()
    started = time.perf_counter()
    build_tagger(gazetteer)
    print(f"matcher built in {(time.perf_counter() - started) * 1000:.0f} ms")
    totals = new_counts()
    durations: list[float] = []
    for label_file in label_files:
        articles = [json.loads(line) for line in label_file.read_text(encoding="utf-8").splitlines() if line.strip()]
        counts = new_counts()
        is_frozen = label_file.name in FROZEN_LABEL_FILES  # --errors never lists a frozen slice's errors
        for article in articles:
            score_article(
                article, gazetteer, counts, durations, show_errors=arguments.errors and not is_frozen,
                is_title_apart=arguments.title_apart,
            )
        print_table(f"{label_file.name} ({len(articles)} articles)", counts)
        if is_frozen:
            continue
        for kind in KINDS:
            for key in ("tp", "fp", "fn"):
                totals[kind][key] += counts[kind][key]
    if len(label_files) > 1:
        print_table(f"all files but {' and '.join(FROZEN_LABEL_FILES)}", totals)
    print(f"\nmedian {statistics.median(durations) * 1000:.2f} ms per article "
          f"(p90 {statistics.quantiles(durations, n=10)[-1] * 1000:.2f} ms)")
    if not arguments.no_reuters and REUTERS_CORPUS.exists():
        report_reuters(gazetteer, show_errors=arguments.errors)
        report_reuters_topics(gazetteer, label_files=label_files, error_topic=arguments.reuters_topic_errors)
    if not arguments.no_reuters and BBC_CORPUS.exists():
        report_bbc_topics(gazetteer)


def report_reuters(gazetteer, *, show_errors: bool) -> None:
    """Print the Reuters-21578 people recall, Soviet Union share and out-of-role leader tags."""
    leaders_by_label = index_leaders_by_label(gazetteer)
    people = {"all": [0, 0], "headline-only": [0, 0]}  # [tagged, labelled]
    soviet = [0, 0]
    soviet_word = [0, 0]
    indexed: dict[str, list[int]] = {code: [0, 0] for code in REUTERS_FORMER_STATES}
    west_germany_misses: dict[bool, list[str]] = {True: [], False: []}  # names it in some form -> articles
    wrong_person: dict[tuple[str, bool], int] = {}
    out_of_role: dict[str, list[str]] = {}  # person -> sentences naming them out of role
    out_of_role_labelled: list[str] = []
    labels_out_of_role: list[str] = []
    codes = codes_by_leader(leaders_by_label)
    # Every place code -> its country; places[0] counts (article, place) pairs tagged, [1] all
    # such pairs, [2] country tags of places Reuters did not give (many are named in passing).
    place_names = {fold_text(surface).lower().replace(" ", "-"): country.name
                   for country in gazetteer.countries for surface in (country.name, *country.aliases)}
    place_names.update(REUTERS_PLACE_NAMES)
    places = [0, 0, 0]
    misses = []
    durations = []
    with gzip.open(REUTERS_CORPUS, "rt", encoding="utf-8") as lines:
        for line in lines:
            article = json.loads(line)
            published = date.fromisoformat(article["date"][:10]) if article["date"] else None
            body = " ".join(article["body"].split())  # the wire's hard wraps joined, as in the labels
            started = time.perf_counter()
            tagged = build_tagger(gazetteer).read([body], published=published, title=article["title"])
            durations.append(time.perf_counter() - started)
            mentions = tagged.mentions
            for person in tagged.people_out_of_role:
                out_of_role.setdefault(person.name, []).append(f"{article['id']} {published} “{person.matched}”: {person.sentence[:110]}")
                if codes.get(person.name, set()) & set(article["people"]):
                    out_of_role_labelled.append(f"{article['id']} {person.name}")
            leaders = {mention.name for mention in mentions if mention.kind == "leader"}
            countries = {mention.name for mention in mentions if mention.kind == "country"}
            for label in article["people"]:
                candidates = [
                    leader for leader in leaders_by_label.get(label, ())
                    if published is None or not leader.roles or leader.has_role_in(published)
                ]
                if len(candidates) != 1:
                    if not candidates and leaders_by_label.get(label):
                        labels_out_of_role.append(f"{article['id']} {label}")
                    continue
                kinds = ("all", "headline-only") if not body.strip() else ("all",)
                for kind in kinds:
                    people[kind][1] += 1
                    people[kind][0] += candidates[0].name in leaders
                if candidates[0].name not in leaders:
                    misses.append(f"{article['id']} {label}: {article['title'][:70]}")
            placed = {place_names[code] for code in article["places"] if code in place_names}
            places[0] += len(placed & countries)
            places[1] += len(placed)
            places[2] += len(countries - placed)
            if SOVIET_UNION_RE.search(article["title"] + " " + body):
                soviet[1] += 1
                soviet[0] += "Soviet Union" in countries
            for code, name in REUTERS_FORMER_STATES.items():
                if code in article["places"]:
                    indexed[code][1] += 1
                    indexed[code][0] += name in countries
                    if code == "west-germany" and name not in countries:
                        is_named = NAMES_WEST_GERMANY_RE.search(article["title"] + " " + body) is not None
                        west_germany_misses[is_named].append(f"{article['id']} {article['title'][:70]}")
            if SOVIET_RE.search(article["title"] + " " + body):
                soviet_word[1] += 1
                soviet_word[0] += "Soviet Union" in countries
            if published is not None:
                for name in leaders:
                    leader = leaders_by_name(gazetteer)[name]
                    if leader.roles and not leader.has_role_in(published):
                        is_head = any(role.title.lower() in rules.HEAD_OF_STATE_TITLES for role in leader.roles)
                        wrong_person[(name, is_head)] = wrong_person.get((name, is_head), 0) + 1
    print("\nReuters-21578 (title apart, dated), against its index terms")
    for kind, (tagged, labelled) in people.items():
        print(f"people labels in the gazetteer, {kind:<13} recall {tagged / max(labelled, 1):.3f} ({tagged}/{labelled})")
    print(f"country places (Reuters `places`) tagged        recall {places[0] / max(places[1], 1):.3f} "
          f"({places[0]}/{places[1]}); tags of countries not in places: {places[2]}")
    print(f"articles naming the Soviet Union tagged Soviet Union  {soviet[0] / max(soviet[1], 1):.3f} ({soviet[0]}/{soviet[1]})")
    print(f"articles with the word Soviet tagged Soviet Union     {soviet_word[0] / max(soviet_word[1], 1):.3f} ({soviet_word[0]}/{soviet_word[1]})")
    for code, (tagged, labelled) in indexed.items():
        print(f"articles Reuters placed in {code:<13} tagged {REUTERS_FORMER_STATES[code]:<13} {tagged / max(labelled, 1):.3f} ({tagged}/{labelled})")
    named, unnamed = west_germany_misses[True], west_germany_misses[False]
    print(f"  west-germany articles not tagged West Germany: {len(named) + len(unnamed)}; naming it in some form "
          f"(West/W. German(y), German not after East, Federal Republic, Bonn, Bundesbank): {len(named)}; "
          f"naming it in none (Frankfurt, marks, AG ...): {len(unnamed)}")
    if show_errors:
        for miss in named:
            print(f"    names West Germany, not tagged: {miss}")
    heads = sum(count for (_, is_head), count in wrong_person.items() if is_head)
    print(f"leader tags whose person held no role on the article's date (wrong person): {sum(wrong_person.values())} "
          f"({heads} of heads of state or government)")
    for (name, is_head), count in sorted(wrong_person.items(), key=lambda item: -item[1]):
        print(f"  {count:>4}  {name}{'  (head)' if is_head else ''}")
    mentioned = sum(len(sentences) for sentences in out_of_role.values())
    print(f"people mentioned out of role (not leader tags): {mentioned} mentions of {len(out_of_role)} people; "
          f"labelled by Reuters: {len(out_of_role_labelled)} {out_of_role_labelled[:5]}")
    for name, sentences in sorted(out_of_role.items(), key=lambda item: (-len(item[1]), item[0])):
        print(f"  {len(sentences):>4}  {name:<28} {sentences[0]}")
    print(f"people labels whose gazetteer person held no role on the article's date (not counted above): {len(labels_out_of_role)} "
          f"{labels_out_of_role[:8]}")
    print(f"median {statistics.median(durations) * 1000:.2f} ms per Reuters article")
    if show_errors:
        for miss in misses:
            print(f"  missed {miss}")


def report_reuters_topics(gazetteer, *, label_files: list[Path], error_topic: str) -> None:
    """Print per-topic precision and recall against the Reuters TOPICS categories (REUTERS_TOPIC_CODES).

    Only items with a body and at least one TOPICS code count: an item without codes was often
    never categorised, so the absence of a code there is no evidence. Items of the label files
    are left out, the frozen slices above all.
    """
    # Every shipped label file counts, not only those scored in this run: otherwise
    # --reuters-topic-errors would list the items of a frozen slice left off the command line.
    every_label_file = set(label_files) | set(LABELS_DIRECTORY.glob("labels*.jsonl"))
    labelled_ids = {
        json.loads(line)["id"] for label_file in every_label_file
        for line in label_file.read_text(encoding="utf-8").splitlines() if line.strip()
    }
    counts = {split: {topic: {"tp": 0, "fp": 0, "fn": 0} for topic in REUTERS_TOPIC_CODES} for split in ("TRAIN", "TEST")}
    items = {"TRAIN": 0, "TEST": 0}
    for article, body in reuters_items_with_topics(labelled_ids):
        split = "TEST" if article["lewis_split"] == "TEST" else "TRAIN"
        items[split] += 1
        published = date.fromisoformat(article["date"][:10]) if article["date"] else None
        mentions = tag_sections([body], gazetteer=gazetteer, published=published, title=article["title"])
        found = {mention.name for mention in mentions if mention.kind == "topic"}
        for topic, codes in REUTERS_TOPIC_CODES.items():
            is_expected, is_found = bool(codes & set(article["topics"])), topic in found
            is_fitting = is_expected or bool(REUTERS_ALSO_FITTING.get(topic, set()) & set(article["topics"]))
            key = "tp" if is_expected and is_found else "fp" if is_found and not is_fitting else "fn" if is_expected else ""
            if key:
                counts[split][topic][key] += 1
            if key in ("fp", "fn") and split == "TRAIN" and topic == error_topic:
                print(f"  {key} {article['id']:<14} {article['topics']} {article['title'][:70]}")
    for split, by_topic in counts.items():
        print(f"\nReuters-21578 topics, Lewis {split} split ({items[split]} items with a body and TOPICS codes)")
        print(f"{'topic':<34} {'precision':>9} {'recall':>7} {'tp':>5} {'fp':>5} {'fn':>5}")
        total = {"tp": 0, "fp": 0, "fn": 0}
        for topic, count in by_topic.items():
            print_topic_row(topic, count)
            for key in total:
                total[key] += count[key]
        print_topic_row("all mapped topics", total)


def report_bbc_topics(gazetteer) -> None:
    """Print, per BBC News category, the share of articles with a sport topic and with a business topic."""
    shares: dict[str, list[int]] = {}  # category -> [articles, with a sport topic, with a business topic]
    with gzip.open(BBC_CORPUS, "rt", encoding="utf-8") as lines:
        for line in lines:
            article = json.loads(line)
            mentions = tag_sections([article["body"]], gazetteer=gazetteer, title=article["title"])
            found = {mention.name for mention in mentions if mention.kind == "topic"}
            counts = shares.setdefault(article["category"], [0, 0, 0])
            counts[0] += 1
            counts[1] += bool(found & BBC_SPORT_TOPICS)
            counts[2] += bool(found & BBC_BUSINESS_TOPICS)
    print("\nBBC News (title apart), share of articles per category with a sport / a business topic")
    for category, (articles, sport, business) in sorted(shares.items()):
        print(f"{category:<14} {articles:>4} articles  sport {sport / articles:.3f}  business {business / articles:.3f}")


def print_topic_row(topic: str, count: dict[str, int]) -> None:
    tp, fp, fn = count["tp"], count["fp"], count["fn"]
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    print(f"{topic:<34} {precision:>9.3f} {recall:>7.3f} {tp:>5} {fp:>5} {fn:>5}")


LEADERS_BY_NAME: dict[int, dict] = {}


def leaders_by_name(gazetteer) -> dict:
    """Return canonical name -> LeaderEntry, computed once per gazetteer."""
    if id(gazetteer) not in LEADERS_BY_NAME:
        LEADERS_BY_NAME[id(gazetteer)] = {leader.name: leader for leader in gazetteer.leaders}
    return LEADERS_BY_NAME[id(gazetteer)]


def codes_by_leader(leaders_by_label: dict[str, list]) -> dict[str, set[str]]:
    """Return leader name -> the Reuters person codes that may mean them."""
    codes: dict[str, set[str]] = {}
    for code, leaders in leaders_by_label.items():
        for leader in leaders:
            codes.setdefault(leader.name, set()).add(code)
    return codes


def index_leaders_by_label(gazetteer) -> dict[str, list]:
    """Return Reuters person code ("reagan", "zhao-ziyang", "king-fahd") -> leaders it may mean.

    A code means a leader whose name or alias, folded and hyphenated, is the code or ends with
    "-" + code.
    """
    index: dict[str, list] = {}
    for leader in gazetteer.leaders:
        codes = set()
        for surface in (leader.name, *leader.aliases):
            words = re.sub(r"[^a-z ]", "", fold_text(surface).lower().replace("-", " ")).split()
            for first in range(len(words)):
                codes.add("-".join(words[first:]))
        for code in codes:
            index.setdefault(code, []).append(leader)
    return index


def new_counts() -> dict[str, dict[str, int]]:
    return {kind: {"tp": 0, "fp": 0, "fn": 0} for kind in KINDS}


def score_article(
    article: dict, gazetteer, counts: dict, durations: list[float], *, show_errors: bool, is_title_apart: bool
) -> None:
    """Add the article's true/false positives to counts and its tagging times to durations."""
    published = date.fromisoformat(article["published"]) if article["published"] else None
    sections, title = list(article["sections"]), None
    if is_title_apart:
        title, _, sections[0] = sections[0].partition("\n\n")
    mentions = tag_sections(sections, gazetteer=gazetteer, published=published, title=title)
    for _ in range(TIMING_ROUNDS):
        started = time.perf_counter()
        tag_sections(sections, gazetteer=gazetteer, published=published, title=title)
        durations.append(time.perf_counter() - started)
    for kind, field in KINDS.items():
        found = {mention.name for mention in mentions if mention.kind == kind}
        expected = set(article[field])
        counts[kind]["tp"] += len(found & expected)
        counts[kind]["fp"] += len(found - expected)
        counts[kind]["fn"] += len(expected - found)
        if show_errors and found != expected:
            print(f"  {article['id']:<22} {kind:<8} extra={sorted(found - expected)} missing={sorted(expected - found)}")


def print_table(title: str, counts: dict) -> None:
    print(f"\n{title}\n{'kind':<8} {'precision':>9} {'recall':>7} {'tp':>4} {'fp':>4} {'fn':>4}")
    for kind in KINDS:
        tp, fp, fn = counts[kind]["tp"], counts[kind]["fp"], counts[kind]["fn"]
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        print(f"{kind:<8} {precision:>9.3f} {recall:>7.3f} {tp:>4} {fp:>4} {fn:>4}")


if __name__ == "__main__":
    main()
