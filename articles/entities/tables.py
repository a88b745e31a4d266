"""The gazetteer as the database holds it: leaders, countries and topics an admin can edit.

The shipped JSON (articles/data/gazetteer/) seeds the tables once; from then on the database is
what the tagger reads, so an admin's alias or a merged duplicate takes effect on the next import.
"""

import logging
from collections.abc import Collection
from dataclasses import dataclass, replace

from django.db import transaction
from django.utils.text import slugify

from articles.exceptions import RoleFormatError
from articles.models import Country, Leader, Topic
from articles.tagging import load_gazetteer
from articles.tagging.types import CountryEntry, Gazetteer, LeaderEntry, Role, TopicEntry, parse_role

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class EntityTables:
    """A gazetteer built from the database, and the rows its canonical names stand for."""

    gazetteer: Gazetteer
    leaders: dict[str, Leader]
    countries: dict[str, Country]
    topics: dict[str, Topic]


def load_entity_tables() -> EntityTables:
    """Return the tagger's gazetteer as the database holds it now, with name -> row maps."""
    countries = {c.name: c for c in Country.objects.prefetch_related("successors")}
    leaders = {leader.name: leader for leader in Leader.objects.select_related("country")}
    topics = {t.name: t for t in Topic.objects.all()}
    # Metonyms are not edited in the admin; they come from the shipped file.
    shipped = load_gazetteer()
    metonyms = tuple(m for m in shipped.metonyms if m.country is None or m.country in countries)
    # Era surfaces ("Kremlin" meant the Soviet Union until 1991) are not edited either.
    era_surfaces = {country.name: country.era_surfaces for country in shipped.countries}
    gazetteer = Gazetteer(
        leaders=tuple(entry for entry in map(_leader_entry, leaders.values()) if entry is not None),
        countries=tuple(
            CountryEntry(
                name=c.name, aliases=tuple(c.aliases), demonyms=tuple(c.demonyms), capitals=tuple(c.capitals),
                start_year=c.start_year, end_year=c.end_year,
                successors=tuple(successor.name for successor in c.successors.all()),
                era_surfaces=era_surfaces.get(c.name, ()),
            )
            for c in countries.values()
        ),
        metonyms=metonyms,
        topics=tuple(TopicEntry(name=t.name, phrases=tuple(t.aliases)) for t in topics.values()),
    )
    return EntityTables(gazetteer=gazetteer, leaders=leaders, countries=countries, topics=topics)


def _leader_entry(leader: Leader) -> LeaderEntry | None:
    """Return the tagger's entry for a leader row, or None (logged) when its stored roles cannot be read."""
    try:
        roles = tuple(parse_role(role, owner=leader.name) for role in leader.roles or ())
    except (RoleFormatError, AttributeError) as error:
        # Stored before the admin's form checked roles (a reversed or misspelt year): one row
        # must not stop every import and retag. The leader is left out of tagging until its
        # roles are fixed in the admin, and the log names the leader and the fix.
        logger.warning("Left out of tagging: %s", error)
        return None
    return LeaderEntry(
        name=leader.name,
        aliases=tuple(leader.aliases),
        country=leader.country.name if leader.country else None,
        roles=roles,
        ambiguous_aliases=tuple(leader.ambiguous_aliases),
    )


def seed_entities(*, gazetteer: Gazetteer, country_model=Country, leader_model=Leader, topic_model=Topic) -> int:
    """Create the gazetteer's countries, leaders and topics that are not in the database yet; return how many.

    The model arguments let a data migration pass its historical models.
    """
    # One transaction: a seed stopped halfway must not leave half a gazetteer, and on SQLite a
    # commit per row made seeding 3,336 leaders take seconds.
    with transaction.atomic():
        return _seed_missing_entities(
            gazetteer=gazetteer, country_model=country_model, leader_model=leader_model, topic_model=topic_model
        )


def _seed_missing_entities(*, gazetteer: Gazetteer, country_model, leader_model, topic_model) -> int:
    created = 0
    countries = {c.name: c for c in country_model.objects.all()}
    # Migrations before 0006 pass a Country without life span fields.
    has_life_span = "end_year" in {field.name for field in country_model._meta.get_fields()}
    for entry in gazetteer.countries:
        if entry.name not in countries:
            life_span = {"start_year": entry.start_year, "end_year": entry.end_year} if has_life_span else {}
            countries[entry.name] = country_model.objects.create(
                name=entry.name,
                slug=slugify(entry.name),
                aliases=list(entry.aliases),
                demonyms=list(entry.demonyms),
                capitals=list(entry.capitals),
                **life_span,
            )
            created += 1
    if has_life_span:
        set_life_spans(gazetteer=gazetteer, countries=countries)
    existing_leaders = set(leader_model.objects.values_list("name", flat=True))
    taken_leader_slugs = set(leader_model.objects.values_list("slug", flat=True))
    new_leaders = [
        leader_model(
            name=entry.name,
            slug=_take_unique_slug(taken_leader_slugs, entry.name),
            aliases=list(entry.aliases),
            ambiguous_aliases=list(entry.ambiguous_aliases),
            country=countries.get(entry.country or ""),
            roles=[role.to_record() for role in entry.roles],
        )
        for entry in gazetteer.leaders
        if entry.name not in existing_leaders
    ]
    leader_model.objects.bulk_create(new_leaders, batch_size=500)
    created += len(new_leaders)
    existing_topics = set(topic_model.objects.values_list("name", flat=True))
    taken_topic_slugs = set(topic_model.objects.values_list("slug", flat=True))
    for entry in gazetteer.topics:
        if entry.name not in existing_topics:
            topic_model.objects.create(
                name=entry.name, slug=_take_unique_slug(taken_topic_slugs, entry.name), aliases=list(entry.phrases)
            )
            created += 1
    return created


def add_shipped_topic_phrases(*, gazetteer: Gazetteer, topic_model=Topic) -> int:
    """Append to each topic row the shipped phrases it lacks; return how many rows changed.

    An archive seeded before the vocabulary grew keeps its rows: this brings the new phrases in
    without dropping phrases an admin added. The model argument lets a data migration pass its
    historical model.
    """
    return _append_missing_names(topic_model, {entry.name: entry.phrases for entry in gazetteer.topics})


def add_shipped_country_aliases(*, gazetteer: Gazetteer, country_model=Country, only: Collection[str] = ()) -> int:
    """Append to each country row the shipped aliases it lacks ("N.Z."); return how many rows changed.

    Like add_shipped_topic_phrases: aliases an admin added stay. only: the names a release added;
    given, no other shipped alias is appended, so one an admin had deleted stays deleted (without
    it, each data migration that calls this brings such an alias back).
    """
    return _append_missing_names(country_model, {entry.name: entry.aliases for entry in gazetteer.countries}, only=only)


def add_shipped_country_demonyms(*, gazetteer: Gazetteer, country_model=Country, only: Collection[str] = ()) -> int:
    """Append to each country row the shipped demonyms it lacks ("Slovakian"); return how many rows changed.

    Like add_shipped_country_aliases: demonyms an admin added stay.
    """
    return _append_missing_names(
        country_model, {entry.name: entry.demonyms for entry in gazetteer.countries}, field="demonyms", only=only
    )


def add_shipped_role_days(*, gazetteer: Gazetteer, leader_model=Leader) -> int:
    """Give each stored role the days of taking and leaving office that the shipped role has; return how many rows changed.

    A stored role takes the shipped days only while it is still the shipped role by years (same
    title, organisation, start and end year, no day of its own), so a role an admin changed stays
    as the admin left it. The model argument lets a data migration pass its historical model.
    """
    shipped = {
        entry.name: {(role.title, role.organization, role.start_year, role.end_year): role for role in entry.roles}
        for entry in gazetteer.leaders
    }
    changed = 0
    for row in leader_model.objects.filter(name__in=list(shipped)):
        if not isinstance(row.roles, list):
            continue  # not readable: the admin's form names the fix; a migration leaves it be
        records = [_with_shipped_days(record, shipped[row.name]) for record in row.roles]
        if records != row.roles:
            row.roles = records
            row.save(update_fields=["roles"])
            changed += 1
    return changed


def _with_shipped_days(record: object, shipped: dict[tuple, Role]) -> object:
    """Return the stored role record with the shipped role's days, or unchanged when it is no shipped role by years."""
    if not isinstance(record, dict):
        return record
    try:
        stored = parse_role(record)
    except RoleFormatError:
        return record  # not readable: the admin's form names the fix; a migration leaves it be
    if stored.start_day or stored.end_day:
        return record
    match = shipped.get((stored.title.strip(), stored.organization.strip(), stored.start_year, stored.end_year))
    if match is None or not (match.start_day or match.end_day):
        return record
    return {**record, "from": match.to_record()["from"], "to": match.to_record()["to"]}


def add_shipped_leaders(apps, *, names: Collection[str], names_with_roles: Collection[str] = ()) -> None:
    """Create the shipped leaders named (a data migration's historical models from apps), and
    append the shipped roles the leaders of names_with_roles lack. Only those: a leader or role an
    admin deleted or merged stays deleted."""
    gazetteer = load_gazetteer()
    leader_model = apps.get_model("articles", "Leader")
    seed_entities(
        gazetteer=replace(gazetteer, leaders=tuple(e for e in gazetteer.leaders if e.name in names), countries=(), topics=()),
        country_model=apps.get_model("articles", "Country"),
        leader_model=leader_model,
        topic_model=apps.get_model("articles", "Topic"),
    )
    add_shipped_roles(
        gazetteer=replace(gazetteer, leaders=tuple(e for e in gazetteer.leaders if e.name in names_with_roles)),
        leader_model=leader_model,
    )


def add_shipped_roles(*, gazetteer: Gazetteer, leader_model=Leader) -> int:
    """Append to each stored leader the shipped roles it lacks; return how many rows changed.

    A shipped role is lacking when no stored role with its title and organisation overlaps it in
    time (Brezhnev's chairmanship of the Presidium in 1960-64 beside his own of 1977-82), so a
    role whose years an admin corrected is not added twice; a shipped role an admin deleted comes
    back, as a deleted shipped alias does. The roles are then put in order of their first day. The
    model argument lets a data migration pass its historical model.
    """
    shipped = {entry.name: entry.roles for entry in gazetteer.leaders}
    changed = 0
    for row in leader_model.objects.filter(name__in=list(shipped)):
        if not isinstance(row.roles, list):
            continue
        try:
            stored = [(record, parse_role(record)) for record in row.roles]
        except (RoleFormatError, AttributeError):
            continue  # not readable: the admin's form names the fix; a migration leaves it be
        missing = [
            (role.to_record(), role) for role in shipped[row.name]
            if not any(_is_same_office(role, held) and role.overlaps(held) for _, held in stored)
        ]
        if missing:
            row.roles = [record for record, _ in sorted([*stored, *missing], key=lambda pair: pair[1].first_day)]
            row.save(update_fields=["roles"])
            changed += 1
    return changed


def _is_same_office(role: Role, other: Role) -> bool:
    return (role.title.strip().lower(), role.organization.strip()) == (other.title.strip().lower(), other.organization.strip())


def remove_role_days(*, leader_model=Leader) -> int:
    """Turn every stored role's days back into years ("2015-09-15" -> "2015"); return how many rows changed.

    The reverse of add_shipped_role_days, for going back to code that reads years only: it also
    turns days an admin typed into years.
    """
    changed = 0
    for row in leader_model.objects.all():
        if not isinstance(row.roles, list):
            continue
        records = [_with_years_only(record) for record in row.roles]
        if records != row.roles:
            row.roles = records
            row.save(update_fields=["roles"])
            changed += 1
    return changed


def _with_years_only(record: object) -> object:
    """Return the stored role record with its days turned into their years, or unchanged when it has none."""
    if not isinstance(record, dict):
        return record
    try:
        role = parse_role(record)
    except RoleFormatError:
        return record
    years = {
        bound: str(day.year) for bound, day in (("from", role.start_day), ("to", role.end_day)) if day is not None
    }
    return {**record, **years} if years else record


def _append_missing_names(
    model, shipped: dict[str, tuple[str, ...]], *, field: str = "aliases", only: Collection[str] = ()
) -> int:
    """Append to the list in field ("aliases", "demonyms") of each row of model the shipped names it lacks
    (case-blind), only those in only when given; return how many rows changed."""
    wanted = {name.lower() for name in only}
    changed = 0
    for row in model.objects.filter(name__in=list(shipped)):
        present = getattr(row, field)
        known = {name.lower() for name in present}
        missing = [name for name in shipped[row.name] if name.lower() not in known and (not wanted or name.lower() in wanted)]
        if missing:
            setattr(row, field, [*present, *missing])
            row.save(update_fields=[field])
            changed += 1
    return changed


def set_life_spans(*, gazetteer: Gazetteer, countries: dict) -> None:
    """Give the rows of states that no longer exist their years and successors, where unset."""
    for entry in gazetteer.countries:
        row = countries[entry.name]
        if entry.end_year is not None and row.end_year is None:
            row.start_year, row.end_year = entry.start_year, entry.end_year
            row.save(update_fields=["start_year", "end_year"])
        if entry.successors and not row.successors.exists():
            row.successors.set([countries[name] for name in entry.successors if name in countries])


def _take_unique_slug(taken: set[str], name: str) -> str:
    """Return name's slug, numbered ("-2", "-3") past the slugs taken, and add it to them."""
    base = slugify(name)[:180] or "entity"
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug
