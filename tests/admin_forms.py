"""What the Wagtail admin's page forms post, for tests that edit pages as people do."""

from __future__ import annotations

from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    querydict_from_html,
    rich_text,
    streamfield,
)


def admin_form_data(client, form_url, *, paragraphs, **fields) -> dict:
    """What the admin's page form at `form_url` posts: the form's own fields as
    rendered for the signed-in user, then the body and `fields` filled in."""
    response = client.get(form_url)
    assert response.status_code == 200, f"{form_url} answered {response.status_code}"
    rendered = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    data = {k: v for k, v in rendered.items() if "__prefix__" not in k}
    data.update(nested_form_data({
        "body": streamfield([("paragraph", rich_text(f"<p>{p}</p>")) for p in paragraphs]),
        "comments": inline_formset([]),
    }))
    data.update(fields)
    return data
