"""Build ``examples/aibou-example.xlsx``: a realistic workbook to try aibou on.

30 people (Japanese names; Sales written as IS/FS/セールス, CS, Dev; some remote; one on leave),
a Settings tab with Japanese keys, and the two rotations the team made by hand before adopting
aibou (2026-Q2 with English headers, 2026-Q3 with Japanese ones), which aibou reads as history.

    python examples/make_example.py
"""

from __future__ import annotations

import random
from pathlib import Path

import openpyxl
from openpyxl.styles import Font

OUT = Path(__file__).with_name("aibou-example.xlsx")

# (name, romaji for the address, function as people write it, location, status, team)
PEOPLE = [
    ("山田 太郎", "taro.yamada", "インサイドセールス", "オフィス", "", "IS"),
    ("佐藤 花子", "hanako.sato", "IS", "リモート", "", "IS"),
    ("鈴木 一郎", "ichiro.suzuki", "フィールドセールス", "オフィス", "", "FS"),
    ("高橋 美咲", "misaki.takahashi", "FS", "オフィス", "", "FS"),
    ("田中 健太", "kenta.tanaka", "セールス", "オフィス", "", "FS"),
    ("伊藤 さくら", "sakura.ito", "セールス", "リモート", "", "IS"),
    ("渡辺 大輔", "daisuke.watanabe", "Sales", "オフィス", "", "FS"),
    ("中村 あおい", "aoi.nakamura", "インサイドセールス", "オフィス", "", "IS"),
    ("小林 翔", "sho.kobayashi", "フィールドセールス", "オフィス", "", "FS"),
    ("加藤 結衣", "yui.kato", "IS", "オフィス", "休職", "IS"),
    ("吉田 直樹", "naoki.yoshida", "カスタマーサクセス", "オフィス", "", "CS"),
    ("山本 恵", "megumi.yamamoto", "CS", "リモート", "", "CS"),
    ("松本 陽介", "yosuke.matsumoto", "CS", "オフィス", "", "CS"),
    ("井上 真由", "mayu.inoue", "カスタマーサクセス", "オフィス", "", "CS"),
    ("木村 拓也", "takuya.kimura", "Customer Success", "オフィス", "", "CS"),
    ("林 彩", "aya.hayashi", "CS", "リモート", "", "CS"),
    ("斎藤 誠", "makoto.saito", "カスタマーサクセス", "オフィス", "", "CS"),
    ("清水 優花", "yuka.shimizu", "CS", "オフィス", "", "CS"),
    ("山口 亮", "ryo.yamaguchi", "エンジニア", "リモート", "", "Backend"),
    ("森 千尋", "chihiro.mori", "開発", "オフィス", "", "Frontend"),
    ("池田 悠", "yu.ikeda", "Dev", "オフィス", "", "Backend"),
    ("橋本 里奈", "rina.hashimoto", "エンジニア", "オフィス", "", "Frontend"),
    ("阿部 航", "wataru.abe", "Engineer", "リモート", "", "SRE"),
    ("石川 菜々", "nana.ishikawa", "開発", "オフィス", "", "Backend"),
    ("山崎 蓮", "ren.yamazaki", "エンジニア", "オフィス", "", "Frontend"),
    ("中島 葵", "aoi.nakajima", "Dev", "オフィス", "", "SRE"),
    ("前田 颯", "hayate.maeda", "開発", "オフィス", "", "Backend"),
    ("藤田 美月", "mizuki.fujita", "エンジニア", "オフィス", "", "Frontend"),
    ("小川 湊", "minato.ogawa", "Dev", "オフィス", "", "Backend"),
    ("岡田 凛", "rin.okada", "エンジニア", "リモート", "", "SRE"),
]
DOMAIN = "example.co.jp"
SETTINGS = [
    ("項目", "値"),
    ("曜日", "水"),
    ("開始時刻", "16:00"),
    ("所要時間", "30"),
    ("タイムゾーン", "Asia/Tokyo"),
    ("言語", "ja"),
    ("祝日", "JP"),
    ("休業日", "2026-12-30, 2026-12-31"),
]


def _function(label: str) -> str:
    if label in ("インサイドセールス", "IS", "フィールドセールス", "FS", "セールス", "Sales"):
        return "sales"
    if label in ("カスタマーサクセス", "CS", "Customer Success"):
        return "cs"
    return "dev"


def _manual_rotation(rng: random.Random) -> list[list[tuple]]:
    """Groups as the team made them by hand: shuffle each function, deal one of each per group."""
    active = [p for p in PEOPLE if not p[4]]
    by_function: dict[str, list[tuple]] = {"sales": [], "cs": [], "dev": []}
    for person in active:
        by_function[_function(person[2])].append(person)
    for members in by_function.values():
        rng.shuffle(members)
    count = len(by_function["dev"])  # 12 groups: one dev each, sales and CS where there are enough
    groups: list[list[tuple]] = [[] for _ in range(count)]
    for function in ("sales", "cs", "dev"):
        for i, person in enumerate(by_function[function]):
            groups[i % count].append(person)
    return groups


def build() -> openpyxl.Workbook:
    book = openpyxl.Workbook()
    roster = book.active
    roster.title = "名簿"
    roster.append(["名前", "メール", "職能", "勤務形態", "ステータス", "チーム", "入社日"])
    for i, (name, romaji, function, location, status, team) in enumerate(PEOPLE):
        joined = f"20{19 + i % 6}-{i % 12 + 1:02d}-01"
        roster.append([name, f"{romaji}@{DOMAIN}", function, location, status, team, joined])
    settings = book.create_sheet("設定")
    for row in SETTINGS:
        settings.append(list(row))

    rng = random.Random(2026)
    layouts = (
        ("Rotation 2026-Q2", ["Group", "Name", "Email", "Function"]),
        ("相棒 2026-Q3", ["グループ", "名前", "メール", "職能"]),
    )
    for title, header in layouts:
        sheet = book.create_sheet(title)
        sheet.append(header)
        for number, group in enumerate(_manual_rotation(rng), start=1):
            for name, romaji, function, *_ in group:
                sheet.append([number, name, f"{romaji}@{DOMAIN}", function])
    for sheet in book.worksheets:
        for cell in sheet[1]:
            cell.font = Font(bold=True)
    return book


if __name__ == "__main__":
    build().save(OUT)
    print(f"wrote {OUT}")
