"""A cleaned page fitted to the archive's column sizes, with a warning for the admin for each cut.

A page's title, section headings and source name come from page content and can be longer than
their columns (PostgreSQL refuses an over-long varchar; SQLite would keep it whole). They are cut at
a word boundary with an ellipsis, the import report says so, and no article text is lost: a cut
heading's full text starts its section. The URL is never cut (a cut URL links elsewhere): one too
long to keep, or not an absolute http(s) URL, is dropped whole (cleaning/urls.py), and the report
says so too.
"""

from dataclasses import replace

from django.db.models import Model

from articles.cleaning import CleanPage, CleanSection
from articles.cleaning.urls import MAX_URL_BYTES, web_url_or_none
from articles.models import Article, Section

ELLIPSIS = "…"
# A cut goes back to the last space only if that keeps at least this share of the limit; a title
# that is one 600-letter word is cut mid-word instead.
MIN_WORD_CUT_SHARE = 0.5


def column_size(model: type[Model], field_name: str) -> int:
    """Return the max_length of a model's character field."""
    return model._meta.get_field(field_name).max_length


def cut_at_word(text: str, *, limit: int) -> str:
    """Return text if it fits in limit characters, else its start cut at a word boundary plus "…"."""
    if len(text) <= limit:
        return text
    head = text[: limit - len(ELLIPSIS) + 1]
    space = head.rfind(" ")
    head = head[:space] if space >= MIN_WORD_CUT_SHARE * limit else head[:-1]
    return head.rstrip(" ,;:-–—") + ELLIPSIS


def fit_page_to_columns(page: CleanPage) -> tuple[CleanPage, tuple[str, ...]]:
    """Return the page with every value cut to fit its column, and one warning per cut or dropped value."""
    warnings = []
    title, cut = fit_to_column(page.title, Article, "title", what="The title", holder="an article title holds")
    if cut:
        warnings.append(f"{cut} (the article text is kept whole). Edit it in the article admin if needed.")
    source, cut = fit_to_column(page.source, Article, "source", what="The source name", holder="it holds")
    if cut:
        warnings.append(f"{cut}.")
    url = web_url_or_none(page.url)
    if page.url and url is None:
        warnings.append(describe_dropped_url(page.url))
    sections = []
    for position, section in enumerate(page.sections, start=1):
        heading, cut = fit_to_column(
            section.heading or "", Section, "heading", what=f"Section {position}'s heading", holder="a heading holds"
        )
        if cut:
            warnings.append(f"{cut}, and its full text starts the section.")
            section = CleanSection(heading=heading, paragraphs=(section.heading, *section.paragraphs))
        sections.append(section)
    return replace(page, title=title, source=source, url=url, sections=tuple(sections)), tuple(warnings)


def fit_to_column(value: str, model: type[Model], field_name: str, *, what: str, holder: str) -> tuple[str, str]:
    """Return value cut to fit model.field_name's column, and what was cut ("" when it fits).

    what names the value ("The title") and holder the column ("an article title holds") in the
    description: "The title has 612 characters, more than the 500 an article title holds; it was
    cut to 498, ending in “…”".
    """
    size = column_size(model, field_name)
    fitted = cut_at_word(value, limit=size)
    if fitted == value:
        return value, ""
    return fitted, (
        f"{what} has {len(value):,} characters, more than the {size} {holder}; "
        f"it was cut to {len(fitted)}, ending in “…”"
    )


def describe_dropped_url(value: str) -> str:
    """Return the warning for a page URL that is not kept."""
    size = len(value.encode())
    if size > MAX_URL_BYTES:
        return (
            f"The page's URL has {size:,} bytes, more than the {MAX_URL_BYTES:,} kept; it was dropped whole "
            "(a cut URL would link elsewhere), and the page imported without it."
        )
    shown = value if len(value) <= 80 else value[:79] + ELLIPSIS
    return f"The page's URL {shown!r} is not an absolute http or https URL; it was not kept."
