"""Leaders' roles and dates: who held a title on a date, and who held it last."""

from datetime import date

from articles.tagging import rules
from articles.tagging.types import LeaderEntry


def has_role(leader: LeaderEntry, title: str, published: date | None) -> bool:
    """Return whether leader held a role named like title ("" for any; "Premier" also fits
    "Prime Minister"), on the date published if given (see Role.covers)."""
    titles = rules.TITLE_EQUIVALENTS.get(title, (title,))
    return any(
        any(role.is_titled(name) for name in titles) and (published is None or role.covers(published))
        for role in leader.roles
    )


def is_in_role(leader: LeaderEntry, published: date | None) -> bool:
    """Return whether leader is a leader at the published date: some role covers it (always
    true undated, or for a leader without roles)."""
    return published is None or not leader.roles or leader.has_role_in(published)


def choose_latest_holder(leaders: list[LeaderEntry], title: str) -> tuple[LeaderEntry, str]:
    """Return the leader whose role titled like title began last, with a note saying so."""
    titles = rules.TITLE_EQUIVALENTS.get(title, (title,))

    def latest_start(leader: LeaderEntry) -> date:
        return max(
            (role.first_day for role in leader.roles if any(role.is_titled(name) for name in titles)),
            default=date.min,
        )

    leader = max(leaders, key=latest_start)
    return leader, f"The article has no date: taken to be the latest holder of the title “{title}”."


def find_surface_title(surface: str) -> str:
    """Return the leader title a titled alias starts with ("Premier" of "Premier Li"), else ""."""
    for title in rules.LEADER_TITLES:
        if surface.startswith(title + " "):
            return title
    return ""


def are_contemporaries(leader: LeaderEntry, other: LeaderEntry) -> bool:
    """Return whether some role of leader overlaps in time with some role of other."""
    return any(role.overlaps(other_role) for role in leader.roles for other_role in other.roles)
