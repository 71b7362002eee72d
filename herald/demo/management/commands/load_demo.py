import contextlib
from pathlib import Path

from django.core.management.base import BaseCommand

from herald.demo import loader


class Command(BaseCommand):
    help = "Load the demo publication if the database holds no desks yet, and print the demo accounts."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Load even if desks exist (re-imports stories as new revisions).")

    def handle(self, *args, force=False, **options):
        if loader.is_loaded() and not force:
            added = loader.add_missing_accounts()
            self.stdout.write("Demo publication already loaded; " + (
                f"added the account{'s' if len(added) > 1 else ''} it lacked: {', '.join(added)}."
                if added else "nothing to do."))
            accounts = loader.describe_accounts()
        else:
            accounts = loader.load(log=self.stdout.write)
        from django.conf import settings

        self.stdout.write(f"\nDemo accounts (sign in at {settings.HERALD_BASE_URL}/admin/):")
        for username, password, role in accounts:
            self.stdout.write(f"  {username:<10} password {password:<18} {role}")
        readers = loader.describe_readers()
        if readers:
            where = ""
            if settings.EMAIL_BACKEND.endswith("filebased.EmailBackend"):
                outbox = Path(settings.EMAIL_FILE_PATH)
                with contextlib.suppress(ValueError):
                    outbox = outbox.relative_to(Path.cwd())
                where = f"; the link lands in {outbox}/"
            self.stdout.write(f"Demo readers (no password: sign in at {settings.HERALD_BASE_URL}"
                              f"/account/sign-in/{where}):")
            width = max(len(email) for email, _ in readers)
            for email, role in readers:
                self.stdout.write(f"  {email:<{width}}   {role}")
