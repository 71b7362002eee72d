"""``herald related rebuild``: recompute every story's related stories."""

from django.core.management.base import BaseCommand, CommandError

from herald.core.progress import ProgressBar
from herald.discovery import related


class Command(BaseCommand):
    help = "Related stories ('More'): `rebuild` recomputes every published story's list."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["rebuild"], help="what to do")

    def handle(self, *args, action, **options):
        if action != "rebuild":  # argparse refuses others; kept for call_command
            raise CommandError(f"Unknown action {action!r}: use `rebuild`.")
        stream = self.stderr._out
        total = related.rebuild(
            progress=ProgressBar("stories", stream=stream),
            measuring=ProgressBar("stories measured (nearest scores)", stream=stream),
        )
        self.stdout.write(f"Related stories recomputed for {total} published stories.")
