"""The demo's pictures are drawings: every caption says so, and every alt text
says what is drawn (``illustrations.describe``), not a scene a photograph would show."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from herald.demo.illustrations import describe

ARTICLES = Path(__file__).resolve().parents[2] / "herald" / "demo" / "content" / "articles"
FIGURE = re.compile(r'!\[(?P<alt>[^\]]*)\]\(demo:(?P<name>[\w-]+) "(?P<title>[^"]*)"\)')


def stories() -> list[tuple[dict, str]]:
    found = []
    for path in sorted(ARTICLES.glob("*.md")):
        _, front, body = path.read_text().split("---\n", 2)
        found.append((yaml.safe_load(front), body))
    return found


def test_every_demo_figure_is_captioned_and_described_as_an_illustration():
    figures = [m for _, body in stories() for m in FIGURE.finditer(body)]
    assert len(figures) == 15
    for figure in figures:
        caption, _, credit = figure.group("title").partition("|")
        assert caption.startswith("Illustration, not a photograph: "), caption
        assert credit.strip() == "Credit: Drawn for the demo by Herald"
        assert figure.group("alt") == describe(figure.group("name"))


def test_every_demo_story_but_the_letters_leads_with_an_illustration():
    for front, _ in stories():
        if front.get("kind") == "letter":
            assert "image" not in front
            continue
        image = front["image"]
        assert image["src"] == f"demo:{front['slug']}"
        assert image["alt"] == describe(front["slug"])
        assert image["caption"] == "Illustration, not a photograph."
        assert image["credit"] == "Drawn for the demo by Herald"


def test_describe_names_the_colours_drawn():
    assert describe("harbour-dawn") == (
        "Abstract illustration: layered deep green hills under an ivory sun, "
        "against a sky fading from deep green to peach")
