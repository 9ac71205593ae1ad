"""The package `pip install .` builds: every module of aibou, its templates and the command."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_every_package_of_aibou_is_shipped() -> None:
    """A new subpackage must be listed in pyproject.toml, or the installed command breaks."""
    on_disk = {
        ".".join(init.parent.relative_to(ROOT).parts) for init in ROOT.glob("aibou/**/__init__.py")
    }
    listed = set(_project()["tool"]["setuptools"]["packages"])
    assert listed == on_disk | {"aibou.templates"}


def test_the_templates_folder_is_shipped_inside_the_package() -> None:
    setuptools = _project()["tool"]["setuptools"]
    assert setuptools["package-dir"] == {"aibou.templates": "templates"}
    patterns = setuptools["package-data"]["aibou.templates"]
    shipped = {p.name for pattern in patterns for p in (ROOT / "templates").glob(pattern)}
    assert shipped == {p.name for p in (ROOT / "templates").iterdir() if p.is_file()}
