"""The action Wagtail runs when a desk's workflow finishes (WAGTAIL_FINISH_WORKFLOW_ACTION)."""


def publish_validated_story(workflow_state, user=None):
    """Publish (or schedule) the approved story.

    Desk editors hold no page-publish permission, so nobody can skip the desk;
    the validation task has already checked who approved.
    """
    revision = workflow_state.content_object.get_latest_revision()
    revision.publish(user=user, skip_permission_checks=True)
