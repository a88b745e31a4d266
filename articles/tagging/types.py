"""Plain data the tagger works on: the gazetteer it reads and the mentions it returns."""

from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from articles.exceptions import RoleFormatError

# Mention.section of a mention found in the title given apart (tag_sections(title=...)).
TITLE_SECTION = -1

@dataclass(frozen=True)
class Role:
    """One office a leader held: "Prime Minister" from 1979 to 1990 (calendar years, inclusive)."""

    title: str
    start_year: int | None = None  # None: unknown, taken as always
    end_year: int | None = None  # None: still in office (or unknown)
    organization: str = ""  # "United Nations" for international roles

    def covers(self, when: date | int) -> bool:
        """Return whether the role was held in the year of when (a date or a year)."""
        year = when if isinstance(when, int) else when.year
        return (self.start_year or 0) <= year <= (self.end_year or 9999)

    def overlaps(self, other: "Role") -> bool:
        """Return whether the two roles were held in at least one common year."""
        return (self.start_year or 0) <= (other.end_year or 9999) and (other.start_year or 0) <= (self.end_year or 9999)

    @property
    def years(self) -> str:
        """Return "1979–1990", "2017–" (still held) or "" when the years are unknown."""
        if self.start_year is None and self.end_year is None:
            return ""
        return f"{self.start_year or ''}–{self.end_year or ''}"

    def is_titled(self, title: str) -> bool:
        """Return whether the role's title contains title, case-insensitively ("" fits every role)."""
        return title.lower() in self.title.lower()

    def to_record(self) -> dict:
        """Return the role as a leaders.json record: {"title", "from", "to", "organization"?}."""
        record: dict = {
            "title": self.title,
            "from": str(self.start_year) if self.start_year is not None else None,
            "to": str(self.end_year) if self.end_year is not None else None,
        }
        if self.organization:
            record["organization"] = self.organization
        return record


def parse_role(record: dict | Role) -> Role:
    """Return the Role of a leaders.json or database role record ({"title", "from", "to"}).

    Raises:
        RoleFormatError: "from" or "to" is not a year.
    """
    if isinstance(record, Role):
        return record
    try:
        start_year = int(record["from"]) if record.get("from") else None
        end_year = int(record["to"]) if record.get("to") else None
    except (TypeError, ValueError) as error:
        raise RoleFormatError(
            f"Role {record!r} has a 'from' or 'to' that is not a year; write years like \"1987\" or null."
        ) from error
    return Role(
        title=str(record.get("title") or ""), start_year=start_year, end_year=end_year,
        organization=str(record.get("organization") or ""),
    )


@dataclass(frozen=True)
class LeaderEntry:
    name: str  # canonical name with diacritics, e.g. "Recep Tayyip Erdoğan"
    aliases: tuple[str, ...] = ()  # other spellings, surname forms, transliterations
    country: str | None = None  # canonical country name
    roles: tuple[Role, ...] = ()
    ambiguous_aliases: tuple[str, ...] = ()  # never tagged on their own

    def has_role_in(self, when: date | int, title: str = "") -> bool:
        """Return whether the leader held a role titled like title ("" for any) in the year of when."""
        return any(role.is_titled(title) and role.covers(when) for role in self.roles)


@dataclass(frozen=True)
class CountryEntry:
    name: str  # canonical name, e.g. "United States"
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    capitals: tuple[str, ...] = ()
    is_independent: bool = True  # False for territories (Guam, Jersey); loses shared demonyms
    start_year: int | None = None  # states with a life span: the Soviet Union 1922-1991
    end_year: int | None = None
    successors: tuple[str, ...] = ()  # canonical names of the states that followed it
    # Surfaces of a successor state that meant this state while it existed: "Kremlin" and
    # "Moscow" were the Soviet government in 1987, Russia's in 2024.
    era_surfaces: tuple[str, ...] = ()

    def exists_in(self, when: date | int) -> bool:
        """Return whether the state existed in the year of when."""
        year = when if isinstance(when, int) else when.year
        return (self.start_year or 0) <= year <= (self.end_year or 9999)


@dataclass(frozen=True)
class MetonymEntry:
    term: str  # "Kremlin"
    country: str | None  # canonical country name it stands for, or None for an organisation
    is_ambiguous: bool = False  # "Moscow" is often just the city


@dataclass(frozen=True)
class TopicEntry:
    name: str  # "Gaza ceasefire"
    phrases: tuple[str, ...] = ()  # phrases that signal the topic
    slug: str = ""  # "gaza-ceasefire"


@dataclass(frozen=True)
class Gazetteer:
    leaders: tuple[LeaderEntry, ...] = ()
    countries: tuple[CountryEntry, ...] = ()
    metonyms: tuple[MetonymEntry, ...] = ()
    topics: tuple[TopicEntry, ...] = ()


@dataclass(frozen=True)
class DiscoveredLeader:
    """A person the text introduces with a leader title who is not in the gazetteer."""

    name: str  # "Mark Carney"
    country: str | None  # canonical country name from the demonym, e.g. "Canada"
    title: str  # "Prime Minister"
    sentence: str = ""  # where the person was introduced


@dataclass(frozen=True)
class Mention:
    """One place in a cleaned section where an entity is mentioned."""

    kind: str  # "leader" | "country" | "topic"
    name: str  # canonical name of the entry
    section: int  # index of the section in the list given to the tagger
    start: int  # character offsets into that section's text
    end: int
    sentence: str = ""  # the sentence that triggered the tag ("why tagged")
    matched: str = field(default="")  # the surface text, e.g. "the Kremlin"
    note: str = ""  # why a guess was made, e.g. an undated title alias given to its latest holder

    @property
    def is_in_title(self) -> bool:
        """Return whether the mention lies in the title given apart (offsets point into the title)."""
        return self.section == TITLE_SECTION


@dataclass(frozen=True)
class TaggedText:
    """What the tagger read in one article: its tags, and the gazetteer people it names out of role."""

    mentions: list[Mention]
    # Full names (or former titles with the name) of people in the gazetteer who held none of
    # their roles in the article's year: "Donald Trump" in 1987. The right person, but no leader
    # tag; Mention.note gives the years of their roles.
    people_out_of_role: list[Mention]


class LocatedName(NamedTuple):
    """A resolved name at a place in the (folded) sections, before its sentence is attached."""

    kind: str  # "leader" | "country" | "topic"
    name: str
    section: int  # TITLE_SECTION for the title given apart
    start: int
    end: int
    note: str = ""
