"""Every table visible and editable by staff; tag lists and sections inline under their article."""

from django.contrib import admin

from articles.models import Article, Country, CountryMention, Leader, LeaderMention, Section, Topic, TopicMention


class SectionInline(admin.StackedInline):
    model = Section
    extra = 0
    fields = ("position", "heading", "anchor", "text")


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ("title", "published", "source", "is_published", "updated")
    list_filter = ("is_published", "source", "published")
    search_fields = ("title", "slug", "url", "source_name")
    date_hierarchy = "published"
    readonly_fields = ("content_hash", "created", "updated", "source_name", "raw_file")
    filter_horizontal = ("leaders", "countries", "topics")
    inlines = [SectionInline]


class MentionAdmin(admin.ModelAdmin):
    list_display = ("matched", "entity", "section", "start", "end")
    list_select_related = ("section__article",)
    raw_id_fields = ("section",)
    search_fields = ("matched", "sentence", "section__article__title")


@admin.register(LeaderMention)
class LeaderMentionAdmin(MentionAdmin):
    list_filter = ("leader",)

    @admin.display(description="Leader")
    def entity(self, mention):
        return mention.leader


@admin.register(CountryMention)
class CountryMentionAdmin(MentionAdmin):
    list_filter = ("country",)

    @admin.display(description="Country")
    def entity(self, mention):
        return mention.country


@admin.register(TopicMention)
class TopicMentionAdmin(MentionAdmin):
    list_filter = ("topic",)

    @admin.display(description="Topic")
    def entity(self, mention):
        return mention.topic


@admin.register(Leader)
class LeaderAdmin(admin.ModelAdmin):
    list_display = ("name", "country", "latest_role", "is_reviewed")
    list_filter = ("is_reviewed", "country")
    search_fields = ("name", "aliases")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ("name", "iso2")
    search_fields = ("name", "aliases", "demonyms")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ("name", "slug")
    search_fields = ("name", "aliases")
    prepopulated_fields = {"slug": ("name",)}
