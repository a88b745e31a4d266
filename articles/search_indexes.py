"""The search document of an article: one per article, with its tags as exact, facetable fields."""

from haystack import indexes
from haystack.fields import FacetMultiValueField

from articles.models import Article
from articles.search.query import day_key

STORY_FIRST_COPY = "first"  # also an article in no story
STORY_LATER_COPY = "later"


class ArticleIndex(indexes.SearchIndex, indexes.Indexable):
    # Stored (haystack's default): result.text, highlight() and more_like_this (related articles) read it.
    # It costs ~14% of index size (74 MB against 65 MB at 20,000 articles).
    text = indexes.CharField(document=True)
    title = indexes.CharField(model_attr="title")
    # Unstemmed words of the article, for "did you mean" (see search/backends.py).
    vocabulary = indexes.CharField(indexed=True, stored=False)
    slug = indexes.FacetCharField(model_attr="slug")
    published = indexes.DateField(model_attr="published", null=True)
    year = indexes.FacetCharField(null=True)
    month = indexes.FacetCharField(null=True)
    # "YYYYMMDD": date filters are term ranges over a few hundred days, where a range over the
    # DATETIME field expands to thousands of numeric terms (600 ms on 20,000 articles).
    day = indexes.FacetCharField(null=True)
    source = indexes.FacetCharField(model_attr="source", null=True)
    # Facet fields, so Solr and Elasticsearch store the slugs as exact strings, not analysed text
    # (Whoosh makes them comma-separated KEYWORD fields either way).
    leaders = FacetMultiValueField()
    countries = FacetMultiValueField()
    topics = FacetMultiValueField()
    # Near-duplicate grouping (stories/): the story id, and "later" on every copy but the story's first,
    # so search can list each story once (search/service.py, Listing.STORIES).
    story = indexes.FacetCharField(null=True)
    story_copy = indexes.FacetCharField()

    def get_model(self):
        return Article

    def index_queryset(self, using=None):
        return with_index_data(Article.objects.filter(is_published=True))

    def prepare_text(self, article: Article) -> str:
        parts = [article.title]
        for section in article.sections.all():
            if section.heading:
                parts.append(section.heading)
            parts.append(section.text)
        return "\n\n".join(parts)

    def prepare_vocabulary(self, article: Article) -> str:
        # The same text as the body, prepared just before (fields prepare in declaration order).
        return self.prepared_data.get("text") or self.prepare_text(article)

    def prepare_day(self, article: Article) -> str | None:
        return day_key(article.published) if article.published else None

    def prepare_month(self, article: Article) -> str | None:
        return article.published.strftime("%Y-%m") if article.published else None

    def prepare_year(self, article: Article) -> str | None:
        return str(article.published.year) if article.published else None

    def prepare_leaders(self, article: Article) -> list[str]:
        return sorted(leader.slug for leader in article.leaders.all())

    def prepare_countries(self, article: Article) -> list[str]:
        return sorted(country.slug for country in article.countries.all())

    def prepare_topics(self, article: Article) -> list[str]:
        return sorted(topic.slug for topic in article.topics.all())

    def prepare_story(self, article: Article) -> str | None:
        return str(article.story_id) if article.story_id else None

    def prepare_story_copy(self, article: Article) -> str:
        is_later = article.story_id is not None and article.story.first_id not in (None, article.pk)
        return STORY_LATER_COPY if is_later else STORY_FIRST_COPY


def with_index_data(queryset):
    """Return the queryset with what prepare_* reads fetched in a few queries."""
    return queryset.select_related("story").prefetch_related("sections", "leaders", "countries", "topics")
