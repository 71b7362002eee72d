from django.utils.cache import patch_cache_control
from wagtail import hooks

from herald.access.entitlement import decision_for
from herald.core import content_version


@hooks.register("on_serve_page")
def decide_before_serving_story(serve_page):
    """Decide before a story renders; keep a gated story out of the shared page cache."""

    def serve(page, request, args, kwargs):
        from herald.articles.models import ArticlePage

        if not isinstance(page, ArticlePage):
            return serve_page(page, request, args, kwargs)
        decision = decision_for(request, page)
        context = request.herald_access
        if not (context.precomputed or decision.public or request.user.is_authenticated):
            # For the access middleware to remember this story. The page cache
            # pinned the version before the page was read: the facts are at
            # least as new as the version.
            context.version = content_version.current()
        response = serve_page(page, request, args, kwargs)
        if not decision.public:
            # This page differs per reader: the shared page cache must not
            # keep it. The access middleware caches it per entitlement.
            patch_cache_control(response, private=True)
        return response

    return serve
