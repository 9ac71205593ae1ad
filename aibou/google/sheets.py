"""Google Sheets as the spreadsheet port, through gspread over one retrying session.

Calls per rotation: one ``spreadsheets.get`` (titles, sheet ids, aibou's tags), one
``values.batchGet`` (roster, settings, every rotation tab), one ``spreadsheets.batchUpdate`` that
adds the tab, fills it, protects it (warning only: people are asked before they edit a record),
tags it and formats it atomically, and one ``values.batchUpdate`` (RAW) for
the calendar links; the lock costs a few developer-metadata calls.

Values are never parsed as formulas: the new tab is filled with ``stringValue``/``numberValue``
cells and the links are written with ``valueInputOption=RAW``.
"""

from __future__ import annotations

import hashlib
import json
import random
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from aibou.domain.i18n import message
from aibou.domain.sheet.cells import column_letter
from aibou.domain.sheet.history import rotation_title
from aibou.domain.sheet.tabs import is_settings_tab, wanted_tab
from aibou.errors import AibouError, Busy, NotFound, PermissionDenied, Unavailable
from aibou.google.auth import CREDENTIALS_REFUSED
from aibou.google.redact import redact
from aibou.google.retry import Backoff, is_retryable
from aibou.ports import Cell, Sheet, Snapshot

if TYPE_CHECKING:
    import requests
    from google.auth.credentials import Credentials
    from google.auth.transport.requests import AuthorizedSession

    from aibou.domain.report.tabs import ReportTab
    from aibou.domain.sheet.template import StarterTabs

__all__ = ["GOOGLE_SHEETS_ROOT", "LOCK_TTL_SECONDS", "GoogleSheet", "sheets_session"]

GOOGLE_SHEETS_ROOT = "https://sheets.googleapis.com/"
#: Developer-metadata key tagging a tab as aibou's rotation for a period (value: the period key).
PERIOD_KEY = "aibou.period"
#: Developer-metadata key of the spreadsheet-wide write lock (value: JSON owner and expiry).
LOCK_KEY = "aibou.lock"
#: Developer-metadata key of aibou's record of what it wrote to a tab (§3), in numbered chunks
#: (``0003:...``) of at most WRITTEN_CHUNK characters each (a value holds 30,000).
WRITTEN_KEY = "aibou.written"
WRITTEN_CHUNK = 29_000
LOCK_TTL_SECONDS = 600
#: How far ahead of now a live lock's expiry may lie: its lease, plus clock skew between hosts.
#: An entry expiring later was not written by aibou (or by a clock gone wrong) and is broken.
LOCK_HORIZON_SECONDS = LOCK_TTL_SECONDS + 120
#: Longest owner a lock entry may name; anything longer was not written by aibou.
LOCK_OWNER_MAX_CHARS = 200
#: Tries to take the lock when runs collide, and the random pause between them.
LOCK_ATTEMPTS = 3
LOCK_COLLISION_PAUSE_SECONDS = (0.2, 1.5)
#: Seconds before a Sheets call gives up waiting.
TIMEOUT_SECONDS = 60
#: Characters a Sheets cell holds; aibou's own longer text (a note listing many long names) is
#: cut to fit with an ellipsis rather than failing the run over it.
CELL_MAX_CHARS = 50_000
#: Rows and columns of headroom a new tab gets beyond its data.
SPARE_ROWS, SPARE_COLUMNS = 20, 2
_REPORT_FIELDS = (
    "sheets(properties(sheetId,title,gridProperties(rowCount,columnCount)),"
    "developerMetadata(metadataKey,metadataValue),conditionalFormats)"
)
_METADATA_FIELDS = (
    "sheets(properties(sheetId,title,index,gridProperties(rowCount,columnCount)),"
    "developerMetadata(metadataKey,metadataValue))"
)


def sheets_session(
    credentials: Credentials, root: str = GOOGLE_SHEETS_ROOT, backoff: Backoff | None = None
) -> AuthorizedSession:
    """A ``requests`` session for every Sheets call: auth, endpoint, timeout and retries.

    gspread builds its URLs from module constants, so a different endpoint (a test server, a
    proxy) is reached by rewriting the root here rather than by patching gspread.
    """
    import requests
    from google.auth.transport.requests import AuthorizedSession

    policy = backoff or Backoff()

    class SheetsSession(AuthorizedSession):
        def request(self, method: str, url: str, *args: Any, **kwargs: Any) -> requests.Response:
            if url.startswith(GOOGLE_SHEETS_ROOT):
                url = root + url[len(GOOGLE_SHEETS_ROOT) :]
            kwargs["timeout"] = kwargs.get("timeout") or TIMEOUT_SECONDS
            for attempt in policy.tries():
                try:
                    response = super().request(method, url, *args, **kwargs)
                except (requests.ConnectionError, requests.Timeout):
                    if policy.last(attempt):
                        raise
                    policy.wait(attempt, why="Google Sheets: no connection")
                    continue
                if policy.last(attempt) or not is_retryable(response.status_code, response.content):
                    return response
                policy.wait(attempt, response.headers, why=f"Google Sheets: {response.status_code}")
            raise AssertionError("unreachable")  # pragma: no cover

    return SheetsSession(credentials)


def _quote(title: str) -> str:
    return "'" + title.replace("'", "''") + "'"


def _fit(value: Cell) -> Cell:
    """``value``, cut to :data:`CELL_MAX_CHARS` with an ellipsis if it is longer text.

    >>> len(_fit("x" * 60_000)), _fit("x" * 60_000)[-2:], _fit("short"), _fit(7)
    (50000, 'x…', 'short', 7)
    """
    if isinstance(value, str) and len(value) > CELL_MAX_CHARS:
        return value[: CELL_MAX_CHARS - 1] + "…"
    return value


def _cell(value: Cell) -> dict[str, Any]:
    if value is None or value == "":
        return {}
    if isinstance(value, bool):
        return {"userEnteredValue": {"boolValue": value}}
    if isinstance(value, int | float):
        return {"userEnteredValue": {"numberValue": value}}
    return {"userEnteredValue": {"stringValue": _fit(str(value))}}


def _language(title: str, period_key: str) -> str:
    """The language a rotation tab is written in, told by its title (Japanese if neither).

    >>> _language("相棒 2027-Q1", "2027-Q1"), _language("Rotation 2027-Q1", "2027-Q1")
    ('ja', 'en')
    """
    return next((lang for lang in ("en", "ja") if rotation_title(period_key, lang) == title), "ja")


def _sheet_id(period_key: str, taken: set[int]) -> int:
    """A sheet id for the period's tab that no other tab uses (deterministic, 31 bits)."""
    candidate = int.from_bytes(hashlib.sha256(period_key.encode()).digest()[:4], "big") & 0x7FFFFFFF
    while candidate in taken or candidate == 0:
        candidate = (candidate + 1) & 0x7FFFFFFF
    return candidate


#: How many rows below the header a new roster's drop-down lists cover (``init``).
STARTER_ROWS = 1000


def _new_tab(
    sheet_id: int, title: str, rows: Sequence[Sequence[Cell]], height: int
) -> list[dict[str, Any]]:
    """Requests adding tab ``title`` with ``rows`` (RAW), a bold and frozen header row."""
    width = max((len(r) for r in rows), default=1)
    return [
        {"addSheet": {"properties": {
            "sheetId": sheet_id, "title": title,
            "gridProperties": {"rowCount": max(height, len(rows)) + SPARE_ROWS,
                               "columnCount": width + SPARE_COLUMNS, "frozenRowCount": 1},
        }}},
        {"updateCells": {
            "start": {"sheetId": sheet_id, "rowIndex": 0, "columnIndex": 0},
            "rows": [{"values": [_cell(v) for v in row]} for row in rows],
            "fields": "userEnteredValue",
        }},
        {"repeatCell": {
            "range": {"sheetId": sheet_id, "startRowIndex": 0, "endRowIndex": 1},
            "cell": {"userEnteredFormat": {"textFormat": {"bold": True}}},
            "fields": "userEnteredFormat.textFormat.bold",
        }},
        {"autoResizeDimensions": {"dimensions": {
            "sheetId": sheet_id, "dimension": "COLUMNS", "startIndex": 0, "endIndex": width,
        }}},
    ]  # fmt: skip


class GoogleSheet:
    """The spreadsheet port over the Google Sheet ``spreadsheet_id``."""

    def __init__(self, spreadsheet_id: str, session: requests.Session) -> None:
        import gspread

        self.id = spreadsheet_id
        self._http = gspread.Client(None, session=session).http_client
        self._sheet_ids: dict[str, int] = {}
        self._ours: set[str] = set()  # titles of the tabs that carry aibou's period tag
        self._grids: dict[str, tuple[int, int]] = {}  # (rows, columns) of each tab's grid

    # --- reading -------------------------------------------------------------------------

    def read(self) -> Snapshot:
        meta = self._call(
            self._http.fetch_sheet_metadata,
            self.id,
            params={"fields": _METADATA_FIELDS},
        )
        tabs = []
        records: dict[str, str | None] = {}
        for sheet in meta.get("sheets", []):
            props = sheet["properties"]
            found = sheet.get("developerMetadata", [])
            tag = next(
                (m.get("metadataValue") for m in found if m.get("metadataKey") == PERIOD_KEY),
                None,
            )
            tabs.append((props["title"], props["sheetId"], tag))
            grid = props.get("gridProperties", {})
            self._grids[props["title"]] = (grid.get("rowCount", 0), grid.get("columnCount", 0))
            records[props["title"]] = _joined(
                m.get("metadataValue") for m in found if m.get("metadataKey") == WRITTEN_KEY
            )
        self._sheet_ids = {title: sheet_id for title, sheet_id, _ in tabs}
        self._ours = {title for title, _, tag in tabs if tag}
        wanted = [title for title, _, tag in tabs if wanted_tab(title, tag)]
        values: dict[str, list[list[Any]]] = {}
        if wanted:
            answer = self._call(
                self._http.values_batch_get,
                self.id,
                [_quote(t) for t in wanted],
                params={"valueRenderOption": "FORMATTED_VALUE", "majorDimension": "ROWS"},
            )
            for title, value_range in zip(wanted, answer.get("valueRanges", []), strict=False):
                values[title] = value_range.get("values", [])
        return Snapshot(
            self.id,
            [
                Sheet(title, values.get(title, []), tag, gid, records.get(title) if tag else None)
                for title, gid, tag in tabs
            ],
        )

    # --- writing -------------------------------------------------------------------------

    def add_rotation_tab(
        self,
        title: str,
        period_key: str,
        rows: Sequence[Sequence[Cell]],
        *,
        written: str | None = None,
    ) -> int:
        if not self._sheet_ids:
            self.read()
        if title in self._sheet_ids:
            raise AibouError(
                f"The spreadsheet already has a tab named '{title}'; aibou never rewrites it."
            )
        sheet_id = _sheet_id(period_key, set(self._sheet_ids.values()))
        width = max((len(r) for r in rows), default=1)
        requests = [
            *_new_tab(sheet_id, title, rows, 0),
            {"addProtectedRange": {"protectedRange": {
                "range": {"sheetId": sheet_id}, "warningOnly": True,
                "description": message(_language(title, period_key), "tab.protected"),
            }}},
            {"createDeveloperMetadata": {"developerMetadata": {
                "metadataKey": PERIOD_KEY, "metadataValue": period_key,
                "location": {"sheetId": sheet_id}, "visibility": "DOCUMENT",
            }}},
            *_record_requests(sheet_id, written, replace=False),
        ]  # fmt: skip
        try:
            self._call(self._http.batch_update, self.id, {"requests": requests})
        except AibouError as exc:
            # A retried request whose first try did land: the tab is there, tagged as ours.
            if "already exists" not in str(exc) or self._tag_of(title) != period_key:
                raise
        self._sheet_ids[title] = sheet_id
        self._ours.add(title)
        self._grids[title] = (len(rows) + SPARE_ROWS, width + SPARE_COLUMNS)
        return sheet_id

    def update_rotation_tab(
        self, title: str, cells: Mapping[tuple[int, int], Cell], *, written: str | None = None
    ) -> None:
        """Cells RAW by ``values.batchUpdate``; or, when rows go below the tab's grid or a new
        record comes with them, one ``batchUpdate`` that grows the grid, sets the cells and
        replaces the record."""
        if not cells:
            return
        if title not in self._ours or title not in self._grids:
            self.read()
        if title not in self._ours:
            raise AibouError(f"The tab '{title}' was not written by aibou; aibou never edits it.")
        height, width = self._grids[title]
        need_rows = max(r for r, _ in cells) - height
        need_columns = max(c for _, c in cells) - width
        if written is None and need_rows <= 0 and need_columns <= 0:
            self._write_cells(title, cells)
            return
        sheet_id = self._sheet_ids[title]
        requests: list[dict[str, Any]] = []
        for dimension, length in (("ROWS", need_rows), ("COLUMNS", need_columns)):
            if length > 0:
                extra = length + (SPARE_ROWS if dimension == "ROWS" else SPARE_COLUMNS)
                requests.append({"appendDimension": {
                    "sheetId": sheet_id, "dimension": dimension, "length": extra}})  # fmt: skip
        requests += [
            {"updateCells": {
                "start": {"sheetId": sheet_id, "rowIndex": r - 1, "columnIndex": c - 1},
                "rows": [{"values": [_cell(value)]}], "fields": "userEnteredValue",
            }}
            for (r, c), value in sorted(cells.items())
        ]  # fmt: skip
        requests += _record_requests(sheet_id, written, replace=True)
        self._call(self._http.batch_update, self.id, {"requests": requests})
        self._grids[title] = (
            height + (need_rows + SPARE_ROWS if need_rows > 0 else 0),
            width + (need_columns + SPARE_COLUMNS if need_columns > 0 else 0),
        )

    def _write_cells(self, title: str, cells: Mapping[tuple[int, int], Cell]) -> None:
        """One RAW ``values.batchUpdate`` for ``cells`` of tab ``title``."""
        data = [
            {"range": f"{_quote(title)}!{column_letter(c)}{r}", "values": [[_fit(value)]]}
            for (r, c), value in sorted(cells.items())
        ]
        self._call(
            self._http.values_batch_update, self.id, {"valueInputOption": "RAW", "data": data}
        )

    def write_settings(self, title: str, cells: Mapping[tuple[int, int], Cell]) -> None:
        """One ``values.batchUpdate`` (RAW), or one ``batchUpdate`` that adds and fills the tab."""
        if not is_settings_tab(title):
            raise AibouError(f"'{title}' is not the Settings tab; aibou edits no other tab.")
        if not cells:
            return
        if not self._sheet_ids:
            self.read()
        if title in self._sheet_ids:
            self._write_cells(title, cells)
            return
        sheet_id = _sheet_id(f"settings/{title}", set(self._sheet_ids.values()))
        height, width = max(r for r, _ in cells), max(c for _, c in cells)
        rows = [[cells.get((r, c)) for c in range(1, width + 1)] for r in range(1, height + 1)]
        requests = [
            {"addSheet": {"properties": {
                "sheetId": sheet_id, "title": title,
                "gridProperties": {"rowCount": height + SPARE_ROWS,
                                   "columnCount": width + SPARE_COLUMNS},
            }}},
            {"updateCells": {
                "start": {"sheetId": sheet_id, "rowIndex": 0, "columnIndex": 0},
                "rows": [{"values": [_cell(v) for v in row]} for row in rows],
                "fields": "userEnteredValue",
            }},
        ]  # fmt: skip
        self._call(self._http.batch_update, self.id, {"requests": requests})
        self._sheet_ids[title] = sheet_id

    def write_report_tab(self, tab: ReportTab) -> int:
        """Create the report tab, or rewrite aibou's tab of its kind whole, in one
        ``batchUpdate`` (:mod:`aibou.google.report_tabs`); returns its sheet id."""
        from aibou.google.report_tabs import find_report, report_requests

        meta = self._call(
            self._http.fetch_sheet_metadata,
            self.id,
            params={"fields": _REPORT_FIELDS},
        )
        sheets = meta.get("sheets", [])
        titles = {s["properties"]["title"]: s["properties"]["sheetId"] for s in sheets}
        ours = find_report(sheets, tab.kind)
        if ours is None:
            if tab.title in titles:
                raise AibouError(
                    f"The spreadsheet has a tab named '{tab.title}' that aibou did not write; "
                    "rename or delete it so aibou can write its report there."
                )
            sheet_id = _sheet_id(f"report/{tab.kind}", set(titles.values()))
        else:
            sheet_id = ours["properties"]["sheetId"]
            if titles.get(tab.title, sheet_id) != sheet_id:  # the new title is another tab's
                tab = replace(tab, title=ours["properties"]["title"])
        requests = report_requests(tab, sheet_id, existing=ours, cell=_cell)
        self._call(self._http.batch_update, self.id, {"requests": requests})
        return sheet_id

    def add_starter_tabs(self, tabs: StarterTabs) -> None:
        """``init``: one ``batchUpdate`` adding the roster (header RAW and bold, frozen, a
        ``ONE_OF_LIST`` drop-down per listed column) and, if asked, the Settings tab."""
        if not self._sheet_ids:
            self.read()
        taken = set(self._sheet_ids.values())
        roster_id = _sheet_id(f"init/{tabs.roster_title}", taken)
        requests = _new_tab(roster_id, tabs.roster_title, tabs.roster_rows, STARTER_ROWS)
        requests += [
            {"setDataValidation": {
                "range": {"sheetId": roster_id, "startRowIndex": 1, "endRowIndex": STARTER_ROWS + 1,
                          "startColumnIndex": column, "endColumnIndex": column + 1},
                "rule": {"condition": {"type": "ONE_OF_LIST",
                                       "values": [{"userEnteredValue": v} for v in choices]},
                         "strict": True, "showCustomUi": True},
            }}
            for column, choices in sorted(tabs.choices.items())
        ]  # fmt: skip
        if tabs.settings_title:
            settings_id = _sheet_id(f"init/{tabs.settings_title}", taken | {roster_id})
            requests += _new_tab(settings_id, tabs.settings_title, tabs.settings_rows, 0)
        self._call(self._http.batch_update, self.id, {"requests": requests})
        self._sheet_ids = {}  # read again before the next write

    def _tag_of(self, title: str) -> str | None:
        return next((s.period_key for s in self.read().sheets if s.title == title), None)

    # --- the lock ------------------------------------------------------------------------

    @contextmanager
    def lock(self, owner: str) -> Iterator[None]:
        """A spreadsheet-wide lock in developer metadata.

        A run adds its entry and reads all entries back: it holds the lock only if its entry is
        the only live one. Two runs can never both hold it (whichever reads second sees the
        other's entry). When two collide, both withdraw and try again after a random pause, so
        one of them soon gets through and the other then reports ``busy``. Entries past their
        expiry (a run that died), and entries aibou cannot have written (no owner, not JSON, an
        expiry beyond :data:`LOCK_HORIZON_SECONDS`: planted or corrupted by a sheet editor) are
        removed, never honoured.
        """
        mine = f"{redact(owner)[: LOCK_OWNER_MAX_CHARS - 40]}/{uuid.uuid4()}"
        for attempt in range(LOCK_ATTEMPTS):
            live, broken = self._locks()
            if live:
                raise Busy(f"Another aibou run ({redact(live[0][1])}) is working on this sheet.")
            now = time.time()
            value = json.dumps({"owner": mine, "created": now, "expires": now + LOCK_TTL_SECONDS})
            requests: list[dict[str, Any]] = [_delete_metadata(mid) for mid in broken]
            requests.append({"createDeveloperMetadata": {"developerMetadata": {
                "metadataKey": LOCK_KEY, "metadataValue": value, "location": {"spreadsheet": True},
                "visibility": "DOCUMENT",
            }}})  # fmt: skip
            self._call(self._http.batch_update, self.id, {"requests": requests})
            live, _ = self._locks()
            ours = [mid for mid, owner in live if owner == mine]
            if ours and len(ours) == len(live):
                break
            self._unlock(ours)  # a collision: step back, then look again
            if attempt == LOCK_ATTEMPTS - 1:
                raise Busy("Another aibou run is working on this sheet.")
            time.sleep(random.uniform(*LOCK_COLLISION_PAUSE_SECONDS))
        try:
            yield
        finally:
            self._unlock(ours)

    def _unlock(self, metadata_ids: Sequence[int]) -> None:
        if metadata_ids:
            self._call(
                self._http.batch_update,
                self.id,
                {"requests": [_delete_metadata(m) for m in metadata_ids]},
            )

    def _locks(self) -> tuple[list[tuple[int, str]], list[int]]:
        """(live, broken): live lock entries as (metadataId, owner), and the ids of the rest
        (expired, malformed, or expiring further ahead than a lease could)."""
        url = f"{GOOGLE_SHEETS_ROOT}v4/spreadsheets/{self.id}/developerMetadata:search"
        body = {"dataFilters": [{"developerMetadataLookup": {"metadataKey": LOCK_KEY}}]}
        found = self._call(self._http.request, "post", url, json=body).json()
        live, broken = [], []
        now = time.time()
        for match in found.get("matchedDeveloperMetadata", []):
            meta = match["developerMetadata"]
            owner = _live_owner(meta.get("metadataValue"), now)
            if owner is None:
                broken.append(meta["metadataId"])
            else:
                live.append((meta["metadataId"], owner))
        return live, broken

    # --- errors --------------------------------------------------------------------------

    def _call(self, method: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Run one gspread call, translating its errors into aibou's."""
        import gspread
        import requests
        from google.auth.exceptions import GoogleAuthError

        try:
            return method(*args, **kwargs)
        except GoogleAuthError as exc:
            raise PermissionDenied(redact(CREDENTIALS_REFUSED.format(exc=exc))) from exc
        except gspread.exceptions.APIError as exc:
            message = redact(str(exc.error.get("message", exc)))
            if exc.code == 404:
                raise NotFound(
                    f"Spreadsheet {self.id} was not found. Check the ID, and share the sheet "
                    "with the account aibou uses."
                ) from exc
            if exc.code in (401, 403) and not is_retryable(exc.code, exc.response.content):
                raise PermissionDenied(
                    f"No permission on spreadsheet {self.id} ({message}). Share it with the "
                    "account aibou uses, as an editor."
                ) from exc
            if is_retryable(exc.code, exc.response.content):
                raise Unavailable(
                    f"Google Sheets kept failing ({exc.code} {message}); try again later."
                ) from exc
            raise AibouError(f"Google Sheets refused the request: {message}") from exc
        except requests.RequestException as exc:
            raise Unavailable(
                f"Google Sheets could not be reached ({redact(str(exc))}); try again later."
            ) from exc


def _live_owner(value: object, now: float) -> str | None:
    """The owner of a lock entry ``value`` still in force at ``now``; ``None`` when it has
    expired or is not an entry aibou writes.

    >>> _live_owner('{"owner": "cli:a:1", "created": 0, "expires": 600}', now=10)
    'cli:a:1'
    >>> [_live_owner(v, now=10) for v in ('{"owner": "x", "expires": 5}', '{"expires": 600}',
    ...   '{"owner": "x", "expires": 1e12}', '{"owner": "x", "expires": Infinity}',
    ...   '{"owner": "x", "expires": NaN}', '{"owner": 7, "expires": 600}', '[]', 'lock', None)]
    [None, None, None, None, None, None, None, None, None]
    """
    try:
        lock = json.loads(value) if isinstance(value, str) else None
    except ValueError:
        return None
    if not isinstance(lock, dict):
        return None
    owner, expires = lock.get("owner"), lock.get("expires")
    if not isinstance(owner, str) or not owner or len(owner) > LOCK_OWNER_MAX_CHARS:
        return None
    if isinstance(expires, bool) or not isinstance(expires, int | float):
        return None
    return owner if now < expires <= now + LOCK_HORIZON_SECONDS else None


def _record_requests(sheet_id: int, written: str | None, *, replace: bool) -> list[dict[str, Any]]:
    """The requests that store ``written`` on tab ``sheet_id`` in numbered chunks (after
    deleting the record it had, when ``replace``); none when ``written`` is ``None``."""
    if written is None:
        return []
    requests: list[dict[str, Any]] = []
    if replace:
        requests.append({"deleteDeveloperMetadata": {"dataFilter": {"developerMetadataLookup": {
            "metadataKey": WRITTEN_KEY, "metadataLocation": {"sheetId": sheet_id},
        }}}})  # fmt: skip
    chunks = [written[i : i + WRITTEN_CHUNK] for i in range(0, len(written), WRITTEN_CHUNK)]
    for index, chunk in enumerate(chunks or [""]):
        requests.append({"createDeveloperMetadata": {"developerMetadata": {
            "metadataKey": WRITTEN_KEY, "metadataValue": f"{index:04d}:{chunk}",
            "location": {"sheetId": sheet_id}, "visibility": "DOCUMENT",
        }}})  # fmt: skip
    return requests


def _joined(values: Iterable[object]) -> str | None:
    """The record stored in numbered chunks (:func:`_record_requests`), ``None`` if there is
    none or a chunk is missing.

    >>> _joined(["0001:cd", "0000:ab"]), _joined(["0001:cd"]), _joined([])
    ('abcd', None, None)
    """
    chunks: dict[int, str] = {}
    for value in values:
        head, _, chunk = str(value).partition(":")
        if head.isdigit():
            chunks[int(head)] = chunk
    if not chunks or sorted(chunks) != list(range(len(chunks))):
        return None
    return "".join(chunks[i] for i in range(len(chunks)))


def _delete_metadata(metadata_id: int) -> dict[str, Any]:
    return {
        "deleteDeveloperMetadata": {
            "dataFilter": {"developerMetadataLookup": {"metadataId": metadata_id}}
        }
    }
