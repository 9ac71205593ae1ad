"""The matching engine: groups of one person per function, no repeated pairs, fair and mixed.

:func:`match` is the entry point (:mod:`.engine`); the designs that reach the mathematical
limit (:mod:`.designs`, :mod:`.galois`, :mod:`.balanced`), exact completion (:mod:`.completion`),
local search (:mod:`.search`), the objective (:mod:`.scoring`) and pins (:mod:`.constraints`)
live beside it.
"""

from aibou.domain.matching.engine import match

__all__ = ["match"]
