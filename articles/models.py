"""The archive's tables: articles split into sections, and the leaders, countries and topics they mention."""

from django.conf import settings
from django.db import models
from django.db.models import F
from django.urls import reverse

from articles.kinds import KindName
from articles.tagging.types import parse_role


class Country(models.Model):
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    iso2 = models.CharField(max_length=2, blank=True)
    aliases = models.JSONField(default=list, blank=True, help_text="Other names, e.g. Türkiye, Turkiye.")
    demonyms = models.JSONField(default=list, blank=True, help_text="e.g. Turkish, Turk.")
    capitals = models.JSONField(default=list, blank=True)
    start_year = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="First year of a state that no longer exists (Soviet Union: 1922)."
    )
    end_year = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Last year of a state that no longer exists (Soviet Union: 1991); empty if it exists."
    )
    successors = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="predecessors", help_text="States that followed it."
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "countries"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("articles:country", args=[self.slug])

    @property
    def life_span(self) -> str:
        """Return "1922–1991" for a state that no longer exists, else ""."""
        if self.end_year is None:
            return ""
        return f"{self.start_year or ''}–{self.end_year}"


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
        """Return the title of the role held now, else of the one that ended last ("" without roles).

        Raises:
            RoleFormatError: a stored role has a "from" or "to" that is neither a year nor a day
                (the admin's form refuses those, so only data written around it has one).
        """
        roles = [parse_role(record) for record in self.roles or ()]
        if not roles:
            return ""
        latest = max(roles, key=lambda role: (role.end_year is None, role.last_day, role.first_day))
        return latest.title


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


# The archive's order, newest first: undated articles after the dated ones (they are the least new),
# then the most recently imported. Said outright because a plain "-published" leaves NULLs to the
# database: PostgreSQL sorts them first in a descending order, SQLite last. The id makes the order
# total, so consecutive pages neither repeat nor skip an article.
NEWEST_FIRST = (F("published").desc(nulls_last=True), "-id")


class Article(models.Model):
    title = models.CharField(max_length=500)
    slug = models.SlugField(max_length=120, unique=True, help_text="The permalink; kept when the page is re-imported.")
    published = models.DateField(null=True, blank=True, db_index=True)
    source = models.CharField(max_length=200, blank=True, help_text="Site or publication name.")
    url = models.URLField(max_length=2000, blank=True, db_index=True, help_text="Original or canonical URL.")
    source_name = models.CharField(max_length=500, blank=True, db_index=True, help_text="File the page was imported from.")
    raw_file = models.FileField(upload_to="raw/", blank=True, help_text="The imported file as it was.")
    content_hash = models.CharField(max_length=64, db_index=True, help_text="SHA-256 of the cleaned content.")
    text_hash = models.CharField(
        max_length=64, db_index=True, blank=True, help_text="SHA-256 of the cleaned section text alone (finds the same article under another URL)."
    )
    is_published = models.BooleanField(default=True, help_text="Unpublished articles are hidden and not searchable.")
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    leaders = models.ManyToManyField(Leader, blank=True, related_name="articles")
    countries = models.ManyToManyField(Country, blank=True, related_name="articles")
    topics = models.ManyToManyField(Topic, blank=True, related_name="articles")
    story = models.ForeignKey(
        "Story", null=True, blank=True, on_delete=models.SET_NULL, related_name="copies",
        help_text="The story this article is a copy of; empty when no near-duplicate is known.",
    )

    class Meta:
        ordering = NEWEST_FIRST

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("articles:article", args=[self.slug])


class Story(models.Model):
    """One story published as several near-identical copies (a wire story syndicated, lightly edited)."""

    first = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="The earliest published copy (by date, then import order): the one search lists by default.",
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "stories"

    def __str__(self) -> str:
        return f"Story #{self.pk}: {self.first}" if self.first_id else f"Story #{self.pk}"


class BodyFingerprint(models.Model):
    """An article body's MinHash signature (see stories/fingerprints.py), to compare near-duplicates."""

    article = models.OneToOneField(Article, primary_key=True, on_delete=models.CASCADE, related_name="fingerprint")
    signature = models.BinaryField()
    shingle_count = models.PositiveIntegerField(help_text="Distinct word shingles of the body.")

    def __str__(self) -> str:
        return f"fingerprint of article {self.article_id}"


class FingerprintBand(models.Model):
    """One LSH band key of an article's signature: articles sharing a key are near-duplicate candidates."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    key = models.BigIntegerField(db_index=True)

    def __str__(self) -> str:
        return f"{self.key} -> {self.article_id}"


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
    note = models.CharField(
        max_length=300, blank=True,
        help_text="Why a guess was made, e.g. an undated article given the latest holder of a title.",
    )

    class Meta:
        abstract = True
        ordering = ["section__position", "start"]


class LeaderMention(Mention):
    leader = models.ForeignKey(Leader, on_delete=models.CASCADE, related_name="mentions")

    def __str__(self) -> str:
        return f"{self.leader} in “{self.matched}”"


class CountryMention(Mention):
    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="mentions")

    def __str__(self) -> str:
        return f"{self.country} in “{self.matched}”"


class TopicMention(Mention):
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="mentions")

    def __str__(self) -> str:
        return f"{self.topic} in “{self.matched}”"


class TagDecision(models.Model):
    """An admin's decision about one tag, which retagging must respect (TagRejection, HandTag).

    It names the entity (kind and canonical name, kept up to date on rename and merge) instead of
    pointing at it, so a rejection outlives the entity it rejects.
    """

    kind = models.CharField(max_length=10, choices=KindName.choices)
    name = models.CharField(max_length=200, help_text="The entity's canonical name (kept up to date on rename and merge).")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["kind", "name"]


class TagRejection(TagDecision):
    """A tag an admin rejected: the tagger never puts it back.

    With an article: that entity is never tagged on that article again. Without one (kind "leader"):
    a discovered leader an admin rejected, never created again from that name.
    """

    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.CASCADE, related_name="tag_rejections",
        help_text="Empty: the name is rejected everywhere (a discovered leader that is not one).",
    )

    class Meta(TagDecision.Meta):
        constraints = [
            models.UniqueConstraint(fields=["article", "kind", "name"], name="unique_tag_rejection"),
            models.UniqueConstraint(
                fields=["kind", "name"], condition=models.Q(article__isnull=True), name="unique_global_tag_rejection"
            ),
        ]

    def __str__(self) -> str:
        where = f"on “{self.article}”" if self.article_id else "everywhere"
        return f"{self.kind} {self.name} rejected {where}"


class HandTag(TagDecision):
    """A tag an admin added to an article by hand: retagging keeps it whether or not the tagger finds it.

    Retagging (`manage.py retag`, an edited entity, a re-imported page) sets an article's tags to what
    the tagger finds, and the tagger misses tags (topics most: recall about 0.8 on unseen text), so an
    editor's addition would be lost without this record. It is deleted with its entity.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="hand_tags")

    class Meta(TagDecision.Meta):
        constraints = [models.UniqueConstraint(fields=["article", "kind", "name"], name="unique_hand_tag")]

    def __str__(self) -> str:
        return f"{self.kind} {self.name} added by hand on “{self.article}”"


class SlugRedirect(models.Model):
    """An article's former slug; its old permalink answers with a 301 to the current one."""

    old_slug = models.SlugField(max_length=120, unique=True)
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="slug_redirects")
    created = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.old_slug} -> {self.article.slug}"


class BatchStatus(models.TextChoices):
    QUEUED = "queued", "queued"
    RUNNING = "running", "running"
    DONE = "done", "done"
    FAILED = "failed", "failed"


class ImportStatus(models.TextChoices):
    """What importing one page did."""

    PENDING = "pending", "pending"
    CREATED = "created", "created"
    UPDATED = "updated", "updated"
    UNCHANGED = "unchanged", "unchanged"
    FAILED = "failed", "failed"
    SKIPPED = "skipped", "skipped"  # a previewed page the admin chose not to publish


class ImportBatch(models.Model):
    """One upload from the admin: who, when, the options, and where the job got to."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="import_batches"
    )
    created = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=BatchStatus.choices, default=BatchStatus.QUEUED, db_index=True)
    uploads = models.JSONField(default=list, help_text='[{"name", "path", "size"}]: the files as uploaded, under MEDIA_ROOT.')
    default_source = models.CharField(max_length=200, blank=True, help_text="Used for pages that name no source.")
    default_published = models.DateField(null=True, blank=True, help_text="Used for pages that carry no date.")
    is_preview = models.BooleanField(
        default=False, help_text="Pages are cleaned and tagged but not published until an admin publishes them."
    )
    is_scanned = models.BooleanField(default=False, help_text="Its pages are listed below (the job's first step).")
    total = models.PositiveIntegerField(default=0)
    started = models.DateTimeField(null=True, blank=True, help_text="When the current run started.")
    done_at_start = models.PositiveIntegerField(default=0, help_text="Pages already finished when the current run started.")
    finished = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)
    worker = models.CharField(max_length=100, blank=True, help_text="The job run that holds this batch; empty when none.")
    retried_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    retried = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        verbose_name_plural = "import batches"

    def __str__(self) -> str:
        names = ", ".join(upload["name"] for upload in self.uploads[:3])
        more = f" and {len(self.uploads) - 3} more" if len(self.uploads) > 3 else ""
        return f"Import #{self.pk}: {names}{more}"

    def get_absolute_url(self) -> str:
        return reverse("admin:articles_importbatch_change", args=[self.pk])


class ImportFile(models.Model):
    """One page of a batch (a file or an archive member) and what importing it did."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="files")
    position = models.PositiveIntegerField(help_text="Order in the upload; a resumed job skips finished positions.")
    name = models.CharField(max_length=1000)
    status = models.CharField(max_length=10, choices=ImportStatus.choices, default=ImportStatus.PENDING, db_index=True)
    error = models.TextField(blank=True)
    warnings = models.TextField(
        blank=True, help_text="One per line: what was cut or dropped to fit the archive (a title past 500 characters...)."
    )
    article = models.ForeignKey(Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="import_files")
    is_indexed = models.BooleanField(default=False, help_text="Its article was written to the search index.")
    finished = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["batch", "position"]
        constraints = [models.UniqueConstraint(fields=["batch", "position"], name="unique_import_file_position")]

    def __str__(self) -> str:
        return self.name
