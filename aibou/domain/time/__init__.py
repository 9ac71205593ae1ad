"""Calendar time: periods (:mod:`.periods`), weekly series and holidays (:mod:`.schedule`) and
slot finding from free/busy (:mod:`.slots`), dates read and written as people do (:mod:`.dates`).
Time is always an argument here."""
