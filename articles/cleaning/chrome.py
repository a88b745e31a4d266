"""Page chrome removal: scripts, navigation, hidden and chrome-named elements (HTML stage 2)."""

import functools
import re
from collections.abc import Callable
from enum import Enum

from lxml import etree
from lxml import html as lxml_html

from . import patterns

# "tooltip": the pop-up text of a word, shown on hover, hidden from a reader of the sentence.
CHROME_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "search", "dialog", "menu", "tooltip"})
HIDDEN_STYLE_RE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
# A chrome-shaped element (<form>, <header>, hidden) holding more than this share of the page's
# text is a wrapper (ASP.NET pages put the whole page in one <form>), not chrome.
WRAPPER_TEXT_SHARE = 0.5
HIDDEN_WRAPPER_TEXT_SHARE = 0.8
# A chrome-named or chrome-shaped box that holds the page's main run of paragraphs wraps the
# article (themes put "share", "sidebar", "banner" or "print" in the article container's class)
# unless it is mostly links.
WRAPPER_MAX_LINK_SHARE = 0.3
# Paragraphs shorter than this say little about where the article is (readability's value).
CLUSTER_MIN_CHARS = 25
PARAGRAPH_TAGS = ("p", "pre", "blockquote")
HEADING_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6")
# Only elements with a name, a hiding attribute, a role or a chrome tag can be chrome: selecting
# them in C (XPath) spares a Python call for every plain element of the page.
CANDIDATE_XPATH = "//*[@class or @id or @hidden or @aria-hidden or @style or @role] | " + " | ".join(
    f"//{tag}" for tag in sorted(patterns.CHROME_CONTAINER_TAGS)
)
INLINE_TAGS = frozenset({
    "a", "span", "em", "strong", "b", "i", "u", "small", "abbr", "cite", "code", "font", "sup", "sub",
    "mark", "time", "q", "dfn", "var", "kbd",
})
# Comment threads are long prose with few links: never where the article is.
COMMENT_NAME_PARTS = frozenset({"comment", "comments", "commentlist", "disqus", "respond", "reply", "replies"})
# An id of this many words on a box that starts with a heading is the heading's anchor
# ("sharing-with-a-single-developer"), not a chrome name.
ANCHOR_ID_MIN_WORDS = 4


def remove_chrome(tree: lxml_html.HtmlElement) -> None:
    """Remove scripts, navigation, hidden and chrome-named elements from tree, keeping tail text.

    Names alone never remove the box that holds the page's main run of paragraphs: chrome
    detection weighs where the prose is and how much of a box is links.
    """
    for element in list(tree.iter(*patterns.CHROME_TAGS, etree.Comment, etree.ProcessingInstruction)):
        drop_element(element)
    candidates = find_chrome_candidates(tree)
    if not candidates:
        return
    comment_boxes = [element for element, is_named in candidates if is_named and is_comment_named(element)]
    cluster = find_paragraph_cluster(tree, comment_boxes=comment_boxes)
    wrappers = {cluster, *cluster.iterancestors()} if cluster is not None else set()
    page_chars = functools.cache(lambda: max(measure_text(tree)[0], 1))
    doomed = [
        element for element, is_named in candidates
        if not is_wrapper(element, is_named=is_named, wrappers=wrappers, page_chars=page_chars)
    ]
    for element in doomed:
        drop_element(element)


def find_chrome_candidates(tree: lxml_html.HtmlElement) -> list[tuple[lxml_html.HtmlElement, bool]]:
    """Return the chrome-named or chrome-shaped elements that may go, each with whether it is named.

    A marked article body and its ancestors are never candidates, nor is a chrome word inside
    a sentence.
    """
    body_holders = find_body_holders(tree)
    candidates: list[tuple[lxml_html.HtmlElement, bool]] = []
    for element in tree.xpath(CANDIDATE_XPATH):
        if element.tag in ("html", "body", "article", "main"):
            continue
        is_named, is_shaped = is_chrome_named(element), is_chrome_shaped(element)
        if is_named and not is_shaped and is_in_running_text(element) and not is_pop_up_card(element):
            continue  # a word of a sentence, whatever its class says ("tooltip", "popup")
        if (is_named or is_shaped) and element not in body_holders:
            candidates.append((element, is_named))
    return candidates


def is_wrapper(
    element: lxml_html.HtmlElement,
    *,
    is_named: bool,
    wrappers: set[lxml_html.HtmlElement],
    page_chars: Callable[[], int],
) -> bool:
    """Return whether a chrome candidate wraps the article and so stays.

    page_chars gives the page's visible characters outside links, measured on first need.
    """
    if is_hidden(element):
        # Pages hidden whole until a script shows them are articles; a hidden part is not.
        return measure_text(element)[0] > HIDDEN_WRAPPER_TEXT_SHARE * page_chars()
    if element in wrappers:
        chars, links = measure_text(element)
        return links <= WRAPPER_MAX_LINK_SHARE * chars
    if not is_named:
        return measure_text(element)[0] > WRAPPER_TEXT_SHARE * page_chars()
    return False


def is_in_running_text(element: lxml_html.HtmlElement) -> bool:
    """Return whether element is an inline element inside a sentence (a "tooltip" link on a word),
    alone or in a chrome-named inline wrapper that is ("<span class=rollover><a>Name</a>...</span> said").

    Removing it would cut words out of the middle of the sentence.
    """
    node = element
    while node is not None and node.tag in INLINE_TAGS:
        parent = node.getparent()
        if (node.tail or "").strip() or (parent is not None and (parent.text or "").strip()):
            return True
        node = parent if parent is not None and is_chrome_named(parent) else None
    return False


def is_pop_up_card(element: lxml_html.HtmlElement) -> bool:
    """Return whether a chrome-named element is the pop-up card of a name in a sentence.

    Hover cards ("rollover", "hovercard", "popover") sit inside the sentence next to the name
    they describe, hidden by the site's stylesheet; a word of a sentence never holds an image
    or several links. The innermost such box is the card: its wrapper also holds the name.
    """
    return holds_card_content(element) and not any(
        is_chrome_named(descendant) and holds_card_content(descendant) for descendant in element.iterdescendants()
    )


def holds_card_content(element: lxml_html.HtmlElement) -> bool:
    """Return whether element holds an image or two links or more (itself included)."""
    if element.find(".//img") is not None:
        return True
    return sum(1 for _ in element.iter("a")) >= 2


def find_paragraph_cluster(
    tree: lxml_html.HtmlElement, *, comment_boxes: list[lxml_html.HtmlElement]
) -> lxml_html.HtmlElement | None:
    """Return the element whose own paragraphs hold the most text outside links, else None.

    Paragraphs in comment threads do not count: a long discussion can outweigh the article.
    """
    in_comments = {paragraph for box in comment_boxes for paragraph in box.iter(*PARAGRAPH_TAGS)}
    scores: dict[lxml_html.HtmlElement, int] = {}
    for paragraph in tree.iter(*PARAGRAPH_TAGS):
        parent = paragraph.getparent()
        if parent is None or paragraph in in_comments:
            continue
        text = paragraph.text_content()
        if len(text) < CLUSTER_MIN_CHARS:
            continue
        chars, links = measure_text(paragraph)
        if chars >= CLUSTER_MIN_CHARS:
            scores[parent] = scores.get(parent, 0) + chars
    return max(scores, key=scores.__getitem__) if scores else None


def measure_text(element: lxml_html.HtmlElement) -> tuple[int, int]:
    """Return the visible characters (no whitespace) of element's text outside links, and inside them."""
    links = count_visible("".join(link.text_content() for link in element.iter("a")))
    return count_visible(element.text_content()) - links, links


def count_visible(text: str) -> int:
    """Return the number of non-whitespace characters in text."""
    return len(text) - sum(text.count(space) for space in " \n\t\r\xa0")


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
    if is_hidden(element):
        return True
    return element.tag in patterns.CHROME_CONTAINER_TAGS or (element.get("role") or "").lower() in CHROME_ROLES


def is_hidden(element: lxml_html.HtmlElement) -> bool:
    """Return whether element is hidden by an attribute or its inline style."""
    if element.get("hidden") is not None or element.get("aria-hidden") == "true":
        return True
    return bool(HIDDEN_STYLE_RE.search(element.get("style") or ""))


def is_chrome_named(element: lxml_html.HtmlElement) -> bool:
    """Return whether element's class or id names chrome (related, share, comments, hidden...)."""
    classes, element_id = element.get("class"), element.get("id")
    if not (classes or element_id) or not is_chrome_name(classes or "", element_id or ""):
        return False
    if element_id and is_anchor_id(element, element_id):
        return bool(classes) and is_chrome_name(classes, "")
    return True


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


@functools.lru_cache(maxsize=8192)
def is_chrome_name(classes: str, element_id: str) -> bool:
    """Return whether a class attribute and id name chrome ("related-posts" yes, "post-body" no)."""
    kinds = [classify_name_token(token) for token in (*classes.split(), element_id) if token]
    if NameKind.HIDDEN in kinds:
        return True
    # An element naming itself both content and chrome ("page-content with-sidebar") is a wrapper.
    return NameKind.CONTENT not in kinds and NameKind.CHROME in kinds


class NameKind(Enum):
    """What one class or id token says about its element."""

    HIDDEN = "hidden"
    CONTENT = "content"
    CHROME = "chrome"
    NEUTRAL = "neutral"


# Pages repeat the same class tokens hundreds of times; caching them halves the cleaning time.
@functools.lru_cache(maxsize=16384)
def classify_name_token(token: str) -> NameKind:
    """Return whether a class/id token hides its element, names content, names chrome, or neither."""
    lowered = token.lower()
    if lowered in patterns.HIDDEN_CLASS_TOKENS:
        return NameKind.HIDDEN
    if lowered.startswith(patterns.LAYOUT_MODIFIER_PREFIXES):
        return NameKind.NEUTRAL
    parts = name_parts(token)
    if parts & patterns.CONTENT_NAME_PARTS:
        return NameKind.CONTENT
    return NameKind.CHROME if parts & patterns.CHROME_NAME_PARTS else NameKind.NEUTRAL


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
