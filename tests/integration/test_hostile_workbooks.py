"""Workbooks a stranger could hand aibou, made by code (no binary committed), through the CLI.

Each case is one way a local run went wrong before: macros and parts openpyxl does not model
dropped on save, a planted lock, bombs that filled memory, a symbolic link replaced, broken XML
as a traceback, a temporary file left for good, a workbook open in Excel, a run without fcntl,
a ``.csv``. Every case asserts what a user would check: the exit status and the JSON
``status``/``errors``, the bytes of the file, what is left beside it.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from aibou.cli import main
from aibou.local import xlsx
from aibou.local.lock import lock_path
from tests.rosters import roster_rows, write_workbook

ROOT = Path(__file__).resolve().parents[2]
DAY = "2027-01-06"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
DRAWING = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"


def cli(book: Path, *extra: str) -> tuple[int, dict]:
    out = io.StringIO()
    ics = book.with_suffix(".ics")
    code = main(["rotate", "--workbook", str(book), "--ics", str(ics), "--date", DAY,
                 "--json", *extra], out=out)  # fmt: skip
    return code, json.loads(out.getvalue())


def messages(result: dict) -> str:
    return " ".join(e["message"] for e in result["errors"])


@pytest.fixture
def book(tmp_path: Path) -> Path:
    roster = roster_rows({"sales": 3, "cs": 3, "dev": 3})
    return write_workbook(tmp_path / "team.xlsx", {"名簿": roster})


def entries(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {name: z.read(name) for name in z.namelist()}


def rezip(path: Path, edit: dict[str, bytes | None]) -> Path:
    """Rewrite the zip at ``path`` with entries replaced, added, or (``None``) removed."""
    old = entries(path)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in {**old, **edit}.items():
            if data is not None:
                z.writestr(name, data)
    return path


def sheet_part(path: Path, title: str = "名簿") -> str:
    with zipfile.ZipFile(path) as z:
        workbook = z.read("xl/workbook.xml").decode()
    number = re.findall(r'<sheet [^>]*name="([^"]+)"', workbook).index(title) + 1
    return f"xl/worksheets/sheet{number}.xml"


# --- what openpyxl dropped on save -------------------------------------------------------------

VBA_TYPE = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
MACRO_WORKBOOK = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"


def test_an_xlsm_keeps_its_macros_and_content_type(book: Path) -> None:
    macro = book.with_suffix(".xlsm")
    book.rename(macro)
    found = entries(macro)
    vba_rel = f'<Relationship Id="rIdVba" Type="{VBA_TYPE}" Target="vbaProject.bin"/>'
    rels = found["xl/_rels/workbook.xml.rels"].decode()
    rels = rels.replace("</Relationships>", f"{vba_rel}</Relationships>")
    types = re.sub(r'(PartName="/xl/workbook.xml" ContentType=")[^"]+', rf"\g<1>{MACRO_WORKBOOK}",
                   found["[Content_Types].xml"].decode())  # fmt: skip
    bin_type = '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
    types = types.replace("</Types>", f"{bin_type}</Types>")
    vba = os.urandom(4096)
    rezip(macro, {"xl/vbaProject.bin": vba, "xl/_rels/workbook.xml.rels": rels.encode(),
                  "[Content_Types].xml": types.encode()})  # fmt: skip

    code, result = cli(macro)

    assert (code, result["status"]) == (0, "applied")
    after = entries(macro)
    assert after["xl/vbaProject.bin"] == vba
    assert MACRO_WORKBOOK in after["[Content_Types].xml"].decode()
    assert VBA_TYPE in after["xl/_rels/workbook.xml.rels"].decode()
    opened = openpyxl.load_workbook(macro, keep_vba=True)
    opened.vba_archive.close()  # openpyxl keeps it open, and a late collection warns of it
    assert opened.sheetnames == ["名簿", "相棒 2027-Q1"]


def test_parts_aibou_does_not_model_are_kept_byte_for_byte(book: Path) -> None:
    """Comments, data validation, conditional formats and a chart (openpyxl writes them), plus an
    image, a shape and a pivot table as raw parts wired into the roster tab."""
    from openpyxl.chart import BarChart, Reference
    from openpyxl.comments import Comment
    from openpyxl.formatting.rule import CellIsRule
    from openpyxl.styles import PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = openpyxl.load_workbook(book)
    ws = wb["名簿"]
    ws["A2"].comment = Comment("入社したばかり", "ops")
    valid = DataValidation(type="list", formula1='"オフィス,リモート"')
    valid.add("D2:D100")
    ws.add_data_validation(valid)
    red = PatternFill(start_color="FFC7CE", end_color="FFC7CE", fill_type="solid")
    rule = CellIsRule(operator="equal", formula=['"休職"'], fill=red)
    ws.conditional_formatting.add("E2:E100", rule)
    data = wb.create_sheet("数字")
    for row in ([1, 2], [3, 4]):
        data.append(row)
    chart = BarChart()
    chart.add_data(Reference(data, min_col=1, min_row=1, max_row=2))
    data.add_chart(chart, "D2")
    wb.save(book)
    raw: dict[str, bytes | str] = {
        "xl/media/image1.png": b"\x89PNG\r\n\x1a\n" + os.urandom(512),
        "xl/drawings/drawing9.xml": f'<xdr:wsDr xmlns:xdr="{DRAWING}"><xdr:sp/></xdr:wsDr>',
        "xl/pivotTables/pivotTable1.xml": f'<pivotTableDefinition xmlns="{MAIN}"/>',
        "xl/pivotCache/pivotCacheDefinition1.xml": f'<pivotCacheDefinition xmlns="{MAIN}"/>',
    }
    raw = {k: v.encode() if isinstance(v, str) else v for k, v in raw.items()}
    rezip(book, raw)
    before = entries(book)

    code, result = cli(book)

    assert (code, result["status"]) == (0, "applied")
    after = entries(book)
    ours = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels", "[Content_Types].xml", "xl/styles.xml"}
    new = set(after) - set(before) - {"customXml/aibou-written.xml"}  # the tab and its record
    tab = next(n for n in new if n.startswith("xl/worksheets/sheet"))
    assert new == {tab, f"customXml/aibou-rows-{tab.rsplit('/', 1)[1]}"}  # and its copy
    for name, data in before.items():
        if name in ours:  # edited by insertion (and counts): every other byte is still there
            assert _is_subsequence(_uncounted(data), _uncounted(after[name])), name
        else:
            assert after[name] == data, name
    reread = openpyxl.load_workbook(book)
    assert reread["名簿"]["A2"].comment.text == "入社したばかり"
    assert reread["名簿"].data_validations.dataValidation
    assert reread["名簿"].conditional_formatting
    assert reread.sheetnames == ["名簿", "数字", "相棒 2027-Q1"]


def _uncounted(xml: bytes) -> bytes:
    return re.sub(rb'count="\d+"', b"", xml)


def _is_subsequence(small: bytes, large: bytes) -> bool:
    it = iter(large)
    return all(byte in it for byte in small)


# --- bombs ---------------------------------------------------------------------------------------


def _bomb_rows(cells: str) -> bytes:
    return f'<worksheet xmlns="{MAIN}"><sheetData>{cells}</sheetData></worksheet>'.encode()


@pytest.mark.parametrize(
    ("cells", "words"),
    [
        # one cell in column XFD of every row: laid out as 16,384 columns a row, it filled 8 GB
        ("".join(f'<row r="{r}"><c r="XFD{r}"><v>1</v></c></row>' for r in range(1, 200)),
         "too many columns"),
        ('<row r="1"><c r="A1"><v>1</v></c></row>'
         '<row r="1048576"><c r="A1048576"><v>1</v></c></row>', "too many rows"),
        # the same bomb written as XML and python-calamine also allow: single quotes, spaces
        # around "=", lower-case references, cells without references placed one after another
        ("".join(f"<row r='{r}'><c r='xfd{r}'><v>1</v></c></row>" for r in range(1, 200)),
         "too many columns"),
        ("".join(f'<row r = "{r}"><c r = "XFD{r}"><v>1</v></c></row>' for r in range(1, 200)),
         "too many columns"),
        ("<row>" + "<c><v>1</v></c>" * 105 + "</row>", "too many columns"),
        ("".join(f"<row r='{r}'><c r='a{r}'><v>1</v></c></row>" for r in (1, 100_000)),
         "too many rows"),
        ("<row><c><v>1</v></c></row>" * 100_000, "too many rows"),
    ],
    ids=["column-XFD-every-row", "last-row-of-the-grid", "single-quoted-lower-case",
         "spaces-around-equals", "cells-without-references", "lower-case-far-row",
         "rows-without-references"],
)  # fmt: skip
def test_a_sheet_bomb_is_refused_with_exit_2_before_it_is_laid_out(
    book: Path, cells: str, words: str
) -> None:
    rezip(book, {sheet_part(book): _bomb_rows(cells)})
    data = book.read_bytes()

    code, result = cli(book)

    assert (code, result["status"]) == (2, "invalid")
    assert words in messages(result) and "team.xlsx" in messages(result)
    assert result["errors"][0]["tab"] == "名簿"
    assert book.read_bytes() == data and not book.with_suffix(".ics").exists()


def test_a_grid_past_the_cell_bound_is_refused_before_it_is_laid_out(book: Path) -> None:
    """Two cells, A1 and CZ99999, make a grid of 10 million cells (433 MB laid out)."""
    cells = ('<row r="1"><c r="A1"><v>1</v></c></row>'
             '<row r="99999"><c r="CZ99999"><v>1</v></c></row>')  # fmt: skip
    rezip(book, {sheet_part(book): _bomb_rows(cells)})
    data = book.read_bytes()

    code, result = cli(book)

    assert (code, result["status"]) == (2, "invalid")
    assert "too many cells" in messages(result) and "team.xlsx" in messages(result)
    assert book.read_bytes() == data and not book.with_suffix(".ics").exists()


def test_a_tab_named_in_another_case_is_still_checked(book: Path) -> None:
    """python-calamine finds ``Worksheets/Sheet1.xml`` as ``xl/worksheets/sheet1.xml``."""
    part = sheet_part(book)
    rels = entries(book)["xl/_rels/workbook.xml.rels"].decode()
    target = re.search(rf'Target="/?({re.escape(part)}|{re.escape(part[3:])})"', rels)
    assert target is not None
    shouted = part[3:].replace("worksheets/sheet", "Worksheets/Sheet")
    cells = "".join(f'<row r="{r}"><c r="XFD{r}"><v>1</v></c></row>' for r in range(1, 200))
    rels = rels.replace(target.group(0), f'Target="{shouted}"')
    rezip(book, {"xl/_rels/workbook.xml.rels": rels.encode(), part: _bomb_rows(cells)})
    data = book.read_bytes()

    code, result = cli(book)

    assert (code, result["status"]) == (2, "invalid")
    assert "too many columns" in messages(result) and result["errors"][0]["tab"] == "名簿"
    assert book.read_bytes() == data


def test_a_tab_whose_part_is_missing_is_a_clear_error(book: Path) -> None:
    rezip(book, {sheet_part(book): None})
    data = book.read_bytes()

    code, result = cli(book)

    assert (code, result["status"]) == (1, "error")
    assert "damaged" in messages(result) and "team.xlsx" in messages(result)
    assert book.read_bytes() == data


def test_a_huge_string_is_refused_from_the_zip_directory(
    book: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A 1 MB file holding a 1 GiB string reached 7.7 GB; the bound is lowered here to keep the
    test small: the size is read from the zip's directory, nothing is inflated."""
    monkeypatch.setattr(xlsx, "MAX_READ_BYTES", 2**20)
    strings = f'<sst xmlns="{MAIN}"><si><t>{"a" * 2**21}</t></si></sst>'.encode()
    rezip(book, {"xl/sharedStrings.xml": strings})
    assert book.stat().st_size < 2**16  # it compresses to almost nothing
    data = book.read_bytes()

    code, result = cli(book)

    assert (code, result["status"]) == (2, "invalid")
    assert "too large" in messages(result) and "team.xlsx" in messages(result)
    assert book.read_bytes() == data


def test_a_cell_longer_than_sheets_allows_is_an_invalid_cell(book: Path) -> None:
    """Excel stops at 32,767 characters (openpyxl too), Sheets at 50,000; a file can hold more."""
    long = "長" * 50_001
    cells = (
        '<row r="1"><c r="A1" t="inlineStr"><is><t>名前</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>メール</t></is></c></row>'
    )
    cells += f'<row r="3"><c r="A3" t="inlineStr"><is><t>{long}</t></is></c></row>'
    rezip(book, {sheet_part(book): _bomb_rows(cells)})
    data = book.read_bytes()

    code, result = cli(book)

    assert (code, result["status"]) == (2, "invalid")
    assert [(e["tab"], e["row"], e["column"]) for e in result["errors"]] == [("名簿", 3, "A")]
    assert "50001" in messages(result) and book.read_bytes() == data


# --- broken files, links, leftovers ----------------------------------------------------------


def test_malformed_sheet_xml_is_a_clear_error(book: Path) -> None:
    rezip(book, {sheet_part(book): b"<worksheet><sheetData><row r='1'><c r='A1'"})
    data = book.read_bytes()

    code, result = cli(book)

    assert (code, result["status"]) == (1, "error")
    assert "team.xlsx" in messages(result) and "damaged" in messages(result)
    assert book.read_bytes() == data


def test_a_workbook_given_as_a_symlink_is_updated_through_it(book: Path, tmp_path: Path) -> None:
    link = tmp_path / "link.xlsx"
    link.symlink_to(book)

    code, result = cli(link)

    assert (code, result["status"]) == (0, "applied")
    assert link.is_symlink() and link.resolve() == book
    assert openpyxl.load_workbook(book).sheetnames == ["名簿", "相棒 2027-Q1"]


def test_a_temporary_file_left_by_a_killed_save_is_removed_by_the_next_run(book: Path) -> None:
    leftover = book.parent / ".~aibou.team.xlsx.k1ll3d.tmp"  # as atomic_write names them
    leftover.write_bytes(b"half a zip")

    code, result = cli(book)

    assert (code, result["status"]) == (0, "applied")
    assert sorted(p.name for p in book.parent.iterdir()) == ["team.ics", "team.xlsx"]


def test_a_csv_gets_one_clear_line(tmp_path: Path) -> None:
    csv = tmp_path / "team.csv"
    csv.write_text("name,email\nA,a@x.jp\n")
    done = subprocess.run(
        [sys.executable, "main.py", "rotate", "--workbook", str(csv), "--date", DAY],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode in (1, 2)
    assert "Traceback" not in done.stderr
    lines = [line for line in (done.stdout + done.stderr).splitlines() if line.strip()]
    assert len(lines) == 1 and "save it as .xlsx" in lines[0] and "team.csv" in lines[0]


# --- the lock ------------------------------------------------------------------------------------


@pytest.mark.parametrize("planted", ["symlink", "directory"])
def test_something_planted_at_the_lock_is_refused_and_untouched(
    book: Path, tmp_path: Path, planted: str
) -> None:
    lock = lock_path(book)
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    if planted == "symlink":
        lock.symlink_to(victim)
    else:
        lock.mkdir()
    try:
        code, result = cli(book)
    finally:
        lock.unlink() if lock.is_symlink() else lock.rmdir()

    assert (code, result["status"]) == (1, "error")
    assert "lock" in messages(result)
    assert victim.read_text() == "precious"
    assert openpyxl.load_workbook(book).sheetnames == ["名簿"]


@pytest.mark.parametrize(
    ("owner", "app"), [("~$team.xlsx", "Excel"), (".~lock.team.xlsx#", "LibreOffice")]
)
def test_a_workbook_open_in_an_office_suite_is_busy_with_its_reason(
    book: Path, owner: str, app: str
) -> None:
    (book.parent / owner).write_text("ops")
    data = book.read_bytes()

    code, result = cli(book)

    assert (code, result["status"]) == (1, "busy")
    assert f"open in {app}" in messages(result) and owner in messages(result)
    assert book.read_bytes() == data and not book.with_suffix(".ics").exists()
    out = io.StringIO()
    main(["rotate", "--workbook", str(book), "--date", DAY], out=out)
    assert f"open in {app}" in out.getvalue()  # the human output says why too


HOLD = """
import sys, time
from aibou.local.workbook import Workbook
with Workbook(sys.argv[1]).lock("other"):
    print("locked", flush=True)
    time.sleep(60)
"""


def test_busy_says_another_run_holds_the_workbook(book: Path) -> None:
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(book)], cwd=ROOT,
                              stdout=subprocess.PIPE, text=True)  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        code, result = cli(book)
    finally:
        holder.kill()
        holder.wait()
    assert (code, result["status"]) == (1, "busy")
    assert "Another aibou run is working on team.xlsx" in messages(result)


NO_FCNTL = """
import builtins
real_import = builtins.__import__
def no_fcntl(name, *args, **kwargs):
    if name == "fcntl":
        raise ImportError("No module named 'fcntl' (as on Windows)")
    return real_import(name, *args, **kwargs)
builtins.__import__ = no_fcntl
"""


def test_a_rotation_runs_where_fcntl_does_not_exist(book: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(NO_FCNTL)
    env = {**os.environ, "PYTHONPATH": f"{site}{os.pathsep}{ROOT}"}
    probe = subprocess.run([sys.executable, "-c", "import fcntl"], env=env, capture_output=True)
    assert probe.returncode != 0  # the sitecustomize does hide fcntl
    done = subprocess.run(
        [sys.executable, "main.py", "rotate", "--workbook", str(book), "--date", DAY, "--json"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["status"] == "applied"
    assert openpyxl.load_workbook(book).sheetnames == ["名簿", "相棒 2027-Q1"]


# --- one clear line instead of a traceback ---------------------------------------------------


def _encrypted(path: Path) -> Path:
    """Every entry flagged as encrypted (bit 0 of the flags, local and central headers)."""
    data = bytearray(path.read_bytes())
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.find(signature)
        while at >= 0:
            data[at + offset] |= 1
            at = data.find(signature, at + 4)
    path.write_bytes(bytes(data))
    return path


def _utf16_content_types(path: Path) -> Path:
    types = entries(path)["[Content_Types].xml"].decode()
    types = re.sub(r"^<\?xml[^>]*\?>", "", types)
    return rezip(path, {"[Content_Types].xml": ('<?xml version="1.0" encoding="UTF-16"?>'
                                                 + types).encode("utf-16")})  # fmt: skip


@pytest.mark.parametrize(
    "damage",
    [_encrypted, lambda p: rezip(p, {"[Content_Types].xml": None}), _utf16_content_types],
    ids=["encrypted-entries", "no-content-types", "utf-16-content-types"],
)
def test_a_workbook_aibou_cannot_read_or_write_is_damaged_and_untouched(
    book: Path, damage: Callable[[Path], Path]
) -> None:
    damage(book)
    data = book.read_bytes()

    code, result = cli(book)

    assert (code, result["status"]) == (1, "error")
    assert "damaged" in messages(result) and "team.xlsx" in messages(result)
    assert book.read_bytes() == data and not book.with_suffix(".ics").exists()


def test_an_ics_path_that_is_a_folder_is_one_clear_error(book: Path, tmp_path: Path) -> None:
    folder = tmp_path / "calendar.ics"
    folder.mkdir()

    code, result = cli(book, "--ics", str(folder))

    assert (code, result["status"]) == (1, "error")
    assert "cannot be read as an .ics file" in messages(result)


def test_a_loop_of_symbolic_links_is_one_clear_error(tmp_path: Path) -> None:
    (tmp_path / "a.xlsx").symlink_to(tmp_path / "b.xlsx")
    (tmp_path / "b.xlsx").symlink_to(tmp_path / "a.xlsx")

    code, result = cli(tmp_path / "a.xlsx")

    assert (code, result["status"]) == (1, "error")
    assert "a.xlsx does not exist" in messages(result)


@pytest.mark.parametrize("special", ["fifo", "device"])
def test_a_workbook_that_is_no_regular_file_is_refused_without_waiting(
    tmp_path: Path, special: str
) -> None:
    """Opening a pipe waits for a writer forever; /dev/zero never ends."""
    book = tmp_path / "team.xlsx"
    if special == "fifo":
        os.mkfifo(book)
    else:
        book.symlink_to("/dev/zero")
    done = subprocess.run(
        [sys.executable, "main.py", "rotate", "--workbook", str(book), "--date", DAY, "--json"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "team.xlsx is not an .xlsx workbook" in messages(json.loads(done.stdout))


def test_a_date_past_the_years_aibou_plans_in_is_one_clear_line(book: Path) -> None:
    done = subprocess.run(
        [sys.executable, "main.py", "rotate", "--workbook", str(book), "--date", "9999-12-31"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "use a day up to 2100-12-31" in done.stderr.splitlines()[-1]


@pytest.mark.parametrize(
    ("key", "value"),
    [("first_period_start", "9999-12-31"), ("closed_days", "2027-01-11, 9999-12-31")],
)
def test_a_settings_date_in_year_9999_is_an_invalid_cell(
    tmp_path: Path, key: str, value: str
) -> None:
    book = write_workbook(tmp_path / "team.xlsx", {
        "名簿": roster_rows({"sales": 3, "cs": 3, "dev": 3}),
        "設定": [["項目", "値"], [key, value]],
    })  # fmt: skip
    data = book.read_bytes()

    code, result = cli(book)

    assert (code, result["status"]) == (2, "invalid")
    assert [(e["tab"], e["row"], e["column"]) for e in result["errors"]] == [("設定", 2, "B")]
    assert "2000" in messages(result) and "2100" in messages(result)
    assert book.read_bytes() == data


def test_an_excel_owner_file_of_another_workbook_does_not_make_this_one_busy(
    tmp_path: Path,
) -> None:
    """``~$team.xlsx`` is Excel's owner file of ``team.xlsx``, not of ``xxteam.xlsx``."""
    book = write_workbook(tmp_path / "xxteam.xlsx", {"名簿": roster_rows({"sales": 3, "cs": 3,
                                                                         "dev": 3})})  # fmt: skip
    (tmp_path / "~$team.xlsx").write_text("ops")

    code, result = cli(book)

    assert (code, result["status"]) == (0, "applied")


def test_a_lock_folder_others_may_write_is_named_as_the_folder(
    book: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setattr("tempfile.tempdir", str(temp))
    folder = temp / f"aibou-{os.getuid()}"
    folder.mkdir()
    folder.chmod(0o777)

    code, result = cli(book)

    assert (code, result["status"]) == (1, "error")
    assert f"The lock folder {folder} cannot be used" in messages(result)
    assert "lock file" not in messages(result)


@pytest.mark.parametrize("sheet", ["፩", "1" * 5000])
def test_a_tag_on_a_sheet_number_int_cannot_read_is_no_tag(book: Path, sheet: str) -> None:
    workbook = entries(book)["xl/workbook.xml"].decode()
    name = (
        f'<definedName name="aibou_period" localSheetId="{sheet}" hidden="1">2027-Q1</definedName>'
    )
    if "<definedNames>" in workbook:
        workbook = workbook.replace("<definedNames>", f"<definedNames>{name}", 1)
    else:
        workbook = workbook.replace("</sheets>", f"</sheets><definedNames>{name}</definedNames>", 1)
    rezip(book, {"xl/workbook.xml": workbook.encode()})

    code, result = cli(book)

    assert (code, result["status"]) == (0, "applied")
