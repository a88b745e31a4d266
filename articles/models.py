"""The archive's tables: articles split into sections, and the leaders, countries and topics they mention."""

from django.db import models
from django.urls import reverse


class Country(models.Model):
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    iso2 = models.CharField(max_length=2, blank=True)
    aliases = models.JSONField(default=list, blank=True, help_text="Other names, e.g. Türkiye, Turkiye.")
    demonyms = models.JSONField(default=list, blank=True, help_text="e.g. Turkish, Turk.")
    capitals = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "countries"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("articles:country", args=[self.slug])


class Leader(models.Model):
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    aliases = models.JSONField(default=list, blank=True, help_text="Other spellings and surname forms.")
    ambiguous_aliases = models.JSONField(
        default=list, blank=True, help_text="Aliases never tagged on their own (shared or common words)."
    )
    country = models.ForeignKey(Country, null=True, blank=True, on_delete=models.SET_NULL, related_name="leaders")
    roles = models.JSONField(default=list, blank=True, help_text='[{"title", "from", "to"}] as in the gazetteer.')
    is_reviewed = models.BooleanField(default=True, help_text="Unreviewed leaders were discovered by the tagger.")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("articles:leader", args=[self.slug])

    @property
    def latest_role(self) -> str:
        if not self.roles:
            return ""
        role = max(self.roles, key=lambda r: (r.get("to") is None, r.get("to") or "", r.get("from") or ""))
        return role.get("title", "")


class Topic(models.Model):
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    aliases = models.JSONField(default=list, blank=True, help_text="Phrases that signal the topic.")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("articles:topic", args=[self.slug])


class Article(models.Model):
    title = models.CharField(max_length=500)
    slug = models.SlugField(max_length=120, unique=True, help_text="The permalink; kept when the page is re-imported.")
    published = models.DateField(null=True, blank=True, db_index=True)
    source = models.CharField(max_length=200, blank=True, help_text="Site or publication name.")
    url = models.URLField(max_length=2000, blank=True, db_index=True, help_text="Original or canonical URL.")
    source_name = models.CharField(max_length=500, blank=True, db_index=True, help_text="File the page was imported from.")
    raw_file = models.FileField(upload_to="raw/", blank=True, help_text="The imported file as it was.")
    content_hash = models.CharField(max_length=64, db_index=True, help_text="SHA-256 of the cleaned content.")
    is_published = models.BooleanField(default=True, help_text="Unpublished articles are hidden and not searchable.")
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    leaders = models.ManyToManyField(Leader, blank=True, related_name="articles")
    countries = models.ManyToManyField(Country, blank=True, related_name="articles")
    topics = models.ManyToManyField(Topic, blank=True, related_name="articles")

    class Meta:
        ordering = ["-published", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("articles:article", args=[self.slug])


class Section(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveIntegerField()
    heading = models.CharField(max_length=500, blank=True, help_text="Empty for the intro.")
    anchor = models.SlugField(max_length=120)
    text = models.TextField(help_text="Paragraphs separated by a blank line.")

    class Meta:
        ordering = ["article", "position"]
        constraints = [
            models.UniqueConstraint(fields=["article", "position"], name="unique_section_position"),
            models.UniqueConstraint(fields=["article", "anchor"], name="unique_section_anchor"),
        ]

    def __str__(self) -> str:
        return self.heading or "Intro"

    def get_absolute_url(self) -> str:
        return f"{self.article.get_absolute_url()}#{self.anchor}"

    @property
    def paragraphs(self) -> list[str]:
        return [p for p in self.text.split("\n\n") if p.strip()]


class Mention(models.Model):
    """Where in a section an entity is named: start/end offsets into Section.text and the sentence."""

    section = models.ForeignKey(Section, on_delete=models.CASCADE)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    matched = models.CharField(max_length=300, blank=True, help_text="The text as written, e.g. “the Kremlin”.")
    sentence = models.TextField(blank=True, help_text="The sentence that triggered the tag.")

    class Meta:
        abstract = True
        ordering = ["section__position", "start"]


class LeaderMention(Mention):
    leader = models.ForeignKey(Leader, on_delete=models.CASCADE, related_name="mentions")


class CountryMention(Mention):
    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="mentions")


class TopicMention(Mention):
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="mentions")
