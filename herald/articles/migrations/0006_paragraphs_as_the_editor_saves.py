"""Stories already stored keep their paragraphs in the admin editor's own form.

Text brought in by ``herald import`` before this change (and so every demo
story) was stored as the importer's Markdown output: the first save of such a
story in the admin always counted as a change, even with nothing typed, and put
a revision in the name of whoever only opened it (a desk editor approving from
the edit page then became its "last editor" and was refused). Each paragraph is
now loaded into the editor's format and saved back, as the editor would
(``herald.articles.editor_rich_text``); paragraphs already in that form are
unchanged. Readers see the same text: Wagtail's ``<i>``/``<b>`` instead of
``<em>``/``<strong>``, a ``data-block-key`` on each paragraph.

The live content and the latest revision of every story are rewritten (what
readers see and what the editor opens); older revisions stay as they were.
"""

import datetime

from django.db import migrations
from wagtail.blocks.migrations.migrate_operation import MigrateStreamData

from herald.articles.editor_rich_text import ParagraphsAsTheEditorSaves

# MigrateStreamData always rewrites the live and latest revisions; no other
# revision was created on or after this moment.
ONLY_LIVE_AND_LATEST = datetime.datetime(9999, 1, 1, tzinfo=datetime.UTC)


class Migration(migrations.Migration):

    dependencies = [
        ("articles", "0005_articlepage_lead_image"),
    ]

    operations = [
        MigrateStreamData(
            app_name="articles",
            model_name="ArticlePage",
            field_name="body",
            operations_and_block_paths=[(ParagraphsAsTheEditorSaves(), "paragraph")],
            revisions_from=ONLY_LIVE_AND_LATEST,
            chunk_size=500,
        ),
    ]
