"""The layers of docs/architecture.md: no app imports another inside a function
unless the function's docstring says why the import must be late (checked here;
the direction of module-level imports is checked by `lint-imports`)."""

from __future__ import annotations

import ast
from pathlib import Path

HERALD = Path(__file__).resolve().parents[2] / "herald"


def late_cross_app_imports(source: str, name: str, app: str) -> list[str]:
    """``name:line function() imports module`` for each undocumented late import of another app."""
    tree = ast.parse(source, filename=name)
    found = []
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        docstring = (ast.get_docstring(function) or "").lower()
        for node in ast.walk(function):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules = [node.module]
            elif isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            else:
                continue
            for module in modules:
                parts = module.split(".")
                if parts[0] == "herald" and len(parts) > 1 and parts[1] != app:
                    if "late" not in docstring:
                        found.append(f"{name}:{node.lineno} {function.name}() imports {module}")
    return found


def test_no_app_imports_another_inside_a_function_without_saying_why():
    found = []
    for path in sorted(HERALD.glob("*/**/*.py")):
        app = path.relative_to(HERALD).parts[0]
        if "migrations" not in path.parts:
            name = str(path.relative_to(HERALD.parent))
            found += late_cross_app_imports(path.read_text(), name, app)
    assert found == [], "import at module level, or say in the docstring why late:\n" + "\n".join(found)


def test_the_check_finds_an_undocumented_late_import():
    source = ('def a():\n    from herald.site.listing import home_sections\n\n'
              'def b():\n    """Imported late: the app registry."""\n    from herald.core import x\n\n'
              'def c():\n    from herald.newsroom.models import DeskPage\n')
    assert late_cross_app_imports(source, "newsroom/views.py", "newsroom") == [
        "newsroom/views.py:2 a() imports herald.site.listing"
    ]
