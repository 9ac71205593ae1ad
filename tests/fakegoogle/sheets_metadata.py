"""Developer metadata: create / update / delete requests, search and get."""

from __future__ import annotations

from typing import Any

from . import fieldmask
from .errors import GoogleError, bad_request, not_implemented
from .sheets_model import Spreadsheet

LOOKUP_KEYS = (
    "metadataId",
    "metadataKey",
    "metadataValue",
    "locationType",
    "metadataLocation",
    "visibility",
)


def _location(ss: Spreadsheet, loc: dict[str, Any] | None, where: str) -> dict[str, Any]:
    loc = {k: v for k, v in (loc or {}).items() if v is not None and k != "locationType"}
    if len(loc) != 1:
        raise bad_request(
            f"{where}: exactly one of spreadsheet, sheetId or dimensionRange must be set "
            "in location"
        )
    if loc.get("spreadsheet") is True:
        return {"locationType": "SPREADSHEET", "spreadsheet": True}
    if "sheetId" in loc:
        if ss.by_id(loc["sheetId"]) is None:
            raise bad_request(f"{where}: No grid with id: {loc['sheetId']}")
        return {"locationType": "SHEET", "sheetId": loc["sheetId"]}
    if "dimensionRange" in loc:
        rng = dict(loc["dimensionRange"])
        if ss.by_id(rng.get("sheetId", 0)) is None:
            raise bad_request(f"{where}: No grid with id: {rng.get('sheetId', 0)}")
        rng.setdefault("sheetId", 0)
        dimension = rng.get("dimension")
        if dimension not in ("ROWS", "COLUMNS"):
            raise bad_request(f"{where}: dimensionRange.dimension must be ROWS or COLUMNS")
        kind = "ROW" if dimension == "ROWS" else "COLUMN"
        return {"locationType": kind, "dimensionRange": rng}
    raise bad_request(f"{where}: location must be set")


def create(ss: Spreadsheet, req: dict[str, Any], where: str) -> dict[str, Any]:
    md = dict(req.get("developerMetadata") or {})
    if not md.get("metadataKey"):
        raise bad_request(f"{where}: metadataKey is required")
    if md.get("visibility") in (None, "DEVELOPER_METADATA_VISIBILITY_UNSPECIFIED"):
        raise bad_request(f"{where}: visibility must be specified")
    md["location"] = _location(ss, md.get("location"), where)
    wanted = md.get("metadataId")
    if wanted is not None:
        if wanted <= 0:
            raise bad_request(f"{where}: metadataId must be positive")
        if any(m["metadataId"] == wanted for m in ss.developer_metadata):
            raise bad_request(f"{where}: Metadata with id {wanted} already exists.")
    else:
        used = {m["metadataId"] for m in ss.developer_metadata}
        while ss.next_metadata_id in used:
            ss.next_metadata_id += 1
        wanted = ss.next_metadata_id
        ss.next_metadata_id += 1
    md["metadataId"] = wanted
    md = {k: v for k, v in md.items() if v is not None}
    ss.developer_metadata.append(md)
    return {"createDeveloperMetadata": {"developerMetadata": dict(md)}}


def _location_matches(stored: dict[str, Any], wanted: dict[str, Any], strategy: str) -> bool:
    wanted = {k: v for k, v in wanted.items() if v is not None}
    if wanted.get("spreadsheet"):
        return stored.get("spreadsheet") is True or strategy == "INTERSECTING_LOCATION"
    if "sheetId" in wanted:
        if stored.get("sheetId") == wanted["sheetId"]:
            return True
        return strategy == "INTERSECTING_LOCATION" and (
            stored.get("dimensionRange", {}).get("sheetId") == wanted["sheetId"]
        )
    if "dimensionRange" in wanted:
        return stored.get("dimensionRange") == {"sheetId": 0, **wanted["dimensionRange"]}
    return "locationType" not in wanted or stored["locationType"] == wanted["locationType"]


def matches(md: dict[str, Any], data_filter: dict[str, Any], where: str) -> bool:
    filters = {k: v for k, v in data_filter.items() if v is not None}
    if "a1Range" in filters or "gridRange" in filters:
        raise not_implemented(f"{where}: DataFilter a1Range/gridRange for developer metadata")
    lookup = {
        k: v for k, v in (filters.get("developerMetadataLookup") or {}).items() if v is not None
    }
    if not any(k in lookup for k in LOOKUP_KEYS):
        raise bad_request(f"{where}: dataFilter must specify a developerMetadataLookup criterion")
    for key in ("metadataId", "metadataKey", "metadataValue", "visibility"):
        if key in lookup and md.get(key) != lookup[key]:
            return False
    if "locationType" in lookup and md["location"]["locationType"] != lookup["locationType"]:
        return False
    if "metadataLocation" in lookup:
        strategy = lookup.get("locationMatchingStrategy", "EXACT_LOCATION")
        return _location_matches(md["location"], lookup["metadataLocation"], strategy)
    return True


def update(ss: Spreadsheet, req: dict[str, Any], where: str) -> dict[str, Any]:
    filters = req.get("dataFilters") or []
    if not filters:
        raise bad_request(f"{where}: dataFilters must not be empty")
    if not req.get("fields"):
        raise bad_request(f"{where}: At least one field must be specified in 'fields'")
    tree = fieldmask.parse(req["fields"])
    fieldmask.validate("sheets", "DeveloperMetadata", tree, where)
    if "metadataId" in tree:
        raise bad_request(f"{where}: metadataId cannot be updated")
    source = dict(req.get("developerMetadata") or {})
    if "location" in tree or "*" in tree:
        source["location"] = _location(ss, source.get("location"), where)
    updated = []
    for md in ss.developer_metadata:
        if any(matches(md, f, where) for f in filters):
            keep_id = md["metadataId"]
            fieldmask.update(md, source, tree)
            md["metadataId"] = keep_id
            updated.append(dict(md))
    return {"updateDeveloperMetadata": {"developerMetadata": updated}}


def delete(ss: Spreadsheet, req: dict[str, Any], where: str) -> dict[str, Any]:
    data_filter = req.get("dataFilter") or {}
    gone = [md for md in ss.developer_metadata if matches(md, data_filter, where)]
    ss.developer_metadata = [md for md in ss.developer_metadata if md not in gone]
    return {"deleteDeveloperMetadata": {"deletedDeveloperMetadata": gone}}


def search(ss: Spreadsheet, body: dict[str, Any]) -> dict[str, Any]:
    filters = body.get("dataFilters") or []
    found = []
    for md in ss.developer_metadata:
        hit = [f for i, f in enumerate(filters) if matches(md, f, f"Invalid dataFilters[{i}]")]
        if hit:
            found.append({"developerMetadata": dict(md), "dataFilters": hit})
    return {"matchedDeveloperMetadata": found} if found else {}


def get(ss: Spreadsheet, metadata_id: int) -> dict[str, Any]:
    for md in ss.developer_metadata:
        if md["metadataId"] == metadata_id:
            return dict(md)
    raise GoogleError(404, f"No developer metadata with ID: {metadata_id}", reason="notFound")


def drop_sheet(ss: Spreadsheet, sheet_id: int) -> None:
    ss.developer_metadata = [
        md
        for md in ss.developer_metadata
        if md["location"].get("sheetId") != sheet_id
        and md["location"].get("dimensionRange", {}).get("sheetId", -1) != sheet_id
    ]
