"""Herald and its tests use Django, Wagtail and redis-py through their public APIs.

No import of a private name (a module or name starting with ``_``) from those
libraries, no ``_attribute`` reached through a name imported from them, and no
override of a private method of their classes, anywhere in ``herald/`` or
``tests/``: private names change without notice
between releases. The documented underscore APIs of Django's models
(``_meta``, ``_default_manager``, ``_base_manager``) are public.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LIBRARIES = {"django", "wagtail", "redis", "django_redis"}
DOCUMENTED = {"_meta", "_default_manager", "_base_manager"}


def private(name: str) -> bool:
    return name.startswith("_") and not (name.endswith("__") and name.startswith("__"))


def from_library(module: str | None) -> bool:
    return module is not None and module.split(".")[0] in LIBRARIES


def private_uses(source: str) -> list[tuple[int, str]]:
    """(line, what) for each private name of the libraries ``source`` reaches."""
    tree = ast.parse(source)
    found = []
    bound: dict[str, str] = {}  # local name -> the library's dotted name
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if not from_library(alias.name):
                    continue
                if any(private(part) for part in alias.name.split(".")):
                    found.append((node.lineno, f"import {alias.name}"))
                local = alias.asname or alias.name.split(".")[0]
                bound[local] = alias.name if alias.asname else local
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and from_library(node.module):
            if any(private(part) for part in node.module.split(".")):
                found.append((node.lineno, f"from {node.module} import …"))
            for alias in node.names:
                if private(alias.name) and alias.name not in DOCUMENTED:
                    found.append((node.lineno, f"from {node.module} import {alias.name}"))
                bound[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and private(node.attr) and node.attr not in DOCUMENTED:
            root = node.value
            while isinstance(root, ast.Attribute):
                root = root.value
            if isinstance(root, ast.Name) and root.id in bound:
                found.append((node.lineno, ast.unparse(node)))
        elif isinstance(node, ast.ClassDef):
            bases = [library_object(ast.unparse(base), bound) for base in node.bases]
            for item in node.body:
                if (isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef) and private(item.name)
                        and any(hasattr(base, item.name) for base in bases if base is not None)):
                    found.append((item.lineno, f"{node.name}.{item.name} overrides a private method"))
    return sorted(found)


def library_object(expression: str, bound: dict[str, str]):
    """The library class ``expression`` (as written in the module) names, or None."""
    head, _, rest = expression.partition(".")
    if head not in bound:
        return None
    dotted = f"{bound[head]}.{rest}" if rest else bound[head]
    module, _, name = dotted.rpartition(".")
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        try:
            return importlib.import_module(dotted)
        except ImportError:
            return None


def sources():
    for folder in ("herald", "tests"):
        yield from sorted((ROOT / folder).rglob("*.py"))


def test_no_private_name_of_django_wagtail_or_redis_is_used():
    offenders = [f"{path.relative_to(ROOT)}:{line}: {what}"
                 for path in sources() for line, what in private_uses(path.read_text())]
    assert offenders == []


@pytest.mark.parametrize("source, expected", [
    ("from redis._parsers.encoders import Encoder", [(1, "from redis._parsers.encoders import …")]),
    ("from django.core.cache.backends.filebased import FileBasedCache\n"
     "FileBasedCache._cull(None)", [(2, "FileBasedCache._cull")]),
    ("from django.utils.http import _urlparse", [(1, "from django.utils.http import _urlparse")]),
    ("import django.core.signing\ndjango.core.signing._cookie_signer_key(b'')",
     [(2, "django.core.signing._cookie_signer_key")]),
    ("import wagtail._private as w", [(1, "import wagtail._private")]),
    ("from django.contrib.auth.models import User\nUser._meta.get_field('email')", []),
    ("from herald.core import page_keys\npage_keys._x\nrequest._herald_page_address", []),
    ("from django.db import models\nclass A(models.Model):\n    def __str__(self): ...", []),
    ("from django.core.cache.backends.filebased import FileBasedCache\n"
     "class C(FileBasedCache):\n    def _cull(self): ...\n    def _mine(self): ...",
     [(3, "C._cull overrides a private method")]),
    ("from django.core.cache.backends import filebased\n"
     "class C(filebased.FileBasedCache):\n    def _cull(self): ...",
     [(3, "C._cull overrides a private method")]),
])
def test_the_check_finds_private_names_and_only_them(source, expected):
    assert private_uses(source) == expected
