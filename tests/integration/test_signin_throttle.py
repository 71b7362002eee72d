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


@pytest.mark.django_db(transaction=True)
def test_concurrent_attempts_never_check_more_passwords_than_the_limit(newsroom):
    """Forty attempts sent at once: the count is taken atomically before the password is
    checked, so at most PER_ACCOUNT passwords are tried (the race once let 14 through)."""
    import threading

    from django.contrib.auth.signals import user_login_failed
    from django.db import connection
    from django.test import Client

    checked = []

    def count_checked(sender, credentials, **kwargs):
        checked.append(credentials.get("username"))

    user_login_failed.connect(count_checked)
    barrier = threading.Barrier(40)
    statuses = []

    def attempt(n):
        barrier.wait()
        try:
            response = Client().post("/admin/login/", {"username": "europe-editor",
                                                       "password": f"guess-{n}"})
            statuses.append(response.status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(40)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        user_login_failed.disconnect(count_checked)
    assert len(checked) <= signin_throttle.PER_ACCOUNT
    assert sorted(statuses) == [200] * len(checked) + [429] * (40 - len(checked))
