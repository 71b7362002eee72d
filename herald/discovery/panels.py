"""The story editor's "Related stories" panel, added from here so that the
articles app does not need to know about discovery (imports flow one way)."""

from wagtail.admin.panels import InlinePanel

from herald.articles.models import ArticlePage

RELATED_PANEL = InlinePanel(
    "related_choices",
    heading="Related stories",
    label="Related story",
    help_text="Pin a story into the “More” block, or keep one out of it. The rest are "
    "chosen by content when the story is published.",
)

if not any(getattr(p, "relation_name", None) == "related_choices" for p in ArticlePage.promote_panels):
    ArticlePage.promote_panels = [*ArticlePage.promote_panels, RELATED_PANEL]
