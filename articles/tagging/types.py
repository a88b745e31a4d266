"""Plain data the tagger works on: the gazetteer it reads and the mentions it returns."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class LeaderEntry:
    name: str  # canonical name with diacritics, e.g. "Recep Tayyip Erdoğan"
    aliases: tuple[str, ...] = ()  # other spellings, surname forms, transliterations
    country: str | None = None  # canonical country name
    roles: tuple[dict, ...] = ()  # {"title", "from", "to", "organization"?} as in leaders.json
    ambiguous_aliases: tuple[str, ...] = ()  # never tagged on their own


@dataclass(frozen=True)
class CountryEntry:
    name: str  # canonical name, e.g. "United States"
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    capitals: tuple[str, ...] = ()
    is_independent: bool = True  # False for territories (Guam, Jersey); loses shared demonyms


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
