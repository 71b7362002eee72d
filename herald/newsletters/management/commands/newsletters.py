"""herald newsletters send NEWSLETTER (--story SLUG | --digest) [--wait] | herald newsletters due"""

from __future__ import annotations

import sys
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from herald.articles.models import ArticlePage
from herald.core.errors import HeraldError
from herald.newsletters import actions, sending
from herald.newsletters.models import Issue, Newsletter
from herald.newsletters.schedule import queue_due_digests


class Command(BaseCommand):
    help = "Send newsletters: a story's issue, a digest now, or the digests that are due."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        send = sub.add_parser("send", help="Send a story's issue or a digest; running it again "
                              "sends nothing to anyone who already has that issue.")
        send.add_argument("newsletter", help="The newsletter's name or slug")
        which = send.add_mutually_exclusive_group(required=True)
        which.add_argument("--story", metavar="STORY_SLUG", help="Send this story's issue")
        which.add_argument("--digest", action="store_true",
                           help="Send the digest of the stories since the last one, now")
        send.add_argument("--wait", action="store_true",
                          help="Send in this process with a progress bar (default: queue it "
                          "for the task worker)")
        sub.add_parser("due", help="Queue the digests whose time has come (run every minute)")
        sub.add_parser("list", help="The newsletters, their schedule and subscribers")

    def handle(self, *args, action, **options):
        try:
            if action == "send":
                return self.send(options)
            if action == "due":
                return self.due()
            return self.list()
        except HeraldError as error:
            raise CommandError(error.message) from None

    def list(self):
        for newsletter in Newsletter.objects.all():
            count = newsletter.subscriber_count()
            self.stdout.write(f"{newsletter.slug}\t{newsletter.name}\t"
                              f"{newsletter.get_schedule_display()}\t{count} subscribers")

    @staticmethod
    def nothing_new(newsletter) -> str:
        """Which stories a digest with nothing to send looked for: since the last digest, or,
        before the first, in its day or week (``actions.digest_issue``'s window)."""
        last = newsletter.issues.filter(story__isnull=True).order_by("-digest_until").first()
        if last is None:
            span = "week" if newsletter.schedule == Newsletter.Schedule.WEEKLY else "day"
            return f"no story published in the last {span} (no digest was sent before)"
        until = timezone.localtime(last.digest_until)
        return f"no new story since the last digest ({until.day} {until:%B %Y, %H:%M})"

    def due(self):
        for issue in queue_due_digests():
            self.stdout.write(f"Queued {issue.subject} (issue {issue.pk}).")

    def send(self, options):
        newsletter = actions.find_newsletter(options["newsletter"])
        if options["story"]:
            story = ArticlePage.objects.filter(slug=options["story"]).first()
            if story is None:
                raise CommandError(f"No story has the slug {options['story']!r}.")
            if not story.live:
                raise CommandError(f"{story.title!r} is not published: a newsletter sends "
                                   "published stories only.")
            issue, _ = actions.issue_for_story(newsletter, story)
        else:
            issue = actions.digest_issue(newsletter)
            if issue is None:
                self.stdout.write(f"{newsletter.name}: {self.nothing_new(newsletter)}; nothing sent.")
                return
        if issue.status == Issue.Status.DONE:
            counts = issue.counts()
            # A finished issue may still gain recipients who were queued late: send those.
            if not counts["queued"]:
                self.stdout.write(self.summary(issue, counts, already=True))
                return
        if not options["wait"]:
            actions.queue(issue)
            self.stdout.write(f"Queued {issue.subject!r} for {newsletter.name} (issue {issue.pk}); "
                              "the task worker sends it.")
            return
        started = time.monotonic()
        counts = sending.run(issue.pk, progress=self.progress)
        if sys.stderr.isatty():
            self.stderr.write("")
        self.stdout.write(self.summary(issue, counts, seconds=time.monotonic() - started))

    def progress(self, counts: dict[str, int]) -> None:
        total = sum(counts.values()) or 1
        done = total - counts["queued"]
        width = 30
        filled = int(width * done / total)
        line = (f"[{'#' * filled}{'.' * (width - filled)}] {done}/{total}  sent {counts['sent']}  "
                f"failed {counts['failed']}  in doubt {counts['in_doubt']}")
        self.stderr.write("\r" + line if sys.stderr.isatty() else line, ending="")
        if not sys.stderr.isatty():
            self.stderr.write("")

    def summary(self, issue, counts, *, seconds=None, already=False) -> str:
        head = f"{issue.subject!r} to {issue.newsletter.name}: "
        if already:
            head += "already sent, nothing sent now. "
        parts = [f"sent {counts['sent']}", f"failed {counts['failed']}",
                 f"in doubt {counts['in_doubt']}", f"queued {counts['queued']}"]
        timing = f" in {seconds:.1f} s" if seconds is not None else ""
        doubtful = actions.in_doubt(issue)
        listed = ("\nIn doubt (handed to the mail server when a run stopped; may have arrived, "
                  "never resent): " + ", ".join(doubtful[:20])
                  + (f" and {len(doubtful) - 20} more" if len(doubtful) > 20 else "")
                  if doubtful else "")
        return head + ", ".join(parts) + timing + "." + listed
