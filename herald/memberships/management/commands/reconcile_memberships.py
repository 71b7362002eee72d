"""herald reconcile-memberships: retry waiting payment events, then re-read every
member's subscription from the payment provider.

A member whose subscription cannot be read is reported on stderr and the run
goes on; the command then exits non-zero. Long runs show progress on stderr."""

import time

from django.core.management.base import BaseCommand, CommandError

from herald.core.errors import HeraldError
from herald.memberships import magic_links
from herald.memberships.payments import get_provider, processing

PROGRESS_EVERY = 100  # members
PROGRESS_SECONDS = 10  # or at least this often when the provider is slow


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("--provider", help="Provider to reconcile (default: the configured one).")
        parser.add_argument("--events-only", action="store_true",
                            help="Only retry failed and stuck events; do not call the provider.")

    def handle(self, *args, provider=None, events_only=False, **options):
        try:
            if events_only:
                counts = {f"events {k}": v for k, v in processing.retry_events().items()}
            else:
                counts = processing.reconcile(get_provider(provider), on_progress=self._progress(),
                                              on_failure=self._report_failure)
        except HeraldError as error:
            raise CommandError(error.message) from error
        magic_links.purge_expired()
        summary = ", ".join(f"{key}: {value}" for key, value in sorted(counts.items())) or "nothing to do"
        self.stdout.write(f"Reconciled memberships ({summary}).")
        failed = counts.get("members failed", 0)
        if failed:
            changed, unchanged = counts.get("members changed", 0), counts.get("members unchanged", 0)
            raise CommandError(f"Checked {changed + unchanged + failed} members: {changed} updated, "
                               f"{unchanged} unchanged, {failed} failed (listed above).")

    def _report_failure(self, member, reason: str) -> None:
        self.stderr.write(f"member {member.pk}, subscription {member.subscription_id}: error: {reason}")

    def _progress(self):
        last = time.monotonic()

        def show(done: int, total: int) -> None:
            nonlocal last
            if done < total and (done % PROGRESS_EVERY == 0
                                 or time.monotonic() - last >= PROGRESS_SECONDS):
                self.stderr.write(f"Checked {done} of {total} members…")
                last = time.monotonic()
        return show
