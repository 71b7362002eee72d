"""Pure rules of reader revenue: magic-link checks, weekly buckets, SVG charts."""

from datetime import UTC, datetime, timedelta

import pytest

from herald.memberships import magic_links
from herald.memberships.charts import Bar, bar_chart
from herald.memberships.models import SignInLink
from herald.memberships.revenue import bucket, week_starts

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
SECRET = "browser-secret"


def link(*, used=False, expires_in=86400, browser=SECRET):
    return SignInLink(email="a@example.org", used_at=NOW if used else None,
                      browser_hash=magic_links._hash(browser) if browser else "",
                      expires_at=datetime.now(UTC) + timedelta(seconds=expires_in))


@pytest.mark.parametrize("case, secret, outcome", [
    (None, SECRET, magic_links.Outcome.UNKNOWN),
    (link(), SECRET, magic_links.Outcome.OK),
    (link(used=True), SECRET, magic_links.Outcome.USED),
    (link(used=True, expires_in=-86400), SECRET, magic_links.Outcome.USED),
    (link(expires_in=-86400), SECRET, magic_links.Outcome.EXPIRED),
    (link(), "", magic_links.Outcome.OTHER_BROWSER),
    (link(), "another-browser", magic_links.Outcome.OTHER_BROWSER),
    (link(browser=""), "", magic_links.Outcome.OK),  # requested where no cookie could be set
])
def test_magic_link_check(case, secret, outcome):
    assert magic_links.check(case, secret) is outcome


def test_weeks_start_on_monday_and_end_with_the_current_week():
    weeks = week_starts(NOW, 3)
    assert [w.start.isoformat() for w in weeks] == [
        "2026-11-09T00:00:00+00:00", "2026-11-16T00:00:00+00:00", "2026-11-23T00:00:00+00:00"]
    assert [w.label for w in weeks] == ["09 Nov", "16 Nov", "23 Nov"]


def test_bucket_counts_times_per_week_and_drops_older_ones():
    weeks = week_starts(NOW, 2)
    times = [NOW, NOW - timedelta(days=2), NOW - timedelta(days=8), NOW - timedelta(days=30)]
    assert bucket(times, weeks) == [1, 2]


def test_bar_chart_labels_every_bar_and_escapes_text():
    svg = str(bar_chart("Members <by> tier", [Bar("Reader", 2), Bar("Patron", 1)]))
    assert svg.count("<rect ") == 2
    assert '<svg role="img" aria-label="Members &lt;by&gt; tier"' in svg
    assert "<title>Reader: 2</title>" in svg and "<title>Patron: 1</title>" in svg
    assert 'height="136.0"' in svg  # the tallest bar fills the plot
    assert 'height="68.0"' in svg


def test_bar_chart_with_no_data_draws_an_empty_axis():
    svg = str(bar_chart("Donations", []))
    assert "<rect " not in svg and "<line " in svg
