"""Desks, the publication's identity and look, and the desk validation workflow task."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.images.models import Filter
from wagtail.locks import WorkflowLock
from wagtail.models import Page, PagePermissionTester, Task, TaskState

from herald.core import content_version
from herald.core.pagination import keyset_paginate
from herald.core.site_settings import VersionedSiteSetting
from herald.newsroom import branding
from herald.newsroom.signals import story_approved


def _renditions(image, spec: str) -> list:
    """``image``'s renditions for ``spec`` (braces expanded), in order; [] without an image."""
    if image is None:
        return []
    return list(image.get_renditions(*Filter.expand_spec(spec)).values())


@register_setting(icon="site")
class PublicationSettings(VersionedSiteSetting, BaseSiteSetting):
    """The publication's name, the prompts readers see on every article, and its branding
    (logo, accent colour, favicon, default social image: herald.newsroom.branding)."""

    name = models.CharField(max_length=120, default="Herald")
    tagline = models.CharField(max_length=200, blank=True)
    support_prompt = models.CharField(
        max_length=200, default="Our reporting is paid for by its readers. If you value it, give what you can."
    )
    subscribe_prompt = models.CharField(
        max_length=300,
        default="Subscribe now to keep reading and get access to the full archive.",
        help_text="The subscribe band's sentence on every page but a free story: under a "
        "gated story's cut, on the home, desk and topic pages.",
    )
    free_story_subscribe_prompt = models.CharField(
        "subscribe prompt after a free story",
        max_length=300,
        default="Subscribe for free to get our newsletters, with our new stories in your "
        "inbox.",
        help_text="The subscribe band's sentence under a free story, which the reader has "
        "read in full (nothing was cut, so nothing to “keep reading”), and the slide-in "
        "subscribe panel's.",
    )
    logo = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown in the masthead and e-mails instead of the name (which stays its "
        "text for screen readers). A wide PNG or WebP, at least 128 pixels high. Empty: the "
        "name in type.",
    )
    accent_colour = models.CharField(
        max_length=7, blank=True, validators=[branding.validate_accent],
        help_text="Buttons, kickers and links in hex, like #a4161a. It must contrast with "
        "white by at least 4.5:1 (WCAG AA): a lighter colour is refused with a darker shade "
        "that passes. Empty: Herald's red.",
    )
    favicon = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
        help_text="The icon in browser tabs, on phones' home screens and in feed readers: "
        "a square picture, at least 512 × 512 pixels. Empty: Herald's icon.",
    )
    social_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name="default social image",
        help_text="Shown when a page is shared that has no picture of its own (and for "
        "gated stories). Cropped to 1200 × 630.",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("tagline"),
        MultiFieldPanel(
            [FieldPanel("support_prompt"), FieldPanel("subscribe_prompt"),
             FieldPanel("free_story_subscribe_prompt")],
            heading="Reader prompts",
        ),
        MultiFieldPanel(
            [FieldPanel("logo"), FieldPanel("accent_colour"), FieldPanel("favicon"),
             FieldPanel("social_image")],
            heading="Branding",
        ),
    ]

    class Meta:
        verbose_name = "publication"

    def clean(self):
        super().clean()
        try:
            self.accent_colour = branding.normalise(self.accent_colour)
        except ValidationError:
            pass  # the field's validator has said why

    @property
    def accent(self) -> str:
        return self.accent_colour or branding.DEFAULT_ACCENT

    @property
    def accent_dark(self) -> str:
        return branding.hover_shade(self.accent)

    @property
    def has_own_accent(self) -> bool:
        return self.accent != branding.DEFAULT_ACCENT

    def logo_renditions(self) -> list:
        """The logo at one and two pixels per point, or [] without a logo."""
        return _renditions(self.logo, branding.LOGO)

    def icon(self, purpose: str):
        """The favicon's rendition for ``purpose`` (``branding.ICONS``), or None."""
        found = _renditions(self.favicon, branding.ICONS[purpose])
        return found[0] if found else None

    def social_rendition(self):
        """The default social image at the size link previews use, or None."""
        found = _renditions(self.social_image, branding.SHARE)
        return found[0] if found else None


class DeskPermissionTester(PagePermissionTester):
    """Wagtail's answers for a desk's own page, with the desk's reporters' grants
    counting there only for adding stories under it: Wagtail's page permissions reach
    the page they are given on too, and the reporters' *change* is for the desk's
    stories, not its title, description and people (herald.newsroom.permissions)."""

    def __init__(self, user, page):
        super().__init__(user, page)
        if hasattr(self, "permissions"):  # an active user who is not the publisher
            self.permissions = {
                perm.permission.codename.rsplit("_", maxsplit=1)[0]
                for perm in self.permission_policy.get_cached_permissions_for_user(user)
                if page.path.startswith(perm.page.path) and not (
                    perm.page_id == page.pk and perm.group_id == page.reporters_id
                    and perm.permission.codename != "add_page"
                )
            }


class DeskPage(Page):
    """A desk: it owns a byline and validates every story published under it.

    Stories live under their desk in the page tree, so Wagtail's page
    permissions and the desk's workflow apply to exactly the desk's stories.
    """

    description = models.TextField(
        help_text="Shown in every story's author box: what this desk validates."
    )
    editors = models.ForeignKey(
        Group, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="Desk editors: they approve or send back the desk's stories.",
    )
    reporters = models.ForeignKey(
        Group, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="Reporters: they draft stories and submit them to the desk.",
    )

    content_panels = Page.content_panels + [FieldPanel("description")]
    settings_panels = Page.settings_panels + [
        MultiFieldPanel([FieldPanel("editors"), FieldPanel("reporters")], heading="People"),
    ]
    parent_page_types = ["site.HomePage"]
    subpage_types = ["articles.ArticlePage"]
    template = "newsroom/desk_page.html"

    class Meta:
        verbose_name = "desk"

    @property
    def name(self) -> str:
        return self.title

    def permissions_for_user(self, user):
        """Wagtail's page permissions, but the desk's reporters do not edit the desk's own
        page: their grant is for the stories under it (herald.newsroom.permissions)."""
        return DeskPermissionTester(user, self)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The desk's stories through the reverse of ArticlePage.desk, so the
        # desk knows nothing of the article app above it.
        stories = (
            self.articles.live().select_related("desk").order_by("-first_published_at")
        )
        context["page_obj"] = keyset_paginate(stories, request)
        return context


# Changes whenever who may use the admin can change: a group or a permission given or
# taken (signal_handlers). ``may_use_admin`` keeps each account's answer under it.
PERMISSIONS_KEY = "herald:permissions-version"
ADMIN_ACCESS_SECONDS = 3600


def is_newsroom_staff(user) -> bool:
    """Reporters, editors and publishers: anyone who may use Wagtail's admin.

    The one rule for staff: they read every story, see the files of gated
    stories, and sign in with a password in the admin, never by a reader's link.
    (``has_perm`` is true for an active superuser and false for an inactive user.)
    """
    return bool(
        user is not None and user.is_authenticated
        and (user.is_staff or may_use_admin(user))
    )


def admin_access_key(user) -> str:
    """Where ``may_use_admin``'s answer for a signed-in ``user`` is kept."""
    return f"admin-access:{user.pk}:{user.is_active:d}{user.is_superuser:d}"


def may_use_admin(user) -> bool:
    """``user.has_perm("wagtailadmin.access_admin")``, kept per account.

    Asking Django costs two queries (the account's and its groups' permissions)
    on every page a signed-in reader opens, for an answer that changes only when
    a group or permission is given or taken. It is kept under the permissions
    version, which those changes bump, and keyed by the account's own flags that
    ``has_perm`` reads (active, superuser), which come with the account on each
    request.
    """
    if not user.is_authenticated:
        return False
    return content_version.cached(
        admin_access_key(user), ADMIN_ACCESS_SECONDS, lambda: user.has_perm("wagtailadmin.access_admin"),
        counter=PERMISSIONS_KEY,
    )


def is_desk_editor(user, desk: DeskPage) -> bool:
    return bool(
        user and user.is_authenticated and user.is_active and desk.editors_id
        and desk.editors_id in _group_ids(user)
    )


def is_desk_reporter(user, desk: DeskPage) -> bool:
    return bool(
        user and user.is_authenticated and user.is_active and desk.reporters_id
        and desk.reporters_id in _group_ids(user)
    )


def _group_ids(user) -> set[int]:
    if not hasattr(user, "_herald_group_ids"):
        user._herald_group_ids = set(user.groups.values_list("id", flat=True))
    return user._herald_group_ids


SEND_BACK_NEEDS_COMMENT = "Say what needs to change when sending a story back."


def waiting_for_validation(story: str, desk: DeskPage) -> str:
    """Why a story in ``desk``'s queue cannot be changed, in the newsroom's words:
    ``story`` is how the sentence names it ("This story", or its title)."""
    return (f"{story} is waiting for the {desk.title}’s validation: only the desk’s "
            "editors can change it until they approve it or send it back.")


class DeskValidationLock(WorkflowLock):
    """The lock on a story while it waits for its desk, in the newsroom's words: Wagtail's
    says "This page is currently awaiting moderation. Only reviewers for this task can
    edit the page." (``DeskValidationTask.lock_class``)."""

    def get_message(self, user):
        if not self.for_user(user):
            return None
        return waiting_for_validation("This story", self.task.desk)


class DeskValidationTask(Task):
    """The desk's check before publication: only its editors may approve, and
    never a story they wrote or last edited themselves."""

    desk = models.ForeignKey(DeskPage, on_delete=models.CASCADE, related_name="validation_tasks")

    admin_form_fields = Task.admin_form_fields + ["desk"]
    lock_class = DeskValidationLock

    class Meta:
        verbose_name = "desk validation"
        verbose_name_plural = "desk validations"

    @classmethod
    def get_description(cls):
        return _("Editors of the desk validate the story; nobody approves their own work.")

    def conflict_of_interest(self, page, user) -> bool:
        """True when `user` wrote or last edited the story under review."""
        if page.owner_id == user.pk:
            return True
        latest = page.get_latest_revision()
        return bool(latest and latest.user_id == user.pk)

    def user_can_approve(self, page, user) -> bool:
        return is_desk_editor(user, self.desk) and not self.conflict_of_interest(page, user)

    def user_can_access_editor(self, obj, user):
        return is_desk_editor(user, self.desk)

    def locked_for_user(self, obj, user):
        # The publisher (a superuser) may still publish directly, as with
        # Wagtail's own group approval task; everyone else waits for the desk.
        return not (user.is_superuser or is_desk_editor(user, self.desk))

    def user_can_lock(self, obj, user):
        return is_desk_editor(user, self.desk)

    def get_actions(self, obj, user):
        if not self.user_can_approve(obj, user):
            return []
        # Approval always opens a form: the editor sees the validation report
        # there and acknowledges each open warning.
        return [
            ("reject", _("Send back with comment"), True),
            ("approve", _("Approve and publish"), True),
        ]

    def get_form_for_action(self, action):
        if action == "approve":
            from herald.newsroom.forms import DeskApprovalForm

            return DeskApprovalForm
        if action == "reject":
            from herald.newsroom.forms import SendBackForm

            return SendBackForm
        return super().get_form_for_action(action)

    def get_template_for_action(self, action):
        if action == "approve":
            return "newsroom/approve_modal.html"
        return super().get_template_for_action(action)

    def on_action(self, task_state, user, action_name, **kwargs):
        from wagtail import hooks

        page = task_state.workflow_state.content_object.specific
        if action_name in {"approve", "reject"} and not self.user_can_approve(page, user):
            raise PermissionDenied(
                "Only an editor of this desk who neither wrote nor last edited the "
                "story may approve or send it back."
            )
        if action_name == "reject" and not str(kwargs.get("comment") or "").strip():
            raise PermissionDenied(SEND_BACK_NEEDS_COMMENT)
        acknowledged = kwargs.pop("acknowledged", None) or []
        kwargs.pop("review", None)  # the approval form's own pointer to this task state
        options = {"send_to_newsletters": bool(kwargs.pop("send_to_newsletters", False))}
        if action_name == "approve":
            # Other capabilities (the validation assistant) may refuse or record.
            for hook in hooks.get_hooks("herald_before_desk_approval"):
                hook(page=page, user=user, acknowledged=list(acknowledged), task=self)
        result = super().on_action(task_state, user, action_name, **kwargs)
        if action_name == "approve":
            page.refresh_from_db()
            story_approved.send(sender=type(page), page=page, user=user, options=options)
        return result

    def get_task_states_user_can_moderate(self, user, **kwargs):
        """"Awaiting your review": what this editor may approve. The stories
        they wrote or last edited are listed apart, with who can approve them
        (herald.newsroom.review)."""
        if not is_desk_editor(user, self.desk):
            return TaskState.objects.none()
        states = self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
        own = [
            state.pk for state in states.select_related("workflow_state")
            if self.conflict_of_interest(state.workflow_state.content_object, user)
        ]
        return states.exclude(pk__in=own)
