"""Language of article text that does not declare one: writing system, then common words."""

import re
from collections import Counter

# Writing systems that name one language well enough for an archive filter.
SCRIPT_LANGUAGES = (
    (re.compile(r"[\uac00-\ud7a3]"), "ko"),
    (re.compile(r"[\u3040-\u30ff]"), "ja"),
    (re.compile(r"[\u4e00-\u9fff]"), "zh"),
    (re.compile(r"[іїєґІЇЄҐ]"), "uk"),
    (re.compile(r"[\u0400-\u04ff]"), "ru"),
    (re.compile(r"[\u0600-\u06ff]"), "ar"),
    (re.compile(r"[\u0370-\u03ff]"), "el"),
    (re.compile(r"[\u0590-\u05ff]"), "he"),
)
# Share of letters in one script above which the text is in that script's language.
MIN_SCRIPT_SHARE = 0.3
# The most frequent short words of each Latin-script language the archive's sources use.
STOPWORDS = {
    "en": frozenset("the and of to in is that for with was on as are it by said from have has".split()),
    "de": frozenset("der die und das ist nicht mit den von zu ein eine sich auf für dem des im".split()),
    "fr": frozenset("le la les et des est une un du pour que dans qui pas sur au aux ce".split()),
    "es": frozenset("el la los las y de que en un una por con para es del se al lo".split()),
    "it": frozenset("il la di che e è per un una del della con non sono gli le nel".split()),
    "pt": frozenset("o a os as de que e do da em um uma para com não se dos das".split()),
    "nl": frozenset("de het een en van is dat op te in met voor niet zijn er die".split()),
    "id": frozenset("yang dan di ini itu dengan untuk dari tidak dalam akan pada juga ke ada adalah".split()),
}
# Fewer stopword hits than this, or a runner-up this close, and the guess is not worth giving.
MIN_STOPWORD_HITS = 8
MIN_LEAD_RATIO = 1.5
SAMPLE_CHARS = 5000
WORD_RE = re.compile(r"[^\W\d_]+")


def detect_language(text: str) -> str:
    """Return the ISO 639-1 code of text's language, or "" when the text is too short or mixed."""
    sample = text[:SAMPLE_CHARS]
    letters = sum(1 for char in sample if char.isalpha())
    if not letters:
        return ""
    for pattern, language in SCRIPT_LANGUAGES:
        if len(pattern.findall(sample)) >= MIN_SCRIPT_SHARE * letters:
            return language
    words = [word.lower() for word in WORD_RE.findall(sample)]
    hits = Counter({language: sum(word in stopwords for word in words) for language, stopwords in STOPWORDS.items()})
    ranked = hits.most_common(2)
    best, best_hits = ranked[0]
    runner_up_hits = ranked[1][1] if len(ranked) > 1 else 0
    if best_hits < MIN_STOPWORD_HITS or best_hits < MIN_LEAD_RATIO * runner_up_hits:
        return ""
    return best
