"""Text analysis shared by the index and the snippet highlighter, so both see the same tokens."""

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import Stemmer
from whoosh.analysis import CharsetFilter, CompositeAnalyzer, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
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


@lru_cache(maxsize=1)
def shared_text_analyzer():
    """Return one text analyzer for the process, for code that analyses text outside the index (snippets, queries)."""
    return build_text_analyzer()


def has_searchable_word(text: str) -> bool:
    """Return whether text keeps a word through the text analyzer (stop words and one-letter words do not)."""
    return any(True for _ in shared_text_analyzer()(text))


def build_vocabulary_analyzer():
    """Return the analyzer for the spelling vocabulary: words, lowercase, accents folded, not stemmed.

    "Did you mean" suggests whole words a reader recognises ("elections"), not stems ("elect").
    """
    return RegexTokenizer(WORD_PATTERN) | LowercaseFilter() | CharsetFilter(accent_map)


@dataclass(frozen=True, eq=False)
class WordsPlan:
    """The words part of an analyzer chain: its tokenizer's expression, lowercasing, a character map.

    Compared by identity (a character map is a large dict): same_words() finds equal ones.
    """

    expression: re.Pattern
    is_lowercased: bool
    charmap: Mapping | None


@dataclass(frozen=True)
class IndexPlan:
    """What an analyzer chain of the kind built here does to a text, as parameters for one pass over it.

    The chain RegexTokenizer [| LowercaseFilter] [| CharsetFilter] [| StopFilter] [| StemFilter], in
    that order. Whoosh runs it as a generator per filter, with a Token object per word (a third of
    an index build's time); index_terms() gives the same terms from a few list passes.
    """

    words: WordsPlan
    stops: frozenset | None  # None: no StopFilter
    minsize: int
    maxsize: int | None
    is_renumbered: bool
    stem: Callable[[str], str] | None
    unstemmed: frozenset  # StemFilter's ignore


def plan_analyzer(analyzer) -> IndexPlan | None:
    """Return the plan of an analyzer chain of the supported kind (see IndexPlan), None for any other."""
    items = list(analyzer.items) if type(analyzer) is CompositeAnalyzer else [analyzer]
    tokenizer = items.pop(0)
    if type(tokenizer) is not RegexTokenizer or tokenizer.gaps:
        return None
    steps: dict[type, Any] = {}
    order = (LowercaseFilter, CharsetFilter, StopFilter, StemFilter)
    for item in items:
        kind = type(item)
        # Each filter once, in the canonical order; anything else (a subclass too) is not planned.
        if kind not in order or any(order.index(seen) >= order.index(kind) for seen in steps):
            return None
        steps[kind] = item
    charset, stop, stemmer = steps.get(CharsetFilter), steps.get(StopFilter), steps.get(StemFilter)
    if stemmer is not None and stemmer.lang:
        return None
    return IndexPlan(
        words=WordsPlan(
            expression=tokenizer.expression,
            is_lowercased=LowercaseFilter in steps,
            charmap=charset.charmap if charset is not None else None,
        ),
        stops=stop.stops if stop is not None else None,
        minsize=stop.min if stop is not None else 0,
        maxsize=stop.max if stop is not None else None,
        is_renumbered=stop.renumber if stop is not None else False,
        stem=stemmer.stemfn if stemmer is not None else None,
        unstemmed=stemmer.ignore if stemmer is not None else frozenset(),
    )


def same_words(plan: WordsPlan, other: WordsPlan) -> bool:
    """Return whether two words plans split every text into the same words."""
    return (
        plan.expression.pattern == other.expression.pattern
        and plan.expression.flags == other.expression.flags
        and plan.is_lowercased == other.is_lowercased
        and plan.charmap == other.charmap
    )


def split_words(text: str, plan: WordsPlan) -> list[str]:
    """Return the text's words as the plan's tokenizer, lowercase and character filters leave them."""
    expression = plan.expression
    words = expression.findall(text) if not expression.groups else [m.group(0) for m in expression.finditer(text)]
    if plan.is_lowercased:
        words = [word.lower() for word in words]
    if plan.charmap is not None:
        charmap = plan.charmap
        words = [word.translate(charmap) for word in words]
    return words


def index_terms(words: list[str], plan: IndexPlan, *, stems: dict[str, str]) -> tuple[list[str], Sequence[int]]:
    """Return (the terms the plan keeps of the split words, in order; their positions).

    Positions as Whoosh numbers them: a StopFilter that renumbers counts only the words it keeps,
    from the position of the first one kept. stems caches the stem function's answers.
    """
    stops = plan.stops
    positions: Sequence[int]
    if stops is None:
        terms, positions = words, range(len(words))
    else:
        minsize, maxsize = plan.minsize, plan.maxsize
        kept = [
            position for position, word in enumerate(words)
            if len(word) >= minsize and (maxsize is None or len(word) <= maxsize) and word not in stops
        ]
        terms = [words[position] for position in kept]
        positions = range(kept[0], kept[0] + len(kept)) if plan.is_renumbered and kept else kept
    stem = plan.stem
    if stem is not None:
        unstemmed = plan.unstemmed
        stemmed = []
        for word in terms:
            term = stems.get(word)
            if term is None:
                term = stems[word] = word if word in unstemmed else stem(word)
            stemmed.append(term)
        terms = stemmed
    return terms, positions
