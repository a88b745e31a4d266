"""HTML page metadata: title, publication date, site name, canonical URL, authors, language."""

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from lxml import html as lxml_html

from . import patterns
from .dates import parse_date
from .sources import find_account_names, is_same_name, is_section_name, name_key

PUBLISHED_META_NAMES = (
    "article:published_time", "og:published_time", "og:article:published_time", "article:published",
    "datepublished", "date", "pubdate", "pdate", "publishdate", "publish-date", "publish_date",
    "publication_date", "date_published", "article_date_original", "article.published", "dc.date",
    "dc.date.issued", "dc.date.created", "dcterms.date", "dcterms.created", "dcterms.issued",
    "sailthru.date", "parsely-pub-date", "citation_publication_date", "sn-post-date", "og:pubdate",
)
AUTHOR_META_NAMES = ("author", "article:author", "dc.creator", "parsely-author", "sailthru.author", "byl")
# Where bylines live when JSON-LD and meta tags name no author, most specific first.
AUTHOR_ELEMENT_XPATHS = (
    "//a[@rel='author'] | //*[@itemprop='author' and not(*)] | //*[@itemprop='author']/*[@itemprop='name']",
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' author-name ')]"
    " | //*[contains(concat(' ', normalize-space(@class), ' '), ' author ')]"
    " | //*[contains(concat(' ', normalize-space(@class), ' '), ' byline__name ')]",
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' byline ')]//a[contains(@href, 'author')]",
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' byline ')]",
)
JsonObject = dict[str, Any]
MAX_AUTHOR_WORDS = 6
# Elements whose class names a byline, date or post-meta line, read for a date when no meta tag,
# JSON-LD or <time> gives one; longer texts are paragraphs that merely mention a date.
DATE_LINE_XPATH = " | ".join(
    f"//*[contains(@class, '{name}')]" for name in ("meta", "date", "byline", "posted", "published", "dateline", "timestamp")
)
DATE_LINE_MAX_CHARS = 160
# A heading this long that the <title> holds is the headline when the first <h1> is a site's name;
# shorter ones ("Home", "News") match titles by chance.
HEADLINE_HEADING_MIN_WORDS = 3
# A title candidate of at most this many words sharing none with the headline is a page label.
PAGE_LABEL_MAX_WORDS = 3
WORD_RE = re.compile(r"\w+")
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
        title=find_title(tree, meta, article, source),
        published=find_published(tree, meta, article),
        source=strip_site_tagline(source),
        url=url,
        authors=find_authors(tree, meta, article),
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


def find_title(tree: lxml_html.HtmlElement, meta: dict[str, str], article: JsonObject, source: str) -> str:
    """Return the headline: og:title, JSON-LD headline, first <h1>, or <title>, site suffix removed."""
    value = article.get("headline")
    headline = value if isinstance(value, str) else ""
    title_tag = next((normalize_space(t.text_content()) for t in tree.iter("title")), "")
    h1 = find_headline_heading(tree, title_tag=strip_site_suffix(title_tag, source))
    site = re.sub(r"\W+", "", source).lower()
    # A dash tail that the page's own headline also carries belongs to the headline
    # ("Blunkett row should end - Blair"), not to the site name.
    h1_keys = {re.sub(r"\W+", "", normalize_space(h.text_content())).lower() for h in tree.iter("h1")}
    if is_description(headline, h1=h1, title_tag=title_tag):
        headline = ""
    is_h1_headline = is_same_name(name_key(h1), name_key(title_tag)) or is_article_heading(tree, h1)
    for candidate in (meta.get("og:title"), meta.get("twitter:title"), headline, h1, title_tag):
        candidate = normalize_space(candidate or "")
        if candidate and candidate != h1 and is_page_label(candidate, h1=h1, is_h1_headline=is_h1_headline):
            continue
        is_headline = re.sub(r"\W+", "", candidate).lower() in h1_keys
        cleaned = strip_section_kicker(candidate if is_headline else strip_site_suffix(candidate, source))
        # Some sites put their own name in og:title; the next candidate is the headline then.
        if cleaned and re.sub(r"\W+", "", cleaned).lower() != site:
            return cleaned
    return ""


def is_page_label(candidate: str, *, h1: str, is_h1_headline: bool) -> bool:
    """Return whether a title candidate is a label ("Home", "Politics") beside an <h1> that is the headline.

    Social titles (og:title) reword the headline but share its words; a section's or site's
    label shares none.
    """
    words = set(WORD_RE.findall(candidate.lower()))
    if not is_h1_headline or len(words) > PAGE_LABEL_MAX_WORDS:
        return False
    return not words & set(WORD_RE.findall(h1.lower()))


def is_article_heading(tree: lxml_html.HtmlElement, text: str) -> bool:
    """Return whether a heading with this text is inside the page's <article> or <main>, or marked as its headline."""
    return bool(text) and any(
        normalize_space(heading.text_content()) == text
        for heading in tree.xpath("//article//h1 | //main//h1 | //*[@itemprop='headline']")
    )


def find_headline_heading(tree: lxml_html.HtmlElement, *, title_tag: str) -> str:
    """Return the heading that holds the headline: the first <h1>, unless it is the site's or a section's name.

    The first <h1> of some pages is the site's logo ("V8", "Archive of Our Own beta") or a
    section's name ("Allergies Health Center") while the <title> holds the headline. Such an
    <h1> shares nothing with the <title>; then the heading that the <title> holds is the
    headline, or none when the <h1> is only a link (a logo, a section's menu entry).
    """
    headings = [(heading, normalize_space(heading.text_content())) for heading in tree.iter("h1")]
    first, text = next(((heading, text) for heading, text in headings if text), (None, ""))
    if first is None or not title_tag or is_same_name(name_key(text), name_key(title_tag)):
        return text
    for heading in tree.iter("h1", "h2", "h3"):
        candidate = normalize_space(heading.text_content())
        if len(candidate.split()) >= HEADLINE_HEADING_MIN_WORDS and is_same_name(name_key(candidate), name_key(title_tag)):
            return candidate
    link_text = normalize_space(" ".join(link.text_content() for link in first.iter("a")))
    is_link = link_text == text or any(ancestor.tag == "a" for ancestor in first.iterancestors())
    return "" if is_link else text


def is_description(headline: str, *, h1: str, title_tag: str) -> bool:
    """Return whether a JSON-LD headline describes the page instead of naming it.

    Wikipedia's JSON-LD headline is the article's short description ("constitutional monarchy in
    Oceania" on "New Zealand"): the page's <h1> and <title> agree on another name, which the
    headline is in neither.
    """
    headline_key, h1_key, title_key = (re.sub(r"\W+", "", value).lower() for value in (headline, h1, title_tag))
    return bool(headline_key and h1_key) and h1_key in title_key and headline_key not in title_key


def strip_section_kicker(title: str) -> str:
    """Return title without a leading one- or two-word section label ("Opinion | ...")."""
    kicker, separator, rest = title.partition(" | ")
    if separator and len(kicker.split()) <= 2 and len(rest.split()) >= 4:
        return rest
    return title


def strip_site_suffix(title: str, source: str) -> str:
    """Return title without a trailing " | Site name" (or a leading "Site name | ")."""
    parts = patterns.TITLE_SEPARATOR_RE.split(title)
    if len(parts) < 2:
        return title
    site = source.strip().lower()
    if site and parts[-1].strip().lower() == site:
        return title[: title.rfind(parts[-1])].rstrip(" |-–—·:»")
    if site and parts[0].strip().lower() == site:
        return title[len(parts[0]):].lstrip(" |-–—·:»")
    last = parts[-1].strip()
    rest = title[: title.rfind(parts[-1])].rstrip(" |-–—·:»")
    # An unknown short last part after "|" is a site name far more often than part of a headline;
    # after a dash it is one when every word is capitalised ("... - The Valley Courier").
    is_short_tail = len(last.split()) <= 4 and len(rest.split()) >= 3
    is_name_like = all(word[:1].isupper() or word[:1].isdigit() for word in last.split())
    if is_short_tail and ("|" in title[len(rest):] or is_name_like):
        return rest
    return title


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


def find_authors(tree: lxml_html.HtmlElement, meta: dict[str, str], article: JsonObject) -> tuple[str, ...]:
    """Return author names from JSON-LD, author meta tags or rel=author links."""
    value = article.get("author")
    values = value if isinstance(value, list) else [value]
    names = [json_ld_name(item) for item in values if item]
    if not any(names):
        names = [meta[name] for name in AUTHOR_META_NAMES if name in meta and not meta[name].startswith("http")][:1]
    if not any(names):
        # A byline element can hold a whole sentence ("By Jane Doe, Reuters, updated 10:05"): names only.
        for xpath in AUTHOR_ELEMENT_XPATHS:
            found = [normalize_space(element.text_content()) for element in tree.xpath(xpath) if not is_in_comments(element)]
            names = [name for name in found if 0 < len(name.split()) <= MAX_AUTHOR_WORDS][:3]
            if names:
                break
    cleaned = [re.sub(r"^by\s+", "", normalize_space(name), flags=re.IGNORECASE) for name in names]
    return tuple(dict.fromkeys(name for name in cleaned if name))


def is_in_comments(element: lxml_html.HtmlElement) -> bool:
    """Return whether element sits in a comment thread (whose "author" spans name readers)."""
    return any(
        "comment" in f"{ancestor.get('class') or ''} {ancestor.get('id') or ''}".lower()
        for ancestor in element.iterancestors()
    )


def find_language(tree: lxml_html.HtmlElement, meta: dict[str, str]) -> str:
    """Return the page language code (<html lang>, content-language, og:locale), e.g. "en"."""
    for value in (tree.get("lang"), tree.get("xml:lang"), meta.get("content-language"), meta.get("og:locale")):
        match = LANGUAGE_RE.match((value or "").strip())
        if match:
            return match.group(0).lower()
    return ""


# Invisible break hints inside words: soft hyphen (also written &shy;), word joiner and BOM.
# Kept, they split words in the search index ("Bundes\xadregierung").
INVISIBLE_CHARS_RE = re.compile("[\u00ad\u2060\ufeff]")


def normalize_space(value: str) -> str:
    """Return value without invisible break hints, runs of whitespace collapsed, ends stripped."""
    # Substring tests first: str.translate and re.sub walk every character of long texts.
    if "\u00ad" in value or "\u2060" in value or "\ufeff" in value:
        value = INVISIBLE_CHARS_RE.sub("", value)
    return " ".join(value.split())
