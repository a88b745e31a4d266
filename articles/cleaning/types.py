"""The cleaned form of a page: what every input shape is turned into."""

from dataclasses import dataclass, field
from datetime import date


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
