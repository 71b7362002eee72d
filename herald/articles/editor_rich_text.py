"""Story paragraphs in the form the admin's rich-text editor saves them.

Wagtail compares what an edit form posts with what is stored to decide whether
a save changed the story (``form.has_changed()``). The editor (Draftail) posts
its own database format: Wagtail's tags (``<i>``, ``<b>``) and a
``data-block-key`` on each paragraph, kept from one load to the next. Text
stored in any other form, such as the importer's Markdown output, counts as
changed the first time anyone saves the story, even with nothing typed: a
revision in their name, and a desk editor who only opened the story to approve
it becomes its "last editor" (``DeskValidationTask.conflict_of_interest``).

So text that does not come through the editor is stored the way the editor
would store it, by the editor's own converters (the body's paragraph widget).
"""

from __future__ import annotations

from functools import cache

from django.utils.deconstruct import deconstructible
from wagtail.blocks.migrations.operations import BaseBlockOperation


@cache
def _paragraph_widget():
    from herald.articles.blocks import ArticleBodyBlock

    return ArticleBodyBlock.base_blocks["paragraph"].field.widget


def as_the_editor_saves(html: str) -> str:
    """``html`` (a body paragraph's rich text) as the admin's editor would save it
    unchanged: loaded into the editor's format and saved back, as a browser does."""
    return _round_trip(_paragraph_widget(), "paragraph", html)


def field_as_the_editor_saves(model, field_name: str, html: str) -> str:
    """``html`` for a page's ``RichTextField`` (the support page's body, the letters
    page's introduction) as the admin's editor would save it unchanged, by that field's
    own widget: its features decide what the editor keeps."""
    return _round_trip(model._meta.get_field(field_name).formfield().widget, field_name, html)


def _round_trip(widget, name: str, html: str) -> str:
    """``html`` loaded into ``widget`` (the editor's format) and posted back unchanged
    under the field name ``name``, as a browser does."""
    return widget.value_from_datadict({name: widget.format_value(html)}, {}, name)


@deconstructible
class ParagraphsAsTheEditorSaves(BaseBlockOperation):
    """For ``wagtail.blocks.migrations.MigrateStreamData``: each paragraph block's
    rich text stored as the editor saves it; text already in that form is kept
    as it is (its paragraph keys included)."""

    def apply(self, block_value):
        return as_the_editor_saves(block_value) if isinstance(block_value, str) else block_value

    @property
    def operation_name_fragment(self):
        return "paragraphs_as_the_editor_saves"
