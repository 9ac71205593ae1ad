"""`pip install .` gives a working `aibou` command, templates included, run from any folder.

The wheel is built from this checkout without build isolation and installed without its
dependencies into a new virtual environment, which borrows the test environment's (a ``.pth``
line), so the test needs no network. What it checks is what a user gets: the console script,
the templates inside the package (an invite's agenda is rendered from them), a run from another
folder.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import icalendar
import pytest

from tests.rosters import roster_rows, write_workbook

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


def _pip(python: Path | str, *args: str, cwd: Path = ROOT) -> None:
    done = subprocess.run(
        [str(python), "-m", "pip", "--disable-pip-version-check", "-q", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = tmp_path_factory.mktemp("source")
    shutil.copytree(  # a clean copy: building never leaves build/ or egg-info in the checkout
        ROOT,
        source,
        dirs_exist_ok=True,
        ignore=shutil.ignore_patterns(".venv", ".git", "out", "build", "*.egg-info", "__pycache__"),
    )
    out = tmp_path_factory.mktemp("wheel")
    _pip(
        sys.executable,
        "wheel",
        "--no-deps",
        "--no-build-isolation",
        "-w",
        str(out),
        ".",
        cwd=source,
    )
    (built,) = out.glob("aibou-*.whl")
    return built


def test_the_wheel_holds_the_templates_and_the_command(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    templates = {p.name for p in (ROOT / "templates").iterdir() if p.is_file()}
    assert {f"aibou/templates/{name}" for name in templates} <= names
    assert "aibou/cli.py" in names and "aibou/domain/time/dates.py" in names
    (entry_points,) = (n for n in names if n.endswith(".dist-info/entry_points.txt"))
    assert "aibou = aibou.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()
    assert not any(n.startswith("tests/") for n in names)


def test_pip_install_gives_an_aibou_command_that_rotates_from_any_folder(
    wheel: Path, tmp_path: Path
) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    # the dependencies come from the test environment: no network needed
    (site / "borrowed.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    _pip(python, "install", "--no-deps", "--no-index", str(wheel))
    bindir = venv / "bin"

    elsewhere = tmp_path / "somewhere else"
    elsewhere.mkdir()
    write_workbook(elsewhere / "COPY.xlsx", {"名簿": roster_rows({"sales": 3, "cs": 3, "dev": 3})})
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AIBOU_", "PYTHON"))}
    env["PATH"] = f"{bindir}{os.pathsep}{env.get('PATH', '')}"
    done = subprocess.run(
        ["aibou", "rotate", "--workbook", "COPY.xlsx", "--date", "2027/01/06", "--json"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["status"] == "applied" and result["period"]["key"] == "2027-Q1"
    calendar = icalendar.Calendar.from_ical((elsewhere / "COPY.ics").read_bytes())
    (event, *_) = calendar.walk("VEVENT")
    # the agenda, rendered from the templates inside the package
    assert "■ 相棒制度について" in str(event["DESCRIPTION"])

    where = subprocess.run(
        [str(python), "-c", "import aibou.templates as t; print(t.TEMPLATES)"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        env=env,
        check=True,
    ).stdout.strip()
    assert Path(where) == site / "aibou" / "templates"
