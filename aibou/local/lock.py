"""The local workbook's write lock: one aibou run at a time, and none while a person has it open.

The lock is an OS lock (``filelock``: ``flock`` on Unix, ``msvcrt`` on Windows, a lock file
where neither exists) on a file in a folder of the temporary directory that only the current
user may write, named after the workbook's real path; so nothing is left beside the user's file,
and nobody else can plant a link or a folder at its name. A workbook that Excel or LibreOffice
has open is told by the owner file they keep beside it (``~$team.xlsx``,
``.~lock.team.xlsx#``): aibou then answers ``busy`` instead of writing under the user's feet.
"""

from __future__ import annotations

import getpass
import hashlib
import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from aibou.errors import AibouError, Busy
from aibou.local.messages import text

__all__ = ["lock_path", "owner_file", "workbook_lock"]


#: Excel names its owner file ``~$`` + the workbook's name; Office's older rule (still Word's)
#: drops the name's first two characters for names of eight characters or more before the
#: extension (``~$ngname.xlsx`` for ``longname.xlsx``). Shorter names only ever get the full
#: form, so ``~$team.xlsx`` (the owner of ``team.xlsx``) does not make ``xxteam.xlsx`` busy.
_TRUNCATED_FROM = 8


def owner_file(workbook: Path) -> tuple[Path, str] | None:
    """The owner file of an office suite that has ``workbook`` open, and the suite's name.

    >>> import tempfile as t
    >>> book = Path(t.mkdtemp()) / "team.xlsx"
    >>> owner_file(book) is None
    True
    >>> _ = (book.parent / ".~lock.team.xlsx#").write_text("")
    >>> owner_file(book)[1]
    'LibreOffice'
    >>> _ = (book.parent / "~$team.xlsx").write_text("")
    >>> owner_file(book.parent / "xxteam.xlsx") is None
    True
    """
    name = workbook.name
    candidates = [(f"~${name}", "Excel"), (f".~lock.{name}#", "LibreOffice")]
    if len(workbook.stem) >= _TRUNCATED_FROM:
        candidates.append((f"~${name[2:]}", "Excel"))
    for candidate, app in candidates:
        path = workbook.parent / candidate
        if os.path.lexists(path):
            return path, app
    return None


def lock_path(workbook: Path) -> Path:
    """Where the lock of ``workbook`` lives: the user's own folder in the temporary directory."""
    digest = hashlib.sha256(os.path.realpath(workbook).encode()).hexdigest()[:16]
    return _private_folder() / f"{digest}.lock"


def _private_folder() -> Path:
    """``<tmp>/aibou-<user>``, made if missing; refused unless it is a folder only we may write."""
    folder = Path(tempfile.gettempdir()) / f"aibou-{_user()}"
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
        info = os.lstat(folder)
    except OSError as exc:
        raise AibouError(text("lock_folder_unsafe", folder=folder)) from exc
    mine = not hasattr(os, "getuid") or info.st_uid == os.getuid()
    private = os.name == "nt" or not info.st_mode & 0o022
    if not stat.S_ISDIR(info.st_mode) or not mine or not private:
        raise AibouError(text("lock_folder_unsafe", folder=folder))
    return folder


def _user() -> str:
    if hasattr(os, "getuid"):
        return str(os.getuid())
    try:
        return hashlib.sha256(getpass.getuser().encode()).hexdigest()[:8]
    except (OSError, KeyError):  # no user name to be had
        return "user"


@contextmanager
def workbook_lock(workbook: Path) -> Iterator[None]:
    """Hold the lock of ``workbook`` (its real path), or raise :class:`Busy` at once.

    ``Busy`` says why: another aibou run, or the workbook open in Excel or LibreOffice.
    """
    from filelock import FileLock, Timeout

    opened = owner_file(workbook)
    if opened is not None:
        owner, app = opened
        raise Busy(text("busy_open", file=workbook.name, app=app, owner=owner.name))
    path = lock_path(workbook)
    if os.path.lexists(path) and not stat.S_ISREG(os.lstat(path).st_mode):
        raise AibouError(text("lock_unsafe", lock=path))
    lock = FileLock(path, timeout=0)
    try:
        lock.acquire()
    except Timeout:
        raise Busy(text("busy_run", file=workbook.name)) from None
    except OSError as exc:
        raise AibouError(text("lock_unsafe", lock=path)) from exc
    try:
        yield
    finally:
        lock.release()
