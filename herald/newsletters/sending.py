"""Sending an issue so that it reaches each recipient at most once.

The record of who got an issue is its ``Delivery`` rows, one per recipient,
made before the first message leaves (streamed from the subscriber list, a
unique constraint keeping a rerun from adding anyone twice). Each row goes

    queued -> sending -> sent | failed

and a row is marked ``sending`` in a committed transaction *before* the
message is handed to SMTP. The server's answer is written in the transaction
that claims the connection's next row (one commit per message, not two), or
alone after the connection's last row: a connection never claims a row while
the answer for its previous one is unrecorded. A process killed between
handing a message over and that commit leaves exactly that one row
``sending`` (one per connection); the next run marks it ``in_doubt`` and never
sends it again, then goes on with the ``queued`` rows. Nothing is sent twice;
at most one message per killed connection has an unknown fate, and the admin
lists it.

One SMTP connection (``django.core.mail.get_connection``) is reused for a
batch; HERALD_NEWSLETTER_CONNECTIONS connections send at once, each from its
own thread, so at most that many messages are ever in doubt after a kill. A 4xx answer is retried with back-off on a fresh connection, then
recorded as failed; a 5xx answer is a permanent failure and unsubscribes
the address with the server's words as the reason.
"""

from __future__ import annotations

import logging
import os
import smtplib
import socket
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import timedelta

from django import db
from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
from django.db import transaction
from django.utils import timezone

from herald.access.readers import SUBSCRIBER, readers_for_accounts
from herald.core.bulk import insert_new_rows, row_update
from herald.core.errors import HeraldError
from herald.newsletters import actions
from herald.newsletters.models import Delivery, Issue, Subscription
from herald.newsletters.rendering import IssueRenderer, RawMessage

log = logging.getLogger(__name__)

BATCH = 200
LEASE = timedelta(seconds=90)  # a runner silent for this long is taken to be dead
IN_DOUBT_NOTE = "The sending process stopped after handing this message to the mail server "\
    "and before recording the answer: it may or may not have been delivered, so it is not sent again."


class SendInProgress(HeraldError):
    def __init__(self, runner: str):
        super().__init__(f"Another process ({runner}) is sending this issue now; "
                         "it resumes by itself, or run the command again once it has stopped.",
                         code="send_in_progress", status=409)


def retry_delays() -> tuple[float, ...]:
    """Seconds between tries after a temporary failure (HERALD_NEWSLETTER_RETRY_DELAYS)."""
    return tuple(getattr(settings, "HERALD_NEWSLETTER_RETRY_DELAYS", (1, 4, 15)))


def concurrent_connections() -> int:
    """How many SMTP connections send at once (HERALD_NEWSLETTER_CONNECTIONS)."""
    return int(getattr(settings, "HERALD_NEWSLETTER_CONNECTIONS", 4))


def _me() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _runner_alive(runner: str) -> bool:
    host, _, pid = runner.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return True  # another machine: only its heartbeat tells
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def claim(issue_id: int) -> Issue:
    """Take the issue for this process, or raise SendInProgress if a live process has it."""
    now = timezone.now()
    with transaction.atomic():
        issue = Issue.objects.select_for_update().select_related("newsletter").get(pk=issue_id)
        runner = issue.runner
        if (runner and runner != _me() and issue.heartbeat_at and issue.heartbeat_at > now - LEASE
                and _runner_alive(runner)):
            raise SendInProgress(runner)
        issue.runner, issue.heartbeat_at = _me(), now
        issue.status = Issue.Status.SENDING
        issue.started_at = issue.started_at or now
        issue.save(update_fields=["runner", "heartbeat_at", "status", "started_at"])
    return issue


def _heartbeat(issue: Issue) -> None:
    Issue.objects.filter(pk=issue.pk, runner=_me()).update(heartbeat_at=timezone.now())


def populate(issue: Issue, chunk: int = 2000) -> int:
    """Make a delivery row for every active, confirmed subscriber (streamed, idempotent:
    the unique (issue, email) constraint skips rows a stopped run already made)."""
    if issue.recipients_ready:
        return 0
    made = 0
    recipients = (Subscription.objects
                  .filter(newsletter_id=issue.newsletter_id, unsubscribed_at__isnull=True,
                          subscriber__confirmed_at__isnull=False)
                  .order_by("subscriber_id")
                  .values_list("subscriber_id", "subscriber__email"))
    batch = []
    for row in recipients.iterator(chunk_size=chunk):
        batch.append(row)
        if len(batch) >= chunk:
            insert_new_rows(Delivery, ("subscriber", "email"), batch, issue_id=issue.pk)
            made += len(batch)
            batch = []
    if batch:
        insert_new_rows(Delivery, ("subscriber", "email"), batch, issue_id=issue.pk)
        made += len(batch)
    Issue.objects.filter(pk=issue.pk).update(recipients_ready=True)
    issue.recipients_ready = True
    return made


@dataclass(frozen=True)
class Outcome:
    """What became of one handed-over message, waiting to be written."""

    pk: int
    status: str
    message_id: str
    error: str


# The two statements of each message's bookkeeping, their SQL built once (core.bulk):
# compiling them through QuerySet.update was most of a send's CPU.
_record = row_update(Delivery, ("status", "message_id", "error", "updated_at"))
_claim = row_update(Delivery, ("status", "updated_at"), where=("pk", "status"),
                    increment=("attempts",))


def _record_and_claim(outcome: Outcome | None, pk: int | None) -> bool:
    """Write the last message's outcome and claim row ``pk`` for sending, in one commit.

    True if ``pk`` was still queued (it is now ``sending``: hand it over).
    """
    with transaction.atomic():
        now = timezone.now()
        if outcome is not None:
            _record(outcome.status, outcome.message_id, outcome.error, now, outcome.pk)
        if pk is None:
            return False
        return bool(_claim(Delivery.Status.SENDING, now, pk, Delivery.Status.QUEUED))


def permanent_failure(email: str, reason: str) -> int:
    """The address cannot receive mail: unsubscribe it from every newsletter, saying why."""
    return actions.unsubscribe_address(email, reason=reason[:300])


def _describe(error: Exception) -> str:
    """The server's answer as it gave it, e.g. "550 5.1.1 No such mailbox"."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        answers = list(error.recipients.values())
    else:
        answers = [(getattr(error, "smtp_code", ""), getattr(error, "smtp_error", b""))]
    return "; ".join(
        f"{code} {text.decode(errors='replace') if isinstance(text, bytes) else text}".strip()
        for code, text in answers) or str(error)


def _code(error: Exception) -> int | None:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in error.recipients.values()]
        return max(codes) if codes else None
    return getattr(error, "smtp_code", None)


class _Connection:
    """One SMTP (or provider) connection for a batch, opened again after a failure."""

    def __init__(self, factory):
        self.factory = factory
        self.backend = None

    def get(self):
        if self.backend is None:
            self.backend = self.factory()
            self.backend.open()
        return self.backend

    def reset(self):
        if self.backend is not None:
            try:
                self.backend.close()
            except Exception:  # the connection is already gone
                pass
        self.backend = None


def _send_one(connection: _Connection, message_for, row, sleep) -> tuple[str, str, str]:
    """Hand one message to the server: (status, message id, error)."""
    pk, email, subscriber_id, user_id = row
    message = None
    for attempt, pause in enumerate((*retry_delays(), None)):
        try:
            backend = connection.get()
        except OSError as error:  # could not connect: nothing was handed over
            connection.reset()
            if pause is None:
                return Delivery.Status.FAILED, "", f"could not connect, {attempt + 1} tries: {error}"[:500]
            sleep(pause)
            continue
        try:
            if message is None:
                message = message_for(email, subscriber_id, user_id,
                                      raw=isinstance(backend, SMTPBackend))
            if isinstance(message, RawMessage):
                # Serialised once per body (rendering.IssueRenderer.raw): straight to SMTP.
                backend.connection.sendmail(message.sender, [message.recipient], message.data)
                return Delivery.Status.SENT, message.message_id, ""
            message.connection = backend
            sent = backend.send_messages([message])
            if not sent:
                return Delivery.Status.FAILED, "", "The mail backend refused the message."
            return Delivery.Status.SENT, message.extra_headers["Message-ID"], ""
        except (smtplib.SMTPResponseException, smtplib.SMTPRecipientsRefused) as error:
            code = _code(error) or 0
            connection.reset()
            if 500 <= code < 600:
                text = _describe(error)
                permanent_failure(email, f"Permanent failure when sending: {text}")
                return Delivery.Status.FAILED, "", f"permanent: {text}"[:500]
            if pause is None:
                return Delivery.Status.FAILED, "", f"temporary failure, {attempt + 1} tries: {_describe(error)}"[:500]
            sleep(pause)
        except (smtplib.SMTPServerDisconnected, OSError) as error:
            # The connection broke while the message was on its way: it may have
            # arrived. Never send it again.
            connection.reset()
            return Delivery.Status.IN_DOUBT, "", f"connection lost while sending: {error}"[:500]
    raise AssertionError("unreachable")


def run(issue_id: int, *, progress: Callable[[dict], None] | None = None, batch: int = BATCH,
        connection_factory=get_connection, sleep=time.sleep,
        connections: int | None = None) -> dict[str, int]:
    """Send the issue's queued deliveries; safe to run again after any stop. Returns the counts.

    ``connections`` (default HERALD_NEWSLETTER_CONNECTIONS) SMTP connections send at
    once, each from its own thread with its own database connection; with one, the
    caller's thread and transaction are used (tests, the immediate task backend).
    """
    issue = claim(issue_id)
    try:
        populate(issue)
        with transaction.atomic():
            Delivery.objects.filter(issue=issue, status=Delivery.Status.SENDING).update(
                status=Delivery.Status.IN_DOUBT, error=IN_DOUBT_NOTE, updated_at=timezone.now())
        renderer = IssueRenderer(issue, actions.stories_of(issue))
        readers: dict[int, object] = {}
        tally = issue.counts()
        if progress:
            progress(dict(tally))

        def message_for(email, subscriber_id, user_id, *, raw=False):
            reader = readers.get(user_id, SUBSCRIBER)
            found = raw and renderer.raw(email=email, subscriber_id=subscriber_id, reader=reader)
            return found or renderer.message(email=email, subscriber_id=subscriber_id,
                                             reader=reader)

        lock = threading.Lock()

        def send_rows(rows, *, own_thread: bool) -> None:
            """One connection's share of a batch, each row claimed before it is handed over."""
            connection = _Connection(connection_factory)
            outcome = None
            try:
                for row in rows:
                    claimed = _record_and_claim(outcome, row[0])
                    outcome = None
                    if not claimed:
                        continue
                    outcome = Outcome(row[0], *_send_one(connection, message_for, row, sleep))
                    with lock:
                        tally[Delivery.Status.QUEUED] -= 1
                        tally[outcome.status] += 1
            finally:
                if outcome is not None:  # the share's last answer
                    _record_and_claim(outcome, None)
                connection.reset()
                if own_thread:
                    db.connections.close_all()  # this thread's database connection

        workers = max(1, connections or concurrent_connections())
        pool = ThreadPoolExecutor(workers) if workers > 1 else None
        last_id = 0
        try:
            while True:
                rows = list(Delivery.objects.filter(issue=issue, status=Delivery.Status.QUEUED,
                                                    id__gt=last_id)
                            .order_by("id")
                            .values_list("id", "email", "subscriber_id",
                                         "subscriber__user_id")[:batch])
                if not rows:
                    break
                last_id = rows[-1][0]
                readers = readers_for_accounts(row[3] for row in rows)
                if pool is None:
                    send_rows(rows, own_thread=False)
                else:
                    shares = [rows[i::workers] for i in range(workers)]
                    for done in [pool.submit(send_rows, share, own_thread=True)
                                 for share in shares if share]:
                        done.result()
                _heartbeat(issue)
                if progress:
                    progress(dict(tally))
        finally:
            if pool is not None:
                pool.shutdown()
        counts = issue.counts()
        Issue.objects.filter(pk=issue.pk).update(status=Issue.Status.DONE,
                                                 finished_at=timezone.now(), runner="")
        return counts
    except BaseException:
        Issue.objects.filter(pk=issue.pk, runner=_me()).update(runner="")
        raise
