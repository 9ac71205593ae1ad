"""Cleaning cells: a column cleaned at once reads as each of its cells cleaned alone."""

from __future__ import annotations

import math
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from aibou.domain.sheet.cells import text, text_once, texts

cells = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["ＣＳ", "a  b", " a@x.jp ", "x\ny", "", "1", "TRUE"]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0.0, -0.0, 1.0, 2.5, math.nan]),
    st.integers(min_value=-3, max_value=3),
    st.booleans(),
    st.none(),
    st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 1, 1)),
)


@given(st.lists(cells, max_size=30))
def test_a_column_cleans_as_each_cell(values: list[object]) -> None:
    assert texts(values) == [text(v) for v in values]


@given(st.lists(st.one_of(st.text(max_size=6), st.floats(), st.booleans()), max_size=30))
def test_cleaning_once_cleans_as_each_cell(values: list[object]) -> None:
    seen: dict[object, str] = {}
    assert [text_once(v, seen) for v in values] == [text(v) for v in values]


def test_true_and_one_keep_their_own_text() -> None:
    assert texts([1.0, True, 1, "1"]) == ["1", "TRUE", "1", "1"]
    seen: dict[object, str] = {}
    assert [text_once(v, seen) for v in (1.0, True, 1)] == ["1", "TRUE", "1"]
