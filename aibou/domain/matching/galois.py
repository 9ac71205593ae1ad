"""Finite fields GF(p^a), just enough arithmetic for the Latin-square constructions.

Elements are the integers ``0 .. q-1``: the base-``p`` digits of an element are the coefficients
of its polynomial over GF(p), lowest degree first. Addition is digit-wise modulo ``p``;
multiplication goes through logarithm tables built from a primitive polynomial, found by a
deterministic search (the first primitive monic polynomial in lexicographic order).
"""

from __future__ import annotations

from functools import lru_cache

__all__ = ["GaloisField", "galois_field", "prime_power"]


def prime_power(q: int) -> tuple[int, int] | None:
    """``(p, a)`` with ``q == p**a`` for a prime ``p``, or ``None`` when ``q`` is no prime power.

    >>> prime_power(9), prime_power(12), prime_power(7), prime_power(1)
    ((3, 2), None, (7, 1), None)
    """
    if q < 2:
        return None
    p = next(d for d in range(2, q + 1) if q % d == 0)
    a, rest = 0, q
    while rest % p == 0:
        rest //= p
        a += 1
    return (p, a) if rest == 1 else None


class GaloisField:
    """The field with ``q = p**a`` elements.

    >>> f = galois_field(4)
    >>> [f.mul(2, x) for x in range(4)]
    [0, 2, 3, 1]
    >>> all(f.mul(f.div(x, y), y) == x for x in range(4) for y in range(1, 4))
    True
    """

    def __init__(self, q: int) -> None:
        found = prime_power(q)
        if found is None:
            raise ValueError(f"no field has {q} elements")
        self.order = q
        self.p, self.a = found
        self._exp: list[int] = []
        self._log: list[int] = []
        if self.a > 1:
            self._exp = _powers_of_x(self.p, self.a)
            self._log = [0] * q
            for k, x in enumerate(self._exp[:-1]):
                self._log[x] = k

    def add(self, x: int, y: int) -> int:
        """``x + y``."""
        if self.a == 1:
            return (x + y) % self.p
        return self._digitwise(x, y, 1)

    def sub(self, x: int, y: int) -> int:
        """``x - y``."""
        if self.a == 1:
            return (x - y) % self.p
        return self._digitwise(x, y, -1)

    def mul(self, x: int, y: int) -> int:
        """``x * y``."""
        if self.a == 1:
            return x * y % self.p
        if x == 0 or y == 0:
            return 0
        return self._exp[(self._log[x] + self._log[y]) % (self.order - 1)]

    def div(self, x: int, y: int) -> int:
        """``x / y`` for ``y != 0``."""
        if y == 0:
            raise ZeroDivisionError("division by zero in a finite field")
        if self.a == 1:
            return x * pow(y, -1, self.p) % self.p
        if x == 0:
            return 0
        return self._exp[(self._log[x] - self._log[y]) % (self.order - 1)]

    def _digitwise(self, x: int, y: int, sign: int) -> int:
        if self.p == 2:
            return x ^ y
        result, scale = 0, 1
        while x or y:
            result += ((x % self.p + sign * (y % self.p)) % self.p) * scale
            x //= self.p
            y //= self.p
            scale *= self.p
        return result


@lru_cache(maxsize=64)
def galois_field(q: int) -> GaloisField:
    """The (cached) field with ``q`` elements; ``ValueError`` if ``q`` is no prime power."""
    return GaloisField(q)


def _powers_of_x(p: int, a: int) -> list[int]:
    """``[x**0, x**1, ..., x**(q-1)]`` modulo the first primitive polynomial of degree ``a``."""
    q = p**a
    for tail in range(q):
        low = [(tail // p**i) % p for i in range(a)]  # f = x^a + low[a-1] x^(a-1) + ... + low[0]
        if low[0] == 0:
            continue
        powers = [1]
        current = [1] + [0] * (a - 1)
        for _ in range(q - 1):
            top = current[-1]
            current = [0, *current[:-1]]
            current = [(c - top * t) % p for c, t in zip(current, low, strict=True)]
            value = sum(c * p**i for i, c in enumerate(current))
            if value == 1:
                break
            powers.append(value)
        if len(powers) == q - 1:
            return [*powers, 1]
    raise AssertionError(f"no primitive polynomial of degree {a} over GF({p})")  # pragma: no cover
