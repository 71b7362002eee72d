"""The cut: which blocks a reader without access gets."""

from types import SimpleNamespace

import pytest
from wagtail.rich_text import RichText

from herald.access.paywall import open_paragraphs, split_body, visible_paragraphs
from herald.articles.paragraphs import split_paragraphs


@pytest.mark.parametrize(
    "cut, total, visible",
    [(2, 5, 2), (2, 3, 2), (2, 2, 1), (2, 1, 1), (4, 3, 2), (1, 5, 1), (None, 5, 2), (0, 5, 1)],
)
def test_visible_paragraphs(cut, total, visible):
    assert visible_paragraphs(cut, total) == visible


def test_split_paragraphs_keeps_each_p_whole():
    assert split_paragraphs("<p>One</p><p>Two <b>bold</b></p>\n") == ["<p>One</p>", "<p>Two <b>bold</b></p>"]


class Bound(SimpleNamespace):
    pass


def paragraph(html):
    return Bound(block_type="paragraph", block=None, value=RichText(html))


def figure(name):
    return Bound(block_type="figure", block=None, value=name)


def page(*blocks, cut=2):
    from django.utils.html import strip_tags

    paragraphs = [
        strip_tags(chunk).strip()
        for b in blocks if b.block_type == "paragraph"
        for chunk in b.value.source.split("</p>") if strip_tags(chunk).strip()
    ]
    return SimpleNamespace(body=list(blocks), paragraphs=paragraphs, paywall_after=cut)


def shape(parts):
    return [(p.block_type, p.value.source if p.block_type == "paragraph" else p.value) for p in parts]


def test_cut_falls_inside_a_block_of_several_paragraphs():
    story = page(figure("lead"), paragraph("<p>A</p><p>B</p><p>C</p>"), figure("late"), paragraph("<p>D</p>"))
    open_parts, gated = split_body(story)
    assert shape(open_parts) == [("figure", "lead"), ("paragraph", "<p>A</p><p>B</p>")]
    assert shape(gated) == [("paragraph", "<p>C</p>"), ("figure", "late"), ("paragraph", "<p>D</p>")]


def test_figure_after_the_last_open_paragraph_is_gated():
    story = page(paragraph("<p>A</p>"), paragraph("<p>B</p>"), figure("map"), paragraph("<p>C</p>"))
    open_parts, gated = split_body(story)
    assert shape(open_parts) == [("paragraph", "<p>A</p>"), ("paragraph", "<p>B</p>")]
    assert shape(gated) == [("figure", "map"), ("paragraph", "<p>C</p>")]


def test_empty_paragraphs_do_not_count():
    story = page(paragraph("<p>A</p><p> </p><p>B</p><p>C</p>"), cut=2)
    open_parts, gated = split_body(story)
    assert shape(open_parts) == [("paragraph", "<p>A</p><p> </p><p>B</p>")]
    assert shape(gated) == [("paragraph", "<p>C</p>")]


def test_story_without_text_withholds_everything():
    story = page(figure("one"), figure("two"))
    open_parts, gated = split_body(story)
    assert open_parts == []
    assert shape(gated) == [("figure", "one"), ("figure", "two")]


def test_open_paragraphs_match_the_cut():
    story = page(paragraph("<p>A</p><p>B</p><p>C</p>"), cut=2)
    assert open_paragraphs(story) == ["A", "B"]
