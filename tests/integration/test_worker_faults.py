"""The background worker survives database errors: it waits, retries and carries on,
and a task it had claimed when the database failed runs again (``herald db_worker``).
The fault suite (tests/faults) cuts a real PostgreSQL connection; here the database
fails through Django's public ``execute_wrapper`` hook, on SQLite too."""

from __future__ import annotations

import logging

import pytest
from django.db import OperationalError, connection
from django_tasks_db.models import DBTaskResult

from herald.core.management.commands.db_worker import ResilientWorker
from herald.memberships.tasks import retry_payment_events

pytestmark = pytest.mark.django_db(transaction=True)


class Outage:
    """Every query fails, as with the database gone, from query `start` for `length` queries."""

    def __init__(self, start: int, length: int):
        self.start, self.length, self.seen, self.failed = start, length, 0, 0

    def __call__(self, execute, sql, params, many, context):
        self.seen += 1
        if self.start <= self.seen < self.start + self.length:
            self.failed += 1
            raise OperationalError("could not connect to server: Connection refused")
        return execute(sql, params, many, context)


def worker(**options) -> ResilientWorker:
    made = ResilientWorker(queue_names=["default"], interval=0, batch=True, backend_name="default",
                           startup_delay=False, max_tasks=None, worker_id="test-worker",
                           excluded_queue_names=[])
    made.first_wait = 0.01
    return made


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.mark.usefixtures("database_tasks")
@pytest.mark.parametrize("start", [1, 4, 7, 9])  # before a claim, between claim and finish, …
def test_worker_resumes_after_the_database_comes_back(start, caplog):
    results = [retry_payment_events.enqueue() for _ in range(3)]
    running = worker()
    outage = Outage(start=start, length=5)
    with caplog.at_level(logging.WARNING, logger="herald.worker"), \
            connection.execute_wrapper(outage):
        running.run()

    assert outage.failed >= 1  # the worker met the outage (PostgreSQL may need fewer queries)
    # Failing while picking a task stops django-tasks-db's own loop: Herald's must carry on.
    # Later failures may be absorbed by django-tasks-db's retries of a task's result.
    assert running.outages >= 1 if start == 1 else running.outages >= 0
    statuses = dict(DBTaskResult.objects.filter(pk__in=[r.id for r in results])
                    .values_list("pk", "status"))
    # Every task finished: none left claimed or waiting. A task whose own queries met
    # the outage is recorded as failed (payment events keep their own retry).
    assert set(statuses.values()) <= {"SUCCESSFUL", "FAILED"}
    assert list(statuses.values()).count("SUCCESSFUL") >= 2
    assert ("database unavailable" in caplog.text) == (running.outages > 0)
