"""Letters to the editor, end to end over HTTP: the public form at /letters/."""

from __future__ import annotations

import html
import re
import uuid

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.db import OperationalError, connection
from wagtail.models import WorkflowState

from herald.articles.models import ArticlePage
from herald.letters.models import LettersPage, LetterSubmission
from herald.newsroom import actions
from herald.newsroom.models import DeskPage
from tests.conftest import acknowledge_all

pytestmark = pytest.mark.django_db

URL = "/letters/"
LETTER = {
    "name": "Maria Rossi",
    "email": "maria.rossi@example.org",
    "town": "Bologna",
    "text": "The night train to Vienna is a fine idea.\n\nPlease keep the sleeper cars.",
    "website": "",
}
TOO_MANY_FROM_ADDRESS = "You have sent several letters in the last hour. Please try again later."
TOO_MANY_FROM_NETWORK = "Too many letters from your network. Please try again in an hour."


@pytest.fixture
def newsroom(newsroom_from_module):
    """Desks and people built once for this module; each test rolls back its own writes."""
    return newsroom_from_module


@pytest.fixture(scope="module")
def shared_letters_page(shared_newsroom) -> int:
    """The Letters Desk and the letters page, published once for the module."""
    home = shared_newsroom.home
    desk = DeskPage(title="Letters Desk", slug="letters-desk",
                    description="The Letters Desk validates letters to the editor.")
    home.add_child(instance=desk)
    desk.save_revision().publish()
    page = LettersPage(title="Write to the editor", slug="letters", desk=desk)
    home.add_child(instance=page)
    page.save_revision().publish()
    return page.pk


@pytest.fixture
def letters_page(newsroom, shared_letters_page):
    return LettersPage.objects.get(pk=shared_letters_page)


@pytest.fixture
def fixed_clock(monkeypatch):
    """Rate limits count in fixed one-hour windows: keep every post in the same one."""
    import herald.core.ratelimit

    class Clock:
        @staticmethod
        def time():
            return 1_800_000_000.0

    monkeypatch.setattr(herald.core.ratelimit, "time", Clock)


def form_token(client) -> str:
    page = client.get(URL).content.decode()
    return re.search(r'<input type="hidden" name="token" value="([0-9a-f-]{36})"', page).group(1)


def send(client, **fields):
    data = {**LETTER, "token": str(uuid.uuid4()), **fields}
    return client.post(URL, data)


def errors_in(response) -> list[str]:
    """The text of each error the page announces as an alert."""
    soup = BeautifulSoup(response.content, "html.parser")
    return [element.get_text(" ", strip=True) for element in soup.select('[role="alert"]')]


def test_form_carries_a_fresh_hidden_token(client, letters_page):
    response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    for name in ("name", "email", "town", "text", "website"):
        assert f'name="{name}"' in page
    assert form_token(client) != form_token(client)
    assert "Text only, up to 3,000 characters." in page


def test_letter_is_stored_and_queued_as_a_draft(client, letters_page, settings):
    token = form_token(client)
    response = client.post(URL, {**LETTER, "token": token})

    assert response.status_code == 302
    assert response.headers["Location"] == f"/letters/?received={token}"
    confirmation = client.get(response.headers["Location"])
    assert confirmation.status_code == 200
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", confirmation.content.decode()))
    assert "Thank you for your letter" in text
    assert "We received your letter, Maria Rossi, on" in text
    assert "It is now with the Letters Desk" in text

    submission = LetterSubmission.objects.get()
    assert (str(submission.token), submission.name, submission.email, submission.town,
            submission.text) == (token, "Maria Rossi", "maria.rossi@example.org", "Bologna",
                                 LETTER["text"])
    draft = ArticlePage.objects.get()
    assert submission.draft == draft
    assert draft.get_parent().pk == letters_page.desk_id
    assert (draft.kind, draft.live, draft.title, draft.standfirst) == (
        "letter", False, "Letter from Maria Rossi, Bologna",
        "The night train to Vienna is a fine idea.")
    assert draft.paragraphs == ["The night train to Vienna is a fine idea.",
                                "Please keep the sleeper cars."]
    state = draft.current_workflow_state
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.current_task_state.task.name == "Letters Desk validation"


def test_html_is_stripped_and_script_never_stored_nor_shown(client, letters_page):
    response = send(
        client, name="<b>Maria</b> Rossi", town="Bologna<script>alert('town')</script>",
        text="<p>The <em>night</em> train is late.</p><script>alert('x')</script>\n\n"
             '<a href="javascript:alert(1)">Fix it</a> &amp; soon.',
    )
    assert response.status_code == 302

    submission = LetterSubmission.objects.get()
    assert (submission.name, submission.town, submission.text) == (
        "Maria Rossi", "Bologna", "The night train is late.\n\nFix it & soon.")
    draft = submission.draft
    # Stored as the admin's editor saves it (its paragraph keys aside), so the desk's
    # editor can open the letter and approve it without changing it.
    assert [re.sub(r' data-block-key="\w+"', "", block.value.source) for block in draft.body] == [
        "<p>The night train is late.</p>", "<p>Fix it &amp; soon.</p>"]

    # Once the desk publishes it, readers see the words and nothing else.
    editor = get_user_model().objects.create_user("letters-editor", "le@example.org", "pw")
    actions.add_editor(letters_page.desk, editor)
    actions.approve(draft, by=editor, acknowledged=acknowledge_all(draft))
    draft.refresh_from_db()
    page = client.get(draft.url).content.decode()
    assert "The night train is late." in page and "Fix it &amp; soon." in page
    assert "alert(" not in page and "javascript:" not in page


def test_over_long_letter_is_refused_with_the_reason_and_kept(client, letters_page, settings):
    settings.HERALD_LETTER_MAX_CHARS = 3000
    text = "Rails " * 500 + "end."  # 3,004 characters
    response = send(client, text=text)

    assert response.status_code == 400
    assert errors_in(response) == [
        "Letters can be at most 3,000 characters; yours has 3,004. Please shorten it by 4 characters."]
    assert html.escape(text, quote=False) in response.content.decode()
    assert not LetterSubmission.objects.exists()
    assert not ArticlePage.objects.exists()


def test_one_character_too_many_says_so(client, letters_page, settings):
    settings.HERALD_LETTER_MAX_CHARS = 20
    response = send(client, text="x" * 21)
    assert errors_in(response) == [
        "Letters can be at most 20 characters; yours has 21. Please shorten it by 1 character."]


def test_honeypot_gets_the_confirmation_but_nothing_is_stored(client, letters_page):
    token = str(uuid.uuid4())
    response = send(client, token=token, website="http://cheap-pills.example")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/letters/?received={token}"
    assert client.get(response.headers["Location"]).status_code == 200
    assert not LetterSubmission.objects.exists()
    assert not ArticlePage.objects.exists()


def test_same_form_posted_twice_makes_one_letter(client, letters_page):
    token = form_token(client)
    first = client.post(URL, {**LETTER, "token": token})
    second = client.post(URL, {**LETTER, "token": token})
    assert first.headers["Location"] == second.headers["Location"] == f"/letters/?received={token}"
    assert LetterSubmission.objects.count() == 1
    assert ArticlePage.objects.count() == 1


def test_per_address_rate_limit(client, letters_page, settings, fixed_clock):
    settings.HERALD_LETTERS_PER_HOUR = 3
    for _ in range(3):
        assert send(client).status_code == 302
    response = send(client, email="Maria.Rossi@Example.org")
    assert response.status_code == 429
    assert errors_in(response) == [TOO_MANY_FROM_ADDRESS]
    assert LetterSubmission.objects.count() == 3
    # Another writer is not held back by Maria's letters.
    assert send(client, email="jan.novak@example.org").status_code == 302


def test_per_network_rate_limit(client, letters_page, settings, fixed_clock):
    settings.HERALD_LETTERS_PER_HOUR = 3
    for n in range(10):
        assert send(client, email=f"writer{n}@example.org").status_code == 302
    response = send(client, email="writer10@example.org")
    assert response.status_code == 429
    assert errors_in(response) == [TOO_MANY_FROM_NETWORK]
    assert LetterSubmission.objects.count() == 10
    other = client.post(URL, {**LETTER, "token": str(uuid.uuid4()), "email": "far@example.org"},
                        REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 302


@pytest.mark.parametrize("proxies, remote", [([], "198.51.100.9"), ([], "127.0.0.1"),
                                             (["127.0.0.1"], "198.51.100.9")])
def test_a_forged_forwarded_address_does_not_escape_the_network_limit(
        client, letters_page, settings, fixed_clock, proxies, remote):
    """X-Forwarded-For from a client that is not a configured proxy (FORWARDED_ALLOW_IPS,
    none by default) is ignored: a new address in it for every letter is still one writer."""
    settings.HERALD_FORWARDED_ALLOW_IPS = proxies
    settings.HERALD_LETTERS_PER_HOUR = 20
    answers = [
        client.post(URL, {**LETTER, "token": str(uuid.uuid4()), "email": f"w{n}@example.org"},
                    REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=f"203.0.113.{n + 1}",
                    HTTP_X_FORWARDED_PROTO="https").status_code
        for n in range(11)
    ]
    assert answers == [302] * 10 + [429]


def test_the_configured_proxy_forwards_each_readers_address(client, letters_page, settings,
                                                            fixed_clock):
    settings.HERALD_FORWARDED_ALLOW_IPS = ["127.0.0.1"]
    settings.HERALD_LETTERS_PER_HOUR = 20
    answers = [
        client.post(URL, {**LETTER, "token": str(uuid.uuid4()), "email": f"w{n}@example.org"},
                    REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=f"203.0.113.{n // 5 + 1}",
                    HTTP_X_FORWARDED_PROTO="https").status_code
        for n in range(15)
    ]
    assert answers == [302] * 15  # three readers behind nginx, five letters each


@pytest.mark.parametrize("fields, errors", [
    ({"name": "", "email": "", "town": "", "text": ""}, ["This field is required."] * 4),
    ({"email": "not-an-address"}, ["Enter a valid email address."]),
    ({"name": "<b></b>"}, ["This field cannot be empty."]),
    ({"text": "<p> </p>\n\n"}, ["Write your letter before sending it."]),
    ({"token": ""}, ["This form is incomplete or out of date. Please reload the page and "
                     "send your letter again."]),
    ({"token": "not-a-token"}, ["This form is incomplete or out of date. Please reload the page "
                                "and send your letter again."]),
])
def test_missing_or_bad_fields_are_named(client, letters_page, fields, errors):
    response = send(client, **fields)
    assert response.status_code == 400
    assert errors_in(response) == errors
    assert not LetterSubmission.objects.exists()


# A letter reaches the desk's queue exactly once, whatever fails between storing it and
# queueing its draft: a database error mid-way keeps nothing and says so, and the same
# form sent again stores it once.
NOT_STORED = (
    "We could not store your letter just now, and nothing was kept. "
    "Please send it again in a minute: your words are still in the form."
)


class DatabaseBlip:
    """Fails the first INSERT into `table` as a dropped connection would."""

    def __init__(self, table):
        self.table, self.fired = table, False

    def __call__(self, execute, sql, params, many, context):
        if not self.fired and re.match(rf'\s*INSERT INTO "?{self.table}"?', sql):
            self.fired = True
            raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)


def test_database_blip_between_letter_and_draft_loses_nothing(client, letters_page):
    token = form_token(client)
    blip = DatabaseBlip("wagtailcore_page")  # after the submission row, before the draft
    with connection.execute_wrapper(blip):
        failed = client.post(URL, {**LETTER, "token": token})

    assert blip.fired
    assert failed.status_code == 503
    assert errors_in(failed) == [NOT_STORED]
    assert "Please keep the sleeper cars." in failed.content.decode()  # the words stay
    assert not LetterSubmission.objects.exists()  # nothing half-done

    again = client.post(URL, {**LETTER, "token": token})
    assert again.status_code == 302
    assert again.headers["Location"] == f"/letters/?received={token}"
    submission = LetterSubmission.objects.get()
    assert submission.draft == ArticlePage.objects.get()
    assert submission.draft.get_parent().pk == letters_page.desk_id


def test_repost_completes_a_letter_stored_without_its_draft(client, letters_page):
    """A submission left without a draft (stored before the two steps shared a transaction)
    gets its draft when the reader sends the same form again, and only one."""
    token = form_token(client)
    LetterSubmission.objects.create(token=token, name="Maria Rossi", email=LETTER["email"],
                                    town="Bologna", text=LETTER["text"])
    for _ in range(2):
        response = client.post(URL, {**LETTER, "token": token})
        assert response.headers["Location"] == f"/letters/?received={token}"
    submission = LetterSubmission.objects.get()
    draft = ArticlePage.objects.get()
    assert submission.draft == draft
    assert draft.title == "Letter from Maria Rossi, Bologna"
    assert draft.current_workflow_state.current_task_state.task.name == "Letters Desk validation"
