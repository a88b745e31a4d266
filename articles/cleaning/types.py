"""The cleaned form of a page: what every input shape is turned into."""

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class RefusalReason(StrEnum):
    """Why a page was refused (CleaningError.reason), to count the refusals of a crawl by cause."""

    EMPTY = "empty file"
    BINARY = "binary file"
    BROKEN_GZIP = "broken gzip file"
    UNDECODABLE = "undecodable text"
    UNPARSABLE = "not parsable as HTML"
    TOO_DEEP = "too deeply nested"
    NO_ARTICLE_TEXT = "no article text"


@dataclass(frozen=True)
class CleanSection:
    """One section: the intro (heading None) or a subheading and its paragraphs."""

    heading: str | None
    paragraphs: tuple[str, ...]

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


@dataclass(frozen=True)
class CleanPage:
    """Title, metadata and ordered sections of one article, boilerplate removed."""

    title: str
    sections: tuple[CleanSection, ...]
    published: date | None = None
    source: str = ""
    url: str | None = None
    authors: tuple[str, ...] = field(default_factory=tuple)
    language: str = ""
