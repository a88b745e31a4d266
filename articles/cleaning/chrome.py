"""Page chrome removal: scripts, navigation, hidden and chrome-named elements (HTML stage 2)."""

import functools
import re

from lxml import etree
from lxml import html as lxml_html

from . import patterns

CHROME_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "search", "dialog", "menu"})
HIDDEN_STYLE_RE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
# A chrome-shaped element (<form>, <header>, hidden) holding more than this share of the page's
# text is a wrapper (ASP.NET pages put the whole page in one <form>), not chrome.
WRAPPER_TEXT_SHARE = 0.5
# A chrome-named or chrome-shaped box that holds the page's main run of paragraphs wraps the
# article (themes put "share", "sidebar", "banner" or "print" in the article container's class)
# unless it is mostly links.
WRAPPER_MAX_LINK_SHARE = 0.3
# Paragraphs shorter than this say little about where the article is (readability's value).
CLUSTER_MIN_CHARS = 25
PARAGRAPH_TAGS = ("p", "pre", "blockquote")
HEADING_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6")
# Comment threads are long prose with few links: never where the article is.
COMMENT_NAME_PARTS = frozenset({"comment", "comments", "commentlist", "disqus", "respond", "reply", "replies"})
# An id of this many words on a box that starts with a heading is the heading's anchor
# ("sharing-with-a-single-developer"), not a chrome name.
ANCHOR_ID_MIN_WORDS = 4


def remove_chrome(tree: lxml_html.HtmlElement) -> int:
    """Remove scripts, navigation, hidden and chrome-named elements from tree, keeping tail text.

    Names alone never remove the box that holds the page's main run of paragraphs: chrome
    detection weighs where the prose is and how much of a box is links. Returns the characters
    of paragraph text the page held outside comment threads, before removal (what an extractor
    could keep at most).
    """
    for element in list(tree.iter(*patterns.CHROME_TAGS, etree.Comment, etree.ProcessingInstruction)):
        drop_element(element)
    masses = measure_text(tree)
    total_chars = max(masses[tree][0] - masses[tree][1], 1)
    body_holders = find_body_holders(tree)
    cluster, paragraph_chars = find_paragraph_cluster(tree, masses)
    wrappers = set(cluster.iterancestors()) | {cluster} if cluster is not None else set()
    doomed = []
    for element in tree.iter():
        if not isinstance(element.tag, str) or element.tag in ("html", "body", "article", "main"):
            continue
        if element in body_holders:
            continue
        is_named = is_chrome_named(element)
        if not is_named and not is_chrome_shaped(element):
            continue
        chars, links = masses[element]
        if element in wrappers and links <= WRAPPER_MAX_LINK_SHARE * chars:
            continue
        if not is_named and chars - links > WRAPPER_TEXT_SHARE * total_chars:
            continue
        doomed.append(element)
    for element in doomed:
        drop_element(element)
    return paragraph_chars


def find_paragraph_cluster(
    tree: lxml_html.HtmlElement, masses: dict[lxml_html.HtmlElement, tuple[int, int]]
) -> tuple[lxml_html.HtmlElement | None, int]:
    """Return the element whose own paragraphs hold the most text outside links (else None) and
    the characters of all paragraphs.

    Paragraphs in comment threads do not count: a long discussion can outweigh the article.
    """
    scores: dict[lxml_html.HtmlElement, int] = {}
    for paragraph in tree.iter(*PARAGRAPH_TAGS):
        chars, links = masses[paragraph]
        parent = paragraph.getparent()
        if parent is None or chars - links < CLUSTER_MIN_CHARS:
            continue
        if not any(is_comment_named(ancestor) for ancestor in paragraph.iterancestors() if ancestor.tag not in ("body", "html")):
            scores[parent] = scores.get(parent, 0) + chars - links
    return (max(scores, key=scores.__getitem__) if scores else None), sum(scores.values())


def measure_text(tree: lxml_html.HtmlElement) -> dict[lxml_html.HtmlElement, tuple[int, int]]:
    """Return, for every element, the characters of its text and of its link text, in one pass."""
    masses: dict[lxml_html.HtmlElement, tuple[int, int]] = {}
    for element in reversed(list(tree.iter())):  # children before their parents
        chars = len((element.text or "").strip()) if isinstance(element.tag, str) else 0
        links = 0
        for child in element:
            child_chars, child_links = masses.get(child, (0, 0))
            chars += child_chars + len((child.tail or "").strip())
            links += child_links
        masses[element] = (chars, chars if element.tag == "a" else links)
    return masses


def find_body_holders(tree: lxml_html.HtmlElement) -> set[lxml_html.HtmlElement]:
    """Return the marked article bodies (itemprop=articleBody, body class, <main>) and their ancestors.

    A chrome-named box that holds one ("widget Blog" around Blogger's "post-body") is a wrapper.
    """
    holders: set[lxml_html.HtmlElement] = set()
    for element in tree.iter("div", "section", "main", "article"):
        is_body = element.get("itemprop") == "articleBody" or element.tag == "main"
        if is_body or patterns.CONTENT_ATTRIBUTE_RE.search(element.get("class") or ""):
            holders.add(element)
            holders.update(element.iterancestors())
    return holders


def is_chrome_shaped(element: lxml_html.HtmlElement) -> bool:
    """Return whether element is hidden or a chrome tag or role (which whole pages sometimes are)."""
    if element.get("hidden") is not None or element.get("aria-hidden") == "true":
        return True
    if HIDDEN_STYLE_RE.search(element.get("style") or ""):
        return True
    return element.tag in patterns.CHROME_CONTAINER_TAGS or (element.get("role") or "").lower() in CHROME_ROLES


def is_chrome_named(element: lxml_html.HtmlElement) -> bool:
    """Return whether element's class or id names chrome (related, share, comments, hidden...)."""
    classes, element_id = element.get("class"), element.get("id")
    if element_id and is_anchor_id(element, element_id):
        element_id = None
    return bool(classes or element_id) and is_chrome_name(classes or "", element_id or "")


def is_comment_named(element: lxml_html.HtmlElement) -> bool:
    """Return whether element's class or id names a comment thread."""
    classes, element_id = element.get("class"), element.get("id")
    return bool(classes or element_id) and is_comment_name(f"{classes or ''} {element_id or ''}")


@functools.lru_cache(maxsize=4096)
def is_comment_name(names: str) -> bool:
    """Return whether class and id tokens name a comment thread ("comment-list", "disqus_thread")."""
    return any(name_parts(token) & COMMENT_NAME_PARTS for token in names.split())


def is_anchor_id(element: lxml_html.HtmlElement, element_id: str) -> bool:
    """Return whether element_id is a heading's anchor slug on a section that starts with it."""
    first = next(iter(element), None)
    return (
        first is not None and first.tag in HEADING_TAGS
        and len(patterns.NAME_PART_SPLIT_RE.split(element_id)) >= ANCHOR_ID_MIN_WORDS
    )


# Pages repeat the same class strings hundreds of times; caching them halves the cleaning time.
@functools.lru_cache(maxsize=4096)
def is_chrome_name(classes: str, element_id: str) -> bool:
    """Return whether a class attribute and id name chrome ("related-posts" yes, "post-body" no)."""
    tokens = classes.split() + [element_id]
    if any(token.lower() in patterns.HIDDEN_CLASS_TOKENS for token in tokens):
        return True
    parts = [name_parts(token) for token in tokens if not token.lower().startswith(patterns.LAYOUT_MODIFIER_PREFIXES)]
    # An element naming itself both content and chrome ("page-content with-sidebar") is a wrapper.
    if any(token_parts & patterns.CONTENT_NAME_PARTS for token_parts in parts):
        return False
    return any(token_parts & patterns.CHROME_NAME_PARTS for token_parts in parts)


def name_parts(token: str) -> set[str]:
    """Return the lowercased words of a class/id token ("relatedPosts" -> {"related", "posts"})."""
    return {part.lower() for part in patterns.NAME_PART_SPLIT_RE.split(token) if part}


def drop_element(element: etree._Element) -> None:
    """Remove element from its tree, keeping the text that follows it."""
    if element.getparent() is not None:
        if isinstance(element.tag, str):
            element.drop_tree()
        else:
            tail, parent, previous = element.tail, element.getparent(), element.getprevious()
            parent.remove(element)
            if tail and previous is not None:
                previous.tail = (previous.tail or "") + tail
            elif tail:
                parent.text = (parent.text or "") + tail


def text_mass(element: lxml_html.HtmlElement) -> int:
    """Return the number of characters of element's text outside links."""
    links = sum(len(link.text_content()) for link in element.iter("a"))
    return len(element.text_content()) - links
