"""Shared test helpers live in support modules: a test module that imports another test
module runs that module's tests' imports and couples unrelated tests, and a helper kept in a
conftest is a fixture file used as a library."""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).parent


def _imported_modules(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
        elif isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
    return names


def _imports_where(wrong: str) -> list[str]:
    found = []
    for path in sorted(TESTS.rglob("*.py")):
        for module in _imported_modules(path):
            last = module.rsplit(".", 1)[-1]
            if module.startswith("tests.") and (
                (wrong == "test module" and last.startswith("test_"))
                or (wrong == "conftest" and last == "conftest" and path.name != "conftest.py")
            ):
                found.append(f"{path.relative_to(TESTS.parent)} imports {module}")
    return found


def test_no_module_imports_a_test_module() -> None:
    assert _imports_where("test module") == []


def test_only_conftests_import_from_a_conftest() -> None:
    # A conftest may take fixtures from another; helpers belong in a support module.
    assert _imports_where("conftest") == []
