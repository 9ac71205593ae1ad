"""Pins: people the ops lead wants together in one group, or kept apart, for the next rotation.

Pins live only in the side panel's cards (as an action parameter, see :meth:`Pins.encode`) until
the rotation is applied; nothing stores them in the sheet. :func:`check` explains in the user's
language why a pin cannot be honoured before the matcher is even asked, and :func:`changed`
refuses at once a pin larger than a group could ever be.

Every size here is bounded, since a card parameter comes back from the client: at most
:data:`MAX_PINS` pins of at most :data:`MAX_PIN_PEOPLE` addresses of at most
:data:`MAX_EMAIL_CHARS` characters, and every check is linear in the pins' total size.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise

from aibou.domain.model import Person
from aibou.domain.sheet.cells import fold, text
from aibou.errors import AibouError
from aibou.panel.messages import message

__all__ = [
    "APART",
    "MAX_ENCODED_CHARS",
    "MAX_PINS",
    "MAX_PIN_PEOPLE",
    "TOGETHER",
    "PinChange",
    "Pins",
    "PinsError",
    "changed",
    "check",
    "pick",
]

TOGETHER, APART = "together", "apart"
#: Most pins the panel carries (a card parameter is not a database).
MAX_PINS = 20
#: Most people in one pin: the largest group there can be (``group_size`` is at most 10, plus
#: one for ``uneven_groups = larger``). The panel's picker allows no more either.
MAX_PIN_PEOPLE = 11
#: The longest e-mail address there is (RFC 5321's path limit, less its angle brackets).
MAX_EMAIL_CHARS = 254
#: The longest :meth:`Pins.encode` string within the bounds above (three characters of JSON
#: around each address); about 56,000 characters.
MAX_ENCODED_CHARS = MAX_PINS * MAX_PIN_PEOPLE * (MAX_EMAIL_CHARS + 3) + 16
_BRACKETED = re.compile(r"<([^<>@\s]+@[^<>\s]+)>")


class PinsError(AibouError):
    """An encoded pin parameter that is not ours (tampered with, or from an older card)."""


@dataclass(frozen=True)
class Pins:
    """``together``: sets of e-mails to put in one group; ``apart``: sets to spread out."""

    together: tuple[frozenset[str], ...] = ()
    apart: tuple[frozenset[str], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.together or self.apart)

    @property
    def emails(self) -> frozenset[str]:
        return frozenset(e for pin in (*self.together, *self.apart) for e in pin)

    def add(self, kind: str, emails: Iterable[str]) -> Pins:
        """These pins plus one more; ``together`` pins sharing a person are merged.

        >>> Pins().add("together", ["a@x", "b@x"]).add("together", ["b@x", "c@x"]).encode()
        '{"t":[["a@x","b@x","c@x"]]}'
        >>> Pins().add("apart", ["a@x", "b@x"]).add("apart", ["b@x", "a@x"]).encode()
        '{"a":[["a@x","b@x"]]}'
        """
        pin = frozenset(e.strip().lower() for e in emails if e.strip())
        if len(pin) < 2:
            return self
        if kind == TOGETHER:
            merged, rest = set(pin), []
            for existing in self.together:
                if existing & merged:
                    merged |= existing
                else:
                    rest.append(existing)
            return Pins((*rest, frozenset(merged)), self.apart)
        if pin in self.apart:
            return self
        return Pins(self.together, (*self.apart, pin))

    def without(self, kind: str, index: int) -> Pins:
        """These pins without the ``index``-th pin of ``kind`` (an index out of range is ignored).

        >>> Pins().add("apart", ["a@x", "b@x"]).without("apart", 0)
        Pins(together=(), apart=())
        """
        if kind == TOGETHER:
            kept = tuple(p for i, p in enumerate(self.together) if i != index)
            return Pins(kept, self.apart)
        return Pins(self.together, tuple(p for i, p in enumerate(self.apart) if i != index))

    def encode(self) -> str:
        """A compact, canonical string for a card parameter (empty when there are no pins)."""
        payload: dict[str, list[list[str]]] = {}
        if self.together:
            payload["t"] = sorted(sorted(p) for p in self.together)
        if self.apart:
            payload["a"] = sorted(sorted(p) for p in self.apart)
        return json.dumps(payload, separators=(",", ":"), ensure_ascii=False) if payload else ""

    @classmethod
    def decode(cls, text: str) -> Pins:
        """The pins :meth:`encode` wrote; raise :class:`PinsError` for anything else.

        >>> pins = Pins().add("together", ["b@x", "a@x"])
        >>> Pins.decode(pins.encode()) == pins
        True
        >>> Pins.decode("")
        Pins(together=(), apart=())
        """
        if not text:
            return cls()
        if len(text) > MAX_ENCODED_CHARS:
            raise PinsError("pins parameter too long")
        try:
            payload = json.loads(text)
        except json.JSONDecodeError as exc:
            raise PinsError("pins parameter is not JSON") from exc
        if not isinstance(payload, dict) or set(payload) - {"t", "a"}:
            raise PinsError("pins parameter has an unexpected shape")

        def sets(key: str) -> tuple[frozenset[str], ...]:
            value = payload.get(key, [])
            if not isinstance(value, list) or not all(
                isinstance(pin, list) and all(isinstance(e, str) for e in pin) for pin in value
            ):
                raise PinsError("pins parameter has an unexpected shape")
            if len(value) > MAX_PINS or any(
                len(pin) > MAX_PIN_PEOPLE or any(len(e) > MAX_EMAIL_CHARS for e in pin)
                for pin in value
            ):
                raise PinsError("pins parameter exceeds the pins' bounds")
            return tuple(frozenset(e.lower() for e in pin) for pin in value if len(set(pin)) >= 2)

        pins = cls(sets("t"), sets("a"))
        if len(pins.together) + len(pins.apart) > MAX_PINS:
            raise PinsError("too many pins")
        return pins


def check(pins: Pins, people: Sequence[Person], sizes: Sequence[int], language: str) -> list[str]:
    """Why ``pins`` cannot be honoured with these active ``people`` and group ``sizes``.

    An empty list means the matcher may try; it may still find no way (it raises
    :class:`~aibou.errors.PinsUnsatisfiable`). Linear in the pins' total size: a contradiction is
    found by labelling each pinned person with their "together" pin (overlapping pins merged),
    not by listing pairs.

    >>> people = [Person("a@x", "A", "sales"), Person("b@x", "B", "cs"), Person("c@x", "C", "dev")]
    >>> check(Pins().add("together", ["a@x", "z@x"]), people, [3], "en")
    ["'z@x' is not an active member of the roster (on leave, opted out or removed?)."]
    >>> check(Pins().add("together", ["a@x", "b@x"]).add("apart", ["a@x", "b@x"]), people, [2, 1], "en")
    ['A and B cannot be both together and apart.']
    """  # noqa: E501
    active: Mapping[str, Person] = {p.email: p for p in people}
    name = {e: p.name for e, p in active.items()}
    problems = [
        message(language, "pins.not_active", email=email)
        for email in sorted(pins.emails - active.keys())
    ]
    largest = max(sizes, default=0)
    for pin in pins.together:
        if len(pin) > largest:
            problems.append(message(language, "pins.too_many_together", size=largest))
    if len(pins.together) > len(sizes):
        problems.append(
            message(language, "pins.too_many_pins", pins=len(pins.together), groups=len(sizes))
        )
    for pin in pins.apart:
        if len(pin) > len(sizes):
            problems.append(
                message(language, "pins.too_many_apart", people=len(pin), groups=len(sizes))
            )
    block = _blocks(pins.together)
    for pin in pins.apart:
        shared: dict[int, list[str]] = {}
        for email in sorted(pin):
            if email in block:
                shared.setdefault(block[email], []).append(email)
        for members in shared.values():
            for a, b in pairwise(members):
                problems.append(
                    message(language, "pins.contradiction", a=name.get(a, a), b=name.get(b, b))
                )
    return problems


def _blocks(together: Sequence[frozenset[str]]) -> dict[str, int]:
    """Each person in a "together" pin, labelled by their pin (pins sharing someone merged)."""
    parent = list(range(len(together)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[str, int] = {}
    for i, pin in enumerate(together):
        for email in pin:
            if email in owner:
                parent[root(i)] = root(owner[email])
            else:
                owner[email] = i
    return {email: root(i) for email, i in owner.items()}


def changed(
    pins: Pins, change: PinChange, people: Sequence[Person], group_size: int, language: str
) -> tuple[Pins, list[str]]:
    """``pins`` after the panel's ``change``, and why it is refused (then keep ``pins``).

    A "together" pin may hold at most ``group_size + 1`` people (the largest a group gets), an
    "apart" pin :data:`MAX_PIN_PEOPLE`; a larger one is refused before anyone is looked up.

    >>> people = [Person(f"{c}@x", c.upper(), "sales") for c in "abcde"]
    >>> changed(Pins(), PinChange("together", ("a@x, b@x, c@x, d@x, e@x",)), people, 3, "en")[1]
    ['At most 4 people (one group) can be kept together.']
    >>> pins, problems = changed(Pins(), PinChange("apart", ("a@x", "b@x")), people, 3, "en")
    >>> pins.encode(), problems
    ('{"a":[["a@x","b@x"]]}', [])
    """
    if change.remove is not None:
        return pins.without(change.kind, change.remove), []
    limit = group_size + 1 if change.kind == TOGETHER else MAX_PIN_PEOPLE
    refused = [message(language, "pins.too_many_together", size=limit)]
    if change.kind == APART:
        refused = [message(language, "pins.apart_too_large", size=limit)]
    if sum(1 for raw in change.picks for part in _parts(raw) if text(part)) > limit:
        return pins, refused
    emails, problems = pick(change.picks, people, language)
    if not problems and len(emails) < 2:
        problems = [message(language, "preview.pick_two")]
    wanted = pins.add(change.kind, emails)
    if not problems and any(len(pin) > limit for pin in wanted.together):
        problems = refused  # merged with a pin that shares someone: too large together
    if not problems and len(wanted.together) + len(wanted.apart) > MAX_PINS:
        problems = [message(language, "pins.too_many", count=MAX_PINS)]
    return wanted, problems


def _parts(raw: str) -> list[str]:
    """The people a picker's value names, separated by commas (Japanese ones too)."""
    return raw.replace("、", ",").split(",")


@dataclass(frozen=True)
class PinChange:
    """One edit of the pins from the panel: add ``picks`` as a ``kind`` pin, or remove one."""

    kind: str
    picks: tuple[str, ...] = ()
    remove: int | None = None

    def __post_init__(self) -> None:
        if self.kind not in (TOGETHER, APART):
            raise PinsError(f"unknown kind of pin {self.kind!r}")


def pick(
    picks: Iterable[str], people: Sequence[Person], language: str
) -> tuple[list[str], list[str]]:
    """The e-mails of the active ``people`` that ``picks`` name, and what could not be matched.

    A pick is an e-mail address, a name (compared as :func:`~aibou.domain.sheet.cells.fold` does) or
    ``Name <email>`` as the panel suggests them; a text field may hold several, separated by
    commas.

    >>> people = [Person("taro@x.jp", "山田 太郎", "sales"), Person("hana@x.jp", "佐藤 花子", "cs")]
    >>> pick(["TARO@x.jp, 佐藤花子", "nobody"], people, "en")
    (['taro@x.jp', 'hana@x.jp'], ["'nobody' is not an active member of the roster."])
    >>> pick(["佐藤 花子 <hana@x.jp>"], people, "en")
    (['hana@x.jp'], [])
    """
    by_email = {p.email: p for p in people}
    by_name: dict[str, list[Person]] = {}
    for person in people:
        by_name.setdefault(fold(person.name), []).append(person)
    emails: list[str] = []
    problems: list[str] = []
    for raw in picks:
        for part in _parts(raw):
            value = text(part)
            if not value:
                continue
            bracketed = _BRACKETED.search(value)
            if bracketed:
                value = bracketed.group(1)
            found = [by_email[value.lower()]] if value.lower() in by_email else []
            found = found or by_name.get(fold(value), [])
            if len(found) == 1:
                if found[0].email not in emails:
                    emails.append(found[0].email)
            elif found:
                problems.append(message(language, "preview.ambiguous_person", value=value))
            else:
                problems.append(message(language, "preview.unknown_person", value=value))
    return emails, problems
