"""herald reconcile-memberships: retry waiting payment events, then re-read every
member's subscription from the payment provider."""

from django.core.management.base import BaseCommand, CommandError

from herald.core.errors import HeraldError
from herald.memberships import magic_links
from herald.memberships.payments import get_provider, processing


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
                counts = processing.reconcile(get_provider(provider))
        except HeraldError as error:
            raise CommandError(error.message) from error
        magic_links.purge_expired()
        summary = ", ".join(f"{key}: {value}" for key, value in sorted(counts.items())) or "nothing to do"
        self.stdout.write(f"Reconciled memberships ({summary}).")
