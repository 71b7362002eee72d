"""`herald import` and `herald validate` on hostile files: images from elsewhere on
disk, pictures that are not pictures, expansion bombs in the front matter, Markdown
that makes the parser crawl. Each is one clear per-file error, and the batch goes on."""

from __future__ import annotations

import time

import pytest
import test_import
from test_import import SUMMARY, front, run_import

from herald.articles.models import ArticlePage
from herald.validation.cli import main as validate_main

write = test_import.write  # fixture
pytestmark = pytest.mark.django_db


@pytest.fixture
def newsroom(newsroom_from_module):
    """Desks and people built once for this module; each test rolls back its own writes."""
    return newsroom_from_module


GOOD_BODY = "The first train leaves on Friday evening.\n"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def png(path, size=(4, 3)):
    from PIL import Image as PILImage

    path.parent.mkdir(parents=True, exist_ok=True)
    PILImage.new("RGB", size, "navy").save(path, format="PNG")
    return path


def imported(path, out):
    return any(line.startswith("[") and str(path) in line and "created" in line for line in out)


@pytest.mark.usefixtures("media")
def test_images_come_only_from_the_story_folder_or_the_media_root(newsroom, write, tmp_path):
    secret = png(tmp_path / "elsewhere" / "members-only.png")
    stories = tmp_path / "stories"
    absolute = write("stories/absolute.md", front(slug="a") + f"Body.\n\n![x]({secret})\n")
    upward = write("stories/upward.md", front(slug="b") + "Body.\n\n![x](../elsewhere/members-only.png)\n")
    system = write("stories/system.md", front(slug="c") + "Body.\n\n![x](/etc/hostname)\n")
    png(stories / "pictures" / "quay.png")
    fine = write("stories/fine.md", front(slug="d") + "Body.\n\n![The quay](pictures/quay.png)\n")

    code, out, err = run_import(absolute, upward, system, fine)

    folder = stories.resolve()
    assert code == 1
    assert err == [
        f"[1/4] {absolute}: error: image outside the story's folder ({folder}): {secret}",
        f"[2/4] {upward}: error: image outside the story's folder ({folder}): "
        "../elsewhere/members-only.png",
        f"[3/4] {system}: error: image outside the story's folder ({folder}): /etc/hostname",
    ]
    assert out[-1] == SUMMARY.format(ok=1, total=4, created=1, updated=0, failed=3)
    assert list(ArticlePage.objects.values_list("slug", flat=True)) == ["d"]

    # Naming another folder as --media-root allows it, and only it.
    out_buffer = run_import_with_root(upward, tmp_path / "elsewhere")
    assert out_buffer[0] == 0


def run_import_with_root(path, root):
    import io

    from django.core.management import call_command

    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_stories", str(path), "--media-root", str(root), stdout=out, stderr=err)
        return 0, out.getvalue(), err.getvalue()
    except SystemExit as exit_:
        return exit_.code, out.getvalue(), err.getvalue()


@pytest.mark.usefixtures("media")
def test_pictures_are_checked_by_content_and_the_batch_goes_on(newsroom, write, tmp_path):
    (tmp_path / "drawing.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    (tmp_path / "fake.jpg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    (tmp_path / "truncated.png").write_bytes(png(tmp_path / "whole.png").read_bytes()[:40])
    from PIL import Image as PILImage

    PILImage.new("RGB", (4, 3)).save(tmp_path / "picture.bmp", format="BMP")
    files = [
        write("svg.md", front(slug="svg") + "Body.\n\n![x](drawing.svg)\n"),
        write("fake.md", front(slug="fake") + "Body.\n\n![x](fake.jpg)\n"),
        write("cut.md", front(slug="cut") + "Body.\n\n![x](truncated.png)\n"),
        write("bmp.md", front(slug="bmp") + "Body.\n\n![x](picture.bmp)\n"),
        write("good.md", front(slug="good") + "Body.\n\n![x](whole.png)\n"),
    ]

    code, out, err = run_import(*files)

    not_a_picture = ("image is not a JPEG, PNG, GIF or WebP picture (SVG and other formats "
                     "are not accepted): ")
    assert err == [
        f"[1/5] {files[0]}: error: {not_a_picture}drawing.svg",
        f"[2/5] {files[1]}: error: {not_a_picture}fake.jpg",
        f"[3/5] {files[2]}: error: {not_a_picture}truncated.png",
        f"[4/5] {files[3]}: error: image is a BMP picture; only JPEG, PNG, GIF and WebP are "
        "accepted: picture.bmp",
    ]
    assert out[-1] == SUMMARY.format(ok=1, total=5, created=1, updated=0, failed=4)
    story = ArticlePage.objects.get(slug="good")
    assert story.body[1].value["image"].file.name.endswith(".png")


BILLION_LAUGHS = """---
title: Laughs
desk: europe
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
---
Body.
"""
HOSTILE = {
    "billion laughs": (BILLION_LAUGHS, "the front matter is not valid YAML (YAML anchors and "
                       "aliases (& and *) are not accepted (line 3))"),
    "repeated link openings": (None, "the text has 100,000 '[' characters (links and images); "
                               "at most 1,000 are accepted"),
    "nested brackets": (None, "paragraph 1 has 500 '[' characters (links and images); "
                        "at most 100 per paragraph are accepted"),
    "links in every paragraph": (None, "the text has 2,000 '[' characters (links and images); "
                                 "at most 1,000 are accepted"),
}
BODIES = {
    "repeated link openings": "[a](" * 100_000,
    "nested brackets": "[" * 500 + "a" + "]" * 500,
    "links in every paragraph": "\n\n".join(["[a](b) " * 20] * 100),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_pathological_files_are_refused_quickly_by_import_and_validate(newsroom, write, name,
                                                                       capsys):
    content, message = HOSTILE[name]
    content = content or front(slug="x") + BODIES[name]
    path = write("hostile.md", content)
    started = time.monotonic()
    code, out, err = run_import(path)
    assert err == [f"[1/1] {path}: error: {message}"]
    assert validate_main([str(path)]) == 1
    assert time.monotonic() - started < 10  # minutes, or a crash, before
