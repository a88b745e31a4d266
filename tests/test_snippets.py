"""Snippets and marks: stemmed and accent-folded matches in <mark>, everything else escaped."""

from types import SimpleNamespace

from articles.search.snippets import highlight_terms_for, mark_paragraph, section_snippets


def section(position, heading, text):
    return SimpleNamespace(position=position, anchor=f"s{position}", heading=heading, text=text)


def test_stemmed_and_accented_forms_are_marked_and_the_rest_escaped():
    terms = highlight_terms_for("ceasefire erdogan")
    html = mark_paragraph("Erdoğan said <b>ceasefires</b> & truces hold.", terms)
    assert html == "<mark>Erdoğan</mark> said &lt;b&gt;<mark>ceasefires</mark>&lt;/b&gt; &amp; truces hold."


def test_a_paragraph_without_matches_is_only_escaped():
    assert mark_paragraph("a <script>", highlight_terms_for("gaza")) == "a &lt;script&gt;"


def test_sections_are_ranked_by_matches_and_long_text_is_cut_at_word_bounds():
    filler = "word " * 60
    sections = [
        section(0, "", f"Gaza once. {filler}"),
        section(1, "Gaza talks", f"{filler} Gaza and gaza again. {filler} and Gaza at the end. {filler}"),
        section(2, "Other", "Nothing here."),
    ]
    snippets = section_snippets(sections, highlight_terms_for("gaza"))
    assert [s.anchor for s in snippets] == ["s1", "s0"]
    assert snippets[0].match_count == 4  # three in the text, one in the heading
    assert snippets[0].html.startswith("…word")
    assert " … " in snippets[0].html
    assert snippets[0].html.count("<mark>") == 3


def test_prefix_terms_mark_every_word_they_start():
    html = mark_paragraph("Sanctions and sanctioned firms.", highlight_terms_for("", prefixes=("sanction",)))
    assert html.count("<mark>") == 2


def visible_text(html: str) -> str:
    import re
    from html import unescape

    return unescape(re.sub(r"<[^>]+>", "", html))


def test_a_snippet_is_at_most_two_passages_within_320_characters_and_never_glues_ellipses():
    filler = "The talks went on for hours in the capital while officials waited outside the hall. " * 3
    text = (
        f"{filler}involving a halt to hostilities. {filler}a framework for reconstruction was agreed. {filler}"
        f"the halt held overnight. {filler}reconstruction money followed. {filler}"
    )
    [snippet] = section_snippets([section(0, "", text)], highlight_terms_for("halt reconstruction"))
    text_shown = visible_text(snippet.html)
    assert len(text_shown) <= 320 + 4  # the passages, plus "…" at a cut edge and between them
    assert text_shown.count(" … ") <= 1
    assert "… …" not in text_shown and "……" not in text_shown
    assert text_shown.startswith("…") and text_shown.endswith("…")
    assert snippet.html.count("<mark>") >= 2


def test_one_long_run_of_matches_is_cut_to_320_characters():
    text = " ".join(["ceasefire talks continued"] * 40)
    [snippet] = section_snippets([section(0, "", text)], highlight_terms_for("ceasefire"))
    assert len(visible_text(snippet.html)) <= 322


def test_marks_fall_on_exactly_the_words_the_index_matches_in_the_whole_text():
    # Words are analysed one at a time for speed; the marks must be where analysing the whole text puts them.
    from articles.search.analysis import build_text_analyzer
    from articles.search.snippets import match_spans

    text = (
        "The U.S. Senate's running debate: Erdoğan ran, RUNNING runs; the dying skies of São Paulo "
        "and a_b snake_case 3.5 per cent, I.B.M. shares, the the a an, Running-mate."
    )
    for words in ("running", "U.S.", "senate", "dying", "sky", "sao paulo", "ibm i.b.m.", "3.5", "snake_case", "erdogan"):
        terms = highlight_terms_for(words)
        expected = [(t.startchar, t.endchar) for t in build_text_analyzer()(text, chars=True) if terms.matches(t.text)]
        assert match_spans(text, terms) == expected, words
    assert match_spans(text, highlight_terms_for("running"))  # not vacuous: the words are there


def test_marks_skip_a_matching_word_written_inside_another_word():
    # A text is searched for where each matching word is written; "oil" in "boil", "oil_x", "x.oil" or
    # "U.S.oil" is part of another word, as analysing the whole text finds.
    from articles.search.analysis import build_text_analyzer
    from articles.search.snippets import match_spans

    text = (
        "Oil. boil oil_x x.oil oil.x ..oil oil.. U.S.oil (oil) oils,OIL;oilé Oil-rich 3.oil oil3 oil "
        "_oil oil_ Ölpreis ölpreis sanctioned sanction.s e.g.oil oil"
    )
    terms_list = [highlight_terms_for("oil"), highlight_terms_for("ölpreis"), highlight_terms_for("", prefixes=("sanction", "oi"))]
    for terms in terms_list:
        expected = [(t.startchar, t.endchar) for t in build_text_analyzer()(text, chars=True) if terms.matches(t.text)]
        assert match_spans(text, terms) == expected, terms
    assert len(match_spans(text, terms_list[0])) >= 8  # not vacuous
