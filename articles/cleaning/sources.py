"""The names a page gives its publication (og:site_name, Facebook page, Twitter handle, domain), compared."""

import re

# Second-level labels under country domains: the registered name is the label before them.
SECOND_LEVEL_LABELS = frozenset({"co", "com", "org", "net", "ac", "gov", "edu", "ne", "or", "go"})
# A section or edition label in og:site_name: one Latin word or abbreviation ("U.S.", "Hosted").
SECTION_LABEL_RE = re.compile(r"^[A-Za-z][A-Za-z.]*$")
# A site name starting with the same letters as the page's other names is an abbreviation of it.
NAME_PREFIX_CHARS = 3


def find_account_names(meta: dict[str, str], *, url: str | None) -> list[str]:
    """Return the names a page gives its publication elsewhere: article:publisher page, twitter:site, domain.

    Each is the name as written ("APNews", "Reuters", "ap"), best for display first.
    """
    names = []
    publisher = meta.get("article:publisher", "")
    if publisher.startswith(("http://", "https://")):
        segments = [part for part in publisher.split("?")[0].rstrip("/").split("/")[3:] if part and not part.isdigit()]
        names += segments[-1:]
    names.append(meta.get("twitter:site", "").lstrip("@").strip())
    if url:
        names.append(registered_domain_name(url))
    return [name for name in names if name_key(name)]


def registered_domain_name(url: str) -> str:
    """Return the name a site registered in its address ("ap" in hosted.ap.org, "bbc" in www.bbc.co.uk)."""
    labels = re.sub(r"^[a-z]+://", "", url.lower()).split("/")[0].split(":")[0].split(".")
    if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in SECOND_LEVEL_LABELS:
        return labels[-3]
    return labels[-2] if len(labels) >= 2 else ""


def is_section_name(site_name: str, names: list[str]) -> bool:
    """Return whether og:site_name names a section or edition rather than the publication.

    Only a one-word label ("U.S.", "Politics"), when the page's other names agree with each
    other (the Facebook page, the Twitter handle and the domain are one name) and the label
    shares nothing with them: not the name, not its start ("Experience" at expapp.com). Longer
    names unlike the domain are the publication's own ("San Antonio Express-News" at mysanantonio.com).
    """
    if not SECTION_LABEL_RE.match(site_name.strip()):
        return False
    keys = [name_key(name) for name in names]
    if not any(is_same_name(first, second) for index, first in enumerate(keys) for second in keys[index + 1:]):
        return False
    site_key = name_key(site_name)
    return not any(is_same_name(site_key, key) or site_key[:NAME_PREFIX_CHARS] == key[:NAME_PREFIX_CHARS] for key in keys)


def is_same_name(first: str, second: str) -> bool:
    """Return whether two name keys are one name, one holding the other ("ap" and "apnews")."""
    return bool(first and second) and (first in second or second in first)


def name_key(name: str) -> str:
    """Return a name lowercased without spaces and punctuation, to compare publication names."""
    return re.sub(r"\W+", "", name).lower()
