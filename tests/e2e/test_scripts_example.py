"""``./scripts/example`` as the README tells a new user to run it: twice gives two quarters."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    """A copy of the files the script uses, with a ready ``.venv`` so nothing is installed."""
    for name in ("scripts", "examples"):
        shutil.copytree(ROOT / name, tmp_path / name)
    for name in ("requirements.txt", "requirements-dev.txt", "pyproject.toml"):
        shutil.copy(ROOT / name, tmp_path / name)
    bindir = tmp_path / ".venv" / "bin"
    bindir.mkdir(parents=True)
    (bindir / "python").symlink_to(sys.executable)
    aibou = bindir / "aibou"  # the command this test environment runs
    aibou.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m aibou "$@"\n', encoding="utf-8")
    aibou.chmod(0o755)
    stamp = subprocess.run(
        "cat requirements*.txt pyproject.toml | cksum | cut -d' ' -f1",
        shell=True,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    (tmp_path / ".venv" / f".installed-requirements.txt-{stamp}").touch()
    return tmp_path


def example(checkout: Path, *args: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AIBOU_")}
    env["PYTHONPATH"] = str(ROOT)
    done = subprocess.run(
        [str(checkout / "scripts" / "example"), *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def rotation_tabs(checkout: Path) -> list[str]:
    names = openpyxl.load_workbook(checkout / "out" / "example.xlsx").sheetnames
    return [name for name in names if name.startswith("相棒 2027")]


def test_a_second_run_adds_the_next_quarter_and_fresh_starts_over(checkout: Path) -> None:
    assert "applied 2027-Q1" in example(checkout, "--date", "2027-01-05")
    assert "applied 2027-Q2" in example(checkout, "--date", "2027/4/5")
    assert rotation_tabs(checkout) == ["相棒 2027-Q1", "相棒 2027-Q2"]
    invites = (checkout / "out" / "example.ics").read_text(encoding="utf-8")
    assert "2027-Q1" in invites and "2027-Q2" in invites

    assert "applied 2027-Q2" in example(checkout, "--fresh", "--date", "2027/4/5")
    assert rotation_tabs(checkout) == ["相棒 2027-Q2"]
    assert "2027-Q1" not in (checkout / "out" / "example.ics").read_text(encoding="utf-8")
    assert (ROOT / "examples" / "aibou-example.xlsx").read_bytes() == (
        checkout / "examples" / "aibou-example.xlsx"
    ).read_bytes()
