"""Resolvable transversal designs: the schedules behind repeat-free rotations.

With ``n`` people in each of ``k`` functions, a rotation in which every group holds one person of
each function is a *parallel class* of the complete ``k``-partite graph ``K(n, ..., n)``. Rotations
share no pair exactly when their classes are disjoint, so at most ``n`` rotations are repeat-free,
and ``n`` are reached by a *resolvable transversal design* RTD(k, n), which is the same thing as a
transversal design TD(k + 1, n) (one group indexes the rotations) or ``k - 1`` mutually orthogonal
Latin squares of order ``n``.

Constructions (Colbourn & Dinitz, *Handbook of Combinatorial Designs*, 2nd ed., ch. III.3):

- ``k == 2``: the cyclic Latin square, for every ``n``.
- ``n`` a prime power ``q >= k``: the finite-field squares ``L_m(r, c) = m r + c``.
- other ``n`` whose prime-power factors are all ``>= k``: MacNeish's direct product.
- ``k == 3`` and ``n = 2 mod 4``, ``n >= 10`` (Bose, Shrikhande & Parker): if 3 does not divide
  ``n``, a quasi-difference matrix over the integers modulo ``n - 3`` with three points at
  infinity (Parker's 1959 shape; the matrix below was found by computer for this module, holds
  over the integers, hence modulo every ``n - 3`` prime to 6); for 18, one over the integers
  modulo 13 with five points at infinity; other multiples of 3 are the product of one of these
  with the finite field of their power of 3.
- ``n == 6``: no pair of orthogonal Latin squares exists (Tarry 1900), so no 6 disjoint classes;
  5 disjoint parallel classes of ``K(6, 6, 6)`` do exist (found for this module by a search
  over the orbits of the second class under relabelling, checked in
  ``tests/unit/test_designs.py``): 5 is the true maximum.
- ``n == 2``: one class only (two disjoint classes of ``K(2, 2, 2)`` would need a Latin square
  of order 2 orthogonal to another).

Everything is computed on demand, point by point: a design of order 3,333 is never stored.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Protocol

from aibou.domain.matching.galois import galois_field

__all__ = ["ResolvableDesign", "TransversalDesign", "resolvable_design"]

#: The quasi-difference matrix for ``n = g + 3`` (``gcd(g, 6) == 1``): the blank-bearing columns,
#: ``None`` for the point at infinity, the other columns being ``x (0, 1, 2, 3)`` for ``x`` not in
#: :data:`QDM3_MISSING`. The entries are integers; the identities hold over Z, hence modulo ``g``.
QDM3_BLANK_COLUMNS: tuple[tuple[int | None, ...], ...] = (
    (None, 0, -3, -4), (None, 0, -2, -2), (None, 0, 2, 0),
    (0, None, -6, -9), (0, None, -4, -3), (0, None, 4, 6),
    (0, -2, None, 0), (0, -1, None, 3), (0, 0, None, -6),
    (0, -3, -2, None), (0, 1, 0, None), (0, 2, 2, None),
)  # fmt: skip
#: The multipliers ``x`` whose linear columns the blank columns replace.
QDM3_MISSING = (-3, -2, -1, 0, 1, 2)
#: A (13, 4; 1, 1; 5) quasi-difference matrix for order 18 = 13 + 5, found by seeded search.
QDM18_BLANK_COLUMNS: tuple[tuple[int | None, ...], ...] = (
    (None, 0, 5, 8), (None, 0, 0, 7), (None, 0, 12, 4), (None, 0, 3, 0), (None, 0, 9, 5),
    (0, None, 0, 1), (0, None, 1, 3), (0, None, 10, 10), (0, None, 8, 12), (0, None, 5, 4),
    (0, 3, None, 9), (0, 4, None, 6), (0, 12, None, 0), (0, 5, None, 2), (0, 10, None, 8),
    (0, 1, 2, None), (0, 7, 4, None), (0, 9, 11, None), (0, 2, 6, None), (0, 0, 7, None),
)  # fmt: skip
QDM18_MISSING = (2, 0, 4, 1, 9, 7, 12, 5, 3, 10)
#: Five disjoint parallel classes of K(6, 6, 6): class ``r`` maps sales label ``s`` to the CS
#: label ``cs[s]`` and the dev label ``dev[s]``. A sixth is impossible (Tarry 1900).
SIX_CLASSES: tuple[tuple[tuple[int, ...], tuple[int, ...]], ...] = (
    ((0, 1, 2, 3, 4, 5), (0, 1, 2, 3, 4, 5)),
    ((1, 0, 3, 2, 5, 4), (2, 3, 4, 5, 0, 1)),
    ((2, 3, 4, 5, 0, 1), (1, 0, 3, 2, 5, 4)),
    ((3, 2, 5, 4, 1, 0), (5, 4, 1, 0, 3, 2)),
    ((5, 4, 1, 0, 3, 2), (3, 2, 5, 4, 1, 0)),
)


class TransversalDesign(Protocol):
    """A (possibly partial) TD(width, order): ``width`` groups of ``order`` points each.

    ``block(i, x, j, y)`` is the block through point ``x`` of group ``i`` and point ``y`` of group
    ``j`` (``i != j``) as one point per group, or ``None`` if no block holds that pair (only in a
    partial design).
    """

    order: int
    width: int

    def block(self, i: int, x: int, j: int, y: int) -> tuple[int, ...] | None: ...


@dataclass(frozen=True)
class FieldDesign:
    """TD(width, q) from GF(q): group 0 is ``r``, group 1 is ``c``, group ``j >= 2`` is
    ``c + (j - 1) r``, with ``j - 1`` read as a nonzero field element; needs ``width <= q + 1``."""

    order: int
    width: int

    def block(self, i: int, x: int, j: int, y: int) -> tuple[int, ...]:
        f = galois_field(self.order)
        if i > j:
            i, x, j, y = j, y, i, x
        if i == 0:
            r = x
            c = y if j == 1 else f.sub(y, f.mul(j - 1, r))
        elif i == 1:
            c, r = x, f.div(f.sub(y, x), j - 1)
        else:
            r = f.div(f.sub(x, y), f.sub(i - 1, j - 1))
            c = f.sub(x, f.mul(i - 1, r))
        return (r, c, *(f.add(c, f.mul(m, r)) for m in range(1, self.width - 1)))


@dataclass(frozen=True)
class CyclicDesign:
    """TD(3, n) from the cyclic Latin square ``c + r mod n``, for every ``n``."""

    order: int
    width: int = 3

    def block(self, i: int, x: int, j: int, y: int) -> tuple[int, ...]:
        n = self.order
        known = {i: x, j: y}
        if 0 in known and 1 in known:
            r, c = known[0], known[1]
        elif 0 in known:
            r, c = known[0], (known[2] - known[0]) % n
        else:
            c, r = known[1], (known[2] - known[1]) % n
        return (r, c, (c + r) % n)


@dataclass(frozen=True)
class ProductDesign:
    """MacNeish's product: TD(w, a) x TD(w, b) is a TD(w, ab).

    Point ``x`` of the product is the pair ``(x // b, x % b)``.
    """

    first: TransversalDesign
    second: TransversalDesign
    order: int = field(init=False)
    width: int = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "order", self.first.order * self.second.order)
        object.__setattr__(self, "width", min(self.first.width, self.second.width))

    def block(self, i: int, x: int, j: int, y: int) -> tuple[int, ...] | None:
        b = self.second.order
        high = self.first.block(i, x // b, j, y // b)
        low = self.second.block(i, x % b, j, y % b)
        if high is None or low is None:
            return None
        return tuple(h * b + lo for h, lo in zip(high[: self.width], low, strict=False))


class QuasiDifferenceDesign:
    """TD(4, g + u) from a (g, 4; 1, 1; u) quasi-difference matrix over Z_g and a TD(4, u).

    Points ``0 .. g-1`` of a group are finite, ``g + t`` is the ``t``-th point at infinity. Each
    column is developed over Z_g; its blank becomes that row's next point at infinity; the
    points at infinity alone form the hole, filled by ``hole``.
    """

    width = 4

    def __init__(
        self,
        g: int,
        blank_columns: Sequence[Sequence[int | None]],
        missing: Sequence[int],
        hole: TransversalDesign,
    ) -> None:
        self.g = g
        self.order = g + hole.order
        self.hole = hole
        gone = {x % g for x in missing}
        columns = [tuple(x * r % g for r in range(4)) for x in range(g) if x not in gone]
        columns += [tuple(None if v is None else v % g for v in col) for col in blank_columns]
        self.columns: list[tuple[int | None, ...]] = columns
        self.blank_of: dict[int, int] = {}  # column -> its point at infinity (g + t)
        self.column_of_blank: dict[tuple[int, int], int] = {}  # (row, t) -> column
        seen = [0] * 4
        for index, col in enumerate(columns):
            if None in col:
                row = col.index(None)
                self.blank_of[index] = g + seen[row]
                self.column_of_blank[(row, seen[row])] = index
                seen[row] += 1
        self.by_difference: dict[tuple[int, int], dict[int, int]] = {}
        for i in range(4):
            for j in range(4):
                if i != j:
                    self.by_difference[(i, j)] = {
                        (col[j] - col[i]) % g: index
                        for index, col in enumerate(columns)
                        if col[i] is not None and col[j] is not None
                    }

    def block(self, i: int, x: int, j: int, y: int) -> tuple[int, ...] | None:
        g = self.g
        if x >= g and y >= g:
            inner = self.hole.block(i, x - g, j, y - g)
            return None if inner is None else tuple(g + v for v in inner)
        if x >= g:
            i, x, j, y = j, y, i, x
        # A point at infinity has its own column; two finite points, the column of their difference.
        index = (
            self.column_of_blank[(j, y - g)] if y >= g else self.by_difference[(i, j)][(y - x) % g]
        )
        col = self.columns[index]
        shift = x - col[i]  # type: ignore[operator]
        return tuple(self.blank_of[index] if v is None else (v + shift) % g for v in col)


class TableDesign:
    """A design given by its blocks (a small or partial one)."""

    def __init__(self, order: int, blocks: Sequence[tuple[int, ...]]) -> None:
        self.order = order
        self.width = len(blocks[0])
        self._index: dict[tuple[int, int, int, int], tuple[int, ...]] = {}
        for b in blocks:
            for i in range(self.width):
                for j in range(self.width):
                    if i != j:
                        self._index[(i, b[i], j, b[j])] = b

    def block(self, i: int, x: int, j: int, y: int) -> tuple[int, ...] | None:
        return self._index.get((i, x, j, y))


class ResolvableDesign:
    """Rotations from a transversal design whose group 0 indexes the rounds.

    Function ``f`` (``0 .. k-1``) is group ``f + 1``. Labels are renamed so that round 0 is the
    "diagonal" ``{(c, c, ..., c)}``: any first rotation that has one person per function in each
    group can therefore be read as round 0, whoever made it.

    >>> d = resolvable_design(4, 3)
    >>> d.rounds, d.group(0, 2)
    (4, (2, 2, 2))
    >>> r = d.round_of(0, 1, 1, d.group(3, 1)[1])
    >>> r
    3
    """

    def __init__(self, design: TransversalDesign, functions: int, rounds: int) -> None:
        self.design = design
        self.order = design.order
        self.functions = functions
        self.rounds = rounds
        n = design.order
        self._name = [list(range(n)) for _ in range(functions)]  # design point -> label
        self._point = [list(range(n)) for _ in range(functions)]  # label -> design point
        for c in range(n):
            b = self._raw(0, c)
            for f in range(1, functions):
                self._name[f][b[f + 1]] = c
                self._point[f][c] = b[f + 1]

    def _raw(self, r: int, c: int) -> tuple[int, ...]:
        b = self.design.block(0, r, 1, c)
        if b is None:
            raise ValueError(f"round {r} is not part of this design")
        return b

    def group(self, r: int, label: int, function: int = 0) -> tuple[int, ...]:
        """The labels, one per function, of the group of round ``r`` that holds ``label`` of
        ``function``."""
        b = self.design.block(0, r, function + 1, self._point[function][label])
        if b is None:
            raise ValueError(f"round {r} is not part of this design")
        return tuple(self._name[f][b[f + 1]] for f in range(self.functions))

    def round_of(self, f: int, x: int, h: int, y: int) -> int | None:
        """The round in which label ``x`` of function ``f`` meets label ``y`` of function ``h``."""
        b = self.design.block(f + 1, self._point[f][x], h + 1, self._point[h][y])
        if b is None or b[0] >= self.rounds:
            return None
        return b[0]


def prime_power_factors(n: int) -> list[int]:
    """The prime-power factors of ``n``, ascending.

    >>> prime_power_factors(360)
    [5, 8, 9]
    """
    factors, p = [], 2
    while p * p <= n:
        if n % p == 0:
            q = 1
            while n % p == 0:
                n //= p
                q *= p
            factors.append(q)
        p += 1
    if n > 1:
        factors.append(n)
    return sorted(factors)


def _product(parts: Sequence[TransversalDesign]) -> TransversalDesign:
    design = parts[0]
    for part in parts[1:]:
        design = ProductDesign(design, part)
    return design


def _fields(n: int, width: int) -> list[TransversalDesign]:
    return [FieldDesign(q, width) for q in prime_power_factors(n)]


def _three_functions_oddly_even(n: int) -> tuple[TransversalDesign, int] | None:
    """A TD(4, n) for n = 2 mod 4, with the number of complete rounds."""
    if n == 2:
        return TableDesign(2, [(0, 0, 0, 0), (0, 1, 1, 1)]), 1
    if n == 6:
        blocks = [(r, s, c[s], d[s]) for r, (c, d) in enumerate(SIX_CLASSES) for s in range(6)]
        return TableDesign(6, blocks), len(SIX_CLASSES)
    threes = 1
    while n % (threes * 3) == 0:
        threes *= 3
    rest = n // threes
    if rest >= 10:
        base: TransversalDesign = QuasiDifferenceDesign(
            rest - 3, QDM3_BLANK_COLUMNS, QDM3_MISSING, FieldDesign(3, 4)
        )
    else:  # rest == 2, threes >= 9: 18 times a power of 3
        base = QuasiDifferenceDesign(13, QDM18_BLANK_COLUMNS, QDM18_MISSING, FieldDesign(5, 4))
        threes //= 9
    parts = [base] + ([FieldDesign(threes, 4)] if threes > 1 else [])
    return _product(parts), n


@lru_cache(maxsize=32)
def resolvable_design(n: int, functions: int) -> ResolvableDesign | None:
    """The best resolvable design known here for ``n`` people in each of ``functions`` functions.

    Parameters
    ----------
    n : int
        People per function.
    functions : int
        Number of functions, which is also the group size.

    Returns
    -------
    ResolvableDesign or None
        ``rounds`` repeat-free rotations: ``n`` where a construction is known, fewer for
        ``n`` in (2, 6) with three functions; ``None`` where none is implemented (for example
        four functions and ``n = 10``, or ``n = 3`` and four functions, where a TD(5, 3) does not
        exist).

    Notes
    -----
    Building costs ``O(n * functions)`` time and memory; the blocks themselves are computed on
    demand in ``O(functions * log n)``. Guarantee: any two labels of different functions share
    exactly one round (at most one for the partial designs of orders 2 and 6).

    References
    ----------
    C. J. Colbourn and J. H. Dinitz (eds.), *Handbook of Combinatorial Designs*, 2nd ed., 2007,
    III.3 (MOLS) and III.3.6 (quasi-difference matrices). R. C. Bose, S. S. Shrikhande and
    E. T. Parker, "Further results on the construction of mutually orthogonal Latin squares and
    the falsity of Euler's conjecture", *Canad. J. Math.* 12 (1960) 189-203. H. F. MacNeish,
    "Euler squares", *Ann. of Math.* 23 (1922) 221-227. G. Tarry, "Le problème des 36 officiers",
    1900.

    Examples
    --------
    >>> [resolvable_design(n, 3).rounds for n in (2, 3, 6, 10, 12)]
    [1, 3, 5, 10, 12]
    >>> resolvable_design(10, 4) is None
    True
    """
    if n < 1 or functions < 1:
        return None
    width = functions + 1
    if n == 1:
        return ResolvableDesign(TableDesign(1, [(0,) * width]), functions, 1)
    if functions <= 2:
        return ResolvableDesign(CyclicDesign(n), functions, n)
    if all(q >= functions for q in prime_power_factors(n)):
        return ResolvableDesign(_product(_fields(n, width)), functions, n)
    if functions == 3 and n % 4 == 2:
        found = _three_functions_oddly_even(n)
        if found is not None:
            return ResolvableDesign(found[0], functions, found[1])
    return None
