"""Plain-text dumps -> CleanPage.

A dump is: title line; an optional slug line repeating the title (lowercase, punctuation and
accents dropped); a header block of `Key: value` lines (Source, Published/Date, URL, Author,
Language), bare bylines and date lines, in any order; then paragraphs separated by blank lines,
with short capitalised lines as subheadings (unpunctuated, or ending in "?"). Site furniture
(share prompts, "Follow us", "Read more:" teasers, newsletter, related and trending lists) is
dropped from its marker line up to the next run of article prose; the article goes on after it.
Comment threads and author boxes end the article.
"""

import re
import unicodedata

from articles.exceptions import CleaningError

from . import patterns
from .dates import parse_date
from .language import detect_language
from .types import CleanPage, CleanSection, RefusalReason
from .whitespace import remove_invisible_characters

WORD_RE = re.compile(r"\w+")
# Hard-wrapped prose: a block whose lines (but the last) are all at least this long is one paragraph.
WRAPPED_LINE_MIN_CHARS = 50
NON_WORD_RE = re.compile(r"[\W_]+")
# Article prose after a furniture block: a paragraph of at least this many words ending a
# sentence. Teaser lines and share buttons are shorter or unpunctuated.
PROSE_MIN_WORDS = 20
PROSE_END_CHARS = ".!?\"'”’»)…"
# The article resumes after furniture at running text (a unit of PROSE_MIN_WORDS words, or of
# SENTENCE_MIN_WORDS ending a sentence) when, up to the next marker, running text is most of the
# length, there are two such units or one long paragraph, and at most this share of the lines are
# heading-like (a teaser list alternates titles and summaries).
SENTENCE_MIN_WORDS = 8
RESUME_MIN_TEXT_SHARE = 0.6
RESUME_MIN_PROSE = 2
RESUME_MAX_HEADING_SHARE = 0.3


def clean_text_dump(text: str, *, filename: str, url: str | None = None) -> CleanPage:
    """Return the article of a plain-text dump.

    Raises:
        CleaningError: the dump has no paragraph of article text under its title.
    """
    text = remove_invisible_characters(text).replace("\r\n", "\n").replace("\r", "\n")
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n")]
    position = next_content_line(lines, 0)
    if position == len(lines):
        raise CleaningError(f"'{filename}' holds only blank characters; nothing to import.", filename=filename, reason=RefusalReason.EMPTY)
    title = lines[position]
    header, position = read_header(lines, next_content_line(lines, position + 1), title=title)
    units = split_units(lines[position:])
    sections = group_sections(units)
    if not sections:
        raise CleaningError(
            f"No article text in '{filename}': the dump has a title ({title[:60]!r}) but no paragraph under it; "
            "check that the file is a complete article dump.",
            filename=filename,
            reason=RefusalReason.NO_ARTICLE_TEXT,
        )
    return CleanPage(
        title=title,
        sections=sections,
        published=parse_date(header["published"]) if "published" in header else None,
        source=header.get("source", ""),
        # Kept as written: the import stores only a safe http(s) URL and reports one it drops.
        url=header.get("url", "").strip() or url,
        authors=split_authors(header.get("authors", "")),
        language=header.get("language", "").lower() or detect_language(" ".join(section.text for section in sections)),
    )


def next_content_line(lines: list[str], start: int) -> int:
    """Return the index of the first non-blank line at or after start (len(lines) if none)."""
    while start < len(lines) and not lines[start]:
        start += 1
    return start


def is_slug_line(line: str, title: str) -> bool:
    """Return whether line is the title again once case, accents and punctuation are folded away.

    Slug lines drop apostrophes and hyphens and fold accents: "Sweden's F-16 deal" ->
    "swedens f16 deal", "Élysée" -> "elysee".
    """
    folded_line, folded_title = fold_text(line), fold_text(title)
    # URL slugs may carry the date in front ("2025/03/12/swedens-f16-deal").
    prefix = folded_line[: len(folded_line) - len(folded_title)]
    return bool(folded_title) and folded_line.endswith(folded_title) and (prefix == "" or prefix.isdigit())


def fold_text(text: str) -> str:
    """Return text lowercased, without accents, punctuation and spaces."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return NON_WORD_RE.sub("", "".join(char for char in decomposed if not unicodedata.combining(char)))


def read_header(lines: list[str], position: int, *, title: str) -> tuple[dict[str, str], int]:
    """Return the header fields found at position and the index after them.

    Header lines, in any order: the slug line, `Key: value` pairs (Source, Published, URL,
    Author...), a bare byline ("By Jane Doe") or a bare date line ("March 5, 2024").
    """
    header: dict[str, str] = {}
    while position < len(lines):
        line = lines[position]
        match = patterns.HEADER_LINE_RE.match(line)
        field = patterns.HEADER_KEYS.get(" ".join(match.group("key").lower().split())) if match else None
        if match and field:
            header.setdefault(field, match.group("value").strip())
        elif is_slug_line(line, title):
            pass  # the slug line may come before or after the Key: value lines
        elif patterns.BYLINE_RE.match(line):
            header.setdefault("authors", line)
        elif (match := patterns.BYLINE_WITH_DATE_RE.match(line)) and parse_date(match.group("date")):
            header.setdefault("authors", match.group("names"))
            header.setdefault("published", match.group("date"))
        elif len(line.split()) <= patterns.DATE_LINE_MAX_WORDS and parse_date(line):
            header.setdefault("published", line)
        else:
            break
        position = next_content_line(lines, position + 1)
    header.pop("ignored", None)
    return header, position


def split_units(lines: list[str]) -> list[str]:
    """Return the body's paragraphs and heading candidates without site furniture."""
    units: list[str] = []
    standalone: set[int] = set()  # units that are a block of their own between blank lines
    block: list[str] = []
    for line in lines + [""]:
        if line:
            block.append(line)
            continue
        if block:
            if len(block) == 1:
                standalone.add(len(units))
            units.extend(split_block(block))
            block = []
    kept: list[str] = []
    index = 0
    while index < len(units):
        unit = units[index]
        if patterns.BOILERPLATE_LINE_RE.match(unit) or patterns.COPYRIGHT_LINE_RE.match(unit):
            index += 1
        elif patterns.ARTICLE_END_HEADING_RE.match(unit):
            break
        elif patterns.BOILERPLATE_HEADING_RE.match(unit):
            index = find_resumed_article(units, index + 1, standalone=standalone)
        else:
            kept.append(unit)
            index += 1
    return kept


def find_resumed_article(units: list[str], start: int, *, standalone: set[int]) -> int:
    """Return where the article goes on after a furniture block opened before start (len(units) if never).

    It goes on at the first unit of running text (a sentence or a long block), or at the
    subheading standing alone right before it, when what follows up to the next furniture marker
    reads as an article: mostly running text by length, and either a long paragraph first or two
    units of running text among few heading-like lines (a list of teasers alternates titles and
    summaries).
    """
    for index in range(start, len(units)):
        if not is_running_text(units[index]):
            continue
        following = units[index:]
        end = next((offset for offset, unit in enumerate(following) if patterns.BOILERPLATE_HEADING_RE.match(unit)), len(following))
        run = following[:end]
        text_units = [unit for unit in run if is_running_text(unit)]
        is_mostly_text = sum(map(len, text_units)) >= RESUME_MIN_TEXT_SHARE * sum(map(len, run))
        headings = sum(1 for unit in run if is_heading_like(unit))
        is_article = is_prose(run[0]) or (len(text_units) >= RESUME_MIN_PROSE and headings <= RESUME_MAX_HEADING_SHARE * len(run))
        if not (is_mostly_text and is_article):
            return len(units)
        heading = index - 1
        return heading if heading >= start and heading in standalone and is_heading_like(units[heading]) else index
    return len(units)


def is_prose(unit: str) -> bool:
    """Return whether unit is a paragraph of running text (long, ends a sentence)."""
    return len(unit.split()) >= PROSE_MIN_WORDS and unit[-1] in PROSE_END_CHARS


def is_running_text(unit: str) -> bool:
    """Return whether unit is running text: a sentence of several words, or a long block."""
    words = len(unit.split())
    return words >= PROSE_MIN_WORDS or (words >= SENTENCE_MIN_WORDS and unit[-1] in PROSE_END_CHARS)


def split_block(block: list[str]) -> list[str]:
    """Return hard-wrapped prose as one paragraph (after an optional heading), else one unit per line."""
    if is_wrapped(block):
        return [" ".join(block)]
    if len(block) > 2 and is_heading_like(block[0]) and is_wrapped(block[1:]):
        return [block[0], " ".join(block[1:])]
    return block


def is_wrapped(block: list[str]) -> bool:
    """Return whether the lines of block are one hard-wrapped paragraph."""
    return len(block) > 1 and all(len(line) >= WRAPPED_LINE_MIN_CHARS for line in block[:-1])


def is_heading_like(unit: str) -> bool:
    """Return whether unit reads as a subheading: short, capitalised, no final punctuation but "?"."""
    if len(unit) > patterns.SUBHEADING_MAX_CHARS or len(unit.split()) > patterns.SUBHEADING_MAX_WORDS:
        return False
    if not (unit[0].isupper() or unit[0].isdigit()):
        return False
    if unit.endswith("?"):
        # "Can the model survive the courts?" heads a section; "Why? Nobody knows." does not.
        return not re.search(r"[.!?;]\s", unit)
    return unit[-1] not in patterns.SENTENCE_END_CHARS


def group_sections(units: list[str]) -> tuple[CleanSection, ...]:
    """Return sections: the intro, then one per subheading followed by prose."""
    sections: list[CleanSection] = []
    heading: str | None = None
    paragraphs: list[str] = []
    for index, unit in enumerate(units):
        following = units[index + 1] if index + 1 < len(units) else None
        if is_heading_like(unit) and following is not None and not is_heading_like(following):
            if paragraphs:
                sections.append(CleanSection(heading=heading, paragraphs=tuple(paragraphs)))
            heading, paragraphs = unit, []
        else:
            paragraphs.append(unit)
    if paragraphs:
        sections.append(CleanSection(heading=heading, paragraphs=tuple(paragraphs)))
    return tuple(sections)


def split_authors(value: str) -> tuple[str, ...]:
    """Return the names in an author line ("A, B and C")."""
    value = re.sub(r"^by\s+", "", value.strip(), flags=re.IGNORECASE)
    return tuple(name.strip() for name in re.split(r",|\s+and\s+|\s*&\s*|;", value) if name.strip())
