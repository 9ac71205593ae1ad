"""The pure domain: no I/O, no Google, deterministic given a seed.

``matching/`` is the engine, ``time/`` periods, schedules and slots, ``sheet/`` reading a roster,
settings and history; :mod:`.model` holds the values they share and :mod:`.i18n` every message.
"""
