"""A flush (what ends every ``transaction=True`` test) leaves the site answering:
the tests a worker runs after it find the home page and the default Wagtail site
that migrations create (``_home_page_after_flush`` in tests/conftest.py)."""

import pytest
from django.core.management import call_command
from wagtail.models import Site

from herald.site.models import HomePage


@pytest.mark.django_db(transaction=True)
def test_after_a_flush_the_default_site_serves_the_home_page(client):
    call_command("flush", interactive=False, verbosity=0)
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    assert client.get("/").status_code == 200
