from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.html import escape
from django.utils.text import slugify

from herald.articles.editor_rich_text import as_the_editor_saves
from herald.articles.models import ArticleKind, ArticlePage
from herald.letters.models import LetterSubmission


def receive_letter(*, token, name, email, town, text, desk) -> tuple[LetterSubmission, bool]:
    """Store a reader's letter and put it in the desk's queue as a draft, in one transaction.

    Returns (submission, created). A second post of the same form (same token) creates
    nothing more: it returns the first submission, completing its draft if an earlier
    attempt stored the letter but not the draft (a row from before the two steps shared
    one transaction), so the letter reaches the desk exactly once.
    """
    with transaction.atomic():
        submission = (
            LetterSubmission.objects.select_for_update().filter(token=token).first()
        )
        created = submission is None
        if created:
            try:
                with transaction.atomic():
                    submission = LetterSubmission.objects.create(
                        token=token, name=name, email=email.lower(), town=town, text=text
                    )
            except IntegrityError:  # the same form posted twice at once: the other won
                submission = LetterSubmission.objects.select_for_update().get(token=token)
                created = False
        if submission.draft_id is None:
            _queue_draft(submission, desk)
    return submission, created


def _queue_draft(submission: LetterSubmission, desk) -> None:
    """The letter as a draft under `desk`, in the desk's validation workflow."""
    text, name = submission.text, submission.name
    first_line = text.split("\n", 1)[0]
    title = f"Letter from {name}, {submission.town}"
    paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
    # Stored as the admin's editor saves it: an editor who opens the letter and
    # approves it from its edit page changes nothing (herald.articles.editor_rich_text).
    body = [
        {"type": "paragraph", "value": as_the_editor_saves("".join(
            f"<p>{escape(line)}</p>" for line in paragraph.split("\n")
        ))}
        for paragraph in paragraphs
    ]
    draft = ArticlePage(
        title=title[:255],
        slug=f"letter-{slugify(name)[:40]}-{str(submission.token)[:8]}",
        kind=ArticleKind.LETTER,
        standfirst=first_line[:300],
        body=body,
        live=False,
    )
    desk.add_child(instance=draft)
    draft.save_revision(log_action=False)
    submission.draft = draft
    submission.save(update_fields=["draft"])
    workflow = draft.get_workflow()
    if workflow:
        workflow.start(draft, None)
