"""herald.core.sites: the site a request belongs to, and the default one for work done
outside a request (e-mails, newsletter issues, the demo)."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from wagtail.models import Page, Site

from herald.core.sites import default_site, site_for

pytestmark = pytest.mark.django_db


def test_the_default_site_and_none_before_one_is_configured(home):
    assert default_site() == Site.objects.get(is_default_site=True)
    Site.objects.update(is_default_site=False)
    assert default_site() is None


def test_a_request_gets_its_hosts_site_and_an_unclaimed_host_the_default(home):
    default = Site.objects.get(is_default_site=True)
    other = Site.objects.create(hostname="other.example", port=80, site_name="Other",
                                root_page=Page.objects.get(pk=home.pk), is_default_site=False)
    factory = RequestFactory()

    assert site_for(factory.get("/", HTTP_HOST="other.example")) == other
    assert site_for(factory.get("/", HTTP_HOST="nobody.example")) == default
    assert site_for(None) == default
