"""The shape issue 10 gave the code, checked on every run so it stays that way.

The domain imports only the standard library, ``holidays`` and itself; the side panel and the
add-on never catch ``ValueError`` as control flow; at most two functions are longer than 50 lines
of code (``scripts/long_functions.py`` counts them).
"""

from __future__ import annotations

import ast
import importlib.util
import sys
from pathlib import Path

import aibou

PACKAGE = Path(aibou.__file__).parent
ROOT = PACKAGE.parent


def imported_modules(path: Path) -> set[str]:
    """The top-level names ``path`` imports (``from aibou.x import y`` gives ``aibou.x``)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_the_domain_imports_only_the_standard_library_holidays_and_itself() -> None:
    outside = {
        f"{path.relative_to(PACKAGE)}: {name}"
        for path in (PACKAGE / "domain").rglob("*.py")
        for name in imported_modules(path)
        if name.split(".")[0] not in sys.stdlib_module_names
        and name.split(".")[0] != "holidays"
        and name != "aibou.domain"
        and not name.startswith("aibou.domain.")
    }
    assert outside == set()


def test_the_panel_and_the_addon_catch_no_value_error() -> None:
    def catches_value_error(handler: ast.ExceptHandler) -> bool:
        kinds = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
        return any(isinstance(k, ast.Name) and k.id == "ValueError" for k in kinds)

    folders = [PACKAGE / "panel", PACKAGE / "web" / "addon"]
    found = [
        f"{path.relative_to(PACKAGE)}:{node.lineno}"
        for folder in folders
        for path in folder.rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ExceptHandler) and node.type and catches_value_error(node)
    ]
    assert found == []


def test_at_most_two_functions_are_longer_than_fifty_lines_of_code() -> None:
    spec = importlib.util.spec_from_file_location(
        "long_functions", ROOT / "scripts/long_functions.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert len(module.long_functions(50)) <= 2, module.long_functions(50)
