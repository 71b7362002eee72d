"""docs/settings.md stays true: every variable it lists is read, and read through
herald/config.py's typed helpers, never with a raw ``os.environ`` elsewhere."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERALD = ROOT / "herald"
CONFIG = HERALD / "config.py"
HELPERS = {"env_str", "env_bool", "env_int", "env_list"}


def documented() -> set[str]:
    text = (ROOT / "docs" / "settings.md").read_text()
    return set(re.findall(r"^\| `([A-Z][A-Z0-9_]+)` \|", text, re.M))


def _sources():
    for path in sorted(HERALD.rglob("*.py")):
        if "migrations" not in path.parts:
            yield path, ast.parse(path.read_text(), filename=str(path))


def _is_environ(node) -> bool:
    """``os.environ`` (or a bare ``environ`` imported from os)."""
    return (isinstance(node, ast.Attribute) and node.attr == "environ") or (
        isinstance(node, ast.Name) and node.id == "environ"
    )


def _name(node) -> str:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else "?"


def raw_reads(tree) -> list[tuple[int, str]]:
    """(line, variable) for each read of the environment that bypasses the helpers."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            func = node.func
            if func.attr in {"get", "pop"} and _is_environ(func.value):
                found.append((node.lineno, _name(node.args[0]) if node.args else "?"))
            elif func.attr == "getenv":
                found.append((node.lineno, _name(node.args[0]) if node.args else "?"))
        elif isinstance(node, ast.Subscript) and _is_environ(node.value):
            if isinstance(node.ctx, ast.Load):
                found.append((node.lineno, _name(node.slice)))
    return sorted(found)


def helper_reads(tree) -> set[str]:
    """Variables named as the first argument of config's typed helpers."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and node.args:
            func = node.func
            called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if called in HELPERS:
                names.add(_name(node.args[0]))
    return names


def test_nothing_outside_config_reads_the_environment_raw():
    offenders = [
        f"{path.relative_to(ROOT)}:{line} reads {name}"
        for path, tree in _sources() if path != CONFIG
        for line, name in raw_reads(tree)
    ]
    assert offenders == [], "read these through herald/config.py's helpers:\n" + "\n".join(offenders)


def test_every_documented_variable_is_read_through_config():
    read = set()
    for path, tree in _sources():
        read |= helper_reads(tree)
        if path == CONFIG:
            read |= {name for _, name in raw_reads(tree)}
    unread = sorted(documented() - read)
    assert unread == [], f"docs/settings.md lists variables config.py never reads: {unread}"


def test_the_check_sees_a_raw_read():
    tree = ast.parse('import os\nport = int(os.environ.get("HERALD_PORT", "80"))\n'
                     'key = os.environ["SECRET_KEY"]\nos.environ["X"] = "1"\n')
    assert raw_reads(tree) == [(2, "HERALD_PORT"), (3, "SECRET_KEY")]


def test_the_docs_list_the_variables_settings_read():
    assert {"SECRET_KEY", "DATABASE_URL", "HERALD_VAR_DIR", "HERALD_WORKERS"} <= documented()
