"""The command line's progress bar: on a terminal only, never with --json."""

from __future__ import annotations

import io

from aibou.cli import _progress_bar


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_sees_the_bar_fill_up() -> None:
    screen = Terminal()
    draw = _progress_bar(quiet=False, stream=screen)
    draw(100, 250)
    draw(250, 250)
    assert screen.getvalue().endswith("] 250 / 250\n")
    assert "] 100 / 250" in screen.getvalue()


def test_json_and_pipes_stay_quiet() -> None:
    for quiet, stream in ((True, Terminal()), (False, io.StringIO())):
        _progress_bar(quiet=quiet, stream=stream)(1, 2)
        assert stream.getvalue() == ""
