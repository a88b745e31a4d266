"""Boilerplate and structure patterns as named data, shared by the text and HTML cleaners.

Kept apart from the code that applies them so a new site quirk is a one-line change here
(same idea as trafilatura's xpaths.py).
"""

import re

# Lines (text dumps) or widget headings (HTML) that open site chrome: in a text dump
# everything from the first of these on is dropped; in HTML such a heading is never a section.
BOILERPLATE_HEADINGS = (
    "subscribe to our newsletter",
    "sign up for our newsletter",
    "newsletter",
    "related articles",
    "related stories",
    "related posts",
    "related content",
    "related",
    "read more",
    "read next",
    "more stories",
    "more from",
    "more on this story",
    "more news",
    "you may also like",
    "you might also like",
    "recommended",
    "recommended for you",
    "top trending",
    "trending",
    "trending now",
    "most read",
    "most popular",
    "most viewed",
    "popular posts",
    "latest news",
    "latest stories",
    "comments",
    "leave a comment",
    "leave a reply",
    "share this",
    "share this article",
    "share this story",
    "share",
    "follow us",
    "advertisement",
    "sponsored",
    "tags",
    "topics",
    "about the author",
    "trending news",
    "top stories",
    "editor's picks",
    "editors' picks",
    "editor’s picks",
    "don't miss",
    "don’t miss",
    "must read",
    "popular now",
    "around the web",
    "from the web",
    "promoted stories",
    "partner content",
    "sponsored stories",
    "in case you missed it",
    "more videos",
    "more",
    # Other languages of the archive's sources (pt, es, it, fr, de, ru, ko).
    "você pode gostar", "veja também", "leia também", "leia mais", "mais lidas", "relacionados",
    "notícias relacionadas", "lee también", "te puede interesar", "noticias relacionadas",
    "más leídas", "vedi anche", "leggi anche", "potrebbe interessarti", "ti potrebbe interessare",
    "articoli correlati", "à lire aussi", "voir aussi", "sur le même sujet", "les plus lus",
    "lesen sie auch", "mehr zum thema", "das könnte sie auch interessieren", "meistgelesen",
    "читайте также", "смотрите также", "популярное", "похожие статьи", "отзывы", "комментарии",
    "관련기사", "많이 본 뉴스",
)

# Widget headings that go on with a name ("More from Example News", "Most read in Sport").
BOILERPLATE_HEADING_PREFIXES = (
    "more from", "more on", "more in", "more about", "latest from", "latest in", "most read in",
    "also read", "read more about", "other stories", "related to", "stories you may", "recommended by",
    "sign up for", "subscribe to", "join our", "follow us on", "share this", "comments (",
    "tags:", "topics:", "filed under", "categories:",
)

BOILERPLATE_HEADING_RE = re.compile(
    r"^(?:(?:" + "|".join(re.escape(h) for h in BOILERPLATE_HEADINGS) + r")[\s:.!…]*$"
    r"|(?:" + "|".join(re.escape(h) for h in BOILERPLATE_HEADING_PREFIXES) + r").{0,60}$)",
    re.IGNORECASE,
)

# Text dumps: furniture headings after which no article text follows (comment threads, author
# boxes); other furniture interrupts the article, which goes on after it.
ARTICLE_END_HEADING_RE = re.compile(
    r"^(?:comments?|\d+ comments?|leave a (?:comment|reply)|add (?:a )?comment|join the (?:conversation|discussion)"
    r"|about the author|(?:kommentare|comentarios|commentaires|commenti|comentários|комментарии))\W*$",
    re.IGNORECASE,
)

# Whole lines dropped wherever they appear (ad labels, share prompts).
BOILERPLATE_LINE_RE = re.compile(
    r"^(?:advertisement|advertisment|advertising|advert|ad|sponsored content|skip advert(?:isement)?|"
    # Placeholders of content that scripts would load.
    r"loading(?:\.\.\.|…)?|正在加载.{0,4}|加载中.{0,4}|cargando(?:\.\.\.|…)?|carregando(?:\.\.\.|…)?|"
    r"chargement(?: en cours)?(?:\.\.\.|…)?|wird geladen(?:\.\.\.|…)?|caricamento(?:\.\.\.|…)?|загрузка(?:\.\.\.|…)?|"
    r"iklan|anzeige|werbung|publicidad|publicidade|pubblicità|publicité|реклама|광고|"
    r"(?:filed under|tags|topics|categories)\s*:.{0,100}|"
    r"share (?:on|via) \w+|click here to subscribe|"
    # Share buttons left as lines of text.
    r"(?:share on |share via )?(?:facebook|twitter|x|linkedin|whatsapp|e-?mail|telegram|pinterest|reddit|"
    r"copy link|copy url|print|flipboard|messenger|threads|bluesky)|scroll to continue(?: with content)?|"
    r"image (?:copyright|caption|source)\b.{0,60}|(?:photo|image|picture)s?: .{0,60}|getty(?: images)?|"
    r"tell us what you think\W*|add (?:a )?comment|\d+ comments?|"
    r"subscribe(?: now| today| here)? to .{0,100}|"
    r"follow .{0,60}\bon (?:twitter|facebook|instagram|x)\b.{0,100}|"
    r"email (?:\w+ ){1,3}at \S+@\S+.{0,120}|"
    # Newsletter promos: a short line asking to sign up for a newsletter or get it in the inbox.
    r"(?=.{0,220}$)(?=.*\b(?:sign up|subscribe|inbox)\b.{0,60}\bnewsletters?\b|.*\bnewsletters?\b.{0,60}\binbox\b).*|"
    # Wire-service trailers: "(Reporting by A; Editing by B)", "AP writer C contributed to this report."
    r"\(?(?:additional )?reporting by .{0,250}|\(?(?:editing|edited) by .{0,120}|"
    r".{0,200}\bcontributed (?:to )?(?:this|the) (?:report|story)\.?\)?|"
    r"follow (?:ap|reuters|afp)['’]?s? .{0,120}|have a (?:news )?tip\?.{0,150}|"
    # Corrections prompts: "Spotted an error? Tell us", "Report a correction or typo".
    r"(?:spotted|found|see|noticed?) an? (?:error|mistake|typo|inaccuracy)\b.{0,100}|"
    r"(?:report|submit|suggest) an? (?:error|correction|typo|mistake)\b.{0,100}|"
    r"\[(\w+)[^\]]*\].*\[/\1\]|"  # WordPress shortcodes left unrendered: [button ...]...[/button]
    r"(?:\d{1,3}\s+){2,}\d{1,3}|"  # pagination: "1 2 3 4 5"
    r"отзывы|добавить отзыв|комментарии)\s*$",
    re.IGNORECASE,
)

# HTML: widget labels left alone in a paragraph ("shares" under a share bar, "comments", "Topics",
# "Text size"). HTML only: in a text dump "Comments" and "Topics" are headings that end the article.
WIDGET_LABEL_LINE_RE = re.compile(r"^(?:shares|comments|topics|text size)$", re.IGNORECASE)

# HTML: short lines of page furniture that open or close an article, dropped only there: a button
# left as text ("Undo"), prompts for other pages ("Read more:", "You may also like..."), reading
# times ("Oct 18, 2019 · 8 min read", "Tempo de leitura: 1 minuto") and affiliate notices.
EDGE_CHROME_LINE_RE = re.compile(
    r"^(?:undo|(?:read|see) more(?: photos| stories)?\s*:|more (?:about|on this story)\s*:|"
    r"you (?:may|might) also (?:like|enjoy)\W*|like this (?:story|article)\? share it with a friend\W*|"
    r"(?:.{0,30}\s·\s)?\d+\s*min(?:ute)?s? read|"
    r"(?:reading time|read time|tempo de leitura|tiempo de lectura|temps de lecture|lesezeit)\s*:?\s*"
    r"(?:\d+|um|uma|un|une|eine?)\s*(?:min(?:ute|uto|uten)?s?\.?)|"
    # Affiliate notices speak for the site ("We may earn a commission ...", "This post contains
    # affiliate links"); a sentence about someone else's commission is news.
    r"(?=.{0,200}$)(?:(?:ftc|disclosure|note)\s*:\s*)?(?:we|this (?:post|article|page|story|site))\b.{0,60}"
    r"\b(?:affiliate (?:links?|commissions?)|earn (?:a |an )?(?:small )?(?:affiliate )?commission)\b.*)\s*$",
    re.IGNORECASE,
)

# Lines that are only a time or date (live-blog entry stamps, "Updated 10:05 GMT").
TIMESTAMP_LINE_RE = re.compile(
    r"^(?:(?:last )?(?:updated|posted|published)(?: at| on)?\s*:?\s*)?"
    r"(?:\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*[A-Z]{2,4})?"
    r"|\d+\s+(?:minutes?|mins?|hours?|hrs?|days?)\s+ago)$",
    re.IGNORECASE,
)
# Copyright footers that sit inside article containers.
COPYRIGHT_LINE_RE = re.compile(
    r"^(?:copyright\s*(?:©|\(c\))?\s*\d{4}|©|\(c\)\s*\d{4}).{0,100}$|^.{0,100}all rights reserved\.?$",
    re.IGNORECASE,
)

# Text dumps: `Key: value` header lines under the title, mapped to CleanPage fields.
HEADER_KEYS = {
    "source": "source",
    "site": "source",
    "publisher": "source",
    "published": "published",
    "published at": "published",
    "published on": "published",
    "publication date": "published",
    "date published": "published",
    "date": "published",
    "url": "url",
    "source url": "url",
    "original url": "url",
    "link": "url",
    "canonical": "url",
    "author": "authors",
    "authors": "authors",
    "by": "authors",
    "byline": "authors",
    "written by": "authors",
    "language": "language",
    "lang": "language",
    # Read and left out: not body text, and CleanPage has no field for them.
    "updated": "ignored",
    "last updated": "ignored",
    "modified": "ignored",
    "category": "ignored",
    "section": "ignored",
    "tags": "ignored",
    "keywords": "ignored",
    "reading time": "ignored",
    "word count": "ignored",
    "words": "ignored",
    "id": "ignored",
}
HEADER_LINE_RE = re.compile(r"^(?P<key>[A-Za-z][A-Za-z ]{0,24}?)\s*:\s*(?P<value>\S.*)$")
# Text dumps: a bare byline under the title ("By Jane Doe and John Roe").
BYLINE_RE = re.compile(r"^(?:By|BY|by)\s+[A-Z][\w.'’-]*(?:[\s,&]+(?:and\s+)?[A-Z][\w.'’-]*){0,7}$")
# Text dumps: a byline with the date ("By Jane Doe | March 5, 2024", "By Jane Doe, 2024-03-05 08:15").
BYLINE_WITH_DATE_RE = re.compile(r"^(?:By|BY|by)\s+(?P<names>[^|·•–—]{2,80}?)\s*(?:[|·•–—,]|\bon\b)\s*(?P<date>.{6,60})$")
# Text dumps: a line this short that parses as a date is the publication date.
DATE_LINE_MAX_WORDS = 6

# A subheading: short, no final sentence punctuation.
SUBHEADING_MAX_CHARS = 90
SUBHEADING_MAX_WORDS = 14
SENTENCE_END_CHARS = ".!?:;,…\"”’)]"

# HTML: elements never part of an article, removed before looking for the body.
CHROME_TAGS = (
    "script", "style", "noscript", "template", "svg", "canvas", "iframe", "object", "embed",
    "button", "input", "select", "textarea", "dialog", "video", "audio", "map", "link", "meta",
    # Photo captions and credits are not article text (the AEB ground truth leaves them out too).
    "figcaption",
    # AMP's own chrome elements (https://amp.dev/documentation/components/).
    "amp-ad", "amp-sticky-ad", "amp-embed", "amp-analytics", "amp-sidebar", "amp-social-share",
    "amp-consent", "amp-user-notification", "amp-pixel", "amp-auto-ads", "amp-geo",
)
# HTML: containers that are chrome unless they wrap the article (ASP.NET pages put the whole
# page in one <form>; some sites put the article in <header> or <aside>-free <nav> soup).
CHROME_CONTAINER_TAGS = frozenset({"form", "nav", "footer", "aside", "menu", "header"})

# HTML: parts of class/id tokens ("related-articles", "share_bar") that name chrome containers.
CHROME_NAME_PARTS = frozenset({
    "newsletter", "subscribe", "subscription", "signup", "related", "trending", "mostread",
    "mostpopular", "popular", "recommended", "recommendations", "recirculation", "share", "sharing",
    "sharebar", "social", "socials", "comment", "comments", "disqus", "advert", "advertisement",
    "advertising", "ads", "ad", "adslot", "adunit", "dfp", "sponsor", "sponsored", "promo", "promotion",
    "outbrain", "taboola", "breadcrumb", "breadcrumbs", "cookie", "cookies", "consent", "sidebar",
    "widget", "menu", "navbar", "nav", "navigation", "masthead", "footer", "byline", "bio", "tags",
    "taglist", "topics", "pagination", "pager", "skip", "readmore", "more", "next", "prev", "previous",
    "modal", "popup", "toolbar", "rating", "cta", "banner", "print", "meta", "author",
    "caption", "credit", "credits", "gallery", "slideshow", "timestamp", "dateline", "tooltip",
    "popover", "hovercard", "rollover",
    # Section labels above the headline.
    "kicker", "eyebrow", "overline", "supertitle", "rubric",
})
# Parts that mark a token as (part of) the article even when a chrome part is present
# ("content-with-sidebar-wrp", "post-body").
CONTENT_NAME_PARTS = frozenset({
    "content", "body", "main", "wrap", "wrapper", "wrp", "container", "page", "layout", "column",
    "col", "inner", "hentry",
})
# Class tokens of elements hidden by stylesheet conventions.
HIDDEN_CLASS_TOKENS = frozenset({
    "hidden", "hide", "d-none", "sr-only", "visually-hidden", "visuallyhidden", "screen-reader-text",
    "screenreader", "offscreen", "is-hidden", "u-hidden",
})
# Class tokens that describe a layout variant, not a chrome box ("with-sidebar", "has-comments").
LAYOUT_MODIFIER_PREFIXES = ("with-", "has-", "no-", "w-", "and-", "is-", "show-", "hide-for-")
NAME_PART_SPLIT_RE = re.compile(r"[-_\s]+|(?<=[a-z])(?=[A-Z])")

# HTML: class/id words that mark an article body container.
CONTENT_ATTRIBUTE_RE = re.compile(
    r"article[-_]?body|articlebody|story[-_]?body|storybody|entry[-_]?content|post[-_]?content|"
    r"post[-_]?body|article[-_]?content|article[-_]?text|story[-_]?content|body[-_]?text|"
    r"main[-_]?content|content[-_]?body|news[-_]?text|article__body|rich[-_]?text",
    re.IGNORECASE,
)

# JSON-LD @type values that describe an article.
ARTICLE_TYPES = frozenset({
    "article", "newsarticle", "blogposting", "reportagenewsarticle", "analysisnewsarticle",
    "opinionnewsarticle", "reviewnewsarticle", "liveblogposting", "scholarlyarticle",
    "techarticle", "report", "backgroundnewsarticle", "socialmediaposting", "webpage",
})

# og:site_name values that go on with the site's tagline after a spaced bar or dash
# ("LinkNaija | Nigeria's popular news platform", "Aktuálně.cz - Víte, co se právě děje"): the
# name is the part before it. Unspaced dashes are part of names ("San Antonio Express-News").
SITE_TAGLINE_SEPARATOR_RE = re.compile(r"\s+[|\-–—]\s+")

# "<title>" suffixes such as " | Example News" or " - Example News".
TITLE_SEPARATOR_RE = re.compile(r"\s+[|\-–—·:»]\s+")
