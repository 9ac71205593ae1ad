"""What a block of code did to a file, seen through Python's audit hooks (PEP 578): the real
``open`` and ``os.replace`` calls, nothing of aibou's replaced."""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

_watched: list[tuple[str, Counter[str]]] = []


def _hook(event: str, args: tuple[object, ...]) -> None:
    if not _watched or event not in ("open", "os.rename"):
        return
    for name, seen in _watched:
        if event == "open" and str(args[0]) == name:
            mode = str(args[1] or "r")
            seen["write" if any(c in mode for c in "wax+") else "read"] += 1
        elif event == "os.rename" and str(args[1]) == name:  # os.replace of a new version
            seen["write"] += 1


sys.addaudithook(_hook)


@contextmanager
def file_access(path: Path) -> Iterator[Counter[str]]:
    """Count the reads and writes of ``path`` (a whole new version moved over it is a write)
    inside the block.

    >>> import tempfile
    >>> target = Path(tempfile.mkdtemp()) / "x.txt"
    >>> _ = target.write_text("a")
    >>> with file_access(target) as seen:
    ...     _ = target.read_text(), target.read_text()
    >>> dict(seen)
    {'read': 2}
    """
    seen: Counter[str] = Counter()
    entry = (str(path), seen)
    _watched.append(entry)
    try:
        yield seen
    finally:
        _watched.remove(entry)
