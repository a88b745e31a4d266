"""Topic phrases -> topics an article is about, with the weight rule of rules.py."""

from collections import defaultdict

from articles.tagging import rules
from articles.tagging.matcher import Matcher
from articles.tagging.types import LocatedName


def find_topic_mentions(
    matcher: Matcher, folded_texts: list[str], folded_headlines: list[str], title_sections: set[int] | frozenset[int] = frozenset()
) -> list[LocatedName]:
    """Return the topic mentions: every phrase hit of the topics that carry weight.

    A topic carries weight with rules.TOPIC_MIN_HITS phrase hits and one per
    rules.TOPIC_WORDS_PER_HIT words of the article (each distinct phrase after the first adds
    rules.TOPIC_DISTINCT_PHRASE_BONUS to the count), or with rules.TOPIC_MIN_HEADLINE_HITS in a
    headline (a weak phrase, rules.WEAK_TOPIC_PHRASES, does not count there): the title and
    headings given apart (folded_headlines), or a heading-like first
    line of a section text, or a whole text whose index is in title_sections (the title
    tagged like a section). Only hits inside the texts become mentions: a topic named in a
    heading given apart alone is not returned.
    """
    word_count = sum(len(text.split()) for text in (*folded_headlines, *folded_texts))
    min_score = max(rules.TOPIC_MIN_HITS, word_count / rules.TOPIC_WORDS_PER_HIT)
    hits: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
    weights: dict[str, float] = defaultdict(float)
    phrases: dict[str, set[str]] = defaultdict(set)
    headline_hits: dict[str, int] = defaultdict(int)
    for headline in folded_headlines:
        for match in matcher.topic_pattern.finditer(headline):
            if match.group().lower() in rules.WEAK_TOPIC_PHRASES:
                continue
            for topic in matcher.topic_names[match.group().lower()]:
                headline_hits[topic] += 1
    for section, text in enumerate(folded_texts):
        headline_end = len(text) if section in title_sections else find_headline_end(text)
        for match in matcher.topic_pattern.finditer(text):
            phrase = match.group().lower()
            for topic in matcher.topic_names[phrase]:
                hits[topic].append((section, match.start(), match.end()))
                weights[topic] += rules.TOPIC_WEAK_PHRASE_WEIGHT if phrase in rules.WEAK_TOPIC_PHRASES else 1.0
                phrases[topic].add(phrase)
                if match.start() < headline_end and phrase not in rules.WEAK_TOPIC_PHRASES:
                    headline_hits[topic] += 1
    scores = {
        topic: weights[topic] + rules.TOPIC_DISTINCT_PHRASE_BONUS * (len(phrases[topic]) - 1)
        for topic in hits
    }
    return [
        LocatedName("topic", topic, section, start, end)
        for topic, places in hits.items()
        if scores[topic] >= min_score
        or headline_hits[topic] >= rules.TOPIC_MIN_HEADLINE_HITS
        for section, start, end in places
    ]


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
