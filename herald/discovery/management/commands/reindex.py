"""``herald reindex``: rebuild the search index of published stories and the vocabulary of
search suggestions, and the archive's month and topic counts, with progress bars.

Publishing and unpublishing keep the index current one story at a time
(Wagtail's signal handlers); this rebuilds it whole, e.g. after changing
``ArticlePage.search_fields`` or moving to another search backend.
"""

from django.core.management.base import BaseCommand
from wagtail.search.backends import get_search_backends

from herald.articles.models import ArticlePage
from herald.core import content_version
from herald.core.progress import ProgressBar
from herald.discovery import counts, search_table, suggestions

CHUNK = 500


class Command(BaseCommand):
    help = "Rebuild the search index of stories (every configured search backend)."

    def handle(self, *args, **options):
        stories = ArticlePage.objects.order_by("pk")
        total = stories.count()
        for backend in get_search_backends(with_auto_update=False):
            index = backend.get_index_for_model(ArticlePage)
            bar = ProgressBar(f"stories ({type(backend).__name__})", stream=self.stderr._out)
            done = 0
            last = 0
            while True:
                chunk = list(stories.filter(pk__gt=last)[:CHUNK])
                if not chunk:
                    break
                index.add_items(ArticlePage, chunk)
                done += len(chunk)
                last = chunk[-1].pk
                bar(done, total)
            if total == 0:
                bar(0, 0)
        self.stdout.write(f"Search index rebuilt: {total} stories.")
        if search_table.in_use():
            rows = search_table.rebuild(
                ProgressBar("stories (search table)", stream=self.stderr._out))
            self.stdout.write(f"Search table rebuilt: {rows} live stories.")
        live = suggestions.rebuild(ProgressBar("stories (suggestions)", stream=self.stderr._out))
        self.stdout.write(f"Suggestions rebuilt from the public words of {live} live stories.")
        counts.rebuild(ProgressBar("stories (month and topic counts)", stream=self.stderr._out))
        self.stdout.write(f"Month and topic counts rebuilt from {live} live stories.")
        content_version.bump()  # cached pages show the rebuilt counts and results
