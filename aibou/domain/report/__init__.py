"""Reports (§8): coverage of the roster (:mod:`.coverage`), participation in the current
rotation's meetings (:mod:`.participation`), and the report tabs and JSON (:mod:`.tabs`)."""
