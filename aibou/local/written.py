"""aibou's record of what it wrote to each rotation tab of a workbook (DESIGN.md §3), as one
custom XML part.

The part (``customXml/aibou-written.xml``, related from the workbook part as ``customXml``, so
Excel keeps it) holds one ``<tab period="2027-Q1">`` element per rotation tab, keyed by the
period key the tab's hidden defined name carries (it survives renaming and reordering tabs),
its text the :meth:`~aibou.domain.sheet.digest.Written.encode` record. A record is advisory:
a part that is missing, too large or broken reads as no record.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Mapping
from xml.etree.ElementTree import ParseError
from xml.sax.saxutils import escape, quoteattr

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from aibou.local import sheetxml
from aibou.local.xlsx import CONTENT_TYPES, RELS, Package

__all__ = ["PART", "read_records", "record_parts"]

#: The zip entry aibou writes its records to.
PART = "customXml/aibou-written.xml"
NAMESPACE = "urn:aibou:written"
CUSTOM_XML_TYPE = f"{RELS}/customXml"
#: Bytes of a record part aibou reads (about 4 characters per row aibou wrote).
MAX_PART_BYTES = 16 * 2**20


def _part_of(archive: zipfile.ZipFile, package: Package) -> str | None:
    """The record part's entry, found through the workbook's relationships."""
    from aibou.local.xlsx import _resolve

    if package.rels_part not in package.names:
        return None
    try:
        rels = fromstring(archive.read(package.rels_part))
    except (ParseError, DefusedXmlException, KeyError, OSError, ValueError):
        return None
    for rel in rels:
        if rel.get("Type") == CUSTOM_XML_TYPE:
            target = _resolve(package.workbook_part, rel.get("Target", ""))
            if target == PART:
                return target
    return None


def read_records(archive: zipfile.ZipFile, package: Package) -> dict[str, str]:
    """The records in the workbook, by period key (empty when it has none it can read)."""
    part = _part_of(archive, package)
    if part is None or part not in package.names:
        return {}
    try:
        if archive.getinfo(part).file_size > MAX_PART_BYTES:
            return {}
        root = fromstring(archive.read(part))
    except (ParseError, DefusedXmlException, KeyError, OSError, ValueError, zipfile.BadZipFile):
        return {}
    if root.tag != f"{{{NAMESPACE}}}records":
        return {}
    return {
        tab.get("period", ""): (tab.text or "").strip()
        for tab in root.iter(f"{{{NAMESPACE}}}tab")
        if tab.get("period")
    }


def record_parts(
    archive: zipfile.ZipFile,
    package: Package,
    period_key: str,
    written: str,
    current: Callable[[str], bytes],
) -> Mapping[str, bytes]:
    """The parts to set so the workbook keeps ``written`` for ``period_key``'s tab.

    ``current(name)`` is a part as the write in progress leaves it (the relationships and
    content types a new tab changes too).
    """
    records = {**read_records(archive, package), period_key: written}
    body = "".join(
        f"<tab period={quoteattr(key)}>{escape(value)}</tab>" for key, value in records.items()
    )
    xml = f'<?xml version="1.0" encoding="UTF-8"?>\n<records xmlns="{NAMESPACE}">{body}</records>'
    changed: dict[str, bytes] = {PART: xml.encode("utf-8")}
    if _part_of(archive, package) is None:
        changed[package.rels_part], _ = sheetxml.add_relationship(
            current(package.rels_part), "/" + PART, CUSTOM_XML_TYPE
        )
    if PART not in package.names:
        changed[CONTENT_TYPES] = sheetxml.add_content_type(
            current(CONTENT_TYPES), PART, "application/xml"
        )
    return changed
