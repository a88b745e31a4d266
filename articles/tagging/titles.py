"""Leaders referred to by title alone ("the Turkish president"), once the article named them."""

import re
from collections.abc import Callable

from articles.tagging import rules
from articles.tagging.types import LeaderEntry, LocatedName

# Title words as they appear without a name, and the role titles each may stand for.
UNNAMED_TITLES = {
    "president": ("President",),
    "prime minister": ("Prime Minister",),
    "premier": ("Premier", "Prime Minister"),
    "chancellor": ("Chancellor",),
    "king": ("King",),
    "queen": ("Queen",),
    "emir": ("Emir",),
    "crown prince": ("Crown Prince",),
    "supreme leader": ("Supreme Leader",),
    "taoiseach": ("Taoiseach",),
}

# "the Turkish president", "the prime minister", "The President": a definite title with no
# capitalised name right after it (a following name is a titled name, resolved elsewhere), not
# "of" a place (another holder) and not "'s" before a name ("the Queen's Speech": an institution).
UNNAMED_TITLE_RE = re.compile(
    r"(?<!\w)[Tt]he (?:(?P<qualifier>[A-Z][\w-]*(?: [A-Z][\w-]*)?) )?"
    r"(?P<title>(?i:" + "|".join(sorted(UNNAMED_TITLES, key=len, reverse=True)) + r"))(?!\w)(?!-| [A-Z]| of|'s (?!" + "|".join(sorted(rules.OCCASION_WORDS)) + r")[A-Z])"
)


def find_unnamed_title_mentions(
    texts: list[str],
    introduced_at: dict[str, tuple[int, int]],
    leaders: dict[str, LeaderEntry],
    find_country: Callable[[str], str | None],
    has_role: Callable[[LeaderEntry, str], bool],
) -> list[LocatedName]:
    """Return the leader mentions of titles that can only mean one leader named earlier.

    introduced_at maps each leader named in the article to its first (section, start);
    find_country turns a qualifier ("Turkish") into a country name or None; has_role(leader, title)
    says whether the leader held that role when the article was published.
    """
    found = []
    for section, text in enumerate(texts):
        for match in UNNAMED_TITLE_RE.finditer(text):
            qualifier = match.group("qualifier") or ""
            country = find_country(qualifier) if qualifier else None
            if qualifier and country is None:
                continue
            titles = UNNAMED_TITLES[match.group("title").lower()]
            candidates = [
                name for name, place in introduced_at.items()
                if place < (section, match.start())
                and (country is None or leaders[name].country == country)
                and any(has_role(leaders[name], title) for title in titles)
            ]
            if len(candidates) == 1:
                found.append(LocatedName("leader", candidates[0], section, match.start(), match.end()))
    return found
