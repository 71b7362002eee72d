"""The demo publication that `make demo` loads (`herald load_demo`), as the README
promises it: four desks, stories of every kind, Editor's Picks, and the demo
accounts, checked through the command's output and over HTTP.

The demo is loaded once for the module (it imports every story of
herald/demo/content); each test reads it and rolls back what it writes.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.test import Client, override_settings
from django.utils import timezone
from django.utils.html import escape

from herald.articles.models import ArticleKind, ArticlePage
from herald.articles.typography import typeset
from herald.demo.loader import ACCOUNTS, CONTENT
from herald.memberships.demo import MEMBER_EMAIL, SUBSCRIBER_EMAIL

from reader_revenue import link_in

PUBLICATION = yaml.safe_load((CONTENT / "publication.yaml").read_text())
FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.S)
STORIES = {
    path.stem: yaml.safe_load(FRONT_MATTER.match(path.read_text()).group(1))
    for path in sorted((CONTENT / "articles").glob("*.md"))
}
PUBLISHED = {slug: front for slug, front in STORIES.items() if front.get("published")}
DRAFTS = sorted(set(STORIES) - set(PUBLISHED))  # no publication date: left as drafts
TIER_STORY = next(slug for slug, front in PUBLISHED.items() if front.get("tiers"))


@pytest.fixture(scope="module")
def demo(module_db, tmp_path_factory):
    """``herald load_demo`` on an empty database; its output. The home and desk pages
    are viewed once (they answer 200)."""
    from herald.site.bootstrap import ensure_home_page

    with override_settings(
        MEDIA_ROOT=str(tmp_path_factory.mktemp("demo-media")),
        HERALD_PAYMENT_PROVIDER="development",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    ):
        ensure_home_page()
        out = io.StringIO()
        call_command("load_demo", stdout=out)
        # The home and desk pages make their stories' thumbnails (renditions of the
        # illustrations) on their first view: made once here, with the module's data,
        # not again in each test that views them (a test's rows are rolled back).
        for path in ["/", *(f"/{desk['slug']}/" for desk in PUBLICATION["desks"])]:
            page(path)
        yield out.getvalue()


def page(path: str, client: Client | None = None) -> str:
    response = (client or Client()).get(path)
    assert response.status_code == 200, path
    return response.content.decode()


def test_the_command_reports_what_it_loaded_and_the_accounts(demo):
    assert (
        f"Demo loaded: 4 desks, {len(STORIES)} stories (0 failed), "
        f"{len(PUBLICATION['editors_picks'])} picks," in demo
    )
    for username, _, _, password in ACCOUNTS:
        assert re.search(rf"^  {username} +password {re.escape(password)} ", demo, re.M), username
    assert f"  {MEMBER_EMAIL} " in demo
    assert f"  {SUBSCRIBER_EMAIL} " in demo
    assert ArticlePage.objects.live().count() == len(PUBLISHED)
    assert DRAFTS


def test_a_second_run_names_the_same_accounts_as_the_first(demo):
    """`make demo` on a loaded demo printed the staff accounts with their desk's slug
    ("reporter, europe") and no reader account at all; the readers were listed as
    "password (e-mailed link)". Both runs now print the same lines, the readers apart,
    with where their sign-in link lands."""
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    again = out.getvalue()
    assert "Demo publication already loaded; nothing to do." in again
    first, second = (text.split("Demo accounts", 1)[1] for text in (demo, again))
    assert first == second
    assert re.search(r"^  reporter +password herald-reporter +reporter, Europe Desk$", second, re.M)
    assert "Demo readers (no password: sign in at http://" in second
    assert re.search(rf"^  {re.escape(SUBSCRIBER_EMAIL)} +free subscriber$", second, re.M)
    assert re.search(rf"^  {re.escape(MEMBER_EMAIL)} +Supporter member$", second, re.M)
    assert "e-mailed link" not in second
    assert sorted(ArticlePage.objects.filter(live=False).values_list("slug", flat=True)) == DRAFTS


def test_every_published_story_has_its_more_list_and_its_suggestion_words(demo):
    """The loader ranks the whole archive once at the end (its stories are not
    refreshed one by one as they are published): every live story is in it."""
    from herald.discovery.models import RelatedStory, StoryWords

    live = set(ArticlePage.objects.live().values_list("pk", flat=True))
    listed = Counter(RelatedStory.objects.values_list("article_id", flat=True))
    assert set(listed) == live
    assert min(listed.values()) >= 3  # a story page shows three
    assert set(StoryWords.objects.values_list("article_id", flat=True)) == live


def test_the_home_page_shows_every_desk_and_the_picks_in_order(demo):
    html = page("/")
    for desk in PUBLICATION["desks"]:
        assert escape(desk["name"]) in html, desk["name"]
    picks = html.split('id="picks-heading"', 1)[1].split("</section>", 1)[0]
    titles = [typeset(STORIES[slug]["title"]) for slug in PUBLICATION["editors_picks"]]
    positions = [picks.find(title) for title in titles]
    assert -1 not in positions, titles
    assert positions == sorted(positions)


def test_the_archive_lists_the_months_the_stories_were_published_in(demo):
    """The archive counted every demo story under the month `make demo` ran in, listed
    that month alone, and its page was a 404."""
    months = {front["published"].strftime("/archive/%Y/%m/") for front in PUBLISHED.values()
              if front["published"] <= timezone.now()}
    index = page("/archive/")
    assert set(re.findall(r'href="(/archive/\d{4}/\d{2}/)"', index)) == months
    for month in months:
        assert 'class="card__headline"' in page(month), month


def test_demo_stories_lead_with_illustrations_captioned_as_such(demo):
    pictured = [slug for slug, front in PUBLISHED.items() if "image" in front]
    assert len(pictured) >= len(PUBLISHED) * 3 // 4
    for slug in pictured:
        story = ArticlePage.objects.get(slug=slug)
        assert (story.lead_image.title, story.lead_image_alt) == (
            f"Illustration: {slug}", STORIES[slug]["image"]["alt"])
    html = page(ArticlePage.objects.get(slug=pictured[0]).url)
    assert ('<figcaption>Illustration, not a photograph. <span class="figure__credit">'
            'Drawn for the demo by Herald</span></figcaption>') in html
    assert page("/").count('class="card__picture"') >= 10


def test_each_desk_page_lists_its_own_stories(demo):
    for desk in PUBLICATION["desks"]:
        html = page(f"/{desk['slug']}/")
        own = [front["title"] for front in PUBLISHED.values() if front["desk"] == desk["slug"]]
        assert own, desk["slug"]
        assert any(typeset(title) in html for title in own), desk["slug"]


def test_every_kind_of_story_is_published_and_readable(demo):
    kinds = Counter(front.get("kind", "news") for front in PUBLISHED.values())
    assert set(kinds) == set(ArticleKind.values)
    for kind in ArticleKind.values:
        stories = ArticlePage.objects.live().filter(kind=kind)
        assert stories.count() == kinds[kind], kind
        story = stories.order_by("path").first()
        assert typeset(story.title) in page(story.url), kind


def test_support_and_letters_pages_are_set_like_the_stories(demo):
    """Their texts come from settings and pages, not stories, and are typeset all the same."""
    assert "people who don\u2019t." in page("/support/")
    letters = page("/letters/")
    assert "the readers\u2019 page of the Ledger" in letters
    assert "readers'" not in letters and "readers&#x27;" not in letters


@pytest.mark.parametrize("model_path, field, word", [
    ("herald.site.models.SupportPage", "body", "support"),
    ("herald.letters.models.LettersPage", "intro", "Letters"),
])
def test_publishing_the_support_and_letters_pages_unchanged_changes_nothing(
    demo, model_path, field, word
):
    """The publisher opens the demo's support (or letters) page and publishes it without
    typing: Wagtail records no change and the stored text stays as it was (it was stored in
    the importer's HTML, which the editor posts back in its own form). Negative control:
    one word changed in the editor is a change."""
    from django.utils.module_loading import import_string
    from wagtail.models import PageLogEntry
    from wagtail.test.utils.form_data import querydict_from_html

    model = import_string(model_path)
    target = model.objects.get()
    stored = getattr(target, field)
    client = Client()
    client.force_login(get_user_model().objects.get(username="publisher"))
    url = f"/admin/pages/{target.pk}/edit/"

    def publish(change=None):
        form = querydict_from_html(client.get(url).content.decode(), form_id="page-edit-form")
        data = {k: v for k, v in form.items() if "__prefix__" not in k}
        if change:
            data[field] = data[field].replace(*change, 1)
        data["action-publish"] = "action-publish"
        assert client.post(url, data).status_code == 302
        return PageLogEntry.objects.filter(page=target, action="wagtail.publish").latest("pk")

    assert publish().content_changed is False
    assert getattr(model.objects.get(), field) == stored
    assert publish(change=(word, word + "s")).content_changed is True
    assert getattr(model.objects.get(), field) != stored


def test_staff_accounts_sign_in_to_the_admin_with_their_demo_passwords(demo):
    for username, _, _, password in ACCOUNTS:
        client = Client()
        response = client.post("/admin/login/", {"username": username, "password": password})
        assert response.status_code == 302, username
        assert response["Location"] == "/admin/", username
        assert client.get("/admin/").status_code == 200, username
    wrong = Client().post("/admin/login/", {"username": "editor", "password": "herald-reporter"})
    assert wrong.status_code == 200  # the form again, with its error


def test_deleting_a_picked_story_says_the_picks_refer_to_it(demo):
    """Editor's Picks, a site setting, were not in Wagtail's reference index, which
    records pages, images, documents, snippets and models with admin screens: deleting
    a picked story told the publisher "This story is referenced 0 times." and the pick
    went with it unannounced."""
    picked = ArticlePage.objects.get(slug=PUBLICATION["editors_picks"][0])
    unpicked = ArticlePage.objects.live().exclude(
        slug__in=PUBLICATION["editors_picks"]).first()
    client = Client()
    client.force_login(get_user_model().objects.get(username="publisher"))
    confirm = client.get(f"/admin/pages/{picked.pk}/delete/").content.decode()
    assert re.search(r"This story is referenced 1 time\.", confirm)
    usage = client.get(f"/admin/pages/{picked.pk}/usage/").content.decode()
    assert "Editor&#x27;s Picks" in usage or "Editor's Picks" in usage
    other = client.get(f"/admin/pages/{unpicked.pk}/delete/").content.decode()
    assert re.search(r"This story is referenced 0 times\.", other)


def test_desk_roles_are_as_the_readme_lists_them(demo):
    from django.contrib.auth import get_user_model

    from herald.newsroom.models import DeskPage, is_desk_editor, is_desk_reporter

    users = {u.username: u for u in get_user_model().objects.filter(
        username__in=[a[0] for a in ACCOUNTS])}
    europe = DeskPage.objects.get(slug="europe")
    assert is_desk_reporter(users["reporter"], europe)
    assert not is_desk_editor(users["reporter"], europe)
    assert is_desk_editor(users["editor"], europe) and is_desk_editor(users["editor2"], europe)
    assert users["publisher"].is_superuser
    assert not any(users[name].is_superuser
                   for name in ("reporter", "editor", "editor2", "letters"))


def test_a_demo_account_can_validate_the_letters_readers_send(demo):
    """A letter sent through the demo's letters form waits in its desk's queue, and one
    of the README's accounts, that desk's editor, finds it there to validate."""
    import uuid

    from herald.letters.models import LetterSubmission

    sent = Client().post("/letters/", {
        "name": "Ines Moreau", "email": "ines.moreau@example.org", "town": "Lyon",
        "text": "Your series on night trains missed the Lyon line.\n\nIt runs twice a week.",
        "website": "", "token": str(uuid.uuid4())})
    assert sent.status_code == 302
    letter = LetterSubmission.objects.get(email="ines.moreau@example.org").draft

    editor = Client()
    password = next(a[3] for a in ACCOUNTS if a[0] == "letters")
    editor.post("/admin/login/", {"username": "letters", "password": password})
    dashboard = editor.get("/admin/").content.decode()
    assert f'href="/admin/pages/{letter.pk}/edit/"' in dashboard
    assert editor.get(f"/admin/pages/{letter.pk}/edit/").status_code == 200


def reader_signed_in(email: str) -> Client:
    """Sign ``email`` in as the README says: the sign-in form, then the e-mailed link."""
    client = Client()
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        mail.outbox = []
        assert client.post("/account/sign-in/", {"email": email}).status_code == 200
        response = client.get(link_in(mail.outbox[-1], "sign-in"))
    assert response.status_code == 302
    return client


def test_the_demo_member_reads_the_tier_story_and_the_subscriber_gets_the_cut(demo):
    story = ArticlePage.objects.get(slug=TIER_STORY)
    last_words = story.paragraphs[-1][:60]

    member = page(story.url, reader_signed_in(MEMBER_EMAIL))
    assert escape(last_words) in member
    assert "data-paywall=" not in member

    subscriber = page(story.url, reader_signed_in(SUBSCRIBER_EMAIL))
    assert escape(last_words) not in subscriber
    assert 'data-paywall="members-only"' in subscriber


def test_loading_again_leaves_the_demo_as_it_is(demo):
    before = ArticlePage.objects.count()
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "Demo publication already loaded; nothing to do." in out.getvalue()
    assert ArticlePage.objects.count() == before


def test_loading_again_adds_an_account_an_older_demo_lacks(demo):
    """A demo loaded before the ``letters`` account existed gains it on the next
    `make demo`, as the README lists it; the other accounts are left as they are."""
    from django.contrib.auth import get_user_model

    from herald.letters.models import LettersPage
    from herald.newsroom.models import is_desk_editor

    User = get_user_model()
    User.objects.filter(username="letters").delete()
    User.objects.filter(username="editor").update(first_name="Changed in the admin")
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "Demo publication already loaded; added the account it lacked: letters." in (
        out.getvalue())
    assert re.search(r"^  letters +password herald-letters +editor, Opinion & Letters Desk$",
                     out.getvalue(), re.M)
    assert is_desk_editor(User.objects.get(username="letters"), LettersPage.objects.get().desk)
    assert User.objects.get(username="letters").check_password("herald-letters")
    assert User.objects.get(username="editor").first_name == "Changed in the admin"


def test_loading_again_gives_no_accounts_to_a_database_that_is_not_the_demos(demo):
    """`herald demo` against another newsroom's database (it has desks, not the demo's
    accounts) says the demo is loaded and makes no account with a published password."""
    from django.contrib.auth import get_user_model

    User = get_user_model()
    User.objects.filter(username__in=[a[0] for a in ACCOUNTS]).delete()
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "Demo publication already loaded; nothing to do." in out.getvalue()
    assert not User.objects.filter(username__in=[a[0] for a in ACCOUNTS]).exists()


def test_readme_import_example_adds_a_story_and_leaves_the_demo_alone(demo, tmp_path):
    """A newcomer copies the README's `herald import` example into a file and imports it
    into the demo: a new story, not a new revision of a demo story (the example once used
    the slug of the demo's Rome story, whose text it replaced with a placeholder)."""
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    example = re.search(r"```markdown\n(---\n.*?)```", readme, re.S).group(1)
    path = tmp_path / "story.md"
    path.write_text(example)
    before = dict(ArticlePage.objects.values_list("slug", "latest_revision_id"))
    out = io.StringIO()
    call_command("import_stories", str(path), stdout=out)
    assert "1 created, 0 updated, 0 failed" in out.getvalue()
    after = dict(ArticlePage.objects.values_list("slug", "latest_revision_id"))
    assert {slug: after[slug] for slug in before} == before
    assert len(after) == len(before) + 1
