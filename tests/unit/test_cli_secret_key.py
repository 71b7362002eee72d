"""After `herald demo`, the other commands use the key it generated; `herald serve` never does."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

PRINT_KEY = "from django.conf import settings; print(settings.SECRET_KEY)"
DEMO_KEY = "demo-generated-key-0123456789-abcdefghijklmnopqrstuvwxyz"


def run(var_dir, *args):
    env = {k: v for k, v in os.environ.items()
           if k not in {"SECRET_KEY", "HERALD_DEBUG", "HERALD_DEMO", "HERALD_CLI"}}
    env["HERALD_VAR_DIR"] = str(var_dir)
    return subprocess.run([sys.executable, "-m", "herald", *args], env=env,
                          capture_output=True, text=True, timeout=60)


@pytest.fixture
def demo_var(tmp_path):
    (tmp_path / "secret_key").write_text(DEMO_KEY + "\n")
    return tmp_path


@pytest.fixture(scope="module")
def demo_shell(tmp_path_factory):
    """One `herald shell` in a demo checkout printing the key and the payment provider
    it runs with, then running the system checks as `herald check` does (one process
    start for the three tests that read them)."""
    var_dir = tmp_path_factory.mktemp("demo-var")
    (var_dir / "secret_key").write_text(DEMO_KEY + "\n")
    return run(var_dir, "shell", "--no-imports", "-c",
               f"{PRINT_KEY}; print(settings.HERALD_PAYMENT_PROVIDER); "
               "from django.core.management import call_command; call_command('check')")


def test_management_commands_use_the_demo_key(demo_shell):
    assert (demo_shell.returncode, demo_shell.stdout.splitlines()[:1]) == (0, [DEMO_KEY])


def test_without_a_demo_key_the_command_names_the_setting(tmp_path):
    result = run(tmp_path, "shell", "-c", PRINT_KEY)
    assert result.returncode == 2
    assert result.stderr.startswith("herald: configuration error: Set SECRET_KEY to a long random string")
    assert not (tmp_path / "secret_key").exists()


def test_serve_refuses_the_demo_key(demo_var):
    result = run(demo_var, "serve", "--no-collectstatic")
    assert result.returncode == 2
    assert result.stderr == (
        "herald serve: configuration error: Set SECRET_KEY to a long random string "
        "(the production server never uses the demo's var/secret_key; see docs/settings.md).\n"
    )


def test_commands_in_a_demo_checkout_take_the_demos_payment_provider(demo_shell):
    """Like the demo, not the production default: no Stripe warnings on every command."""
    assert (demo_shell.returncode, demo_shell.stdout.splitlines()[1:2]) == (0, ["development"])
    assert "STRIPE" not in demo_shell.stderr


def test_a_production_key_keeps_the_production_payment_provider(demo_var):
    env = {k: v for k, v in os.environ.items()
           if k not in {"HERALD_DEBUG", "HERALD_DEMO", "HERALD_CLI", "HERALD_PAYMENT_PROVIDER"}}
    env.update(HERALD_VAR_DIR=str(demo_var), SECRET_KEY="production-key-" + "x" * 40)
    result = subprocess.run(
        [sys.executable, "-m", "herald", "shell", "--no-imports", "-c",
         "from django.conf import settings; print(settings.HERALD_PAYMENT_PROVIDER)"],
        env=env, capture_output=True, text=True, timeout=60)
    assert (result.returncode, result.stdout) == (0, "stripe\n")


def test_commands_in_a_demo_checkout_print_no_payment_warning(demo_shell):
    """The demo's own provider in the demo's database is no misconfiguration: the system
    checks (`herald check`, and every command that runs them) say nothing about it there."""
    assert (demo_shell.returncode, demo_shell.stdout.splitlines()[2:]) == (
        0, ["System check identified no issues (0 silenced)."])
    assert "herald.memberships.W001" not in demo_shell.stderr


def test_the_development_provider_chosen_outside_the_demo_is_warned_about(demo_var):
    env = {k: v for k, v in os.environ.items()
           if k not in {"HERALD_DEBUG", "HERALD_DEMO", "HERALD_CLI"}}
    env.update(HERALD_VAR_DIR=str(demo_var), SECRET_KEY="production-key-" + "x" * 40,
               HERALD_PAYMENT_PROVIDER="development")
    result = subprocess.run([sys.executable, "-m", "herald", "check"], env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    assert ("?: (herald.memberships.W001) The development payment provider grants memberships "
            "without payment.") in result.stderr
