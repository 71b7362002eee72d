"""Background work: sends run in the task worker (``herald db_worker``), never in a request."""

from __future__ import annotations

from django_tasks import task

from herald.newsletters import sending
from herald.newsletters.schedule import queue_due_digests


@task()
def send_issue(issue_id: int) -> dict[str, int]:
    """Send one issue (resuming where an earlier run stopped); returns the delivery counts."""
    try:
        return sending.run(issue_id)
    except sending.SendInProgress:
        return {}  # another process has it and will finish it


@task()
def send_due_digests() -> list[int]:
    """Queue every digest whose time has come (run each minute by the scheduler's timer)."""
    return [issue.pk for issue in queue_due_digests()]
