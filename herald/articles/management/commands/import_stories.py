import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from herald.articles.importing import expand_paths, import_file


class Command(BaseCommand):
    help = "Import stories from Markdown files with YAML front matter (see docs/import.md)."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="Markdown files, or folders of them")
        parser.add_argument(
            "--media-root", type=Path, default=None,
            help="a folder images may come from (default: each story file's own folder); "
                 "an image reference outside it is an error for that file")

    def handle(self, *args, paths, media_root=None, **options):
        if media_root is not None and not media_root.is_dir():
            raise CommandError(f"--media-root {media_root} is not a folder")
        files = expand_paths(paths)
        if not files:
            raise CommandError("no Markdown files found in the paths given")
        failed = created = updated = 0
        for number, path in enumerate(files, 1):
            result = import_file(path, media_root=media_root)
            prefix = f"[{number}/{len(files)}] {path}"
            if result.ok:
                created += result.created
                updated += not result.created
                self.stdout.write(f"{prefix}: {result.message}")
            else:
                failed += 1
                self.stderr.write(f"{prefix}: error: {result.message}")
        summary = f"Imported {created + updated} of {len(files)} files: {created} created, {updated} updated, {failed} failed."
        self.stdout.write(summary)
        if failed:
            sys.exit(1)
