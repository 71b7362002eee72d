"""`herald import`: Markdown files with YAML front matter become stories.

Through the management command (`call_command`); through the `herald` console
script in a subprocess in test_import_console.py (its test commits, so it cannot
share this module's desks and people)."""

from __future__ import annotations

import datetime as dt
import io
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from wagtail.images.models import Image
from wagtail.models import TaskState, WorkflowState

from herald.articles.models import ArticlePage, Person, Topic

GOOD = """---
title: Rome opens its night trains to Vienna
dek: Two departures a week, from December.
dateline: Rome
desk: Europe Desk
kind: feature
access: metered
topics: [Transport, Night trains]
authors: [Giulia Conti, Marek Nowak]
published: 2026-09-14T07:30:00+00:00
slug: rome-night-trains
---
The first train leaves Termini station on Friday evening.

> It is a return to the golden age of rail.
> — Anna Weber, rail historian

Tickets cost 49 euros.
"""

DRAFT = """---
title: Kyiv council debates a new tram line
desk: europe
dateline: Kyiv
---
The council will vote on the route next week.
"""

SUMMARY = "Imported {ok} of {total} files: {created} created, {updated} updated, {failed} failed."


def run_import(*paths) -> tuple[int, list[str], list[str]]:
    """Run `import_stories`; return its exit code and its stdout and stderr lines."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_stories", *map(str, paths), stdout=out, stderr=err)
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    return code, out.getvalue().splitlines(), err.getvalue().splitlines()


@pytest.fixture
def newsroom(newsroom_from_module):
    """Desks and people built once for this module; each test rolls back its own writes."""
    return newsroom_from_module


@pytest.fixture
def write(tmp_path):
    def write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return write


@pytest.mark.django_db
def test_good_file_creates_a_published_story_with_every_field(newsroom, write):
    path = write("rome.md", GOOD)

    code, out, err = run_import(path)

    assert (code, err) == (0, [])
    assert out == [
        f"[1/1] {path}: created, published: Rome opens its night trains to Vienna",
        SUMMARY.format(ok=1, total=1, created=1, updated=0, failed=0),
    ]
    story = ArticlePage.objects.get(slug="rome-night-trains")
    assert story.get_parent().pk == newsroom.desks["europe"].pk
    assert story.desk_id == newsroom.desks["europe"].pk
    assert (story.title, story.standfirst, story.dateline, story.kind, story.access) == (
        "Rome opens its night trains to Vienna", "Two departures a week, from December.",
        "ROME", "feature", "metered")
    assert sorted(t.name for t in story.topics.all()) == ["Night trains", "Transport"]
    assert sorted(t.slug for t in story.topics.all()) == ["night-trains", "transport"]
    assert sorted(p.name for p in story.authors.all()) == ["Giulia Conti", "Marek Nowak"]
    assert story.live
    assert story.first_published_at == dt.datetime(2026, 9, 14, 7, 30, tzinfo=dt.UTC)
    assert [block.block_type for block in story.body] == ["paragraph", "quote", "paragraph"]
    assert story.body[1].value["quote"] == "It is a return to the golden age of rail."
    assert story.body[1].value["attribution"] == "Anna Weber, rail historian"
    assert story.paragraphs == ["The first train leaves Termini station on Friday evening.",
                                "Tickets cost 49 euros."]
    assert story.current_workflow_state is None


@pytest.mark.django_db
def test_an_imported_story_is_in_the_archive_under_its_own_month(newsroom, write, client):
    """The archive counted an imported story under the month it was imported in: the
    import published it (the counts are kept at publish) and only then set its
    publication date, so `make demo`'s archive listed December alone, whose page was a
    404, and none of the months its 44 stories were published in."""
    assert run_import(write("rome.md", GOOD))[0] == 0
    index = client.get("/archive/").content.decode()
    assert 'href="/archive/2026/09/"' in index
    assert f'href="/archive/{dt.date.today():%Y/%m}/"' not in index
    assert "Rome opens its night trains to Vienna" in client.get("/archive/2026/09/").content.decode()
    assert client.get("/archive/2026/").status_code == 200


@pytest.mark.django_db
def test_file_without_published_time_is_a_draft_in_the_desks_queue(newsroom, write):
    path = write("kyiv-tram.md", DRAFT)

    code, out, err = run_import(path)

    assert (code, err) == (0, [])
    assert out[0] == f"[1/1] {path}: created, draft in the desk's queue: Kyiv council debates a new tram line"
    story = ArticlePage.objects.get(slug="kyiv-tram")
    assert (story.live, story.first_published_at, story.dateline) == (False, None, "KYIV")
    assert story.desk_id == newsroom.desks["europe"].pk
    state = story.current_workflow_state
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.current_task_state.task.name == "Europe Desk validation"
    assert state.current_task_state.status == TaskState.STATUS_IN_PROGRESS


@pytest.mark.django_db
def test_reimporting_the_same_slug_adds_a_revision_not_a_duplicate(newsroom, write):
    path = write("rome.md", GOOD)
    run_import(path)
    story = ArticlePage.objects.get(slug="rome-night-trains")
    revisions = story.revisions.count()

    write("rome.md", GOOD.replace("dek: Two departures a week", "dek: Three departures a week"))
    code, out, err = run_import(path)

    assert (code, err) == (0, [])
    assert out == [
        f"[1/1] {path}: updated (new revision), published: Rome opens its night trains to Vienna",
        SUMMARY.format(ok=1, total=1, created=0, updated=1, failed=0),
    ]
    assert ArticlePage.objects.filter(title="Rome opens its night trains to Vienna").count() == 1
    story.refresh_from_db()
    assert story.revisions.count() == revisions + 1
    assert story.standfirst == "Three departures a week, from December."
    assert Topic.objects.count() == 2 and Person.objects.count() == 2


@pytest.mark.django_db
def test_reimporting_a_draft_keeps_one_workflow(newsroom, write):
    path = write("kyiv-tram.md", DRAFT)
    run_import(path)
    write("kyiv-tram.md", DRAFT.replace("next week", "on Thursday"))
    code, out, err = run_import(path)

    assert (code, err) == (0, [])
    story = ArticlePage.objects.get(slug="kyiv-tram")
    assert story.revisions.count() == 2
    assert WorkflowState.objects.filter(object_id=str(story.pk)).count() == 1
    assert story.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS


@pytest.mark.django_db
def test_reimporting_a_story_sent_back_resubmits_it(newsroom, write):
    from herald.newsroom import actions

    path = write("kyiv-tram.md", DRAFT)
    run_import(path)
    story = ArticlePage.objects.get(slug="kyiv-tram")
    actions.send_back(story, by=newsroom.people["europe-editor"], comment="Which route?")

    write("kyiv-tram.md", DRAFT.replace("on the route", "on the Podil route"))
    code, out, err = run_import(path)

    assert (code, err) == (0, [])
    story.refresh_from_db()
    state = story.current_workflow_state
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.current_task_state.revision == story.get_latest_revision()


def front(**fields) -> str:
    values = {"title": "A story that will not import", "desk": "Europe Desk", "topics": "[Smuggled]"}
    values.update(fields)
    lines = [f"{key}: {value}" for key, value in values.items() if value is not None]
    return "---\n" + "\n".join(lines) + "\n---\n"


BAD_FILES = {
    "unknown desk": (front(desk="Sports Desk") + "Body.\n",
                     "unknown desk 'Sports Desk' (known desks: Europe Desk, World Desk)"),
    "no desk": (front(desk=None) + "Body.\n", "no desk given (front matter key `desk`)"),
    "no title": (front(title=None) + "Body.\n", "no headline (front matter key `title`)"),
    "bad date": (front(published="next Tuesday") + "Body.\n",
                 "bad date 'next Tuesday' for `published` (use 2026-09-14T07:30:00+00:00)"),
    "impossible quoted date": (front(published='"2026-02-30T10:00:00"') + "Body.\n",
                               "bad date '2026-02-30T10:00:00' for `published` "
                               "(use 2026-09-14T07:30:00+00:00)"),
    "impossible date": (front(published="2026-02-30") + "Body.\n",
                        "the front matter has an impossible date (day is out of range for month)"),
    "bad kind": (front(kind="opinion") + "Body.\n",
                 "bad `kind` 'opinion' (use one of: news, editorial, letter, feature)"),
    "bad access": (front(access="premium") + "Body.\n",
                   "bad `access` 'premium' (use one of: free, metered, members)"),
    "empty body": (front() + "\n\n   \n", "the body is empty"),
    "script-only body": (front() + "<script>alert(1)</script>\n", "the body is empty"),
    "invalid UTF-8": (b"---\ntitle: Caf\xe9 owners protest\ndesk: europe\n---\nBody.\n",
                      "the file is not valid UTF-8 (byte 14)"),
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "the file is binary, not UTF-8 text"),
    "no front matter": ("Just a story, no front matter.\n",
                        "the file has no YAML front matter (it must start with ---)"),
    "unclosed front matter": ("---\ntitle: Half done\nBody.\n",
                              "the front matter is not closed by a --- line"),
    "bad YAML": ("---\ntitle: [unclosed\ndesk: europe\n---\nBody.\n",
                 "the front matter is not valid YAML (while parsing a flow sequence)"),
    "front matter not a mapping": ("---\n- a list\n---\nBody.\n",
                                   "the front matter must be a mapping of keys to values"),
    "insecure media": (front() + "Body.\n\n[[video: http://example.org/clip.mp4]]\n",
                       "media address 'http://example.org/clip.mp4': use an https:// address "
                       "or a path on this site"),
    "missing image": (front() + "Body.\n\n![A quay](img/missing.jpg)\n",
                      "image not found: img/missing.jpg"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("case", BAD_FILES)
def test_bad_file_is_reported_and_leaves_nothing_while_others_import(newsroom, write, case):
    content, reason = BAD_FILES[case]
    bad = write("a-bad.md", content)
    good = write("b-good.md", GOOD)

    code, out, err = run_import(bad, good)

    assert code == 1
    assert err == [f"[1/2] {bad}: error: {reason}"]
    assert out == [
        f"[2/2] {good}: created, published: Rome opens its night trains to Vienna",
        SUMMARY.format(ok=1, total=2, created=1, updated=0, failed=1),
    ]
    assert list(ArticlePage.objects.values_list("slug", flat=True)) == ["rome-night-trains"]
    assert not Topic.objects.filter(name="Smuggled").exists()


@pytest.mark.django_db
def test_unreadable_path_is_reported(newsroom, tmp_path):
    missing = tmp_path / "gone.md"
    code, out, err = run_import(missing)
    assert code == 1
    assert err == [f"[1/1] {missing}: error: cannot read the file (No such file or directory)"]
    assert out == [SUMMARY.format(ok=0, total=1, created=0, updated=0, failed=1)]


@pytest.mark.django_db
def test_failed_file_rolls_back_what_it_had_already_saved(newsroom, write, settings, tmp_path):
    from PIL import Image as PILImage

    settings.MEDIA_ROOT = str(tmp_path / "media")
    PILImage.new("RGB", (4, 3), "navy").save(tmp_path / "img-quay.png")
    bad = write("quay.md", front() + "Body.\n\n![The quay](img-quay.png)\n\n"
                                     "![The harbour](img-harbour.png)\n")

    code, out, err = run_import(bad)

    assert code == 1
    assert err == [f"[1/1] {bad}: error: image not found: img-harbour.png"]
    assert Image.objects.count() == 0
    assert ArticlePage.objects.count() == 0


@pytest.mark.django_db
def test_slug_of_another_desks_story_is_refused(newsroom, write):
    run_import(write("rome.md", GOOD))
    clash = write("clash.md", GOOD.replace("desk: Europe Desk", "desk: world"))
    code, out, err = run_import(clash)
    assert code == 1
    assert err == [f"[1/1] {clash}: error: slug 'rome-night-trains' already belongs to a "
                   "story of the Europe Desk"]


@pytest.mark.django_db
def test_folder_is_searched_for_markdown_files(newsroom, write, tmp_path):
    write("desk/rome.md", GOOD)
    write("desk/notes.txt", "not a story")
    write("desk/sub/kyiv-tram.md", DRAFT)
    code, out, err = run_import(tmp_path / "desk")
    assert (code, err) == (0, [])
    assert out[-1] == SUMMARY.format(ok=2, total=2, created=2, updated=0, failed=0)


@pytest.mark.django_db
def test_empty_folder_is_an_error(newsroom, tmp_path):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="^no Markdown files found in the paths given$"):
        call_command("import_stories", str(tmp_path))


@pytest.mark.django_db
def test_future_published_time_schedules_the_story(tmp_path, newsroom, capsys, monkeypatch):
    import datetime as dt

    from django.core.management import call_command
    from django.utils import timezone

    from herald.articles.models import ArticlePage

    when = (timezone.now() + dt.timedelta(days=2)).replace(microsecond=0)
    path = tmp_path / "later.md"
    path.write_text(
        f"---\ntitle: Later story\ndesk: europe\ndateline: ROME\npublished: {when.isoformat()}\n---\n"
        "The council meets on Thursday.\n"
    )
    call_command("import_stories", str(path))
    story = ArticlePage.objects.get(slug="later")
    assert story.live is False
    assert story.go_live_at == when
    assert "scheduled for" in capsys.readouterr().out
    call_command("publish_scheduled")
    story.refresh_from_db()
    assert story.live is False
    real_now = timezone.now
    monkeypatch.setattr(timezone, "now", lambda: real_now() + dt.timedelta(days=3))
    call_command("publish_scheduled")
    story.refresh_from_db()
    assert story.live is True


LEAD = """image:
  src: pictures/quay.png
  alt: A crane over the container quay at dusk
  caption: "Illustration: the quay at dusk."
  credit: Drawn for the Test Ledger
"""


@pytest.mark.django_db
def test_front_matter_image_becomes_the_lead_picture(newsroom, write, settings, tmp_path):
    from PIL import Image as PILImage

    settings.MEDIA_ROOT = str(tmp_path / "media")
    (tmp_path / "pictures").mkdir()
    PILImage.new("RGB", (40, 30), "teal").save(tmp_path / "pictures" / "quay.png")
    path = write("quay.md", GOOD.replace("slug: rome-night-trains\n", "slug: quay\n" + LEAD))

    code, out, err = run_import(path)

    assert (code, err) == (0, [])
    story = ArticlePage.objects.get(slug="quay")
    assert (story.lead_image.title, story.lead_image.width, story.lead_image.height) == (
        "A crane over the container quay at dusk", 40, 30)
    assert (story.lead_image_alt, story.lead_image_caption, story.lead_image_credit,
            story.lead_image_decorative) == (
        "A crane over the container quay at dusk", "Illustration: the quay at dusk.",
        "Drawn for the Test Ledger", False)


@pytest.mark.django_db
def test_importing_again_reuses_the_pictures_already_in_the_library(
        newsroom, write, settings, tmp_path):
    from PIL import Image as PILImage

    settings.MEDIA_ROOT = str(tmp_path / "media")
    (tmp_path / "pictures").mkdir()
    PILImage.new("RGB", (40, 30), "teal").save(tmp_path / "pictures" / "quay.png")
    PILImage.new("RGB", (40, 30), "navy").save(tmp_path / "pictures" / "harbour.png")
    body = "\n\n![The harbour at night](pictures/harbour.png)\n"
    story = write("quay.md", GOOD.replace("slug: rome-night-trains\n", "slug: quay\n" + LEAD) + body)
    # Another story with the same two pictures, one of them copied under another name.
    shutil.copy(tmp_path / "pictures" / "quay.png", tmp_path / "pictures" / "quay-copy.png")
    other = write("other.md", GOOD.replace("slug: rome-night-trains\n", "slug: other\n"
                                           + LEAD.replace("quay.png", "quay-copy.png")) + body)

    assert run_import(story)[0] == 0
    first = ArticlePage.objects.get(slug="quay")
    pictures = dict(Image.objects.values_list("title", "pk"))
    assert pictures.keys() == {"A crane over the container quay at dusk", "The harbour at night"}
    assert first.lead_image_id == pictures["A crane over the container quay at dusk"]

    code, out, err = run_import(story, other)
    assert (code, err) == (0, [])
    assert out[-1] == SUMMARY.format(ok=2, total=2, created=1, updated=1, failed=0)
    assert dict(Image.objects.values_list("title", "pk")) == pictures
    again, second = ArticlePage.objects.get(slug="quay"), ArticlePage.objects.get(slug="other")
    assert again.lead_image_id == second.lead_image_id == first.lead_image_id
    assert [block.value["image"].pk for block in second.body if block.block_type == "figure"] == [
        pictures["The harbour at night"]]


@pytest.mark.django_db
@pytest.mark.parametrize(("image", "message"), [
    ("image:\n  src: quay.png\n",
     "`image` needs `alt`: what the picture shows, for readers who cannot see it "
     "(or `decorative: true` if it adds nothing)"),
    ("image:\n  alt: A quay\n",
     "`image` must be a mapping with `src` (the picture's file), `alt`, and optionally "
     "`caption` and `credit`"),
    ("image:\n  src: quay.png\n  alt: A quay\n  photographer: Ada\n",
     "unknown key in `image`: photographer (use src, alt, caption, credit, decorative)"),
    ("image:\n  src: ../quay.png\n  alt: A quay\n", "image outside the story's folder"),
    ("image:\n  src: missing.png\n  alt: A quay\n", "image not found: missing.png"),
])
def test_front_matter_image_errors_say_what_to_fix(newsroom, write, settings, tmp_path,
                                                   image, message):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    path = write("story/quay.md", GOOD.replace("slug: rome-night-trains\n", image))

    code, out, err = run_import(path)

    assert code == 1
    assert len(err) == 1 and err[0].startswith(f"[1/1] {path}: error: {message}"), err
    assert ArticlePage.objects.count() == 0
