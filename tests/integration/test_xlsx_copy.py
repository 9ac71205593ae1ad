"""Rewriting a workbook copies the parts it does not change as they are stored."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl

from aibou.local.xlsx import rewrite


def test_unchanged_parts_are_copied_compressed_bytes_and_all(tmp_path: Path) -> None:
    saved = tmp_path / "saved.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "名簿"
    for i in range(2000):
        book.active.append([f"person {i}", f"p{i}@example.com", "セールス"])
    book.save(saved)
    source = tmp_path / "in.xlsx"  # compressed as no writer of ours would: a copy shows it
    with zipfile.ZipFile(saved) as src, zipfile.ZipFile(source, "w") as dst:
        for info in src.infolist():
            dst.writestr(info.filename, src.read(info), zipfile.ZIP_DEFLATED, compresslevel=1)
    target = tmp_path / "out.xlsx"
    rewrite(source, target, {"xl/extra.xml": b"<x/>", "docProps/app.xml": b"<Properties/>"})

    with zipfile.ZipFile(source) as before, zipfile.ZipFile(target) as after:
        assert after.testzip() is None  # every CRC checks out
        assert [i.filename for i in after.infolist()] == [
            *(i.filename for i in before.infolist()),
            "xl/extra.xml",
        ]
        assert after.read("xl/extra.xml") == b"<x/>"
        assert after.read("docProps/app.xml") == b"<Properties/>"
        for old in before.infolist():
            if old.filename == "docProps/app.xml":
                continue
            new = after.getinfo(old.filename)
            assert after.read(new) == before.read(old)
            assert (new.compress_type, new.compress_size, new.CRC, new.date_time) == (
                old.compress_type, old.compress_size, old.CRC, old.date_time,
            )  # fmt: skip
    rows = list(openpyxl.load_workbook(target, read_only=True)["名簿"].iter_rows(values_only=True))
    assert rows[1999] == ("person 1999", "p1999@example.com", "セールス")
