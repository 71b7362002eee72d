"""herald subscribers import FILE.csv | herald subscribers export [--output FILE]"""

from __future__ import annotations

import csv
import sys

from django.core.management.base import BaseCommand, CommandError

from herald.core.errors import HeraldError
from herald.newsletters import actions


class Command(BaseCommand):
    help = "Import or export newsletter subscribers as CSV (email, name, newsletters, consent)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="Import subscribers from a CSV file; bad rows are "
                             "reported by line number and skipped.")
        imp.add_argument("file", help="CSV with the columns email, name, newsletters, consent")
        exp = sub.add_parser("export", help="Write confirmed subscribers as CSV.")
        exp.add_argument("--output", "-o", default="-", help="File to write (default: stdout)")

    def handle(self, *args, action, **options):
        if action == "import":
            return self.import_(options["file"])
        return self.export(options["output"])

    def import_(self, path: str) -> None:
        try:
            handle = sys.stdin if path == "-" else open(path, newline="", encoding="utf-8-sig")
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}") from None
        with handle:
            try:
                report = actions.import_subscribers(handle)
            except HeraldError as error:
                raise CommandError(f"{path}: {error.message}") from None
        for line, reason in report.errors:
            self.stderr.write(f"{path}:{line}: {reason}; row skipped")
        kept, failed = report.kept_unsubscribed, len(report.errors)
        note = ((", 1 newsletter choice left unsubscribed (that reader unsubscribed earlier)"
                 if kept == 1 else f", {kept} newsletter choices left unsubscribed "
                 "(those readers unsubscribed earlier)") if kept else "")
        self.stdout.write(
            f"Imported {report.imported} subscriber{'' if report.imported == 1 else 's'} "
            f"({report.created} new, {report.updated} updated){note}; "
            f"{failed} row{'' if failed == 1 else 's'} failed.")
        if report.errors:
            sys.exit(1)

    def export(self, path: str) -> None:
        # csv ends each row with "\r\n", so the command's stdout wrapper adds no newline.
        handle = self.stdout if path == "-" else open(path, "w", newline="", encoding="utf-8")
        writer = csv.writer(handle)
        count = -1
        for count, row in enumerate(actions.export_subscribers()):  # noqa: B007
            writer.writerow(row)
        if path != "-":
            handle.close()
            self.stderr.write(f"Exported {count} subscribers to {path}.")
