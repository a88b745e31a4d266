"""Reading the shipped gazetteer JSON files into the plain dataclasses of types.py."""

import json
from functools import lru_cache
from pathlib import Path

from articles.exceptions import ArchiveError
from articles.tagging.types import (
    CountryEntry,
    Gazetteer,
    LeaderEntry,
    MetonymEntry,
    RoleFormatError,
    TopicEntry,
    parse_role,
)

DEFAULT_GAZETTEER_DIRECTORY = Path(__file__).resolve().parent.parent / "data" / "gazetteer"
GAZETTEER_FILES = ("countries.json", "leaders.json", "metonyms.json", "topics.json")
# Heads of state and government of 1945-2015 for the archive's older corpora (see SOURCE.md); optional.
HISTORICAL_LEADERS_FILE = "leaders_historical.json"
# States that no longer exist (the Soviet Union, East Germany, Zaire), with their years; optional.
HISTORICAL_COUNTRIES_FILE = "countries_historical.json"


class GazetteerError(ArchiveError):
    """A gazetteer file is missing, is not JSON, or lacks a required field."""

    def __init__(self, message: str, *, path: Path):
        super().__init__(message)
        self.path = path


def load_gazetteer(directory: Path | None = None) -> Gazetteer:
    """Return the gazetteer read from directory (default: articles/data/gazetteer/).

    The same directory gives the same Gazetteer object for the life of the process, so the
    tagger compiled for it is reused; restart the process to pick up edited files.

    Raises:
        GazetteerError: a file is missing, unreadable, not a JSON list, or a record lacks a field.
    """
    directory = Path(directory) if directory is not None else DEFAULT_GAZETTEER_DIRECTORY
    return read_gazetteer(directory.resolve())


@lru_cache(maxsize=8)
def read_gazetteer(directory: Path) -> Gazetteer:
    """Return the gazetteer stored in directory; see load_gazetteer.

    Raises:
        GazetteerError: as load_gazetteer.
    """
    records = {filename: read_records(directory / filename) for filename in GAZETTEER_FILES}
    if (directory / HISTORICAL_LEADERS_FILE).exists():
        records["leaders.json"] += read_records(directory / HISTORICAL_LEADERS_FILE)
    if (directory / HISTORICAL_COUNTRIES_FILE).exists():
        records["countries.json"] += read_records(directory / HISTORICAL_COUNTRIES_FILE)
    try:
        return Gazetteer(
            countries=tuple(make_country(record) for record in records["countries.json"]),
            leaders=tuple(make_leader(record) for record in records["leaders.json"]),
            metonyms=tuple(make_metonym(record) for record in records["metonyms.json"]),
            topics=tuple(make_topic(record) for record in records["topics.json"]),
        )
    except RoleFormatError as error:
        raise GazetteerError(f"In '{directory}': {error}", path=directory) from error
    except (KeyError, TypeError) as error:
        raise GazetteerError(
            f"A gazetteer record in '{directory}' lacks the field {error}; "
            "compare the file with the schema in its SOURCE.md.",
            path=directory,
        ) from error


def read_records(path: Path) -> list[dict]:
    """Return the JSON list stored at path.

    Raises:
        GazetteerError: the file is missing, not JSON, or not a list.
    """
    try:
        records = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise GazetteerError(
            f"Cannot read gazetteer file '{path}' ({error.strerror}); "
            "pass load_gazetteer() the directory holding " + ", ".join(GAZETTEER_FILES) + ".",
            path=path,
        ) from error
    except json.JSONDecodeError as error:
        raise GazetteerError(
            f"Gazetteer file '{path}' is not valid JSON (line {error.lineno}: {error.msg}); fix or re-copy it.",
            path=path,
        ) from error
    if not isinstance(records, list):
        raise GazetteerError(f"Gazetteer file '{path}' must hold a JSON list of records.", path=path)
    return records


def make_country(record: dict) -> CountryEntry:
    """Return the CountryEntry for one countries.json record."""
    return CountryEntry(
        name=record["name"],
        aliases=tuple(record.get("aliases", ())),
        demonyms=tuple(record.get("demonyms", ())),
        capitals=tuple(record.get("capitals", ())),
        is_independent=bool(record.get("independent", True)),
        start_year=int(record["from"]) if record.get("from") else None,
        end_year=int(record["to"]) if record.get("to") else None,
        successors=tuple(record.get("successors", ())),
        era_surfaces=tuple(record.get("era_surfaces", ())),
    )


def make_leader(record: dict) -> LeaderEntry:
    """Return the LeaderEntry for one leaders.json record."""
    return LeaderEntry(
        name=record["name"],
        aliases=tuple(record.get("aliases", ())),
        country=record.get("country"),
        roles=tuple(parse_role(role) for role in record.get("roles", ())),
        ambiguous_aliases=tuple(record.get("ambiguous_aliases", ())),
    )


def make_metonym(record: dict) -> MetonymEntry:
    """Return the MetonymEntry for one metonyms.json record."""
    return MetonymEntry(
        term=record["term"],
        country=record.get("country"),
        is_ambiguous=bool(record.get("ambiguous", False)),
    )


def make_topic(record: dict) -> TopicEntry:
    """Return the TopicEntry for one topics.json record."""
    return TopicEntry(name=record["name"], phrases=tuple(record["phrases"]), slug=record.get("slug", ""))
