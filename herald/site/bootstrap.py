"""Make sure the page tree has its root, the home page and the default site.

The data migration creates them on a fresh database; this puts them back when
something has emptied the tables since (a flush in tests, a hand clean-up).
"""

from __future__ import annotations

from django.db import transaction
from wagtail.models import Collection, Locale, Page, Site

from herald.site.models import HomePage


@transaction.atomic
def ensure_home_page() -> HomePage:
    home = HomePage.objects.first()
    if home is not None:
        return home
    from django.conf import settings
    from wagtail.coreutils import get_supported_content_language_variant

    Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    if not Collection.objects.exists():
        Collection.add_root(name="Root")
    root = Page.get_first_root_node() or Page.add_root(title="Root", slug="root")
    home = root.add_child(instance=HomePage(title="Home", slug="home"))
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", root_page=home, is_default_site=True, site_name="Herald")
    return home
