"""The agenda templates as files: the file-system adapter of :class:`~aibou.ports.Templates`.

The deployment's templates are the ``templates/`` folder at the top of the repository
(:data:`TEMPLATES`): in a source checkout or an editable install (App Engine runs from source)
they sit beside the package; ``pip install .`` ships them inside it, as ``aibou/templates/``.
Offline, a workbook's own folder is looked in first, so a custom ``agenda_template`` can sit beside
the ``.xlsx`` file.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

__all__ = ["TEMPLATES", "FileTemplates"]

_PACKAGE = Path(__file__).resolve().parent


def _deployment_templates() -> Path:
    """``templates/`` inside the installed package, else the one at the top of the checkout."""
    installed = _PACKAGE / "templates"
    return installed if installed.is_dir() else _PACKAGE.parent / "templates"


#: The deployment's templates (the ``templates/`` folder at the top of the repository, or the
#: copy that ``pip install .`` puts inside the package).
TEMPLATES = _deployment_templates()


@dataclass(frozen=True)
class FileTemplates:
    """Templates read from ``folders``, the first that has a file of that name winning.

    Only plain file names are looked up: a name that would leave its folder (``../x``) is
    nobody's template.

    >>> FileTemplates().source("agenda.en.txt") is not None
    True
    >>> FileTemplates().source("../README.md") is None
    True
    """

    folders: tuple[Path, ...] = (TEMPLATES,)

    @classmethod
    def beside(cls, workbook: Path) -> FileTemplates:
        """The templates for a local workbook: its own folder first, then the deployment's."""
        return cls((Path(os.path.realpath(workbook)).parent, TEMPLATES))  # a link loop: no raise

    def source(self, name: str) -> str | None:
        for folder in self.folders:
            root = folder.resolve()
            path = (root / name).resolve()
            if path.parent == root and path.is_file():
                return path.read_text(encoding="utf-8")
        return None
