"""Checking pins is linear in their size (issue 13: one pin of 2,000 addresses took 690 MB)."""

from __future__ import annotations

import tracemalloc

from aibou.domain.model import Person
from aibou.panel.pins import Pins, check


def test_checking_huge_pins_takes_memory_linear_in_their_size() -> None:
    people = [Person(f"p{i:04}@x.jp", f"P{i}", "sales") for i in range(2000)]
    emails = frozenset(p.email for p in people)
    pins = Pins(together=(emails,), apart=(emails,))  # past every bound: check must still cope
    tracemalloc.start()
    try:
        problems = check(pins, people, [3] * 666 + [2], "en")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "At most 3 people (one group) can be kept together." in problems
    assert "2000 people cannot be kept apart in 667 groups." in problems
    assert sum("both together and apart" in p for p in problems) == 1999  # each person named
    assert peak < 8 * 2**20  # a quadratic check of these pins needs hundreds of MB
