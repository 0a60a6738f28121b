"""Search snippets: escape first, then mark."""

from minsheng.lib.text import highlight


def test_the_words_are_marked_in_a_window_around_the_first_one():
    text = "甲" * 100 + "新建学校3所，扩建学校5所" + "乙" * 100
    html = highlight(text, ["学校"], width=10)
    assert html.startswith("…") and html.endswith("…")
    assert html.count("<mark>学校</mark>") == 2
    assert "…" + "甲" * 8 + "新建<mark>学校</mark>" in html


def test_markup_in_the_text_is_escaped_before_marking():
    html = highlight("<script>alert(1)</script> 学校 & 幼儿园", ["学校", "script"])
    assert "<script>" not in html
    assert "&lt;<mark>script</mark>&gt;" in html and "&amp;" in html


def test_no_match_gives_nothing_and_latin_words_match_any_case():
    assert highlight("新建幼儿园", ["学校"]) == ""
    assert highlight("5G network", ["g"]) == "5<mark>G</mark> network"
