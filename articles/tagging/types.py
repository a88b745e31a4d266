"""Plain data the tagger works on: the gazetteer it reads and the mentions it returns."""

from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from articles.exceptions import RoleFormatError

# Mention.section of a mention found in the title given apart (tag_sections(title=...)).
TITLE_SECTION = -1

@dataclass(frozen=True)
class Role:
    """One office a leader held: "Prime Minister" from 1979 to 1990, or from 15 September 2015 to
    24 August 2018 where the gazetteer knows the days (calendar years and days, inclusive)."""

    title: str
    start_year: int | None = None  # None: unknown, taken as always
    end_year: int | None = None  # None: still in office (or unknown)
    organization: str = ""  # "United Nations" for international roles
    # The first and last day in office, where known (always in start_year and end_year): in the
    # year an office changes hands, the year alone cannot tell the two holders apart.
    start_day: date | None = None
    end_day: date | None = None

    @property
    def first_day(self) -> date:
        """Return the first day the role covers: its start day, else 1 January of its start year."""
        return self.start_day or (date(self.start_year, 1, 1) if self.start_year else date.min)

    @property
    def last_day(self) -> date:
        """Return the last day the role covers: its end day, else 31 December of its end year."""
        return self.end_day or (date(self.end_year, 12, 31) if self.end_year else date.max)

    def covers(self, when: date | int) -> bool:
        """Return whether the role was held on the date when (to the day where the days are known),
        or at some time in the year when."""
        if isinstance(when, int):
            return (self.start_year or 0) <= when <= (self.end_year or 9999)
        return self.first_day <= when <= self.last_day

    def overlaps(self, other: "Role") -> bool:
        """Return whether the two roles were held on at least one common day."""
        return self.first_day <= other.last_day and other.first_day <= self.last_day

    @property
    def years(self) -> str:
        """Return "1979–1990", "2017–" (still held) or "" when the years are unknown."""
        if self.start_year is None and self.end_year is None:
            return ""
        return f"{self.start_year or ''}–{self.end_year or ''}"

    @property
    def dates(self) -> str:
        """Return the role's span to the day where the days are known ("2015-09-15–2018-08-24"),
        else as years() does."""
        if self.start_year is None and self.end_year is None:
            return ""
        return f"{_bound_text(self.start_day, self.start_year) or ''}–{_bound_text(self.end_day, self.end_year) or ''}"

    def is_titled(self, title: str) -> bool:
        """Return whether the role's title contains title, case-insensitively ("" fits every role)."""
        return title.lower() in self.title.lower()

    def to_record(self) -> dict:
        """Return the role as a leaders.json record: {"title", "from", "to", "organization"?}, with
        "YYYY-MM-DD" where the day is known and "YYYY" where only the year is."""
        record: dict = {
            "title": self.title,
            "from": _bound_text(self.start_day, self.start_year),
            "to": _bound_text(self.end_day, self.end_year),
        }
        if self.organization:
            record["organization"] = self.organization
        return record


def _bound_text(day: date | None, year: int | None) -> str | None:
    if day is not None:
        return day.isoformat()
    return str(year) if year is not None else None


def parse_role(record: dict | Role, *, owner: str = "") -> Role:
    """Return the Role of a leaders.json or database role record ({"title", "from", "to"}); "from"
    and "to" are years ("2015") or days ("2015-09-15"), or null. owner names the leader in messages.

    Raises:
        RoleFormatError: "from" or "to" is neither a year nor a day, or "to" comes before "from".
    """
    if isinstance(record, Role):
        return record
    whose = f"{owner}'s role" if owner else "Role"
    try:
        start_year, start_day = _parse_bound(record.get("from"))
        end_year, end_day = _parse_bound(record.get("to"))
    except (TypeError, ValueError) as error:
        raise RoleFormatError(
            f"{whose} {record!r} has a 'from' or 'to' that is not a year or a day; "
            f'write years like "2017", days like "2017-05-14", or null.',
            leader_name=owner,
        ) from error
    role = Role(
        title=str(record.get("title") or ""), start_year=start_year, end_year=end_year,
        organization=str(record.get("organization") or ""), start_day=start_day, end_day=end_day,
    )
    if role.first_day > role.last_day:
        raise RoleFormatError(f"{whose} {record!r} ends before it starts; check its 'from' and 'to'.", leader_name=owner)
    return role


def _parse_bound(value: object) -> tuple[int | None, date | None]:
    """Return the year and, when given, the day of a role's "from" or "to" ("2015", "2015-09-15", 2015 or null).

    Raises:
        ValueError: value is neither.
    """
    if value is None or value == "":
        return None, None
    if isinstance(value, int) and not isinstance(value, bool):
        year = value
    elif isinstance(value, str):
        text = value.strip()
        if len(text) == 10 and text[4] == "-" and text[7] == "-":
            day = date.fromisoformat(text)
            return day.year, day
        year = int(text)
    else:
        raise ValueError(value)
    if not 1 <= year <= 9999:  # a calendar year: "20150915" is a day without its hyphens
        raise ValueError(value)
    return year, None


@dataclass(frozen=True)
class LeaderEntry:
    name: str  # canonical name with diacritics, e.g. "Recep Tayyip Erdoğan"
    aliases: tuple[str, ...] = ()  # other spellings, surname forms, transliterations
    country: str | None = None  # canonical country name
    roles: tuple[Role, ...] = ()
    ambiguous_aliases: tuple[str, ...] = ()  # never tagged on their own

    def has_role_in(self, when: date | int, title: str = "") -> bool:
        """Return whether the leader held a role titled like title ("" for any) on the date when (see Role.covers)."""
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
