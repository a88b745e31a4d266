"""Machine output stays well formed whatever the archive holds: Atom feeds parse as XML when an admin
pastes a control character (Word's line break is \\x0b) or a noncharacter (U+FFFF) into a title, source,
section or tag name, or a reader types one into a search."""

from xml.etree import ElementTree

import pytest

from articles.models import Article, Leader

WORD_LINE_BREAK = "\x0b"


@pytest.fixture
def pasted_article(seed_article):
    Article.objects.filter(pk=seed_article.pk).update(title=f"Putin{WORD_LINE_BREAK}and Netanyahu\x1b talk", source=f"Wire{WORD_LINE_BREAK}")
    seed_article.sections.filter(position=0).update(text=f"Russian President{WORD_LINE_BREAK}Vladimir Putin\x07 said")
    Leader.objects.filter(slug="vladimir-putin").update(name=f"Vladimir{WORD_LINE_BREAK}Putin")
    return seed_article


@pytest.mark.parametrize("path", ["/search/feed/?q=ceasefire", "/leaders/vladimir-putin/feed/", "/countries/russia/feed/"])
def test_a_feed_with_a_pasted_control_character_is_still_xml(client, pasted_article, path):
    response = client.get(path)
    assert response.status_code == 200
    feed = ElementTree.fromstring(response.content)
    titles = [entry.findtext("{http://www.w3.org/2005/Atom}title") for entry in feed.iter("{http://www.w3.org/2005/Atom}entry")]
    assert "Putin and Netanyahu talk" in [" ".join(title.split()) for title in titles]


def test_a_feed_of_an_article_whose_title_holds_a_noncharacter_is_still_xml(client, seed_article):
    Article.objects.filter(pk=seed_article.pk).update(title="Putin\uffffand Netanyahu\ufffe talk")
    for path in ("/leaders/vladimir-putin/feed/", "/search/feed/?q=ceasefire", "/search/feed/?q=ceasefire%EF%BF%BF"):
        response = client.get(path)
        assert response.status_code == 200
        feed = ElementTree.fromstring(response.content)
        titles = [entry.findtext("{http://www.w3.org/2005/Atom}title") for entry in feed.iter("{http://www.w3.org/2005/Atom}entry")]
        assert [" ".join(title.split()) for title in titles] == ["Putin and Netanyahu talk"]
    assert client.get(f"/api/articles/{seed_article.slug}/").json()["title"] == "Putin\uffffand Netanyahu\ufffe talk"
