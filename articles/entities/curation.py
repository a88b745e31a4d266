"""Admins' corrections to the tags: confirm or reject discovered leaders, merge duplicates, reject false
tags, add hand tags.

Each function that changes articles' tags does so in one transaction and writes the affected articles
to the search index after the commit (add_hand_tags records tags its caller, the article form, set).
Rejections (TagRejection) and hand tags (HandTag) are stored so retagging keeps them; both name their
entity, so a merge renames them here and deleting an entity deletes its hand tags (delete_hand_tags).
"""

from collections.abc import Iterable

from django.db import transaction

from articles.entities.retagging import Entity
from articles.kinds import EntityKind, KindName, kind_of
from articles.models import Article, Country, HandTag, Leader, TagRejection, Topic
from articles.search.indexing import update_search_index

# Alias-like lists a duplicate's values are added to, per entity type (merge keeps every spelling).
NAME_LIST_FIELDS = {Leader: ("aliases", "ambiguous_aliases"), Country: ("aliases", "demonyms", "capitals"), Topic: ("aliases",)}


def confirm_leaders(*, leaders: Iterable[Leader]) -> int:
    """Mark discovered leaders as reviewed; return how many were unreviewed."""
    return Leader.objects.filter(pk__in=[leader.pk for leader in leaders], is_reviewed=False).update(is_reviewed=True)


def merge_entities(*, duplicates: Iterable[Entity], target: Entity) -> list[int]:
    """Merge duplicates into target; return the ids of the articles whose tags changed.

    The duplicates' mentions, article tags, rejections and hand tags move to target, their names and
    aliases become target's aliases, and they are deleted. A leader without a country takes one.
    """
    duplicates = [entity for entity in duplicates if entity.pk != target.pk]
    kind = kind_of(target)
    article_ids: set[int] = set()
    with transaction.atomic():
        for duplicate in duplicates:
            article_ids |= _move_tags(duplicate=duplicate, target=target, kind=kind)
            _add_names(duplicate=duplicate, target=target)
            if isinstance(target, Leader) and target.country_id is None:
                target.country_id = duplicate.country_id
            duplicate.delete()
        target.save()
        changed = sorted(article_ids)
        transaction.on_commit(lambda: update_search_index(article_ids=changed))
    return changed


def _move_tags(*, duplicate: Entity, target: Entity, kind: EntityKind) -> set[int]:
    kind.mention_model.objects.filter(**{kind.param: duplicate}).update(**{kind.param: target})
    through = getattr(Article, kind.field).through
    article_ids = set(through.objects.filter(**{kind.param: duplicate}).values_list("article_id", flat=True))
    target.articles.add(*article_ids)
    for model in (TagRejection, HandTag):
        for record in model.objects.filter(kind=kind.name, name=duplicate.name):
            is_kept = model.objects.filter(article=record.article, kind=kind.name, name=target.name).exists()
            if is_kept:
                record.delete()
            else:
                record.name = target.name
                record.save(update_fields=["name"])
    return article_ids


def _add_names(*, duplicate: Entity, target: Entity) -> None:
    known = {target.name.casefold()}
    for field_name in NAME_LIST_FIELDS[type(target)]:
        known.update(value.casefold() for value in getattr(target, field_name))
    new_aliases = [name for name in (duplicate.name, *duplicate.aliases) if name.casefold() not in known]
    target.aliases = [*target.aliases, *dict.fromkeys(new_aliases)]
    for field_name in NAME_LIST_FIELDS[type(target)][1:]:
        current = getattr(target, field_name)
        seen = {value.casefold() for value in current}
        setattr(target, field_name, [*current, *(v for v in getattr(duplicate, field_name) if v.casefold() not in seen)])


def reject_leaders(*, leaders: Iterable[Leader], user=None) -> list[int]:
    """Delete discovered leaders and their tags, remember their names; return the affected article ids.

    The tagger's discovery never creates a leader of a rejected name again.
    """
    with transaction.atomic():
        article_ids: set[int] = set()
        for leader in leaders:
            article_ids.update(leader.articles.values_list("pk", flat=True))
            TagRejection.objects.get_or_create(
                article=None, kind=KindName.LEADER, name=leader.name, defaults={"created_by": user}
            )
            delete_hand_tags(entities=[leader])
            leader.delete()
        changed = sorted(article_ids)
        transaction.on_commit(lambda: update_search_index(article_ids=changed))
    return changed


def reject_tags(*, article: Article, entities: Iterable[Entity], user=None) -> int:
    """Remove entities' tags, mentions and hand tags from article and keep them off; return how many tags were removed."""
    removed = 0
    with transaction.atomic():
        for entity in entities:
            kind = kind_of(entity)
            kind.mention_model.objects.filter(section__article=article, **{kind.param: entity}).delete()
            getattr(article, kind.field).remove(entity)
            TagRejection.objects.get_or_create(
                article=article, kind=kind.name, name=entity.name, defaults={"created_by": user}
            )
            HandTag.objects.filter(article=article, kind=kind.name, name=entity.name).delete()
            removed += 1
        article_id = article.pk
        transaction.on_commit(lambda: update_search_index(article_ids=[article_id]))
    return removed


def add_hand_tags(*, article: Article, entities: Iterable[Entity], user=None) -> int:
    """Record entities as hand tags of article and forget earlier rejections of them; return how many are new.

    Every tag an admin adds is recorded, found by the tagger or not: the tagger's rules and an
    entity's aliases change, and the editor's word that the tag belongs should outlast them.
    The caller has already added the tags to the article (the admin form's boxes).
    """
    recorded = 0
    with transaction.atomic():
        for entity in entities:
            kind = kind_of(entity).name
            TagRejection.objects.filter(article=article, kind=kind, name=entity.name).delete()
            _, is_created = HandTag.objects.get_or_create(
                article=article, kind=kind, name=entity.name, defaults={"created_by": user}
            )
            recorded += is_created
    return recorded


def delete_hand_tags(*, entities: Iterable[Entity]) -> int:
    """Delete the hand tags of entities about to be (or just) deleted; return how many.

    Hand tags name their entity, so nothing cascades: without this a new entity given the same
    name later would inherit them.
    """
    deleted = 0
    for entity in entities:
        deleted += HandTag.objects.filter(kind=kind_of(entity).name, name=entity.name).delete()[0]
    return deleted
