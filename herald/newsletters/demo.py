"""Demo newsletters: each desk already has its own (made with the desk); the demo adds a
daily digest and a few subscribers, imported as `herald subscribers import` would."""

from __future__ import annotations

import datetime

from herald.newsletters import actions
from herald.newsletters.models import Newsletter

DIGEST = "Morning Briefing"
SUBSCRIBERS = """email,name,newsletters,consent
ines.alvarez@meridian-ledger.invalid,Inés Álvarez,morning-briefing,yes
tomas.berg@meridian-ledger.invalid,Tomas Berg,europe;morning-briefing,yes
amara.okafor@meridian-ledger.invalid,Amara Okafor,world,yes
kenji.mori@meridian-ledger.invalid,Kenji Mori,opinion;morning-briefing,yes
"""


def load(log=print) -> None:
    """The daily digest (07:00, publication time) and four subscribers with their choices.

    Runs before the demo's readers are created, so they get every newsletter on offer.
    """
    digest, _ = Newsletter.objects.get_or_create(slug="morning-briefing", defaults={
        "name": DIGEST, "schedule": Newsletter.Schedule.DAILY, "send_time": datetime.time(7, 0),
        "description": "Every morning at seven: the stories of the last day, from every desk."})
    known = {n.slug for n in Newsletter.objects.all()}
    rows = [line for line in SUBSCRIBERS.splitlines()
            if line.startswith("email") or all(
                slug in known for slug in line.split(",")[2].split(";"))]
    report = actions.import_subscribers(rows)
    log(f"Newsletters: {Newsletter.objects.count()} (one per desk and {digest.name}), "
        f"{report.imported} subscribers imported.")
