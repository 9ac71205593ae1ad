"""Writing a file so that a crash leaves the old version or the new one, never half of one."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

__all__ = ["atomic_write"]


def atomic_write(path: Path, write: Callable[[Path], None]) -> None:
    """Call ``write`` on a temporary file beside ``path``, then move it over ``path``.

    The new file keeps the old one's permissions (or the umask's, for a new file).

    >>> import tempfile as t
    >>> target = Path(t.mkdtemp()) / "x.txt"
    >>> atomic_write(target, lambda p: p.write_text("hello"))
    >>> target.read_text()
    'hello'
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=".~aibou.", suffix=path.suffix, dir=path.parent)
    os.close(handle)
    temp = Path(name)
    try:
        write(temp)
        os.chmod(temp, _mode(path))
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def _mode(path: Path) -> int:
    if path.exists():
        return path.stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
