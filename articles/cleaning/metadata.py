"""HTML page metadata: title, publication date, site name, canonical URL, authors, language."""

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from lxml import html as lxml_html

from . import patterns
from .bylines import find_authors
from .dates import parse_date
from .sources import find_account_names, is_section_name
from .titles import find_title
from .whitespace import normalize_space

PUBLISHED_META_NAMES = (
    "article:published_time", "og:published_time", "og:article:published_time", "article:published",
    "datepublished", "date", "pubdate", "pdate", "publishdate", "publish-date", "publish_date",
    "publication_date", "date_published", "article_date_original", "article.published", "dc.date",
    "dc.date.issued", "dc.date.created", "dcterms.date", "dcterms.created", "dcterms.issued",
    "sailthru.date", "parsely-pub-date", "citation_publication_date", "sn-post-date", "og:pubdate",
)
JsonObject = dict[str, Any]
# Elements whose class names a byline, date or post-meta line, read for a date when no meta tag,
# JSON-LD or <time> gives one; longer texts are paragraphs that merely mention a date.
DATE_LINE_XPATH = " | ".join(
    f"//*[contains(@class, '{name}')]" for name in ("meta", "date", "byline", "posted", "published", "dateline", "timestamp")
)
DATE_LINE_MAX_CHARS = 160
LANGUAGE_RE = re.compile(r"^[a-zA-Z]{2,3}\b")
# A CDATA wrapper around a script's JSON, often commented out for old parsers
# ("//<![CDATA[ {...} //]]>", "/*<![CDATA[*/ ... /*]]>*/"): browsers' JSON.parse would choke on it
# too, but the JSON inside is the page's own metadata.
CDATA_START_RE = re.compile(r"^\s*(?://|/\*)?\s*<!\[CDATA\[\s*(?:\*/)?")
CDATA_END_RE = re.compile(r"(?://|/\*)?\s*\]\]>\s*(?:\*/)?\s*$")


@dataclass(frozen=True)
class PageMetadata:
    """What a page says about itself, before its body is looked at."""

    title: str
    published: date | None
    source: str
    url: str | None
    authors: tuple[str, ...]
    language: str
    body: str = ""  # JSON-LD articleBody: the site's own copy of the article text, if any


def read_metadata(tree: lxml_html.HtmlElement) -> PageMetadata:
    """Return the metadata of a parsed page (meta tags, JSON-LD, <title>, <h1>, <time>)."""
    meta = read_meta_tags(tree)
    article = find_json_ld_article(tree)
    url = find_url(tree, meta)
    source = find_source(meta, article, url=url)
    if source.startswith(("http://", "https://")):  # some sites put their address in og:site_name
        source = re.sub(r"^https?://(?:www\.)?", "", source).strip("/")
    return PageMetadata(
        # The whole og:site_name: titles end with it, tagline and all ("Post - Mozilla Hacks – the Web developer blog").
        title=find_title(tree, meta, headline=json_ld_text(article.get("headline")), source=source),
        published=find_published(tree, meta, article),
        source=strip_site_tagline(source),
        url=url,
        authors=find_authors(tree, meta, json_ld_authors=json_ld_names(article.get("author"))),
        language=find_language(tree, meta),
        body=article["articleBody"] if isinstance(article.get("articleBody"), str) else "",
    )


def find_source(meta: dict[str, str], article: JsonObject, *, url: str | None) -> str:
    """Return the publication's name: og:site_name unless it is a section's, JSON-LD publisher, application-name."""
    site_name = meta.get("og:site_name", "")
    names = find_account_names(meta, url=url)
    # Reuters' og:site_name is the edition ("U.S."), AP's pages on its customers' sites say "Hosted".
    is_section = bool(site_name) and is_section_name(site_name, names)
    if site_name and not is_section:
        return site_name
    fallback = json_ld_name(article.get("publisher")) or meta.get("application-name", "")
    return fallback or (names[0] if is_section else "")


def strip_site_tagline(source: str) -> str:
    """Return the site's name without the tagline some sites add to it after " | " or " - "."""
    name = patterns.SITE_TAGLINE_SEPARATOR_RE.split(source.strip(), maxsplit=1)[0].strip()
    return name or source.strip()


def read_meta_tags(tree: lxml_html.HtmlElement) -> dict[str, str]:
    """Return the first content of each <meta name|property|itemprop|http-equiv>, keys lowercased."""
    found: dict[str, str] = {}
    for element in tree.iter("meta"):
        keys = element.get("property") or element.get("name") or element.get("itemprop") or element.get("http-equiv")
        content = element.get("content")
        if keys and content and content.strip():
            for key in keys.lower().split():  # itemprop="datePublished dateCreated" names two
                found.setdefault(key, content.strip())
    return found


def find_json_ld_article(tree: lxml_html.HtmlElement) -> JsonObject:
    """Return the first JSON-LD object typed as an article (NewsArticle, BlogPosting...), else {}."""
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = read_script_json(script.text)
        except ValueError:
            continue  # broken JSON-LD is common; the meta tags are the fallback
        for item in walk_json_ld(data):
            kinds = item.get("@type")
            kinds = kinds if isinstance(kinds, list) else [kinds]
            if any(isinstance(kind, str) and kind.lower() in patterns.ARTICLE_TYPES - {"webpage"} for kind in kinds):
                return item
    return {}


def read_script_json(text: str) -> object:
    """Return the JSON document in a script's text, without a CDATA wrapper around it.

    Raises:
        ValueError: the text is not JSON.
    """
    if "<![CDATA[" in text:
        text = CDATA_END_RE.sub("", CDATA_START_RE.sub("", text, count=1), count=1)
    return json.loads(text)


def walk_json_ld(data: object) -> Iterator[JsonObject]:
    """Yield every dict in a JSON-LD document (top level, lists and @graph)."""
    if isinstance(data, list):
        for item in data:
            yield from walk_json_ld(item)
    elif isinstance(data, dict):
        yield data
        for key in ("@graph", "mainEntity"):
            if key in data:
                yield from walk_json_ld(data[key])


def json_ld_text(value: object) -> str:
    """Return a JSON-LD value that is text, else ""."""
    return value if isinstance(value, str) else ""


def json_ld_names(value: object) -> list[str]:
    """Return the names of a JSON-LD person/organization value or list of them."""
    return [json_ld_name(item) for item in (value if isinstance(value, list) else [value]) if item]


def json_ld_name(value: object) -> str:
    """Return the name of a JSON-LD person/organization value (string, dict or list)."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        name = value.get("name")
        return name if isinstance(name, str) else ""
    if isinstance(value, list) and value:
        return json_ld_name(value[0])
    return ""
















def find_published(tree: lxml_html.HtmlElement, meta: dict[str, str], article: JsonObject) -> date | None:
    """Return the publication date: JSON-LD datePublished, published-time meta tags, then <time>."""
    candidates = [article.get("datePublished"), article.get("dateCreated")]
    candidates += [meta.get(name) for name in PUBLISHED_META_NAMES]
    candidates += [element.get("datetime") for element in tree.iter("time")]
    candidates += [
        element.get("content") or element.get("datetime") or element.text_content()
        for element in tree.xpath("//*[contains(@itemprop, 'datePublished')]")
    ]
    for value in candidates:
        if isinstance(value, str) and (parsed := parse_date(value)):
            return parsed
    # Last, the visible byline or date line ("Por María José Ibáñez | June 11, 2024 · 08:15").
    for element in tree.xpath(DATE_LINE_XPATH):
        text = normalize_space(element.text_content())
        if len(text) <= DATE_LINE_MAX_CHARS and (parsed := parse_date(text)):
            return parsed
    return None


def find_url(tree: lxml_html.HtmlElement, meta: dict[str, str]) -> str | None:
    """Return the canonical URL (<link rel=canonical>, then og:url), else None."""
    for link in tree.iter("link"):
        href: str = link.get("href") or ""
        if "canonical" in (link.get("rel") or "").lower().split() and href.startswith("http"):
            return href.strip()
    value = meta.get("og:url", "")
    return value if value.startswith("http") else None






def find_language(tree: lxml_html.HtmlElement, meta: dict[str, str]) -> str:
    """Return the page language code (<html lang>, content-language, og:locale), e.g. "en"."""
    for value in (tree.get("lang"), tree.get("xml:lang"), meta.get("content-language"), meta.get("og:locale")):
        match = LANGUAGE_RE.match((value or "").strip())
        if match:
            return match.group(0).lower()
    return ""
