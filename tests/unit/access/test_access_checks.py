"""System checks: the paywall's middleware and meter store."""

from herald.access.checks import (
    ACCESS_MIDDLEWARE,
    PAGE_CACHE_MIDDLEWARE,
    check_access_middleware,
    check_meter_cache,
    check_signed_media_lifetime,
)


def ids(errors):
    return [error.id for error in errors]


def test_middleware_in_place_passes(settings):
    assert check_access_middleware(None) == []


def test_missing_middleware_is_an_error(settings):
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m != ACCESS_MIDDLEWARE]
    assert ids(check_access_middleware(None)) == ["access.E001"]


def test_middleware_after_the_page_cache_is_an_error(settings):
    rest = [m for m in settings.MIDDLEWARE if m not in (ACCESS_MIDDLEWARE, PAGE_CACHE_MIDDLEWARE)]
    settings.MIDDLEWARE = [PAGE_CACHE_MIDDLEWARE, ACCESS_MIDDLEWARE, *rest]
    assert ids(check_access_middleware(None)) == ["access.E002"]


def test_meter_cache_missing_is_a_warning(settings):
    settings.HERALD_METER_CACHE = "nowhere"
    assert ids(check_meter_cache(None)) == ["access.W001"]


def test_meter_in_the_file_page_cache_is_a_warning(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                                   "LOCATION": "/tmp/herald-check-test"}}
    settings.HERALD_METER_CACHE = "default"
    assert ids(check_meter_cache(None)) == ["access.W002"]


def test_signed_media_outliving_cached_pages_passes(settings):
    settings.HERALD_PAGE_CACHE_SECONDS, settings.HERALD_SIGNED_MEDIA_SECONDS = 60, 360
    assert check_signed_media_lifetime(None) == []


def test_signed_media_expiring_with_cached_pages_is_an_error(settings):
    settings.HERALD_PAGE_CACHE_SECONDS, settings.HERALD_SIGNED_MEDIA_SECONDS = 600, 899
    assert ids(check_signed_media_lifetime(None)) == ["access.E003"]
    assert check_signed_media_lifetime(None)[0].hint == (
        "Set HERALD_SIGNED_MEDIA_SECONDS to at least 900 (HERALD_PAGE_CACHE_SECONDS + 300); "
        "the default is 3600."
    )
