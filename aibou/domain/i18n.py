"""Every message and label a user reads, in Japanese and English.

Japanese is the default language. ``message(language, key, **values)`` formats one entry;
unknown languages fall back to Japanese.
"""

from __future__ import annotations

__all__ = ["LANGUAGES", "message"]

LANGUAGES = ("ja", "en")

_MESSAGES: dict[str, dict[str, str]] = {
    # Roster
    "roster.no_tab": {
        "ja": "名簿のタブが見つかりません。タブ名を「Roster」か「名簿」にしてください。",
        "en": "No roster tab found. Name the tab 'Roster' (or '名簿').",
    },
    "roster.no_header": {
        "ja": "1 行目に見出しがありません。名前・メール・職能などの見出しを 1 行目に置いてください。",
        "en": "Row 1 has no headers. Put the headers (name, email, function, ...) in row 1.",
    },
    "roster.missing_column": {
        "ja": "必須の列「{header}」がありません。1 行目に見出し「{header}」の列を追加してください。",
        "en": "The required column '{header}' is missing. Add a column headed '{header}' in row 1.",
    },
    "roster.duplicate_column": {
        "ja": "見出し「{header}」の列が 2 つあります({first} 列と {second} 列)。1 つにしてください。",
        "en": "Two columns are headed '{header}' ({first} and {second}). Keep one.",
    },
    "roster.empty_name": {
        "ja": "名前が空です。",
        "en": "The name is empty.",
    },
    "roster.empty_email": {
        "ja": "メールアドレスが空です。",
        "en": "The email address is empty.",
    },
    "roster.bad_email": {
        "ja": "「{value}」はメールアドレスの形式ではありません(例: taro@example.com)。",
        "en": "'{value}' is not an email address (example: taro@example.com).",
    },
    "roster.duplicate_email": {
        "ja": "メールアドレス「{value}」が重複しています({first} 行目と同じ)。1 人 1 行にしてください。",
        "en": "The email '{value}' appears twice (also in row {first}). Keep one row per person.",
    },
    "roster.unknown_function": {
        "ja": "職能「{value}」が分かりません。使える値: {accepted}。",
        "en": "Unknown function '{value}'. Use one of: {accepted}.",
    },
    "roster.unknown_status": {
        "ja": "ステータス「{value}」が分かりません。使える値: {accepted}(空欄は参加)。",
        "en": "Unknown status '{value}'. Use one of: {accepted} (empty means active).",
    },
    "roster.unknown_location": {
        "ja": "勤務形態「{value}」が分かりません。使える値: {accepted}。",
        "en": "Unknown location '{value}'. Use one of: {accepted}.",
    },
    "roster.unknown_timezone": {
        "ja": "タイムゾーン「{value}」が分かりません(例: Asia/Tokyo, America/New_York)。",
        "en": "Unknown time zone '{value}' (examples: Asia/Tokyo, America/New_York).",
    },
    "roster.empty_function": {
        "ja": "職能「{function}」の参加者がいません。名簿に追加するか、設定の functions から外してください。",
        "en": "Nobody active has the function '{function}'. Add someone, or remove it from the "
        "'functions' setting.",
    },
    "roster.too_few": {
        "ja": "参加者が {count} 人しかいません。相棒の組を作るには 2 人以上必要です。",
        "en": "Only {count} active people: a buddy group needs at least 2.",
    },
    # Settings
    "settings.unknown_key": {
        "ja": "設定項目「{key}」が分かりません。使える項目: {accepted}。",
        "en": "Unknown setting '{key}'. Known settings: {accepted}.",
    },
    "settings.duplicate_key": {
        "ja": "設定項目「{key}」が 2 回あります({first} 行目と同じ)。1 つにしてください。",
        "en": "The setting '{key}' appears twice (also in row {first}). Keep one.",
    },
    "settings.bad_value": {
        "ja": "「{key}」の値「{value}」が正しくありません。{expected}",
        "en": "The value '{value}' of '{key}' is not valid. {expected}",
    },
    "expected.int": {
        "ja": "{low} 以上 {high} 以下の整数にしてください。",
        "en": "Use a whole number from {low} to {high}.",
    },
    "expected.date": {
        "ja": "YYYY-MM-DD 形式の日付にしてください。",
        "en": "Use a date as YYYY-MM-DD.",
    },
    "expected.dates": {
        "ja": "YYYY-MM-DD 形式の日付をカンマ区切りで並べてください。",
        "en": "Use dates as YYYY-MM-DD, separated by commas.",
    },
    "expected.weekday": {
        "ja": "曜日にしてください(例: 水, 水曜日, Wednesday)。",
        "en": "Use a weekday (e.g. Wednesday, Wed, 水).",
    },
    "expected.time": {
        "ja": "HH:MM 形式の時刻にしてください(例: 16:00)。",
        "en": "Use a time as HH:MM (e.g. 16:00).",
    },
    "expected.hours": {
        "ja": "HH:MM-HH:MM 形式にしてください(例: 10:00-18:00)。",
        "en": "Use HH:MM-HH:MM (e.g. 10:00-18:00).",
    },
    "expected.timezone": {
        "ja": "IANA のタイムゾーン名にしてください(例: Asia/Tokyo)。",
        "en": "Use an IANA time zone name (e.g. Asia/Tokyo).",
    },
    "expected.template_error": {
        "ja": "テンプレートを読めません: {error}",
        "en": "The template cannot be rendered: {error}",
    },
    "expected.choice": {"ja": "使える値: {accepted}。", "en": "Use one of: {accepted}."},
    "expected.functions": {
        "ja": "職能をカンマ区切りで 2 つ以上並べてください(例: sales,cs,dev)。",
        "en": "List two or more functions, separated by commas (e.g. sales,cs,dev).",
    },
    "expected.country": {
        "ja": "祝日の国コードにしてください(例: JP, US)。空欄なら祝日を考慮しません。",
        "en": "Use a country code for public holidays (e.g. JP, US), or leave it empty for none.",
    },
    "expected.template": {
        "ja": "templates/ にあるテンプレートのファイル名にしてください。",
        "en": "Use the file name of a template in templates/.",
    },
    # Rotation tab
    "tab.title": {"ja": "相棒 {key}", "en": "Rotation {key}"},
    "tab.group": {"ja": "グループ", "en": "Group"},
    "tab.name": {"ja": "名前", "en": "Name"},
    "tab.email": {"ja": "メール", "en": "Email"},
    "tab.function": {"ja": "職能", "en": "Function"},
    "tab.location": {"ja": "勤務形態", "en": "Location"},
    "tab.meeting": {"ja": "ミーティング", "en": "Meeting"},
    "tab.slot_note": {"ja": "時間の決め方", "en": "How the slot was chosen"},
    "tab.calendar": {"ja": "カレンダー", "en": "Calendar"},
    "tab.summary": {"ja": "概要", "en": "Summary"},
    "tab.period": {"ja": "期間", "en": "Period"},
    "tab.groups": {"ja": "グループ数", "en": "Groups"},
    "tab.size": {"ja": "{size} 人の組", "en": "Groups of {size}"},
    "tab.repeat_pairs": {"ja": "以前と同じペア", "en": "Repeated pairs"},
    "tab.same_function_pairs": {"ja": "同じ職能のペア", "en": "Same-function pairs"},
    "tab.unmixed_groups": {
        "ja": "リモートとオフィスが混ざっていない組",
        "en": "Groups without an office/remote mix",
    },
    "tab.odd_again": {"ja": "2 回目の端数の組(2 人組など)", "en": "In an odd-sized group again"},
    "tab.written_by": {"ja": "作成", "en": "Written by"},
    "tab.protected": {
        "ja": "aibou が書いた相棒の記録です。行を書き換えると次回以降の組み合わせに影響します。",
        "en": "aibou's record of this rotation; editing its rows changes how later ones are matched.",
    },
    # How a group's slot was chosen (the rotation tab's slot_note column; aibou.domain.time.slots)
    "slot.default": {"ja": "既定の時間", "en": "Default slot"},
    "slot.recorded": {"ja": "タブに記録された時間", "en": "As recorded in the tab"},
    "slot.free": {
        "ja": "全員の空き時間から選択 ({free}/{weeks} 週)",
        "en": "Free for everyone in {free} of {weeks} weeks",
    },
    "slot.free_unread": {
        "ja": "空き時間から選択 ({free}/{weeks} 週)。{names} さんの予定は読めないため空きとして扱いました",
        "en": "Free in {free} of {weeks} weeks; could not read the calendar of {names}, taken as free",
    },
    "slot.unread": {
        "ja": "既定の時間 (空き時間を読めないため: .ics ファイルか、予定表の空き時間が共有されていません)",
        "en": "Default slot: no calendar's free/busy could be read (an .ics file, or calendars not shared)",
    },
    "slot.hours": {
        "ja": "全員の勤務時間内で既定に最も近い時間 ({free}/{weeks} 週。空き時間は読めず)",
        "en": "Nearest to the default within everyone's working hours ({free} of {weeks} weeks); free/busy could not be read",
    },
    "slot.no_hours": {
        "ja": "既定の時間 (全員の勤務時間が重なる時間がないため)",
        "en": "Default slot: no time is within everyone's working hours",
    },
    "slot.all_busy": {
        "ja": "既定の時間 (全員が空いている時間がないため)",
        "en": "Default slot: no time is free for everyone",
    },
    "slot.names_separator": {"ja": "、", "en": ", "},
    "closed.day": {"ja": "休業日", "en": "Company closed day"},
    "location.office": {"ja": "オフィス", "en": "Office"},
    "location.remote": {"ja": "リモート", "en": "Remote"},
    "function.sales": {"ja": "セールス", "en": "Sales"},
    "function.cs": {"ja": "カスタマーサクセス", "en": "Customer Success"},
    "function.dev": {"ja": "開発", "en": "Dev"},
    # Calendar
    "event.none_left": {
        "ja": "今期の開催日はもうありません",
        "en": "No meeting day left in this period",
    },
    "event.summary": {
        "ja": "相棒ミーティング {key} #{number}",
        "en": "Buddy meeting {key} #{number}",
    },
}


def message(language: str, key: str, /, **values: object) -> str:
    """The text for ``key`` in ``language`` (Japanese if unknown), formatted with ``values``.

    >>> message("en", "roster.empty_function", function="dev")[:30]
    'Nobody active has the function'
    >>> message("fr", "tab.group")
    'グループ'
    """
    entry = _MESSAGES[key]
    return entry.get(language, entry["ja"]).format(**values)


def has_message(key: str) -> bool:
    """Whether the catalogue has ``key`` (for optional labels such as custom functions)."""
    return key in _MESSAGES
