import pytest

from herald.core import signin_throttle


@pytest.mark.django_db
def test_failed_sign_ins_are_throttled_per_account_without_revealing_it(client, newsroom):
    statuses = []
    for _ in range(signin_throttle.PER_ACCOUNT + 1):
        response = client.post("/admin/login/", {"username": "europe-editor", "password": "wrong"})
        statuses.append(response.status_code)
    assert statuses[: signin_throttle.PER_ACCOUNT] == [200] * signin_throttle.PER_ACCOUNT
    assert statuses[-1] == 429
    # The right password is refused too while the account is throttled.
    blocked = client.post("/admin/login/", {"username": "europe-editor", "password": "pw"})
    assert blocked.status_code == 429
    assert blocked.content.decode() == "Too many failed sign-in attempts. Wait 15 minutes and try again."
    # An unknown account gets exactly the same treatment.
    for _ in range(signin_throttle.PER_ACCOUNT):
        client.post("/admin/login/", {"username": "nobody-here", "password": "wrong"})
    assert client.post("/admin/login/", {"username": "nobody-here", "password": "x"}).status_code == 429


@pytest.mark.django_db
def test_other_accounts_still_sign_in(client, newsroom):
    for _ in range(signin_throttle.PER_ACCOUNT):
        client.post("/admin/login/", {"username": "europe-editor", "password": "wrong"})
    response = client.post("/admin/login/", {"username": "world-editor", "password": "pw"})
    assert response.status_code == 302
