"""Resolving what a user typed after leader:, country:, topic: or source: to the indexed value."""

import unicodedata

from articles.models import Article, Country, Leader, Topic

ENTITY_MODELS: dict[str, type[Leader | Country | Topic]] = {"leader": Leader, "country": Country, "topic": Topic}


def fold(text: str) -> str:
    """Return text lowercased with accents removed, for matching what people type ("erdogan" = "Erdoğan")."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip()


def resolve_filter_value(kind: str, typed: str) -> str:
    """Return the slug (or, for source, the exact source name) that a typed value names, or "" if none.

    Leaders, countries and topics match by slug, name or any alias (countries also by demonym).
    """
    wanted = fold(typed.replace("-", " "))
    if kind == "source":
        sources = Article.objects.filter(is_published=True).values_list("source", flat=True).distinct()
        return next((s for s in sources if fold(s) == fold(typed)), "")
    model = ENTITY_MODELS[kind]
    fields = ["slug", "name", "aliases"] + (["demonyms"] if model is Country else [])
    for row in model.objects.values(*fields):
        names = [row["name"], row["slug"].replace("-", " "), *row["aliases"], *row.get("demonyms", [])]
        if any(fold(name.replace("-", " ")) == wanted for name in names):
            return row["slug"]
    return ""
