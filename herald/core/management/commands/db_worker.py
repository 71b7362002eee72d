"""``herald db_worker``: django-tasks-db's worker, kept alive through database outages.

django-tasks-db's worker exits on the first database error it does not expect (a
restarted PostgreSQL, a dropped connection), leaving payment events and sign-in links
waiting until someone restarts it. Herald's worker (the same command name, found first
because ``herald.core`` is listed before ``django_tasks_db``) runs the same loop,
and when the database fails it closes its connections, waits (1 s, doubling up to
30 s), puts back the task it had claimed when the database failed, and carries on.
"""

from __future__ import annotations

import logging
import time

from django.db import DatabaseError, connections
from django_tasks.base import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Command as DBWorkerCommand
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger("herald.worker")
FIRST_WAIT_SECONDS = 1.0
MAX_WAIT_SECONDS = 30.0
HEALTHY_SECONDS = 60.0  # a run this long resets the wait to FIRST_WAIT_SECONDS


class ResilientWorker(Worker):
    """A ``Worker`` whose ``run`` survives database errors, retrying with back-off."""

    first_wait = FIRST_WAIT_SECONDS
    max_wait = MAX_WAIT_SECONDS
    outages = 0

    def run(self) -> None:
        wait, interrupted = self.first_wait, False
        while self.running:
            started = time.monotonic()
            try:
                if interrupted:
                    self._put_back_claimed()
                    interrupted = False
                super().run()
                return  # --batch or --max-tasks finished, or a signal stopped it
            except DatabaseError as error:
                if not self.running:
                    return
                interrupted = True
                if time.monotonic() - started > HEALTHY_SECONDS:
                    wait = self.first_wait
                self.outages += 1
                logger.warning("Worker %s: database unavailable (%s); retrying in %.1f s",
                               self.worker_id, str(error).strip() or type(error).__name__, wait)
                connections.close_all()
                self._sleep(wait)
                wait = min(wait * 2, self.max_wait)
                self.startup_delay = False

    def _sleep(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while self.running and time.monotonic() < deadline:
            time.sleep(min(0.2, deadline - time.monotonic()))

    def _put_back_claimed(self) -> None:
        """Tasks this worker claimed but could not finish are ready to run again."""
        running = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING,
                                              backend_name=self.backend_name)
        mine = [r.pk for r in running.only("pk", "worker_ids")
                if r.worker_ids and r.worker_ids[-1] == self.worker_id]
        if mine:
            DBTaskResult.objects.filter(pk__in=mine, status=TaskResultStatus.RUNNING).update(
                status=TaskResultStatus.READY)
            logger.warning("Worker %s: %d interrupted task(s) queued again",
                           self.worker_id, len(mine))


class Command(DBWorkerCommand):
    help = DBWorkerCommand.help + " Survives database outages (retries with back-off)."

    def handle(self, *, verbosity, queue_name, interval, batch, backend_name, startup_delay,
               reload, max_tasks, worker_id, exclude_queues, **options):
        self.configure_logging(verbosity)
        queue_names = queue_name.split(",")
        excluded = exclude_queues.split(",") if exclude_queues else []
        if excluded and "*" not in queue_names:
            from django.core.management.base import CommandError

            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        if reload:
            logger.info("herald db_worker does not reload on code changes; --reload ignored.")
        worker = ResilientWorker(
            queue_names=queue_names, interval=interval, batch=batch, backend_name=backend_name,
            startup_delay=startup_delay, max_tasks=max_tasks, worker_id=worker_id,
            excluded_queue_names=excluded,
        )
        worker.configure_signals()
        worker.run()
