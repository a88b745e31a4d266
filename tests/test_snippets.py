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
