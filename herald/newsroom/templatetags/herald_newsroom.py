"""Tags for the desk's admin templates."""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from wagtail import hooks

register = template.Library()


@register.simple_tag(takes_context=True)
def desk_approval_panels(context, page):
    """What other apps show an editor above the approve form.

    Each ``herald_desk_approval_panel`` hook gets the story and the approve form
    (bound after a refused approval) and returns HTML (the validation assistant
    returns its checklist), so the newsroom knows nothing of the apps that
    extend its workflow.
    """
    return mark_safe("".join(
        conditional_escape(hook(page=page, form=context.get("form")))
        for hook in hooks.get_hooks("herald_desk_approval_panel")
    ))
