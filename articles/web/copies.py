"""A story's copies on the article page: the other outlets' versions and what this one changed.

Differences are by paragraph against the story's first copy (Story.first): a paragraph edited in
any way shows as removed (the first copy's) and added (this copy's), as a reader compares them.
"""

import difflib
from dataclasses import dataclass, field

from articles.models import Article
from articles.search.rows import load_story_copies


@dataclass(frozen=True)
class ParagraphChange:
    text: str
    is_added: bool  # False: in the first copy, not in this one


@dataclass
class StoryCopies:
    copies: list[Article]  # every published copy, earliest first, this one included
    first: Article
    is_first: bool  # this article is the story's first copy
    title_changed: bool
    changes: list[ParagraphChange] = field(default_factory=list)  # empty for the first copy

    @property
    def added_count(self) -> int:
        return sum(1 for change in self.changes if change.is_added)

    @property
    def removed_count(self) -> int:
        return sum(1 for change in self.changes if not change.is_added)


def story_copies(article: Article) -> StoryCopies | None:
    """Return the article's story with its copies and its paragraph changes from the first copy; None outside a story."""
    if article.story_id is None:
        return None
    copies = load_story_copies(story_ids={article.story_id}).get(article.story_id, [])
    if len(copies) < 2:
        return None
    first_id = article.story.first_id or copies[0].pk
    first = next((copy for copy in copies if copy.pk == first_id), copies[0])
    is_first = first.pk == article.pk
    changes = [] if is_first else paragraph_changes(before=_paragraphs(first), after=_paragraphs(article))
    return StoryCopies(
        copies=copies, first=first, is_first=is_first, title_changed=first.title != article.title, changes=changes
    )


def paragraph_changes(*, before: list[str], after: list[str]) -> list[ParagraphChange]:
    """Return the paragraphs removed from `before` and added in `after`, in reading order."""
    matcher = difflib.SequenceMatcher(a=[" ".join(p.split()) for p in before], b=[" ".join(p.split()) for p in after], autojunk=False)
    changes = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        changes += [ParagraphChange(text=text, is_added=False) for text in before[i1:i2]]
        changes += [ParagraphChange(text=text, is_added=True) for text in after[j1:j2]]
    return changes


def _paragraphs(article: Article) -> list[str]:
    return [paragraph for section in article.sections.all() for paragraph in section.paragraphs]
