"""Django's system checks pass on the configuration the suite runs with.

pytest-django does not run them, but `herald demo`, `migrate` and `herald serve`
do: a model error (a field shadowing a model method, say) would stop every one of
them while every other test still passed."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

pytestmark = pytest.mark.django_db


def test_system_checks_report_no_errors():
    try:
        call_command("check", fail_level="ERROR", databases=["default"])
    except SystemCheckError as error:
        pytest.fail(f"System checks failed:\n{error}")


def test_every_model_change_has_a_migration():
    """A model edited without its migration would break `make demo` on a fresh clone."""
    call_command("makemigrations", check=True, dry_run=True, verbosity=0)
