"""Signals other capabilities listen to (the newsroom imports none of them)."""

from django.dispatch import Signal

# Sent after a desk approved a story (it is published, or scheduled, by then), with
# page, user and options: what the editor chose on the approval form, e.g.
# {"send_to_newsletters": True}.
story_approved = Signal()
