"""Exactly once, for real: `herald newsletters send --wait` is killed with SIGKILL while
a message is on its way to the SMTP server, and the same command run again resumes.

The sender runs as its own process against its own database (the kill must not
take the test with it), a copy of the run's migrated test database: a SQLite file, or
in a PostgreSQL run (DATABASE_URL=postgres://…) a database of its own on the same
server, dropped afterwards. The SMTP server is
aiosmtpd in this process, and it kills the sender from inside the DATA command of
the 20th message, before answering it: that message reached the server, but the
sender never heard so.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from collections import Counter

import pytest

from smtp_sink import SMTPSink

RECIPIENTS = 60
KILL_AT = 20

SETUP = textwrap.dedent("""
    from herald.articles.models import ArticlePage
    from herald.newsroom.models import DeskPage
    from herald.site.bootstrap import ensure_home_page

    home = ensure_home_page()
    desk = DeskPage(title="Europe Desk", slug="europe", description="Validates news.")
    home.add_child(instance=desk)
    desk.save_revision().publish()
    story = ArticlePage(title="Night trains return", slug="night-trains", dateline="ROME",
                        body=[{"type": "paragraph", "value": "<p>ROME — Trains again.</p>"}])
    desk.add_child(instance=story)
    story.save_revision().publish()
""")


@pytest.fixture
def herald_env(tmp_path, database_copy_url):
    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "DATABASE_URL"}}
    env.update({
        "DATABASE_URL": database_copy_url,
        "HERALD_VAR_DIR": str(tmp_path / "var"),
        "SECRET_KEY": "herald-test-secret-key-not-for-production-use-0123456789",
        "HERALD_BASE_URL": "https://news.example.org",
        "HERALD_TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "HERALD_PAYMENT_PROVIDER": "development",
        "HERALD_NEWSLETTER_CONNECTIONS": "1",  # one connection: exactly one message in doubt
    })
    return env


def herald(env, *args, check=True):
    result = subprocess.run([sys.executable, "-m", "herald", *args], env=env, text=True,
                            capture_output=True, timeout=300)
    if check:
        assert result.returncode == 0, result.stderr[-2000:]
    return result


def test_a_send_killed_mid_batch_resumes_and_reaches_each_recipient_once(herald_env, tmp_path):
    addresses = [f"reader{n:03d}@example.org" for n in range(RECIPIENTS)]
    csv = tmp_path / "subscribers.csv"
    csv.write_text("email,name,newsletters,consent\n"
                   + "".join(f"{a},,europe,yes\n" for a in addresses))
    # The desk, its story and the subscribers in one process start (`herald subscribers
    # import` is Django's `subscribers` command, called here as the console script calls it).
    import_subscribers = (f"from django.core.management import call_command; "
                          f"call_command('subscribers', 'import', {str(csv)!r})")
    assert "Imported 60 subscribers (60 new, 0 updated); 0 rows failed." in herald(
        herald_env, "shell", "-c", SETUP + import_subscribers).stdout

    sender = None

    def kill_sender(count):
        if count == KILL_AT:
            os.kill(sender.pid, signal.SIGKILL)

    command = ["newsletters", "send", "Europe Desk", "--story", "night-trains", "--wait"]
    with SMTPSink(on_message=kill_sender) as sink:
        env = {**herald_env, "EMAIL_URL": sink.url}
        sender = subprocess.Popen([sys.executable, "-m", "herald", *command], env=env,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        sender.communicate(timeout=300)
        assert sender.returncode == -signal.SIGKILL
        assert sink.count == KILL_AT
        in_flight = sink.recipients()[-1]

        resumed = herald(env, *command)
        again = herald(env, *command)

        received = Counter(sink.recipients())
    assert sorted(received) == addresses  # everyone, once; the in-flight one was not resent
    assert set(received.values()) == {1}
    assert "sent 59, failed 0, in doubt 1, queued 0" in resumed.stdout
    assert "already sent, nothing sent now. sent 59, failed 0, in doubt 1, queued 0" in again.stdout
    assert resumed.stdout.splitlines()[-1] == (
        "In doubt (handed to the mail server when a run stopped; may have arrived, never "
        f"resent): {in_flight}")
