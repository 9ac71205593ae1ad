"""What the local workbook adapter tells people, in Japanese and English at once.

The adapter speaks before the sheet's ``language`` setting is read (a file refused unopened, a
lock held), so each message carries both languages, Japanese first.
"""

from __future__ import annotations

from aibou.domain.model import Problem

__all__ = ["problem", "text"]

_MESSAGES: dict[str, tuple[str, str]] = {
    "ics_event_gone": (
        "{file} にはこのローテーションの予定がありません。ローテーションを書き出した .ics "
        "ファイルを --ics で指定してください。",
        "{file} does not hold this rotation's events: give the .ics file the rotation was "
        "written to with --ics.",
    ),
    "not_xlsx": (
        "{file} は .xlsx のブックではありません。",
        "{file} is not an .xlsx workbook.",
    ),
    "other_format": (
        "aibou が読むのは .xlsx のブックです。{file} を Google スプレッドシートか Excel で開き、"
        ".xlsx 形式で保存してから指定してください。",
        "aibou reads .xlsx workbooks: open {file} in Google Sheets or Excel and save it as .xlsx.",
    ),
    "missing": (
        "ブック {file} がありません。パスを確認してください。",
        "Workbook {file} does not exist. Check the path.",
    ),
    "denied": (
        "{file} を開けません(アクセス権がありません)。",
        "Cannot open {file}: permission denied.",
    ),
    "broken_part": (
        "{file} の {part} が壊れていて読めません。Excel か Google スプレッドシートで開いて"
        "保存し直してください。",
        "{file} is damaged ({part} cannot be read). Open it in Excel or Google Sheets and save "
        "it again.",
    ),
    "too_many_parts": (
        "{file} は部品が多すぎます(上限 {limit})。aibou は読みません。",
        "{file} holds too many parts (over {limit}); aibou does not read it.",
    ),
    "too_large": (
        "{file} は大きすぎます(読む部分だけで展開後 {size} MiB、上限 {limit} MiB)。"
        "aibou は読みません。",
        "{file} is too large ({size} MiB uncompressed in the parts aibou reads, over "
        "{limit} MiB); aibou does not read it.",
    ),
    "too_many_rows": (
        "{file} のこのタブは行が多すぎます(上限 {limit} 行)。空の行を削除してください。",
        "This tab of {file} has too many rows (over {limit}). Delete the empty rows.",
    ),
    "too_many_columns": (
        "{file} のこのタブは列が多すぎます(上限 {limit} 列)。使っていない列を削除してください。",
        "This tab of {file} has too many columns (over {limit}). Delete the unused columns.",
    ),
    "too_many_cells": (
        "{file} はセルが多すぎます(読むタブ全体で上限 {limit})。aibou は読みません。",
        "{file} has too many cells (over {limit} in the tabs aibou reads); aibou does not read it.",
    ),
    "cell_too_long": (
        "{file} のこのセルは {length} 文字あります(上限 {limit} 文字)。短くしてください。",
        "This cell of {file} holds {length} characters (over {limit}). Shorten it.",
    ),
    "busy_run": (
        "別の aibou の実行が {file} を処理中です。終わってからもう一度実行してください。",
        "Another aibou run is working on {file}; run again when it has finished.",
    ),
    "busy_open": (
        "{file} は {app} で開かれています({owner} があります)。閉じてからもう一度実行して"
        "ください。開いていないなら {owner} を削除してください。",
        "{file} is open in {app} ({owner} is there). Close it and run again; if it is not "
        "open, delete {owner}.",
    ),
    "lock_unsafe": (
        "ロックファイル {lock} が通常のファイルではありません(シンボリックリンクかフォルダ)。"
        "aibou は触れません。削除してからもう一度実行してください。",
        "The lock file {lock} is not a plain file (a symbolic link or a folder); aibou leaves "
        "it alone. Remove it and run again.",
    ),
    "lock_folder_unsafe": (
        "ロック用フォルダ {folder} が使えません(フォルダでないか、あなたのものでないか、ほかの"
        "人も書き込めます)。aibou は触れません。削除するか権限を 700 にしてからもう一度実行して"
        "ください。",
        "The lock folder {folder} cannot be used (not a folder, not yours, or others may write "
        "to it); aibou leaves it alone. Remove it or make it mode 700, and run again.",
    ),
    "tab_exists": (
        "ブックにはすでにタブ「{title}」があります。aibou は書き換えません。",
        "The workbook already has a tab named '{title}'; aibou never rewrites it.",
    ),
    "tab_gone": (
        "タブ「{title}」が {file} から消えています。実行中に削除されました。",
        "The tab '{title}' is gone from {file}; it was deleted during the run.",
    ),
    "not_ours": (
        "タブ「{title}」は aibou が書いたものではありません。aibou は編集しません。",
        "The tab '{title}' was not written by aibou; aibou never edits it.",
    ),
    "report_not_ours": (
        "ブックにはすでにタブ「{title}」があり、aibou のレポートではありません。aibou がレポートを"
        "書けるよう、名前を変えるか削除してください。",
        "The workbook has a tab named '{title}' that aibou did not write; rename or delete it "
        "so aibou can write its report there.",
    ),
    "not_settings": (
        "「{title}」は設定タブではありません。aibou はほかのタブを編集しません。",
        "'{title}' is not the Settings tab; aibou edits no other tab.",
    ),
    "no_cell_refs": (
        "タブ「{title}」のセルに位置(r 属性)がないため、aibou は書き込めません。Excel で"
        "開いて保存し直してください。",
        "The cells of tab '{title}' carry no references (r attributes), so aibou cannot write "
        "to it. Open the workbook in Excel and save it again.",
    ),
}


def text(code: str, **values: object) -> str:
    """Message ``code`` in Japanese, then in English.

    >>> print(text("missing", file="team.xlsx"))
    ブック team.xlsx がありません。パスを確認してください。 / Workbook team.xlsx does not exist. Check the path.
    """  # noqa: E501
    ja, en = _MESSAGES[code]
    return f"{ja.format(**values)} / {en.format(**values)}"


def problem(tab: str | None, code: str, row: int | None = None, column: str | None = None,
            **values: object) -> Problem:  # fmt: skip
    """A :class:`Problem` at ``tab`` (row, column) worded by ``code``."""
    return Problem(tab, row, column, text(code, **values))
