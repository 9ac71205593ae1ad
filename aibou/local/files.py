"""Writing a file so that a crash leaves the old version or the new one, never half of one."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

__all__ = ["atomic_write", "remove_stale_temps"]

#: Temporary files are ``.~aibou.<file name>.<random>.tmp`` beside the file they replace.
_PREFIX, _SUFFIX = ".~aibou.", ".tmp"


def atomic_write(path: Path, write: Callable[[Path], None]) -> None:
    """Call ``write`` on a temporary file beside ``path``, then move it over ``path``.

    The new file keeps the old one's permissions (or the umask's, for a new file). The
    temporary file's name tells which file it was for, so one a killed run left behind is
    found and removed by :func:`remove_stale_temps`.

    >>> import tempfile as t
    >>> target = Path(t.mkdtemp()) / "x.txt"
    >>> atomic_write(target, lambda p: p.write_text("hello"))
    >>> target.read_text(), sorted(p.name for p in target.parent.iterdir())
    ('hello', ['x.txt'])
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(
        prefix=f"{_PREFIX}{path.name}.", suffix=_SUFFIX, dir=path.parent
    )
    os.close(handle)
    temp = Path(name)
    try:
        write(temp)
        os.chmod(temp, _mode(path))
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def remove_stale_temps(path: Path) -> list[Path]:
    """Remove the temporary files :func:`atomic_write` left beside ``path``; return them.

    Call it only while holding the lock that every writer of ``path`` takes, so that none of
    them is a write in progress.
    """
    prefix = f"{_PREFIX}{path.name}."
    stale = [
        p
        for p in path.parent.iterdir()
        if p.name.startswith(prefix) and p.name.endswith(_SUFFIX) and p.is_file()
    ]
    for p in stale:
        p.unlink(missing_ok=True)
    return stale


def _mode(path: Path) -> int:
    if path.exists():
        return path.stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
