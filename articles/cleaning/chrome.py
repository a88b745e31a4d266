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


def remove_chrome(tree: lxml_html.HtmlElement) -> None:
    """Remove scripts, navigation, hidden and chrome-named elements from tree, keeping tail text."""
    for element in list(tree.iter(*patterns.CHROME_TAGS, etree.Comment, etree.ProcessingInstruction)):
        drop_element(element)
    total_chars = text_mass(tree)
    body_holders = find_body_holders(tree)
    doomed = []
    for element in tree.iter():
        if not isinstance(element.tag, str) or element.tag in ("html", "body", "article", "main"):
            continue
        if element in body_holders:
            continue
        if is_chrome_named(element):
            doomed.append(element)
        elif is_chrome_shaped(element) and text_mass(element) <= WRAPPER_TEXT_SHARE * total_chars:
            doomed.append(element)
    for element in doomed:
        drop_element(element)


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
    return bool(classes or element_id) and is_chrome_name(classes or "", element_id or "")


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
