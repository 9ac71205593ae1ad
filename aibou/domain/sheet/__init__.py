"""Reading a sheet: cell normalisation (:mod:`.cells`), the roster (:mod:`.roster`), the
settings (:mod:`.settings`), rotation tabs as history (:mod:`.history`), function aliases
(:mod:`.functions`) and tab titles (:mod:`.tabs`)."""
