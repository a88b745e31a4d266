"""Reading the archive outside search: entity pages and the home page's lists (the article page is in reading.py)."""

import calendar
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from django.core.paginator import Page, Paginator
from django.db.models import Case, Count, Max, Min, Q, QuerySet, Value, When
from django.db.models.functions import TruncMonth
from django.shortcuts import get_object_or_404
from django.utils.http import urlencode

from articles.entities.storage import is_title_mention
from articles.kinds import ENTITY_KINDS, LEADER, kind_named
from articles.models import NEWEST_FIRST, Article, Country, Leader, Topic
from articles.search.lookup import fold
from articles.settings import search_listing
from articles.stories.grouping import is_first_copy

ENTITY_PAGE_SIZE = 20


def published_articles():
    return Article.objects.filter(is_published=True)


def listed(prefix: str = "") -> Q:
    """Return the condition for an article (reached through prefix) to count where search counts it:
    published, and under the stories listing (ARTICLES_SEARCH_LISTING) not a later copy of a story.

    Entity pages and lists count with it, so "12 articles" is what their search link then shows.
    """
    condition = Q(**{f"{prefix}is_published": True})
    return condition & is_first_copy(prefix) if search_listing() == "stories" else condition


def entity_with_articles(*, kind: str, slug: str):
    """Return (entity, its listed articles newest first, undated last: see listed()).

    Raises:
        Http404: no such entity.
    """
    entity = get_object_or_404(kind_named(kind).model, slug=slug)
    articles = entity.articles.filter(listed()).order_by(*NEWEST_FIRST)
    return entity, articles


class ArticleOrder(StrEnum):
    """The orders of an entity page's articles: its ?sort= values."""

    NEWEST = "newest"
    RELEVANCE = "relevance"  # most about the entity: see order_most_about


def read_article_order(value: str) -> ArticleOrder:
    """Return the order ?sort=value names; an empty or unknown value is the default, newest first.

    An entity page has one list and no error page to explain a bad value on, so a mistyped or
    stale link still shows the articles.
    """
    return ArticleOrder(value) if value in set(ArticleOrder) else ArticleOrder.NEWEST


def order_most_about(*, articles: QuerySet, kind: str, entity: Leader | Country | Topic) -> QuerySet:
    """Return articles ordered by how much they are about entity: those whose headline names it first,
    then by how often they name it, then newest first (undated last), then by id.

    The tagger tags an entity an article names only in passing; this order puts those at the end.
    The id makes the order total, so pages neither repeat nor skip an article.
    """
    mention_model = kind_named(kind).mention_model
    # Counted over a join from each article to its sections' mentions, grouped by article, with the
    # entity in the aggregates' filter: SQLite (which keeps no statistics) then reaches the mentions
    # from the article. A subquery per article, or the entity in the join's condition, let it scan
    # every mention of the entity for each article instead: 10 s, not 0.1 s, for 885 of 20,000 articles.
    prefix = f"sections__{mention_model._meta.get_field('section').related_query_name()}__"
    of_entity = Q(**{f"{prefix}{kind}": entity})
    return articles.annotate(
        has_title_mention=Max(Case(When(of_entity & is_title_mention(prefix), then=Value(1)), default=Value(0))),
        mention_count=Count(f"{prefix}pk", filter=of_entity),
    ).order_by("-has_title_mention", "-mention_count", *NEWEST_FIRST)


def entities_with_counts(*, kind: str):
    """Return every entity of the kind that has listed articles (see listed()), with their count, A-Z."""
    return (
        kind_named(kind)
        .model.objects.annotate(article_count=Count("articles", filter=listed("articles__")))
        .filter(article_count__gt=0)
        .order_by("name")
    )


def top_entities(*, kind: str, limit: int = 10):
    """Return the entities of the kind with the most published articles."""
    return entities_with_counts(kind=kind).order_by("-article_count", "name")[:limit]


def recently_added_articles(*, limit: int = 10):
    """Return the articles imported last, dated or not (an undated import never shows by date)."""
    return published_articles().order_by("-created", "-id")[:limit]


# Entity pages: A-Z lists, an entity's profile (dates, months, co-mentions), autocomplete.

CO_MENTION_LIMIT = 8
COUNTRY_LEADERS_SHOWN = 6
SUGGEST_LIMIT = 10


@dataclass(frozen=True)
class LetterGroup:
    letter: str
    entities: list


@dataclass(frozen=True)
class MonthCount:
    month: date  # the first day of the month
    count: int

    @property
    def last_day(self) -> date:
        return self.month.replace(day=calendar.monthrange(self.month.year, self.month.month)[1])


@dataclass(frozen=True)
class CoMention:
    kind: str
    entity: Leader | Country | Topic
    count: int  # articles naming both
    search_query: str  # query string of the search for the articles naming both


@dataclass
class EntityProfile:
    kind: str
    entity: Leader | Country | Topic
    articles: QuerySet  # listed, in the order asked for
    article_count: int
    first_mention: date | None
    last_mention: date | None
    months: list[MonthCount]  # every month from the first mention to the last, zeros included
    co_mentions: dict[str, list[CoMention]]  # by kind, most shared articles first
    country_leaders: list[Leader]  # for a country: its leaders in the gazetteer, most mentioned first


@dataclass(frozen=True)
class Suggestion:
    kind: str
    name: str
    slug: str
    url: str


def list_entities(*, kind: str, name_filter: str = "") -> list[LetterGroup]:
    """Return the kind's entities that have published articles, with counts, grouped by first letter A-Z.

    Leaders are filed by surname (Putin under P), shown by their full name. name_filter keeps entities
    whose name or an alias contains it (case and accents ignored).
    """
    wanted = fold(name_filter)
    keyed = []
    for entity in entities_with_counts(kind=kind):
        if wanted and not any(wanted in fold(name) for name in [entity.name, *entity.aliases]):
            continue
        sort_name = surname(entity.name, aliases=entity.aliases) if kind == LEADER.param else entity.name
        keyed.append((fold(sort_name), fold(entity.name), entity))
    groups: dict[str, list] = {}
    for sort_key, _, entity in sorted(keyed, key=lambda item: item[:2]):
        initial = sort_key[:1].upper()
        groups.setdefault(initial if initial.isalpha() else "#", []).append(entity)
    return [LetterGroup(letter=letter, entities=groups[letter]) for letter in sorted(groups)]


def surname(name: str, *, aliases: list[str]) -> str:
    """Return the part of a person's name to file them under: Putin for Vladimir Putin, Xi for Xi Jinping.

    The gazetteer lists the short form the press uses as an alias (Putin, Xi, Lula, von der Leyen), so the
    shortest alias made of the name's own words wins, which also keeps family-name-first names right;
    without one, the last word of the name.
    """
    words = fold(name).split()
    own = [alias for alias in aliases if fold(alias).split() and _is_run_of(fold(alias).split(), words) and fold(alias) != fold(name)]
    if own:
        return min(own, key=lambda alias: (len(alias.split()), len(alias)))
    return name.split()[-1] if name.split() else name


def _is_run_of(part: list[str], words: list[str]) -> bool:
    return any(words[start : start + len(part)] == part for start in range(len(words) - len(part) + 1))


def get_entity_profile(*, kind: str, slug: str, order: ArticleOrder = ArticleOrder.NEWEST) -> EntityProfile:
    """Return who or what the entity is, when and how often the archive mentions it, and with whom;
    its articles in the order asked for.

    Raises:
        Http404: no such entity.
    """
    entity, articles = entity_with_articles(kind=kind, slug=slug)
    if kind == "leader":
        entity = Leader.objects.select_related("country").get(pk=entity.pk)
    dates = articles.aggregate(first=Min("published"), last=Max("published"), total=Count("id"))
    ordered = order_most_about(articles=articles, kind=kind, entity=entity) if order == ArticleOrder.RELEVANCE else articles
    return EntityProfile(
        kind=kind,
        entity=entity,
        articles=ordered.prefetch_related("leaders", "countries", "topics"),
        article_count=dates["total"],
        first_mention=dates["first"],
        last_mention=dates["last"],
        months=count_articles_per_month(articles=articles),
        co_mentions={
            other.param: co_mentioned_entities(kind=other.param, articles=articles, with_entity=(kind, entity))
            for other in ENTITY_KINDS
        },
        country_leaders=list(
            LEADER.model.objects.filter(country=entity)
            .annotate(article_count=Count("articles", filter=listed("articles__")))
            .order_by("-article_count", "name")[:COUNTRY_LEADERS_SHOWN]
        )
        if kind == "country"
        else [],
    )


def page_of_articles(*, profile: EntityProfile, number: str | None) -> Page:
    """Return the page of the profile's articles numbered `number` (the first for a bad number, the last if past it)."""
    paginator = Paginator(profile.articles, ENTITY_PAGE_SIZE)
    # The profile counted these articles already; counting the ranked order again would repeat its
    # join and grouping (30-80 ms on PostgreSQL for a topic of 4,000 articles).
    paginator.count = profile.article_count
    return paginator.get_page(number)


def count_articles_per_month(*, articles: QuerySet) -> list[MonthCount]:
    """Return article counts per calendar month from the earliest dated article to the latest, gaps as zero."""
    rows = (
        articles.exclude(published=None)
        .annotate(month=TruncMonth("published"))
        .order_by("month")
        .values("month")
        .annotate(count=Count("id"))
    )
    counts = {_as_date(row["month"]): row["count"] for row in rows}
    if not counts:
        return []
    month, last = min(counts), max(counts)
    months = []
    while month <= last:
        months.append(MonthCount(month=month, count=counts.get(month, 0)))
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return months


def co_mentioned_entities(*, kind: str, articles: QuerySet, with_entity: tuple, limit: int = CO_MENTION_LIMIT) -> list[CoMention]:
    """Return the entities of the kind most often tagged in the articles of with_entity ((kind, row)), with how many."""
    own_kind, own = with_entity
    # filter() before annotate(): the count runs over the filtered join, i.e. only these articles.
    rows = kind_named(kind).model.objects.filter(articles__in=articles.order_by().values("pk"))
    if kind == own_kind:
        rows = rows.exclude(pk=own.pk)
    rows = rows.annotate(shared=Count("articles")).order_by("-shared", "name")[:limit]
    return [
        CoMention(
            kind=kind,
            entity=row,
            count=row.shared,
            search_query=narrowed_search_query(params=[(own_kind, own.slug)], narrow=[(kind, row.slug)]),
        )
        for row in rows
    ]


def suggest_entities(*, prefix: str, limit: int = SUGGEST_LIMIT) -> list[Suggestion]:
    """Return leaders, countries and topics whose name, a word of it, or an alias starts with prefix.

    Case and accents are ignored ("erdo" finds Erdoğan); only entities with published articles are
    suggested, names starting with the prefix first, then the most-mentioned.
    """
    wanted = fold(prefix)
    if not wanted:
        return []
    found = []
    for kind in (entity_kind.param for entity_kind in ENTITY_KINDS):
        # Names are matched in Python (accent folding is not portable SQL); articles are counted
        # only for the matches, which keeps a keystroke cheap on a large archive.
        ranks = {}
        for pk, name, aliases in kind_named(kind).model.objects.values_list("pk", "name", "aliases"):
            folded = fold(name)
            if folded.startswith(wanted):
                ranks[pk] = 0
            elif any(word.startswith(wanted) for word in folded.split()) or any(
                fold(alias).startswith(wanted) for alias in aliases
            ):
                ranks[pk] = 1
        for entity in entities_with_counts(kind=kind).filter(pk__in=ranks):
            found.append((ranks[entity.pk], -entity.article_count, entity.name, kind, entity))
    found.sort(key=lambda item: item[:3])
    return [
        Suggestion(kind=kind, name=entity.name, slug=entity.slug, url=entity.get_absolute_url())
        for _, _, _, kind, entity in found[:limit]
    ]


def _as_date(value) -> date:
    # TruncMonth gives a date on PostgreSQL and SQLite for a DateField; a datetime if the field ever changes.
    return value.date() if isinstance(value, datetime) else value


def narrowed_search_query(*, params: list[tuple[str, str]], narrow: list[tuple[str, str]]) -> str:
    """Return the search's query string with more entity filters that must all apply (AND).

    A kind the search does not filter on yet becomes a filter parameter (?country=b); one it already
    filters on goes into q as leader:b, because several values of one parameter match any (OR).
    """
    params = [(key, value) for key, value in params if key != "page"]
    extra_words = []
    for kind, slug in narrow:
        if any(key == kind for key, _ in params):
            if (kind, slug) not in params or sum(key == kind for key, _ in params) > 1:
                extra_words.append(f"{kind}:{slug}")
        else:
            params.append((kind, slug))
    if extra_words:
        query = " ".join([value for key, value in params if key == "q" and value] + extra_words)
        params = [(key, value) for key, value in params if key != "q"] + [("q", query)]
    return urlencode(params)
