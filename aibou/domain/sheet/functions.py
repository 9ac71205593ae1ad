"""The functions people belong to, and the labels they write for them.

The built-in keys are ``sales``, ``cs`` and ``dev``; the ``functions`` setting may name others,
which are then written as themselves.
"""

from __future__ import annotations

from aibou.domain.sheet.cells import fold

__all__ = ["FUNCTION_ALIASES", "canonical_function"]

#: Labels people write for the built-in functions.
FUNCTION_ALIASES: dict[str, tuple[str, ...]] = {
    "sales": ("sales", "IS", "FS", "inside sales", "field sales", "セールス", "インサイドセールス",
              "フィールドセールス", "営業"),
    "cs": ("cs", "customer success", "カスタマーサクセス", "サクセス"),
    "dev": ("dev", "engineer", "engineering", "developer", "development", "エンジニア", "開発",
            "エンジニアリング"),
}  # fmt: skip

_KEY_OF = {fold(alias): key for key, aliases in FUNCTION_ALIASES.items() for alias in aliases}


def canonical_function(label: str) -> str:
    """The function key a label stands for: a built-in key, or the label itself, folded.

    >>> [canonical_function(label) for label in ("セールス", "Customer Success", "PM")]
    ['sales', 'cs', 'pm']
    """
    return _KEY_OF.get(fold(label), fold(label))
