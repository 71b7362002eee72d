"""The newsletter choices other apps' templates show (the account page)."""

from django import template
from django.template.loader import render_to_string

from herald.newsletters import actions
from herald.newsletters.forms import ChoicesForm

register = template.Library()


@register.simple_tag(takes_context=True)
def newsletter_choices(context, subscriber):
    """The reader's newsletter checkboxes (for the account page)."""
    form = ChoicesForm(initial={"newsletters": actions.active_newsletters_of(subscriber)})
    return render_to_string("newsletters/account_choices.html",
                            {"form": form, "subscriber": subscriber}, request=context.get("request"))
