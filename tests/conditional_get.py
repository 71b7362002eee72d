"""Conditional GET checks shared by the feed and sitemap tests."""

from __future__ import annotations


def text_of(response) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return body.decode()


def assert_withdrawal_is_no_304(client, paths, withdraw, gone: str) -> None:
    """Each path answers 304 to its own Last-Modified; after `withdraw()` a reader sending
    that old date gets the whole file again (200) without `gone`, and the new date 304."""
    before = {path: client.get(path)["Last-Modified"] for path in paths}
    for path, modified in before.items():
        assert client.get(path, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304, path

    withdraw()

    for path, modified in before.items():
        again = client.get(path, HTTP_IF_MODIFIED_SINCE=modified)
        assert again.status_code == 200, path
        assert gone not in text_of(again), path
        assert client.get(path, HTTP_IF_MODIFIED_SINCE=again["Last-Modified"]).status_code == 304
