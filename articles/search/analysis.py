"""Text analysis shared by the index and the snippet highlighter, so both see the same tokens."""

import Stemmer
from whoosh.analysis import CharsetFilter, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.support.charset import accent_map

_STEMMER = Stemmer.Stemmer("english")
# What a word is, for the index and for everything that must find the same words in a text.
WORD_PATTERN = r"\w+(?:\.?\w+)*"


def stem_english(word: str) -> str:
    """Return the Snowball (Porter2) stem of a word.

    Whoosh's own Porter stemmer leaves "running" as "runn" (step 1b), so "run" would not find it.
    A module-level function, because Whoosh pickles the analyzer into the index's table of contents.
    """
    return _STEMMER.stemWord(word)


def build_text_analyzer():
    """Return the analyzer for free text: words, lowercase, accents folded ("Erdoğan" = "erdogan"), stemmed."""
    return (
        RegexTokenizer(WORD_PATTERN)
        | LowercaseFilter()
        | CharsetFilter(accent_map)
        | StopFilter()
        | StemFilter(stemfn=stem_english, cachesize=50000)
    )


def build_vocabulary_analyzer():
    """Return the analyzer for the spelling vocabulary: words, lowercase, accents folded, not stemmed.

    "Did you mean" suggests whole words a reader recognises ("elections"), not stems ("elect").
    """
    return RegexTokenizer(WORD_PATTERN) | LowercaseFilter() | CharsetFilter(accent_map)
