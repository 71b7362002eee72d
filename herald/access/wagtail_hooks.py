from django.http import Http404
from django.utils.cache import patch_cache_control
from wagtail import hooks

from herald.access import media
from herald.access.entitlement import decision_for, public_decision
from herald.articles import fragments
from herald.articles.models import ArticlePage
from herald.articles.templatetags.article_media import MEDIA_ADDRESS, MEDIA_ADDRESS_EPOCH
from herald.core import content_version


@hooks.register("on_serve_page")
def decide_before_serving_story(serve_page):
    """Decide before a story renders; keep a gated story out of the shared page cache."""

    def serve(page, request, args, kwargs):
        if not isinstance(page, ArticlePage):
            return serve_page(page, request, args, kwargs)
        decision = decision_for(request, page)
        context = request.herald_access
        if not (context.precomputed or decision.public or request.user.is_authenticated):
            # For the access middleware to remember this story. The page cache
            # pinned the version before the page was read: the facts are at
            # least as new as the version.
            context.version = content_version.current()
        if not decision.public:
            # Its pictures and sound go out at signed, expiring addresses: the
            # plain ones refuse the files of gated stories (herald.access.media).
            setattr(request, MEDIA_ADDRESS, media.signed_address)
            setattr(request, MEDIA_ADDRESS_EPOCH, media.address_epoch())
        # The story's parts for this reader, in one round trip (those the route
        # fetched already are not fetched again).
        fragments.prefetch(request, page, readers=decision.cache_variant,
                           everyones=public_decision(page, request).cache_variant)
        response = serve_page(page, request, args, kwargs)
        if not decision.public:
            # This page differs per reader: the shared page cache must not
            # keep it. The access middleware caches it per entitlement.
            patch_cache_control(response, private=True)
        return response

    return serve


@hooks.register("before_serve_document")
def refuse_documents_of_gated_stories(document, request):
    """A document a gated story uses is served only at its signed address (editors excepted)."""
    if media.verdict_for(document.file.name).withheld and not media.may_see_withheld(request):
        raise Http404("No such document.")
