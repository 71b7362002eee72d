"""HERALD_SEARCH_URL as Wagtail search configuration (no cluster needed)."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from herald.config import search_backends


def test_empty_means_the_database_backend():
    assert search_backends("") == {"default": {"BACKEND": "wagtail.search.backends.database"}}


@pytest.mark.parametrize("url, backend, node, prefix, auth", [
    ("elasticsearch8://es.internal:9200/ledger", "wagtail.search.backends.elasticsearch8",
     "http://es.internal:9200", "ledger_", None),
    ("opensearch2+https://search:s%40cret@os.internal/", "wagtail.search.backends.opensearch2",
     "https://os.internal:9200", "herald_", ("search", "s@cret")),
    ("elasticsearch9://127.0.0.1:9201", "wagtail.search.backends.elasticsearch9",
     "http://127.0.0.1:9201", "herald_", None),
])
def test_a_cluster_url_becomes_a_backend(url, backend, node, prefix, auth):
    config = search_backends(url)["default"]
    assert config["BACKEND"] == backend
    assert config["URLS"] == [node]
    assert config["INDEX_PREFIX"] == prefix
    assert config["OPTIONS"].get("basic_auth") == auth


@pytest.mark.parametrize("url", ["solr://host:8983", "elasticsearch8+ftp://h:1", "opensearch2://"])
def test_a_wrong_url_stops_start_up_naming_the_setting(url):
    with pytest.raises(ImproperlyConfigured, match="HERALD_SEARCH_URL must be"):
        search_backends(url)
