from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.html import escape
from django.utils.text import slugify

from herald.articles.models import ArticleKind, ArticlePage
from herald.letters.models import LetterSubmission


def receive_letter(*, token, name, email, town, text, desk) -> tuple[LetterSubmission, bool]:
    """Store a reader's letter, then put it in the desk's queue as a draft.

    Returns (submission, created). A second post of the same form (same token)
    returns the first submission and creates nothing.
    """
    try:
        with transaction.atomic():
            submission = LetterSubmission.objects.create(
                token=token, name=name, email=email.lower(), town=town, text=text
            )
    except IntegrityError:
        return LetterSubmission.objects.get(token=token), False

    with transaction.atomic():
        first_line = text.split("\n", 1)[0]
        title = f"Letter from {name}, {town}"
        paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
        body = [
            {"type": "paragraph", "value": "".join(
                f"<p>{escape(line)}</p>" for line in paragraph.split("\n")
            )}
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
    return submission, True
