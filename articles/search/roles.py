"""Offices held over time: "President of France" -> who held it when, from the leaders' dated roles.

A role is an office and a place: the leader's country, or the role's organisation ("Secretary
General" of NATO). "The president" alone names no role. Role names are matched folded (case,
accents, hyphens, full stops, "the" and "'s" ignored) in the forms people write them:
"president of france", "french president", "uk prime minister", "UN Secretary-General".

Leader.roles holds calendar years, and the days of taking and leaving office where the gazetteer
knows them; where it knows only the year of a handover, both holders count as holding the office
that year.
"""

import functools
import json
import logging
import re
from dataclasses import dataclass
from datetime import date

from django.db.models import TextField
from django.db.models.functions import Cast
from django.utils.text import slugify

from articles.exceptions import RoleFormatError
from articles.models import Leader
from articles.search.lookup import fold
from articles.tagging.types import Role, parse_role

logger = logging.getLogger(__name__)

# "Acting President", "Prime Minister (caretaker)": the same office, held for a while.
TITLE_QUALIFIER_PATTERN = re.compile(r"^acting\s+|\s*\((?:acting|interim|caretaker)\)\s*$", re.IGNORECASE)
# Place names read with "the": "Prime Minister of the United Kingdom", "Secretary General of the United Nations".
ARTICLE_TAKING_WORDS = frozenset(
    {
        "Union", "Kingdom", "Republic", "Nations", "States", "Emirates", "Islands", "League", "Bank", "Fund",
        "Organization", "Agency", "Justice", "Netherlands", "Philippines", "Bahamas", "Maldives", "Houthis",
        "Taliban", "Comoros", "Seychelles", "Gambia", "State", "See", "Authority",
    }
)
# Words dropped before matching a typed role name.
IGNORED_WORDS = frozenset({"the", "s"})
# The leader rows last read and the roles built from them (see _roles_by_slug).
_LAST_ROLES: dict[str, tuple[list[tuple], dict[str, "KnownRole"]]] = {}


def leader_roles(leader: Leader) -> list[Role]:
    """Return the offices the leader held, as stored in Leader.roles; with held_roles, the one reader of that field.

    Raises:
        RoleFormatError: a record is not {"title", "from", "to"}, a "from" or "to" is neither a year
            nor a day, or a role ends before it starts.
    """
    return held_roles(leader.roles, leader_name=leader.name)


def held_roles(records: list[dict], *, leader_name: str) -> list[Role]:
    """Return the offices in a Leader.roles value (records of the leader called leader_name).

    Raises:
        RoleFormatError: a record is not {"title", "from", "to"}, a "from" or "to" is neither a year
            nor a day, or a role ends before it starts.
    """
    if not isinstance(records or [], list):
        raise RoleFormatError(
            f"{leader_name}'s roles are not a list; write [{{\"title\": \"President\", \"from\": \"2017\", \"to\": null}}].",
            leader_name=leader_name,
        )
    return [_held_role(record, leader_name=leader_name) for record in records or []]


def _held_role(record: dict, *, leader_name: str) -> Role:
    if not isinstance(record, dict) or not str(record.get("title") or "").strip():
        raise RoleFormatError(
            f"{leader_name}'s role {record!r} is not a role; write {{\"title\": \"President\", \"from\": \"2017\", \"to\": null}}.",
            leader_name=leader_name,
        )
    role = parse_role(record, owner=leader_name)
    return Role(
        title=role.title.strip(), start_year=role.start_year, end_year=role.end_year,
        organization=role.organization.strip(), start_day=role.start_day, end_day=role.end_day,
    )


@dataclass(frozen=True)
class RolePeriod:
    """One leader's time in an office."""

    leader_slug: str
    leader_name: str
    title: str  # as held: "Acting President"
    start_year: int | None
    end_year: int | None
    start_day: date | None = None  # the first and last day in office, where known
    end_day: date | None = None

    @property
    def start(self) -> date | None:
        """Return the first day in office: the known day, else 1 January of the start year."""
        return self.start_day or (date(self.start_year, 1, 1) if self.start_year else None)

    @property
    def end(self) -> date | None:
        """Return the last day in office: the known day, else 31 December of the end year."""
        return self.end_day or (date(self.end_year, 12, 31) if self.end_year else None)

    @property
    def years(self) -> str:
        """Return "2012–2017", "2017–" or "–1990"."""
        return f"{self.start_year or ''}–{self.end_year or ''}"

    def covers(self, when: date) -> bool:
        return (self.start or date.min) <= when <= (self.end or date.max)


@dataclass(frozen=True)
class KnownRole:
    """An office in a place and everyone who held it, earliest first."""

    slug: str  # "president-of-france"
    name: str  # "President of France"
    office: str  # "President"
    place: str  # "France", "NATO"
    periods: tuple[RolePeriod, ...]
    place_names: tuple[str, ...] = ()  # the place as people write it: name, aliases, demonyms, initials

    def holders_on(self, when: date) -> list[RolePeriod]:
        """Return who held the role on that date (two in a handover year whose days the gazetteer lacks)."""
        return [period for period in self.periods if period.covers(when)]


def list_roles() -> list[KnownRole]:
    """Return every role the gazetteer's leaders held, by name (leaders whose roles cannot be read are left out, logged)."""
    return sorted(_roles_by_slug().values(), key=lambda role: role.name)


def roles_held_by(leader_slug: str) -> list[KnownRole]:
    """Return the roles the leader held, earliest first."""
    held = [role for role in _roles_by_slug().values() if any(p.leader_slug == leader_slug for p in role.periods)]
    return sorted(held, key=lambda role: min(p.start or date.min for p in role.periods if p.leader_slug == leader_slug))


def get_role(slug: str) -> KnownRole | None:
    """Return the role with that slug, or None when no leader held it."""
    return _roles_by_slug().get(slug)


def find_role(typed: str) -> KnownRole | None:
    """Return the role a typed name or slug names ("german chancellor"), or None when it names none or several."""
    roles = _roles_by_slug()
    if typed in roles:
        return roles[typed]
    wanted = _match_key(typed)
    found = {role.slug for role in roles.values() for phrase in _role_phrases(role) if phrase == wanted}
    return roles[found.pop()] if len(found) == 1 else None


def _roles_by_slug() -> dict[str, KnownRole]:
    # Every role search reads the leaders' rows. Reading their raw text is a tenth of building the
    # roles from it (3,336 leaders: about 10 ms against 110 ms), and equal rows give equal roles,
    # so the roles built from the last rows read are kept with them: any edit to a leader, its
    # roles or its country's names makes the next read unequal, in any process.
    rows = _role_rows()
    cached = _LAST_ROLES.get("last")
    if cached is not None and cached[0] == rows:
        return cached[1]
    roles = _build_roles(rows)
    _LAST_ROLES["last"] = (rows, roles)
    return roles


def _role_rows() -> list[tuple]:
    """Return (slug, name, roles, country, its aliases, its demonyms) of every leader with roles, JSON as text."""
    return list(
        Leader.objects.exclude(roles=[]).order_by("name").values_list(
            "slug", "name", Cast("roles", TextField()), "country__name",
            Cast("country__aliases", TextField()), Cast("country__demonyms", TextField()),
        )
    )


def _build_roles(rows: list[tuple]) -> dict[str, KnownRole]:
    periods: dict[tuple[str, str], list[RolePeriod]] = {}
    places: dict[tuple[str, str], tuple[str, tuple[str, ...]]] = {}
    for slug, name, records_text, country_name, aliases_text, demonyms_text in rows:
        records = json.loads(records_text)
        country_aliases = json.loads(aliases_text) if aliases_text else []
        country_demonyms = json.loads(demonyms_text) if demonyms_text else []
        try:
            leader_held = held_roles(records, leader_name=name)
        except RoleFormatError as error:
            # One leader's unreadable roles (stored before the admin checked them) must not stop
            # role search for every other office; the log names the leader and the fix.
            logger.warning("Left out of role search: %s", error)
            continue
        for held in leader_held:
            office = TITLE_QUALIFIER_PATTERN.sub("", held.title).strip()
            if held.organization:
                place, place_names = held.organization, _organization_names(held.organization)
            elif country_name:
                place, place_names = country_name, (country_name, *country_aliases, *country_demonyms)
            else:
                continue  # an office with no place is not a role ("the president" of what?)
            if not office:
                continue
            key = (_match_key(office), place)
            places[key] = (office, place_names)
            periods.setdefault(key, []).append(
                RolePeriod(slug, name, held.title, held.start_year, held.end_year, held.start_day, held.end_day)
            )
    roles = {}
    for key, held_periods in periods.items():
        office, place_names = places[key]
        place = key[1]
        name = f"{office} ({place})" if " of " in office else f"{office} of {_with_article(place)}"
        slug = slugify(f"{office} of {place}")
        ordered = sorted(held_periods, key=lambda p: (p.start or date.min, p.end or date.max, p.leader_name))
        roles[slug] = KnownRole(
            slug=slug, name=name, office=office, place=place, periods=tuple(ordered), place_names=place_names
        )
    return roles


def _role_phrases(role: KnownRole) -> set[str]:
    office = _match_key(role.office)
    phrases = set()
    for place in role.place_names or (role.place,):
        place_key = _match_key(place)
        phrases |= {f"{office} of {place_key}", f"{place_key} {office}"}
    if " of " in role.office:
        phrases.add(office)  # "President of the European Commission" names its place already
    return phrases


def _organization_names(organization: str) -> tuple[str, ...]:
    """Return the organisation's name and, for a name of several words, its initials ("United Nations" -> "UN")."""
    words = [word for word in re.split(r"[\s-]+", organization) if word[:1].isupper()]
    acronym = "".join(word[0] for word in words)
    return (organization, acronym) if len(words) > 1 else (organization,)


def _with_article(place: str) -> str:
    last_word = place.split()[-1]
    return f"the {place}" if last_word in ARTICLE_TAKING_WORDS else place


@functools.lru_cache(maxsize=20_000)
def _match_key(text: str) -> str:
    """Return text folded for matching: "U.K.'s Prime-Minister" -> "uk prime minister"."""
    folded = fold(text).replace(".", "").replace("’", "'")
    words = re.findall(r"\w+", folded.replace("-", " "))
    return " ".join(word for word in words if word not in IGNORED_WORDS)
