"""The roster parser: headers and labels in Japanese and English, and every validation error."""

from __future__ import annotations

import pytest

from aibou.domain.sheet.roster import parse_roster
from aibou.domain.sheet.settings import Settings
from tests.rosters import EN_HEADER, JA_HEADER

JA = Settings()
EN = Settings(language="en")


def test_japanese_headers_and_labels() -> None:
    rows = [
        [*JA_HEADER, "チーム", "上長"],
        [
            "山田 太郎",
            "taro@example.jp",
            "インサイドセールス",
            "リモート",
            "",
            "IS",
            "Boss@Example.jp",
        ],
        ["佐藤 花子", "hanako@example.jp", "カスタマーサクセス", "オフィス", "参加", "CS", ""],
        ["鈴木 一郎", "ichiro@example.jp", "開発", "在宅", "", "", ""],
    ]
    roster = parse_roster("名簿", rows, JA)
    assert roster.problems == ()
    assert [(p.name, p.function, p.location, p.row) for p in roster.people] == [
        ("山田 太郎", "sales", "remote", 2),
        ("佐藤 花子", "cs", "office", 3),
        ("鈴木 一郎", "dev", "remote", 4),
    ]
    assert roster.people[0].team == "IS"
    assert roster.people[0].manager == "boss@example.jp"


def test_english_headers_and_labels() -> None:
    rows = [
        ["Name", "E-mail", "Function", "Location", "Status"],
        ["Ann", "ann@example.com", "Field Sales", "office", "active"],
        ["Bo", "bo@example.com", "Customer Success", "Remote", ""],
        ["Cy", "cy@example.com", "Engineer", "", ""],
    ]
    roster = parse_roster("Roster", rows, EN)
    assert roster.problems == ()
    assert [p.function for p in roster.people] == ["sales", "cs", "dev"]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("  山田\u3000太郎 ", "山田 太郎"),  # full-width space, stray spaces
        ("ＹＡＭＡＤＡ Taro", "YAMADA Taro"),  # full-width letters (NFKC)
        ("山田\n太郎", "山田 太郎"),  # a newline typed into the cell
    ],
)
def test_names_are_normalised(cell: str, expected: str) -> None:
    rows = [
        JA_HEADER,
        [cell, "t@example.jp", "セールス", "", ""],
        ["B", "b@example.jp", "CS", "", ""],
        ["C", "c@example.jp", "開発", "", ""],
    ]
    assert parse_roster("名簿", rows, JA).people[0].name == expected


def test_emails_compare_case_insensitively_and_full_width() -> None:
    rows = [
        JA_HEADER,
        ["A", "Taro@Example.JP", "セールス", "", ""],
        ["B", "ｔａｒｏ@example.jp", "CS", "", ""],
        ["C", "c@example.jp", "開発", "", ""],
    ]
    problems = parse_roster("名簿", rows, EN).problems
    assert [(p.row, p.column) for p in problems] == [(3, "B")]
    assert "also in row 2" in problems[0].message


def test_blank_rows_are_skipped_and_leave_or_opt_out_are_absent() -> None:
    rows = [
        JA_HEADER,
        ["A", "a@example.jp", "セールス", "", ""],
        [None, None, None, None, None],
        ["B", "b@example.jp", "CS", "", "休職"],
        ["C", "c@example.jp", "開発", "", "opt-out"],
        ["D", "d@example.jp", "開発", "", ""],
        ["E", "e@example.jp", "CS", "", ""],
    ]
    roster = parse_roster("名簿", rows, JA)
    assert roster.problems == ()
    assert [p.email for p in roster.people] == ["a@example.jp", "d@example.jp", "e@example.jp"]
    assert [p.email for p in roster.absent] == ["b@example.jp", "c@example.jp"]


def test_header_row_may_sit_below_a_title_row() -> None:
    rows = [
        ["相棒制度 名簿 (2027)"],
        JA_HEADER,
        ["A", "a@example.jp", "セールス", "", ""],
        ["B", "b@example.jp", "CS", "", ""],
        ["C", "c@example.jp", "開発", "", ""],
    ]
    roster = parse_roster("名簿", rows, JA)
    assert roster.problems == ()
    assert roster.people[0].row == 3


def good_rows() -> list[list[object]]:
    return [
        list(EN_HEADER),
        ["A", "a@example.jp", "sales", "office", ""],
        ["B", "b@example.jp", "cs", "", ""],
        ["C", "c@example.jp", "dev", "", ""],
    ]


@pytest.mark.parametrize(
    ("edit", "where", "words"),
    [
        (lambda r: r[2].__setitem__(0, ""), (3, "A"), "name is empty"),
        (lambda r: r[2].__setitem__(1, ""), (3, "B"), "email address is empty"),
        (lambda r: r[2].__setitem__(1, "bob at example"), (3, "B"), "not an email address"),
        (lambda r: r[2].__setitem__(1, "A@example.jp"), (3, "B"), "appears twice"),
        (lambda r: r[2].__setitem__(2, "marketing"), (3, "C"), "Unknown function 'marketing'"),
        (lambda r: r[2].__setitem__(3, "moon"), (3, "D"), "Unknown location 'moon'"),
        (lambda r: r[2].__setitem__(4, "sleeping"), (3, "E"), "Unknown status 'sleeping'"),
        (
            lambda r: r[0].append("timezone") or r[2].append("Mars/Base"),
            (3, "F"),
            "Unknown time zone",
        ),
        (  # zoneinfo raised OSError (file name too long) for this
            lambda r: r[0].append("timezone") or r[2].append("Asia/" + "x" * 300),
            (3, "F"),
            "Unknown time zone",
        ),
    ],
    ids=[
        "empty-name",
        "empty-email",
        "bad-email",
        "duplicate-email",
        "unknown-function",
        "unknown-location",
        "unknown-status",
        "unknown-timezone",
        "timezone-300-characters",
    ],
)
def test_each_validation_error_names_its_cell(edit, where, words) -> None:
    rows = good_rows()
    edit(rows)
    problems = parse_roster("Roster", rows, EN).problems
    located = [(p.row, p.column) for p in problems if words in p.message]
    assert located == [where], problems


@pytest.mark.parametrize("missing", ["name", "email", "function"])
def test_missing_required_column(missing: str) -> None:
    rows = [list(row) for row in good_rows()]
    index = EN_HEADER.index(missing)
    rows = [[c for i, c in enumerate(row) if i != index] for row in rows]
    problems = parse_roster("Roster", rows, EN).problems
    assert [(p.tab, p.row, p.column) for p in problems] == [("Roster", 1, None)]
    assert f"'{missing}' is missing" in problems[0].message


def test_a_function_with_nobody_in_it() -> None:
    rows = good_rows()[:3]  # no dev
    problems = parse_roster("Roster", rows, EN).problems
    assert [(p.row, p.column, p.message[:37]) for p in problems] == [
        (None, "C", "Nobody active has the function 'dev'.")
    ]


def test_every_problem_is_reported_at_once_in_japanese() -> None:
    rows = [
        JA_HEADER,
        ["", "bad", "営業部", "月面", "?"],
        ["B", "b@example.jp", "CS", "", ""],
        ["C", "c@example.jp", "開発", "", ""],
    ]
    problems = parse_roster("名簿", rows, JA).problems
    assert [(p.row, p.column) for p in problems] == [
        (2, "A"),
        (2, "B"),
        (2, "C"),
        (2, "E"),
        (2, "D"),
        (None, "C"),
    ]
    assert problems[2].message == (
        "「営業部」は職能として使えません。次のいずれかを入力してください："
        "sales（セールス）、cs（カスタマーサクセス）、dev（開発）。"
    )
    assert (
        str(problems[1])
        == "名簿!B2: 「bad」はメールアドレスの形式になっていません（例：taro@example.com）。"
    )
    assert problems[3].message == (
        "「?」はステータスとして使えません。次のいずれかを入力してください："
        "active（参加）、leave（休職）、opt-out（不参加）（空欄は参加）。"
    )


@pytest.mark.parametrize(
    ("settings", "header", "expected"),
    [
        (
            JA,
            JA_HEADER,
            "職能が入力されていません。次のいずれかを入力してください：sales（セールス）、",
        ),
        (EN, EN_HEADER, "The function is empty. Use one of: sales (Sales), cs (Customer Success)"),
    ],
)
def test_an_empty_function_cell_says_it_is_empty_and_what_to_write(
    settings: Settings, header: tuple[str, ...], expected: str
) -> None:
    rows = [list(header), ["Z", "z@example.jp", "", "", ""], *good_rows()[1:]]
    problems = parse_roster("名簿", rows, settings).problems
    assert [(p.row, p.column) for p in problems] == [(2, "C")]
    assert problems[0].message.startswith(expected)
    assert "「」" not in problems[0].message and "''" not in problems[0].message


@pytest.mark.parametrize(
    ("settings", "missing", "header"),
    [
        (JA, "name", "名前"),
        (JA, "email", "メール"),  # not "mail", the third alias
        (JA, "function", "職能"),
        (EN, "email", "email"),
    ],
)
def test_a_missing_column_is_named_by_its_header_in_the_sheets_language(
    settings: Settings, missing: str, header: str
) -> None:
    index = EN_HEADER.index(missing)
    rows = [[c for i, c in enumerate(row) if i != index] for row in good_rows()]
    problems = parse_roster("名簿", rows, settings).problems
    assert len(problems) == 1
    if settings.language == "ja":
        assert problems[0].message == (
            f"必須の列「{header}」がありません。見出しが「{header}」の列を追加してください。"
        )
    else:
        assert f"The required column '{header}' is missing." in problems[0].message


def test_no_header_row() -> None:
    problems = parse_roster("Roster", [["just", "some", "data"]], EN).problems
    assert [(p.row, p.message[:20]) for p in problems] == [(1, "Row 1 has no headers")]


def test_functions_are_configurable() -> None:
    settings = Settings(functions=("sales", "dev", "pm"), language="en")
    rows = [
        list(EN_HEADER),
        ["A", "a@x.jp", "IS", "", ""],
        ["B", "b@x.jp", "PM", "", ""],
        ["C", "c@x.jp", "開発", "", ""],
        ["D", "d@x.jp", "CS", "", ""],
    ]
    problems = parse_roster("Roster", rows, settings).problems
    assert [(p.row, p.column) for p in problems] == [(5, "C")]
    assert "sales (Sales), dev (Dev), pm" in problems[0].message


@pytest.mark.parametrize(
    "address", ["<cs01@example.jp>", "cs02@example.jp;", "dev01@example..jp", "a b@x.jp"]
)
def test_addresses_calendar_would_refuse_are_caught_here(address: str) -> None:
    rows = good_rows()
    rows[2][1] = address
    problems = parse_roster("Roster", rows, EN).problems
    assert [(p.row, p.column) for p in problems] == [(3, "B")]
    assert "not an email address" in problems[0].message


def test_functions_setting_written_as_labels() -> None:
    from aibou.domain.sheet.settings import parse_settings

    settings, problems = parse_settings("設定", [["職能", "セールス,CS,開発"]])
    assert problems == [] and settings.functions == ("sales", "cs", "dev")
    rows = [JA_HEADER, ["A", "a@x.jp", "IS", "", ""], ["B", "b@x.jp", "カスタマーサクセス", "", ""],
            ["C", "c@x.jp", "エンジニア", "", ""]]  # fmt: skip
    assert parse_roster("名簿", rows, settings).problems == ()
