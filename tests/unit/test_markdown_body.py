"""The import format's Markdown body becomes story blocks; no database here."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest

from herald.articles.editor_rich_text import as_the_editor_saves
from herald.articles.markdown_body import BodyError, markdown_to_blocks, paragraph_html

BLOCK_KEY = re.compile(r' data-block-key="[0-9a-z]{5}"')


def as_read(html: str) -> str:
    """A paragraph as the reader's page carries it, less the editor's paragraph key."""
    return BLOCK_KEY.sub("", html)


def test_paragraphs_keep_inline_emphasis_and_safe_links():
    blocks = markdown_to_blocks(
        "The council met on *Tuesday*.\n\nRead [the ruling](https://example.org/ruling)."
    )
    assert [(b["type"], as_read(b["value"])) for b in blocks] == [
        ("paragraph", "<p>The council met on <i>Tuesday</i>.</p>"),
        ("paragraph", '<p>Read <a href="https://example.org/ruling">the ruling</a>.</p>'),
    ]


def test_paragraphs_are_stored_as_the_admin_editor_saves_them():
    """Each paragraph has the editor's paragraph key, and the editor loads and saves
    it back unchanged: opening an imported story and saving it is no change."""
    blocks = markdown_to_blocks("The council met on *Tuesday*.\n\nIt voted **twice**, on H<sub>2</sub>O.")
    for block in blocks:
        assert len(BLOCK_KEY.findall(block["value"])) == 1
        assert as_the_editor_saves(block["value"]) == block["value"]
    assert as_read(blocks[1]["value"]) == "<p>It voted <b>twice</b>, on H<sub>2</sub>O.</p>"


@pytest.mark.parametrize("markdown, html", [
    ("Hello <script>alert('x')</script>world.", "<p>Hello world.</p>"),
    ("<script>steal()</script>", ""),
    ("See [this](javascript:alert(1)) now.", '<p>See <a rel="noopener noreferrer">this</a> now.</p>'),
    ('<a href="JaVaScRiPt:alert(1)">click</a>', '<p><a rel="noopener noreferrer">click</a></p>'),
    ('<b onclick="steal()">bold</b> & 5 < 6', "<p><b>bold</b> &amp; 5 &lt; 6</p>"),
    ('<img src="x" onerror="steal()">Caption', "<p>Caption</p>"),
    ("# Background", "<p>Background</p>"),
    ("- one\n- two", "<p>one\ntwo</p>"),
    ('<iframe src="https://evil.example"></iframe>Text', "<p>Text</p>"),
])
def test_paragraph_html_is_sanitised(markdown, html):
    assert paragraph_html(markdown) == html


def test_script_only_chunk_leaves_no_block():
    blocks = markdown_to_blocks("First.\n\n<script>alert(1)</script>\n\nLast.")
    assert [as_read(b["value"]) for b in blocks] == ["<p>First.</p>", "<p>Last.</p>"]


@pytest.mark.parametrize("line", ["— Ada Lovelace, mathematician", "-- Ada Lovelace, mathematician",
                                  "– Ada Lovelace, mathematician", "- Ada Lovelace, mathematician"])
def test_quote_with_attribution(line):
    blocks = markdown_to_blocks(f"Intro.\n\n> The engine weaves patterns\n> like a loom.\n> {line}")
    assert blocks[1] == {
        "type": "quote",
        "value": {"quote": "The engine weaves patterns like a loom.",
                  "attribution": "Ada Lovelace, mathematician"},
    }


def test_one_line_quote_has_no_attribution_even_if_it_starts_with_a_dash():
    blocks = markdown_to_blocks("Intro.\n\n> — not an attribution on its own")
    assert blocks[1] == {"type": "quote",
                         "value": {"quote": "— not an attribution on its own", "attribution": ""}}


def test_media_lines_become_media_blocks():
    blocks = markdown_to_blocks(
        "Intro.\n\n[[video: https://www.youtube.com/watch?v=abcdefghijk | The launch]]"
        "\n\n[[audio: /media/interview.mp3]]"
    )
    assert blocks[1:] == [
        {"type": "media", "value": {"kind": "video", "url": "https://www.youtube.com/watch?v=abcdefghijk",
                                    "caption": "The launch", "transcript": ""}},
        {"type": "media", "value": {"kind": "audio", "url": "/media/interview.mp3",
                                    "caption": "", "transcript": ""}},
    ]


@pytest.mark.parametrize("url", ["http://example.org/a.mp4", "javascript:alert(1)", "//evil.example/a.mp3"])
def test_media_lines_refuse_addresses_the_admin_refuses(url):
    with pytest.raises(BodyError) as error:
        markdown_to_blocks(f"Intro.\n\n[[video: {url}]]")
    assert str(error.value) == f"media address {url!r}: use an https:// address or a path on this site"


def test_image_line_becomes_figure_with_caption_and_credit():
    seen = []

    def resolve(src, alt):
        seen.append((src, alt))
        return SimpleNamespace(pk=42)

    blocks = markdown_to_blocks(
        'Intro.\n\n![Boats at the quay](img/quay.jpg "The old harbour at dawn | Credit: Ana Ruiz")',
        resolve,
    )
    assert seen == [("img/quay.jpg", "Boats at the quay")]
    assert blocks[1] == {"type": "figure", "value": {
        "image": 42, "alt_text": "Boats at the quay",
        "caption": "The old harbour at dawn", "credit": "Ana Ruiz"}}


def test_image_line_without_a_resolver_is_an_error():
    with pytest.raises(BodyError) as error:
        markdown_to_blocks("Intro.\n\n![Boats](img/quay.jpg)")
    assert str(error.value) == "images are not supported here: img/quay.jpg"


@pytest.mark.parametrize("body", ["", "   \n\n \n", "<script>alert(1)</script>",
                                  "> Only a quote\n> — Someone",
                                  "[[audio: /media/a.mp3]]"])
def test_body_without_a_paragraph_is_an_error(body):
    with pytest.raises(BodyError) as error:
        markdown_to_blocks(body)
    assert str(error.value) == "the body is empty"
