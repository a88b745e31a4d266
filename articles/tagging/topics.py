"""Topic phrases -> topics an article is about, with the weight rule of rules.py."""

import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import NamedTuple

from articles.tagging import rules
from articles.tagging.cues import BANKING_TOPIC, DEAL_TOPIC, EARNINGS_TOPIC, SOURCE_AFTER, find_headline_cues
from articles.tagging.matcher import Matcher
from articles.tagging.text import find_sentence_spans, rfind_character
from articles.tagging.types import LocatedName

# The end of a company's name after a word of it: up to three more name words (or "and", "&":
# "Gaming and Technology Inc"), then a legal form or a wire ticker. In running text the name is
# capitalised ("Ashland Oil Inc", "Alaska Housing Finance Corp"), which keeps "acquisition of
# International Steel Group" out; a headline in capitals has lost its casing, so any words may
# continue the name there.
LEGAL_FORMS = "|".join(
    re.escape(variant) for form in rules.COMPANY_LEGAL_FORMS for variant in {form, form.capitalize(), form.upper()}
)
COMPANY_NAME_END_IN_TEXT = re.compile(r"(?:[ \t]+(?:[A-Z][\w&'.-]*|and|&)){0,3}?[ \t]*(?:<|\b(?:" + LEGAL_FORMS + r")\b)")
COMPANY_NAME_END_IN_HEADLINE = re.compile(r"(?:[ \t]+[\w&'.-]+){0,3}?[ \t]*(?:<|\b(?:" + LEGAL_FORMS + r")\b)", re.IGNORECASE)
# An institution named as a speaker's affiliation ("Federal Reserve Board chairman Paul
# Volcker", "World Bank President Barber Conable") says who speaks, not what about: no weight.
AFFILIATION_AFTER = re.compile(r"[ \t]+(?:" + "|".join(rules.AFFILIATION_TITLES) + r")\b", re.IGNORECASE)
# A role written before a person's name ("Foreign Secretary Jack Straw will visit Auschwitz",
# "Education Secretary Ruth Kelly said") says who the person is, not what the story is about:
# a capitalised hit followed by a capitalised name of two words (an honorific may come first).
PERSON_NAME_AFTER = re.compile(r"[ \t]+(?:(?:" + "|".join(re.escape(word) for word in rules.HONORIFICS) + r")[ \t]+)?[A-Z][a-z]+(?:[ \t]+[A-Z][\w'-]+)")
# rules.NOT_TOPIC_FOLLOWERS compiled: the words after a phrase, after a space or a hyphen, that
# make it another term ("fiscal year", "profit-taking").
NOT_TOPIC_AFTER = {
    phrase: re.compile(r"(?:[ \t]+|-)(?:" + "|".join(followers) + r")\b", re.IGNORECASE)
    for phrase, followers in rules.NOT_TOPIC_FOLLOWERS.items()
}
# rules.NOT_TOPIC_PRECEDERS compiled: the words that, right before a phrase (after a space or a
# hyphen), make it another word ("to ship", "land mines", "with-profits"); searched in the
# characters before the hit.
NOT_TOPIC_BEFORE = {
    phrase: re.compile(r"(?<!\w)(?<!\w['-])(?:" + "|".join(preceders) + r")(?:[ \t]+|-)$", re.IGNORECASE)
    for phrase, preceders in rules.NOT_TOPIC_PRECEDERS.items()
}
# Marks of program code or a web address in a run of text without spaces: a dot between two
# names in lower case ("console.log", "res.headers"; not an abbreviation, "u.n."), an address
# ("://", "www."), a name with an underscore ("dj_database_url"), a subscript ("['default']"),
# code's braces and signs ("x=port") or host and port ("host:port"). An editor's brackets in a
# quotation ("[Oil prices]") are prose, and so are backticks, which old wire copy uses as quote
# marks ("``Inflation is high,''").
CODE_REACH = 200
PLURAL_IN_BRACKETS = re.compile(r"\((?:s|es)\)")  # "vehicle(s)" is prose, not a call
SPACE = re.compile(r"\s")
LAST_SPACE = re.compile(r"\s\S*$")
ASSIGNMENT_AFTER = re.compile(r"[ \t]*=(?!=)")
LABEL_AFTER = re.compile(r"[ \t]*[:`]")
CODE_MARKS = re.compile(r"[a-z_\d)]{2}\.[a-z_]{2}|://|\bwww\.|\w_\w|\[['\"]|['\"]\]|[{}=]|[a-z]:[a-z]")
# A thing named for its size is no mention of it: "a credit card-sized computer", "a football
# pitch-sized hole" (any phrase).
SIZE_AFTER = re.compile(r"(?:[ \t]+|-)sized\b|-shaped\b", re.IGNORECASE)
PRECEDER_REACH = 40  # characters before a hit searched for a preceder
RATING_ACTION = re.compile(rules.RATING_ACTION_HEADLINE, re.IGNORECASE)
# rules.TOPIC_RELATED_STORY_CUES, rules.TOPIC_BACKGROUND_CUES and rules.TOPIC_RELATED_STORY_OPENERS
# compiled, and a year after a preposition or "the" ("in 1987", "the 1975 referendum"): a sentence
# about something else than the story (see is_aside_sentence). Matched on the lower-cased sentence.
ASIDE_CUE = re.compile(r"\b(?:" + "|".join((*rules.TOPIC_RELATED_STORY_CUES, *rules.TOPIC_BACKGROUND_CUES)) + r")\b")
ASIDE_OPENER = re.compile(r"(?:^|,)[ \t]*(?:" + "|".join(rules.TOPIC_RELATED_STORY_OPENERS) + r")\b")
YEAR = re.compile(r"\b(?:19|20)\d\d\b")
YEAR_AS_TIME = re.compile(r"\b(?:in|since|until|from|of|the)[ \t]+((?:19|20)\d\d)\b")
# A bank's name: a name word, then a word of rules.BANK_NAME_WORDS ("First Citizens Bank",
# "Suburban Bancorp"); group 1 is the word before it, checked against rules.BANK_NAME_NOT_AFTER.
BANK_WORDS = "|".join(re.escape(word) for word in rules.BANK_NAME_WORDS)
BANK_NAME_IN_TEXT = re.compile(r"([A-Z][\w&'.-]*)[ \t]+(?:" + BANK_WORDS + r")\b")
BANK_NAME_IN_HEADLINE = re.compile(r"([\w&'.-]+)[ \t]+(?:" + BANK_WORDS + r")\b", re.IGNORECASE)
# Lower-case words inside names: "Federal Savings and Loan Insurance Corp", "Bank of Tokyo".
NAME_CONNECTORS = frozenset({"and", "&", "of", "the", "for", "de", "du", "la", "van", "von"})
TAXES_TOPIC = "Taxes and public budgets"
# The word or two words right before a headline hit: the start of a company's name it may end.
HEADLINE_WORD_BEFORE = re.compile(r"[\w&'.-]+[ \t]+$")
HEADLINE_WORDS_BEFORE = re.compile(r"[\w&'.-]+[ \t]+[\w&'.-]+[ \t]+$")
# Characters before a hit searched for SOURCE_BEFORE: its words and the spaces between them, read
# from a window so that each hit costs the same however long the text (a search from the start of
# the text made tagging quadratic: 75 s for a page of 30,000 topic words).
SOURCE_REACH = 200
SOURCE_BEFORE = re.compile(r"\b(?:says|said|according to)[ \t]+(?:the[ \t]+)?$", re.IGNORECASE)
# After "said" the institution is the source only where its clause ends ('..., said the central
# bank.', '... said the Fed on Tuesday'); 'said interest rates would rise' and 'It said the
# acquisition involves ...' start the reported speech, which is what the story is about.
SOURCE_CLAUSE_END = re.compile(
    r"[ \t]*(?:[.,;:!?\"')\n]|$|(?:in|on|at|today|yesterday|late|earlier|this|last)\b)", re.IGNORECASE
)


# An acronym the article spells out: "Asynchronous Task Framework (ATF)" or "ATF (Asynchronous
# Task Framework)". Acronyms with digits ("G7") are not spelled out by initials.
ACRONYM_IN_PARENS = re.compile(r"\(([A-Z][A-Z&]{1,5})\)")
ACRONYM_BEFORE_PARENS = re.compile(r"\b([A-Z][A-Z&]{1,5})[ \t]+\(([^()\n]{3,120})\)")
SPELLING_WORD = re.compile(r"[^\W\d_][\w'&-]*")
SPELLING_REACH = 160  # characters before "(ATF)" searched for its spelled-out words
# Words an acronym skips ("Food and Agriculture Organisation", "General Agreement on Tariffs and Trade").
SPELLING_SKIPPED = frozenset({"of", "and", "for", "the", "on", "in", "&", "de", "to", "a", "an", "at", "with"})
SPELLING_STEM = 5  # letters two words share to count as one word ("Agriculture", "agricultural")
# Words of many bodies' names that say nothing of their field: "Corruption Perceptions Index
# (CPI)" shares "index" with "consumer price index" and is still no inflation figure.
SPELLING_GENERIC_WORDS = frozenset({
    "index", "indices", "national", "international", "organisation", "organization", "association", "council",
    "committee", "agency", "bureau", "authority", "federal", "union", "world", "general", "central", "institute",
    "office", "department", "ministry", "commission", "corporation", "company", "group", "board", "service",
    "services", "system", "systems", "fund", "programme", "program", "network", "centre", "center", "united",
    "states", "american", "european", "global",
})


class TopicHit(NamedTuple):
    """One phrase hit in a text: offsets, the lower-cased phrase, its weight, whether it decides as a headline, whether it is in the lead."""

    start: int
    end: int
    phrase: str
    weight: float
    is_headline_hit: bool
    is_in_lead: bool = False
    is_aside: bool = False


def find_topic_mentions(
    matcher: Matcher, folded_texts: list[str], folded_headlines: list[str], title_sections: set[int] | frozenset[int] = frozenset(),
    *, published_year: int = 0,
) -> list[LocatedName]:
    """Return the topic mentions: every phrase hit of the topics that carry weight.

    A topic carries weight with one headline hit (rules.TOPIC_MIN_HEADLINE_HITS): a phrase in
    a whole text whose index is in title_sections (the title tagged like a section) or in the
    heading-like first line of the first other text; a subheading (a later text's heading-like
    first line, or the heading given apart in folded_headlines, one per text after the title, ""
    for none) makes one only when the text under it mentions the topic too
    (is_supported_subheading), and otherwise weighs like a body hit. Weak phrases
    (rules.WEAK_TOPIC_PHRASES) and the source of the story ("..., CENTRAL BANK SAYS") do not count
    there. Words of a company's name ("ASHLAND OIL <ASH>") count nowhere. Otherwise its score must reach rules.TOPIC_MIN_HITS and one per
    rules.TOPIC_WORDS_PER_HIT words of the article: each hit weighs as weigh_hit says (1; a
    specific phrase in the lead more, a hit late in the article or a weak phrase less, a
    speaker's affiliation nothing), each distinct phrase after the first adds
    rules.TOPIC_DISTINCT_PHRASE_BONUS, and a topic with weak phrases only scores nothing. Its
    weighed hits must also lie in more than one sentence or early in the lead
    (is_spread_evidence); a sentence that tells another story or the past (is_aside_sentence)
    weighs less and is no such sentence; published_year (0 when undated) keeps later years out
    of what is early. A wider topic (rules.TOPIC_PARTS) needs a headline hit when one of its
    parts is assigned.
    Only hits inside the texts become mentions: a topic named in a heading given apart alone
    is not returned.
    """
    # Each text's words, counted once: for the density bar here and for its subheading's part below.
    text_words = [len(text.split()) for text in folded_texts]
    word_count = sum(len(headline.split()) for headline in folded_headlines) + sum(text_words)
    min_score = max(rules.TOPIC_MIN_HITS, word_count / rules.TOPIC_WORDS_PER_HIT)
    lead_section, lead_start, lead_end = find_lead_span(folded_texts, title_sections)
    # The latest year the article names, not counting years after its date ("notes due 2017").
    story_year = max(
        (
            int(year) for text in (*folded_headlines, *folded_texts) for year in YEAR.findall(text)
            if not published_year or int(year) <= published_year
        ),
        default=0,
    )
    late_from = sum(len(text) for text in folded_texts) * rules.TOPIC_LATE_FROM
    foreign_acronyms = find_foreign_acronyms(matcher, (*folded_headlines, *folded_texts))
    hits: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
    weights: dict[str, float] = defaultdict(float)
    phrases: dict[str, set[str]] = defaultdict(set)
    strong_hits: dict[str, int] = defaultdict(int)
    headline_hits: dict[str, int] = defaultdict(int)
    # Where the weighed evidence lies: the distinct sentences holding a hit that weighs, and
    # the topics with such a hit in the lead (see is_spread_evidence).
    sentences: dict[str, set[tuple[int, int]]] = defaultdict(set)
    lead_topics: set[str] = set()
    first_text = min((section for section in range(len(folded_texts)) if section not in title_sections), default=-1)
    weighed_sections = []  # (section, sentence spans, lead start, weighed hits), for the parts' words below
    for section, text in enumerate(folded_texts):
        headline_end = len(text) if section in title_sections else find_headline_end(text)
        # The article's headline is its title, or the first text's first line when no title is
        # given apart; a later text's first line is a subheading (see is_supported_subheading).
        is_headline_section = section in title_sections or section == first_text
        cue_topics = []
        for topic, start, end in find_headline_cues(text, headline_end):
            hits[topic].append((section, start, end))
            strong_hits[topic] += 1
            cue_topics.append(topic)
        lead = (lead_start, lead_end) if section == lead_section else (0, 0)
        section_hits = find_section_hits(
            matcher, folded_texts, section, headline_end=headline_end, lead=lead, late_from=late_from,
            foreign_acronyms=foreign_acronyms,
        )
        spans = find_sentence_spans(text) if section_hits else []
        section_lead_start = lead_start if section == lead_section else -1
        weighed_hits = discount_asides(
            text, spans, discount_issue_lists(matcher, spans, section_hits), section_lead_start, story_year
        )
        note_evidence_sentences(matcher.topic_names, spans, section, weighed_hits, section_lead_start, sentences, lead_topics)
        # headline_end is 0 or the end of the first line, so the heading line's words are the rest.
        body_words = 0 if is_headline_section else text_words[section] - len(text[:headline_end].split())
        for topic in cue_topics:
            headline_hits[topic] += is_headline_section or is_supported_subheading(
                matcher, topic, weighed_hits, body_start=headline_end, body_words=body_words
            )
        for hit in weighed_hits:
            for topic in matcher.topic_names[hit.phrase]:
                hits[topic].append((section, hit.start, hit.end))
                weights[topic] += hit.weight
                phrases[topic].add(hit.phrase)
                strong_hits[topic] += hit.phrase not in rules.WEAK_TOPIC_PHRASES
                headline_hits[topic] += hit.is_headline_hit and (
                    is_headline_section
                    or is_supported_subheading(matcher, topic, weighed_hits, body_start=headline_end, body_words=body_words)
                )
        weighed_sections.append((section, spans, section_lead_start, weighed_hits))
    add_heading_words(
        matcher, folded_headlines, text_words, {section: weighed for section, _, _, weighed in weighed_sections}, len(title_sections),
        weights, phrases, strong_hits, headline_hits, foreign_acronyms,
    )
    add_part_words(matcher, weighed_sections, hits, weights, phrases, headline_hits, sentences, lead_topics)
    scores = {
        topic: weights[topic] + rules.TOPIC_DISTINCT_PHRASE_BONUS * (len(phrases[topic]) - 1) if strong_hits[topic] else 0.0
        for topic in hits
    }
    headline_only = find_headline_only_topics(folded_texts, folded_headlines, title_sections, headline_hits)
    assigned = {
        topic for topic in hits
        if (scores[topic] >= min_score and topic not in headline_only and is_spread_evidence(topic, sentences, lead_topics))
        or headline_hits[topic] >= rules.TOPIC_MIN_HEADLINE_HITS
    }
    assigned |= find_leading_sport(scores, phrases, headline_only)
    assigned = drop_wider_topics(assigned, headline_hits)
    assigned = drop_named_parties(assigned, headline_hits, phrases)
    if DEAL_TOPIC in assigned and BANKING_TOPIC not in assigned:
        bank_places = find_banks_in_deal(folded_texts, title_sections, hits[DEAL_TOPIC])
        if bank_places:
            assigned.add(BANKING_TOPIC)
            hits[BANKING_TOPIC] = bank_places
    return [
        LocatedName("topic", topic, section, start, end)
        for topic, places in hits.items() if topic in assigned
        for section, start, end in places
    ]


def add_heading_words(
    matcher: Matcher, folded_headlines: list[str], text_words: list[int], section_hits: dict[int, list[TopicHit]],
    title_count: int, weights: dict[str, float], phrases: dict[str, set[str]], strong_hits: dict[str, int], headline_hits: dict[str, int],
    foreign_acronyms: frozenset[str] = frozenset(),
) -> None:
    """Weigh the phrases of the headings given apart (one per text after the title, "" for none).

    Each is its text's subheading: it weighs like a heading line inside the text, and makes a
    headline hit only over a text that mentions the topic too (is_supported_subheading; text_words
    holds each text's word count). foreign_acronyms are left out (find_phrase_matches).
    """
    for index, heading in enumerate(folded_headlines):
        under = section_hits.get(index + title_count, [])
        under_words = text_words[index + title_count] if index + title_count < len(text_words) else 0
        for match in find_phrase_matches(matcher, heading, foreign_acronyms):
            phrase = match.group().lower()
            for topic in matcher.topic_names[phrase]:
                weights[topic] += weigh_hit(heading, match.start(), match.end(), is_in_lead=False, is_late=False, is_in_headline=True)
                phrases[topic].add(phrase)
                strong_hits[topic] += phrase not in rules.WEAK_TOPIC_PHRASES
                if is_headline_evidence(heading, match.start(), match.end()):
                    headline_hits[topic] += is_supported_subheading(matcher, topic, under, body_words=under_words)
        for topic, _, _ in find_headline_cues(heading, len(heading)):
            headline_hits[topic] += is_supported_subheading(matcher, topic, under, body_words=under_words)


def is_supported_subheading(
    matcher: Matcher, topic: str, section_hits: list[TopicHit], *, body_start: int = 0, body_words: int = 0
) -> bool:
    """Return whether the text under a subheading is about topic: from body_start on (after its heading
    line, when the heading is the text's first line), its weighed hits of topic reach one, and one per
    rules.TOPIC_SUBHEADING_WORDS_PER_HIT of its body_words.

    A subheading says what its part of the page is about; it makes a headline hit only when that
    part is about the topic too. A digest's "Gaza Ceasefire Takes Effect" over a paragraph on the
    truce is; "Caroline Hawley, BBC diplomatic correspondent" over an analysis of a rape
    investigation is not, nor "The Stadia Controller Is Only Necessary For Playing On A TV" over
    a paragraph on the controller, nor "'Freeze-thaws' linked to climate change" over 400 words
    on frozen pipes that name climate change once.
    """
    support = sum(
        hit.start >= body_start and hit.weight > 0 and topic in matcher.topic_names[hit.phrase] for hit in section_hits
    )
    return support >= max(1, body_words / rules.TOPIC_SUBHEADING_WORDS_PER_HIT)


def add_part_words(
    matcher: Matcher, weighed_sections: list[tuple[int, list[tuple[int, int]], int, list[TopicHit]]],
    hits: dict[str, list[tuple[int, int, int]]], weights: dict[str, float], phrases: dict[str, set[str]],
    headline_hits: dict[str, int], sentences: dict[str, set[tuple[int, int]]], lead_topics: set[str],
) -> None:
    """Count a wider topic's words for its part where the article names the part (rules.TOPIC_PART_WORDS).

    A referendum's "vote" and "ballot" are Elections words; in a story that names the referendum
    (a phrase of its own) they are its votes, so they count for it too, and rules.TOPIC_PARTS then
    keeps Elections out unless a headline names it. weighed_sections holds (section, sentence
    spans, lead start, weighed hits) of each section; the other arguments are
    find_topic_mentions' tallies, added to.
    """
    for part, part_words in rules.TOPIC_PART_WORDS.items():
        if part not in hits:
            continue
        part_names = {word: [part] for word in part_words}
        for section, spans, section_lead_start, weighed_hits in weighed_sections:
            part_hits = [hit for hit in weighed_hits if hit.phrase in part_words and part not in matcher.topic_names[hit.phrase]]
            note_evidence_sentences(part_names, spans, section, part_hits, section_lead_start, sentences, lead_topics)
            for hit in part_hits:
                hits[part].append((section, hit.start, hit.end))
                weights[part] += hit.weight
                phrases[part].add(hit.phrase)
                headline_hits[part] += hit.is_headline_hit


def drop_wider_topics(assigned: set[str], headline_hits: dict[str, int]) -> set[str]:
    """Return assigned without the wider topics (rules.TOPIC_PARTS) of an assigned part that no headline names."""
    return {
        topic for topic in assigned
        if headline_hits[topic] >= rules.TOPIC_MIN_HEADLINE_HITS or not assigned.intersection(rules.TOPIC_PARTS.get(topic, ()))
    }


def drop_named_parties(assigned: set[str], headline_hits: dict[str, int], phrases: dict[str, set[str]]) -> set[str]:
    """Return assigned without the topics named only as a party to the story (rules.TOPIC_PARTY_NAMES) that no headline names."""
    return {
        topic for topic in assigned
        if topic not in rules.TOPIC_PARTY_NAMES
        or headline_hits[topic] >= rules.TOPIC_MIN_HEADLINE_HITS
        or not assigned & rules.TOPIC_PARTY_NAMES[topic][1]
        or not phrases[topic] <= rules.TOPIC_PARTY_NAMES[topic][0]
    }


def note_evidence_sentences(
    topic_names: Mapping[str, list[str]], spans: list[tuple[int, int]], section: int, section_hits: list[TopicHit], lead_start: int,
    sentences: dict[str, set[tuple[int, int]]], lead_topics: set[str],
) -> None:
    """Add to sentences each topic's (section, sentence) holding a hit that weighs and is no aside, and to lead_topics the topics of such hits early in the lead.

    spans are the sentences of the section's text; lead_start is where the lead starts in it (-1
    when the lead is in another section); a hit of the lead counts as one only in the lead's
    first rules.TOPIC_LEAD_SENTENCES sentences.
    """
    if not section_hits:
        return
    sentence_starts = [start for start, _ in spans]
    first_lead_sentence = bisect_right(sentence_starts, lead_start) if lead_start >= 0 else -1
    for hit in section_hits:
        if hit.weight <= 0 or hit.is_aside:
            continue
        sentence = bisect_right(sentence_starts, hit.start)
        for topic in topic_names[hit.phrase]:
            sentences[topic].add((section, sentence))
            if hit.is_in_lead and sentence < first_lead_sentence + rules.TOPIC_LEAD_SENTENCES:
                lead_topics.add(topic)


def is_spread_evidence(topic: str, sentences: dict[str, set[tuple[int, int]]], lead_topics: set[str]) -> bool:
    """Return whether a topic's weighed hits are more than one passing sentence.

    A topic the article is about comes back in rules.TOPIC_MIN_SENTENCES sentences or is named
    in the lead's first rules.TOPIC_LEAD_SENTENCES sentences; one sentence past them that names
    it, however often ("... were trade issues, including ... settling trade disputes between
    ... major trading partners"), is an aside, a background sentence or a list of goods.
    """
    return topic in lead_topics or len(sentences[topic]) >= rules.TOPIC_MIN_SENTENCES


def find_leading_sport(scores: dict[str, float], phrases: dict[str, set[str]], headline_only: frozenset[str]) -> set[str]:
    """Return the sport (rules.SPORT_TOPICS) that leads the article's topics by a clear margin, if any.

    A match report or a player's story names its sport in jargon two or three times and talks
    about play for hundreds of words; the density bar of find_topic_mentions would drop it. A
    sport is kept when its score is rules.SPORT_LEAD_FACTOR times every other topic's, reaches
    rules.TOPIC_MIN_HITS and rests on rules.SPORT_LEAD_MIN_PHRASES distinct phrases ("West Ham"
    twice, a constituency in a politics story, is one phrase).
    """
    ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)
    if not ranked:
        return set()
    sport, score = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    if (
        sport in rules.SPORT_TOPICS and sport not in headline_only
        and score >= rules.TOPIC_MIN_HITS and score >= rules.SPORT_LEAD_FACTOR * runner_up
        and len(phrases[sport]) >= rules.SPORT_LEAD_MIN_PHRASES
    ):
        return {sport}
    return set()


def find_headline_only_topics(
    folded_texts: list[str], folded_headlines: list[str], title_sections: set[int] | frozenset[int],
    headline_hits: dict[str, int],
) -> frozenset[str]:
    """Return the topics that need a headline hit in this article, the kind of story its headline tells.

    Under a rating agency's action the results and the deal it cites are its reasons
    (rules.RATING_REASON_TOPICS); under a deal headline ("NEWMONT MINING REDUCES STAKE IN
    PEABODY") the parties' results in the text ("Peabody had net income of 100.8 mln dlrs") are
    background; under a results headline ("FRANKLIN ELECTRIC CO INC 3RD QTR NET") the tax lines
    of its table and notes ("Net excludes tax credits of 284,000 dlrs", "Pre-tax") are the
    company's accounts, not taxation.
    """
    topics = rules.RATING_REASON_TOPICS if is_rating_story(folded_texts, folded_headlines, title_sections) else frozenset()
    if headline_hits[DEAL_TOPIC] and not headline_hits[EARNINGS_TOPIC]:
        topics = topics | {EARNINGS_TOPIC}
    if headline_hits[EARNINGS_TOPIC]:
        topics = topics | {TAXES_TOPIC}
    return topics


def find_banks_in_deal(
    folded_texts: list[str], title_sections: set[int] | frozenset[int], deal_places: list[tuple[int, int, int]]
) -> list[tuple[int, int, int]]:
    """Return (section, start, end) of the banks' names that change hands in a deal story (rules.BANK_NAME_WORDS).

    A bank's name counts in a headline, or within rules.BANK_DEAL_REACH characters after a
    deal phrase of its sentence ("acquisitions of ... First Citizens Bank of Hohenwald").
    """
    places = []
    for section, text in enumerate(folded_texts):
        headline_end = len(text) if section in title_sections else find_headline_end(text)
        deal_ends = [end for deal_section, _, end in deal_places if deal_section == section]
        sentence_spans = find_sentence_spans(text)
        for pattern, start_at, stop_at in ((BANK_NAME_IN_HEADLINE, 0, headline_end), (BANK_NAME_IN_TEXT, headline_end, len(text))):
            for match in pattern.finditer(text, start_at, stop_at):
                if match.group(1).lower() in rules.BANK_NAME_NOT_AFTER:
                    continue
                if pattern is BANK_NAME_IN_TEXT and not any(
                    0 <= match.start() - deal_end <= rules.BANK_DEAL_REACH
                    and is_same_sentence(sentence_spans, deal_end, match.start())
                    for deal_end in deal_ends
                ):
                    continue
                places.append((section, match.start(), match.end()))
    return places


def is_same_sentence(sentence_spans: list[tuple[int, int]], first: int, second: int) -> bool:
    """Return whether offsets first and second lie in one sentence of sentence_spans."""
    starts = [start for start, _ in sentence_spans]
    return bisect_right(starts, first) == bisect_right(starts, second)


def is_rating_story(folded_texts: list[str], folded_headlines: list[str], title_sections: set[int] | frozenset[int]) -> bool:
    """Return whether a headline of the article reports a rating agency's action ("DEBT DOWNGRADED BY S/P").

    The results or the deal such a story cites are the rating's reasons, not its subject
    (rules.RATING_REASON_TOPICS).
    """
    headlines = [*folded_headlines]
    for section, text in enumerate(folded_texts):
        headlines.append(text if section in title_sections else text[:find_headline_end(text)])
    return any(RATING_ACTION.search(headline) for headline in headlines)


def find_section_hits(
    matcher: Matcher, folded_texts: list[str], section: int, *, headline_end: int, lead: tuple[int, int], late_from: float,
    foreign_acronyms: frozenset[str] = frozenset(),
) -> list[TopicHit]:
    """Return the weighed phrase hits of folded_texts[section].

    Words of a company's name, phrases inside another term ("fiscal year") and acronyms the
    article spells out as something else (foreign_acronyms) are left out.
    headline_end ends the section's headline, lead is the lead's span in it ((0, 0) when the
    lead is elsewhere), and hits from late_from characters of the article on are late.
    """
    text = folded_texts[section]
    text_offset = sum(len(other) for other in folded_texts[:section])
    section_hits = []
    for match in find_phrase_matches(matcher, text, foreign_acronyms):
        start, end = match.span()
        phrase = match.group().lower()
        is_in_headline = start < headline_end
        if is_part_of_another_term(text, start, end, phrase):
            continue
        if phrase not in matcher.topic_proper_phrases and (
            is_in_company_name(text, start, end, is_in_headline=is_in_headline)
            or (is_in_headline and is_company_word_of_text(text, start, end, folded_texts))
        ):
            continue
        is_in_lead = lead[0] <= start < lead[1]
        is_late = not is_in_lead and text_offset + start >= late_from
        weight = weigh_hit(text, start, end, is_in_lead=is_in_lead, is_late=is_late, is_in_headline=is_in_headline)
        is_headline_hit = is_in_headline and is_headline_evidence(text, start, end)
        section_hits.append(TopicHit(start, end, phrase, weight, is_headline_hit, is_in_lead))
    return section_hits


def find_phrase_matches(matcher: Matcher, text: str, foreign_acronyms: frozenset[str] = frozenset()) -> Iterator[re.Match]:
    """Yield the topic phrases found in text, but short acronyms ("UN") not written in capitals ("un", "Un-"),
    the acronyms the article spells out as something else (foreign_acronyms, see find_foreign_acronyms)
    and no wire ticker: "PACIFIC SOUTHWEST <PSG>" is an airline, not the football club."""
    for match in matcher.topic_pattern.finditer(text):
        matched = match.group()
        if (
            is_ticker(text, match.start(), match.end()) or is_code_or_address(text, match.start(), match.end())
            or matched.lower() in foreign_acronyms
        ):
            continue
        if matched.islower() and matched in rules.TOPIC_NAMES_NOT_WORDS:
            continue
        if matched.isupper() or matched.lower() not in matcher.topic_acronyms:
            yield match


def find_foreign_acronyms(matcher: Matcher, texts: Iterable[str]) -> frozenset[str]:
    """Return the topic acronyms (lower-cased) that the article spells out as words naming none of their topics.

    A topic acronym stands for the topic's thing unless the article says otherwise: "ATF" is the
    firearms bureau (Gun control) until a page writes "Asynchronous Task Framework (ATF)", and
    "CPI" the consumer price index until "Council of People's Inspectors (CPI)". Spelled-out
    words name a topic when they hold one of its phrases ("China National Offshore Oil Corp
    (CNOOC)") or share a word with one ("Food and Agriculture Organisation (FAO)" and
    "agricultural"); an acronym spelled out so even once keeps its hits, and so does one the
    article never spells out, or spells out by other than its initials.
    """
    # Each distinct spelling once: a page that repeats "Asynchronous Task Framework (ATF)" is read for
    # it once (reading one against the vocabulary costs about a millisecond).
    spellings: dict[str, set[tuple[str, ...]]] = defaultdict(set)
    for text in texts:
        for match in ACRONYM_IN_PARENS.finditer(text):
            acronym = match.group(1)
            if acronym.lower() in matcher.topic_names:
                words = SPELLING_WORD.findall(text, max(0, match.start() - SPELLING_REACH), match.start())
                spelling = find_spelling(words, acronym)
                if spelling and is_plain_spelling(spelling):
                    spellings[acronym.lower()].add(tuple(spelling))
        for match in ACRONYM_BEFORE_PARENS.finditer(text):
            acronym = match.group(1)
            if acronym.lower() in matcher.topic_names:
                words = SPELLING_WORD.findall(match.group(2))
                spelling = find_spelling(words, acronym)
                # The brackets hold the spelling and nothing more ("IMF (the lender)" spells nothing), in
                # capitals: "WTO (which takes over)" is an aside that happens to fit.
                if (
                    spelling and is_plain_spelling(spelling)
                    and all(word[0].isupper() for word in spelling if word.lower() not in SPELLING_SKIPPED)
                    and all(word.lower() in SPELLING_SKIPPED for word in words[:len(words) - len(spelling)])
                ):
                    spellings[acronym.lower()].add(tuple(spelling))
    return frozenset(
        acronym for acronym, found in spellings.items()
        if not any(names_topic_of(matcher, acronym, spelling) for spelling in found)
    )


def find_spelling(words: list[str], acronym: str) -> list[str]:
    """Return the last of words that spell acronym out by their initials, or [] when they do not.

    Small words (SPELLING_SKIPPED) are skipped unless the acronym has their letter ("Bank of
    England (BOE)"); a hyphenated word gives its parts' initials.
    """
    letters = acronym.lower().replace("&", "")
    needed = len(letters)
    spelled: list[str] = []
    for word in reversed(words):
        if not needed:
            break
        lowered = word.lower()
        initials = "".join(part[0] for part in lowered.split("-") if part)
        if len(initials) > 1 and letters[:needed].endswith(initials):
            needed -= len(initials)
        elif lowered[0] == letters[needed - 1]:
            needed -= 1
        elif not (spelled and lowered in SPELLING_SKIPPED):
            return []
        spelled.append(word)
    return spelled[::-1] if not needed else []


def is_plain_spelling(spelling: Sequence[str]) -> bool:
    """Return whether spelled-out words are words, not another acronym: "The UN (unlike NATO)" spells nothing."""
    return not any(len(word) > 1 and word.isupper() for word in spelling)


def names_topic_of(matcher: Matcher, acronym: str, spelling: Sequence[str]) -> bool:
    """Return whether the spelled-out words of acronym name one of its topics (see find_foreign_acronyms)."""
    topics = set(matcher.topic_names[acronym])
    if any(topics & set(matcher.topic_names[match.group().lower()]) for match in find_phrase_matches(matcher, " ".join(spelling))):
        return True
    stems = {
        word.lower()[:SPELLING_STEM] for word in spelling
        if len(word) > 3 and word.lower() not in SPELLING_SKIPPED and word.lower() not in SPELLING_GENERIC_WORDS
    }
    return any(
        word[:SPELLING_STEM] in stems
        for phrase, names in matcher.topic_names.items() if phrase != acronym and topics & set(names)
        for word in phrase.split() if len(word) > 3
    )


def is_ticker(text: str, start: int, end: int) -> bool:
    """Return whether text[start:end] is a whole wire ticker: "<PSG>", "<PSG.N>"."""
    return text[start - 1:start] == "<" and text[end:end + 1] in (">", ".")


def is_code_or_address(text: str, start: int, end: int) -> bool:
    """Return whether text[start:end] lies in program code or a web address, not in prose.

    "console.log(...)" on a programming page is no games console, "DATABASES['default']" no
    debt default, "host:port" no port and "https://www.bbc.co.uk/news" no broadcast: the
    whitespace-delimited run holding the hit has code's marks (CODE_MARKS) or joins names with a
    dot ("res.headers"), or the hit is followed right away by a call's bracket ("console("), or
    it names a field before its value ("(default: 70)", "timeout = 30"). Only CODE_REACH
    characters each side are read, so a page that is one long run costs no more per hit.
    """
    reach_start = max(0, start - CODE_REACH)
    space_before = LAST_SPACE.search(text, reach_start, start)
    run_start = space_before.start() + 1 if space_before else reach_start
    space_after = SPACE.search(text, end, end + CODE_REACH)
    run_end = space_after.start() if space_after else min(len(text), end + CODE_REACH)
    if (text[end:end + 1] == "(" and not PLURAL_IN_BRACKETS.match(text, end)) or CODE_MARKS.search(text, run_start, run_end):
        return True
    # A field's name before its value: "(default: 70)", "[default: true]", "timeout = 30".
    return bool(ASSIGNMENT_AFTER.match(text, end) or (text[start - 1:start] in ("(", "[") and LABEL_AFTER.match(text, end)))


def is_part_of_another_term(text: str, start: int, end: int, phrase: str) -> bool:
    """Return whether the hit text[start:end] of phrase is part of another term ("fiscal year", "to ship",
    "a credit card-sized computer")."""
    if SIZE_AFTER.match(text, end) or (phrase in NOT_TOPIC_AFTER and NOT_TOPIC_AFTER[phrase].match(text, end)):
        return True
    return phrase in NOT_TOPIC_BEFORE and bool(NOT_TOPIC_BEFORE[phrase].search(text, max(0, start - PRECEDER_REACH), start))


def discount_issue_lists(matcher: Matcher, spans: list[tuple[int, int]], section_hits: list[TopicHit]) -> list[TopicHit]:
    """Return the hits (of a text whose sentences are spans) with those in a list of issues cut to rules.TOPIC_LIST_WEIGHT.

    A sentence naming rules.TOPIC_LIST_MIN_TOPICS or more topics ("criticised its record on
    immigration, the NHS, education and crime"; "oil prices, the dollar and the trade deficit
    weighed on growth") sets a scene or lists what a speech covered: each topic there is a
    passing mention. Headline hits and specific phrases in the lead (weighed
    rules.TOPIC_LEAD_WEIGHT: "asked the court to consider its anti-dumping case against
    Japanese television makers") say what the story is about and keep their weight.
    """
    if len(section_hits) < rules.TOPIC_LIST_MIN_TOPICS:
        return section_hits
    starts = [start for start, _ in spans]
    sentence_of = [bisect_right(starts, hit.start) - 1 for hit in section_hits]
    sentence_topics: dict[int, set[str]] = defaultdict(set)
    for hit, sentence in zip(section_hits, sentence_of):
        if not hit.is_headline_hit:
            sentence_topics[sentence].update(matcher.topic_names[hit.phrase])
    return [
        hit._replace(weight=hit.weight * rules.TOPIC_LIST_WEIGHT)
        if not hit.is_headline_hit and hit.weight < rules.TOPIC_LEAD_WEIGHT
        and len(sentence_topics[sentence]) >= rules.TOPIC_LIST_MIN_TOPICS
        else hit
        for hit, sentence in zip(section_hits, sentence_of)
    ]


def discount_asides(
    text: str, spans: list[tuple[int, int]], section_hits: list[TopicHit], lead_start: int, story_year: int
) -> list[TopicHit]:
    """Return the hits with those in an aside sentence (is_aside_sentence) marked, weighing rules.TOPIC_ASIDE_WEIGHT.

    Headline hits and hits in the lead's first rules.TOPIC_LEAD_SENTENCES sentences (lead_start:
    where the lead starts in text, -1 when it is elsewhere) say what the story is and keep
    theirs. spans are text's sentences; story_year is the latest year the article names, up to
    its date (0 if none).
    """
    if not section_hits:
        return section_hits
    starts = [start for start, _ in spans]
    first_open_sentence = bisect_right(starts, lead_start) - 1 + rules.TOPIC_LEAD_SENTENCES if lead_start >= 0 else 0
    asides: dict[int, bool] = {}  # sentence index -> is an aside, asked once per sentence
    result = []
    for hit in section_hits:
        sentence = bisect_right(starts, hit.start) - 1
        if hit.is_headline_hit or sentence < first_open_sentence:
            result.append(hit)
            continue
        if sentence not in asides:
            asides[sentence] = is_aside_sentence(text[spans[sentence][0]:spans[sentence][1]], story_year)
        result.append(hit._replace(weight=hit.weight * rules.TOPIC_ASIDE_WEIGHT, is_aside=True) if asides[sentence] else hit)
    return result


def is_aside_sentence(sentence: str, story_year: int) -> bool:
    """Return whether a sentence tells another story or the past: a cue of rules.TOPIC_RELATED_STORY_CUES, TOPIC_RELATED_STORY_OPENERS or TOPIC_BACKGROUND_CUES, or an early year.

    "The move came in the same week that the two sides clashed over aircraft subsidies",
    "Earlier this year, Van Gogh made a film accusing Islam", "... a libel trial in 1987" in an
    article that names 2004: the topics there are not what the story is about. A year counts
    when it lies rules.TOPIC_EARLIER_YEARS or more before story_year.
    """
    lowered = sentence.lower()
    if ASIDE_CUE.search(lowered) or ASIDE_OPENER.search(lowered):
        return True
    return any(int(year) <= story_year - rules.TOPIC_EARLIER_YEARS for year in YEAR_AS_TIME.findall(lowered))


def weigh_hit(text: str, start: int, end: int, *, is_in_lead: bool, is_late: bool, is_in_headline: bool = False) -> float:
    """Return the weight of the phrase hit text[start:end] towards its topic's score."""
    phrase = text[start:end].lower()
    if AFFILIATION_AFTER.match(text, end) or is_story_source(text, start, end) or is_role_of_person(text, start, end):
        return 0.0
    if phrase in rules.WEAK_TOPIC_PHRASES:
        return rules.TOPIC_WEAK_HEADLINE_WEIGHT if is_in_headline else rules.TOPIC_WEAK_PHRASE_WEIGHT
    if is_in_lead and is_specific_phrase(phrase):
        return rules.TOPIC_LEAD_WEIGHT
    return rules.TOPIC_LATE_WEIGHT if is_late else 1.0


def is_role_of_person(text: str, start: int, end: int) -> bool:
    """Return whether the hit text[start:end] is a role written before a person's name ("Foreign Secretary Jack Straw").

    A description opening a sentence before a company's name ("Helicopter maker Westland Plc
    said") is no role: not all its words are capitalised, and the name ends in a legal form.
    """
    if not text[start].isupper() or not PERSON_NAME_AFTER.match(text, end):
        return False
    return is_capitalised(text[start:end]) or not COMPANY_NAME_END_IN_TEXT.match(text, end)


def is_capitalised(words: str) -> bool:
    """Return whether every word of words starts with a capital letter, as every word of a name does ("and", "of" apart)."""
    return all(word[:1].isupper() or word in NAME_CONNECTORS for word in words.split())


def is_headline_evidence(text: str, start: int, end: int) -> bool:
    """Return whether the phrase hit text[start:end] in a headline decides its topic.

    Not a weak phrase, not a speaker's affiliation, and not the story's source ("..., CENTRAL
    BANK SAYS", "US economy still growing says Fed").
    """
    return (
        text[start:end].lower() not in rules.WEAK_TOPIC_PHRASES
        and not AFFILIATION_AFTER.match(text, end)
        and not is_story_source(text, start, end)
    )


def is_specific_phrase(phrase: str) -> bool:
    """Return whether a (lower-cased) topic phrase is specific: several words, or hyphenated.

    A single everyday word ("economy", "oil", "election") in the lead is often the setting of a
    story about something else; "interest rates" or "anti-dumping" rarely is.
    """
    return " " in phrase or "-" in phrase


def is_story_source(text: str, start: int, end: int) -> bool:
    """Return whether the hit text[start:end] names who says something ("..., CENTRAL BANK SAYS")."""
    if SOURCE_AFTER.match(text, end):
        return True
    return bool(SOURCE_BEFORE.search(text, max(0, start - SOURCE_REACH), start)) and bool(SOURCE_CLAUSE_END.match(text, end))


def is_in_company_name(text: str, start: int, end: int, *, is_in_headline: bool) -> bool:
    """Return whether the hit text[start:end] is a word of a company's name.

    Wire copy names the company by its full name ("Ashland Oil Inc", "GLAMIS GOLD LTD",
    "<Commonwealth Mortgage Co>"): a topic word there says what the company is called, not what
    the story is about. Topic phrases that are names themselves ("Boeing", "Ford Motor") are
    not asked (the caller leaves them out).
    """
    if rfind_character(text, "<", start) > rfind_character(text, ">", start):  # inside "<Page Petroleum Ltd>"
        return True
    if is_in_headline:
        return bool(COMPANY_NAME_END_IN_HEADLINE.match(text, end))
    # Every word of a name in running text is capitalised: "Helicopter maker <Westland Plc>" opens
    # a sentence with a description of the company, not its name.
    return is_capitalised(text[start:end]) and bool(COMPANY_NAME_END_IN_TEXT.match(text, end))


def is_company_word_of_text(headline: str, start: int, end: int, texts: list[str]) -> bool:
    """Return whether the headline hit headline[start:end] ends the start of a company's name written out in the texts.

    Wire headlines cut a company's name short ("ALASKA HOUSING HAS 150 MLN DLR SYNDICATED LOAN"
    for "Alaska Housing Finance Corp"): the hit with one or two headline words before it, found
    elsewhere in the texts as the start of a company's name, is a word of that name.
    """
    for words_before in (HEADLINE_WORD_BEFORE.search(headline, 0, start), HEADLINE_WORDS_BEFORE.search(headline, 0, start)):
        if words_before is None:
            continue
        name_start = (words_before.group().strip() + " " + headline[start:end]).lower()
        for text in texts:
            lowered = text.lower()
            found = lowered.find(name_start)
            while found >= 0:
                name_end = found + len(name_start)
                is_elsewhere = text is not headline or not words_before.start() <= found < end
                if is_elsewhere and text[found].isupper() and is_in_company_name(
                    text, name_end - (end - start), name_end, is_in_headline=False
                ):
                    return True
                found = lowered.find(name_start, found + 1)
    return False


def find_headline_end(text: str) -> int:
    """Return the end offset of the text's first line when it reads as a title or heading, else 0.

    A headline line is short, is followed by more text, and does not end like a sentence.
    """
    line_end = text.find("\n")
    if line_end < 0:
        return 0
    line = text[:line_end].strip()
    if len(line.split()) <= rules.HEADLINE_MAX_WORDS and not line.endswith((".", "!", "?", ":", '"')):
        return line_end
    return 0


def find_lead_span(folded_texts: list[str], title_sections: set[int] | frozenset[int]) -> tuple[int, int, int]:
    """Return (section, start, end) of the article's lead: the first paragraph after the headline.

    The lead is the first paragraph of the first text that is not the title given apart, after
    its headline line, cut at rules.TOPIC_LEAD_MAX_CHARS (wire copy with its line breaks joined
    has a single paragraph). (-1, 0, 0) when every text is a title.
    """
    for section, text in enumerate(folded_texts):
        if section in title_sections:
            continue
        start = find_headline_end(text)
        while start < len(text) and text[start].isspace():
            start += 1
        paragraph_end = text.find("\n\n", start)
        end = len(text) if paragraph_end < 0 else paragraph_end
        return section, start, min(end, start + rules.TOPIC_LEAD_MAX_CHARS)
    return -1, 0, 0
