"""List the functions of ``aibou/`` with more than N lines of code (default 50).

Lines of code: the lines of the function's body that hold code, without its docstring, blank
lines and comment-only lines. ``python scripts/long_functions.py [N]``
"""

from __future__ import annotations

import ast
import io
import sys
import tokenize
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def code_lines(source: str) -> set[int]:
    """Line numbers that hold a token other than a comment or a line break."""
    skip = {tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT}
    lines: set[int] = set()
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type not in skip:
            lines.update(range(token.start[0], token.end[0] + 1))
    return lines


def long_functions(limit: int) -> list[tuple[int, str]]:
    found = []
    for path in sorted((ROOT / "aibou").rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        code = code_lines(source)
        for node in ast.walk(ast.parse(source)):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            body = node.body
            first = body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                body = body[1:] or body  # the docstring is not code
            start, end = body[0].lineno, node.end_lineno or node.lineno
            count = len([n for n in code if start <= n <= end])
            if count > limit:
                found.append((count, f"{path.relative_to(ROOT)}:{node.lineno} {node.name}"))
    return sorted(found, reverse=True)


if __name__ == "__main__":
    for count, where in long_functions(int(sys.argv[1]) if len(sys.argv) > 1 else 50):
        print(f"{count:4}  {where}")
