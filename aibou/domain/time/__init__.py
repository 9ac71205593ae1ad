"""Calendar time: periods (:mod:`.periods`), weekly series and holidays (:mod:`.schedule`) and
slot finding from free/busy (:mod:`.slots`). Time is always an argument here."""
