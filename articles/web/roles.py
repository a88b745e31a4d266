"""Role pages' read models: the roles the gazetteer knows, and one role's holders over time."""

from dataclasses import dataclass
from datetime import date

from django.http import Http404
from django.urls import reverse
from django.utils.http import urlencode

from articles.kinds import LEADER
from articles.search.roles import KnownRole, RolePeriod, get_role, list_roles
from articles.search.service import SearchFilters, search_article_ids
from articles.web.trends import MAX_SERIES


@dataclass(frozen=True)
class PlaceRoles:
    place: str  # "France", "NATO"
    roles: list[KnownRole]


@dataclass(frozen=True)
class HolderRow:
    """One holder's time in the office, placed on the timeline (offset and width in % of its span)."""

    period: RolePeriod
    article_count: int
    search_url: str  # the articles mentioning the holder dated within their time in office
    leader_url: str
    offset: float
    width: float


@dataclass(frozen=True)
class RolePage:
    role: KnownRole
    holders: list[HolderRow]
    first_year: int
    last_year: int
    on: date | None  # the date asked about with ?on=
    holders_on: list[RolePeriod]  # who held the office then
    search_url: str  # role:"..." search over all holders
    compare_url: str  # the latest holders side by side on /trends/


def list_roles_by_place() -> list[PlaceRoles]:
    """Return the known roles grouped by country or organisation, places A-Z."""
    places: dict[str, list[KnownRole]] = {}
    for role in list_roles():
        places.setdefault(role.place, []).append(role)
    return [PlaceRoles(place=place, roles=roles) for place, roles in sorted(places.items())]


def get_role_page(*, slug: str, on: date | None, today: date) -> RolePage:
    """Return the role's holders with their article counts, and who held it on the date `on`.

    Raises:
        Http404: no leader held a role with that slug.
    """
    role = get_role(slug)
    if role is None:
        raise Http404(f"No role '{slug}'; the roles the archive knows are listed at /roles/.")
    first_year = min((p.start_year for p in role.periods if p.start_year), default=today.year)
    # A role held only by its current holder has no end year: the timeline runs to today.
    last_year = max([today.year, *(p.end_year for p in role.periods if p.end_year)])
    span = last_year - first_year + 1
    holders = []
    for period in role.periods:
        start, end = period.start_year or first_year, period.end_year or last_year
        holders.append(
            HolderRow(
                period=period,
                article_count=_count_articles(period),
                search_url=_holder_search_url(period),
                leader_url=reverse(f"articles:{LEADER.param}", args=[period.leader_slug]),
                offset=100 * (start - first_year) / span,
                width=100 * (end - start + 1) / span,
            )
        )
    return RolePage(
        role=role,
        holders=holders,
        first_year=first_year,
        last_year=last_year,
        on=on,
        holders_on=role.holders_on(on) if on else [],
        search_url=reverse("articles:search") + "?" + urlencode({"q": f'role:"{role.slug}"'}),
        compare_url=_compare_url(role),
    )


def _compare_url(role: KnownRole) -> str:
    latest = list(dict.fromkeys(period.leader_slug for period in reversed(role.periods)))[:MAX_SERIES]
    return reverse("articles:trends") + "?" + urlencode([(LEADER.param, slug) for slug in reversed(latest)])


def _count_articles(period: RolePeriod) -> int:
    filters = SearchFilters(leaders=(period.leader_slug,), date_from=period.start, date_to=period.end)
    return search_article_ids("", filters=filters, limit=0).total


def _holder_search_url(period: RolePeriod) -> str:
    params = {LEADER.param: period.leader_slug}
    if period.start:
        params["from"] = period.start.isoformat()
    if period.end:
        params["to"] = period.end.isoformat()
    return reverse("articles:search") + "?" + urlencode(params)
