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
        "ja": "見出しの行が見つかりません。1行目に「名前」「メール」「職能」などの見出しを入力してください。",
        "en": "Row 1 has no headers. Put the headers (name, email, function, ...) in row 1.",
    },
    "roster.missing_column": {
        "ja": "必須の列「{header}」がありません。見出しが「{header}」の列を追加してください。",
        "en": "The required column '{header}' is missing. Add a column headed '{header}' in row 1.",
    },
    "roster.duplicate_column": {
        "ja": "「{header}」という見出しの列が2つあります（{first}列と{second}列）。どちらか1つにしてください。",
        "en": "Two columns are headed '{header}' ({first} and {second}). Keep one.",
    },
    "roster.empty_name": {
        "ja": "名前が入力されていません。",
        "en": "The name is empty.",
    },
    "roster.empty_email": {
        "ja": "メールアドレスが入力されていません。",
        "en": "The email address is empty.",
    },
    "roster.bad_email": {
        "ja": "「{value}」はメールアドレスの形式になっていません（例：taro@example.com）。",
        "en": "'{value}' is not an email address (example: taro@example.com).",
    },
    "roster.duplicate_email": {
        "ja": "メールアドレス「{value}」が{first}行目と重複しています。1人につき1行にしてください。",
        "en": "The email '{value}' appears twice (also in row {first}). Keep one row per person.",
    },
    "roster.unknown_function": {
        "ja": "「{value}」は職能として使えません。次のいずれかを入力してください：{accepted}。",
        "en": "Unknown function '{value}'. Use one of: {accepted}.",
    },
    "roster.blank_function": {
        "ja": "職能が入力されていません。次のいずれかを入力してください：{accepted}。",
        "en": "The function is empty. Use one of: {accepted}.",
    },
    "roster.unknown_status": {
        "ja": "「{value}」はステータスとして使えません。次のいずれかを入力してください：{accepted}（空欄は参加）。",
        "en": "Unknown status '{value}'. Use one of: {accepted} (empty means active).",
    },
    "roster.unknown_location": {
        "ja": "「{value}」は勤務形態として使えません。次のいずれかを入力してください：{accepted}（空欄はオフィス）。",
        "en": "Unknown location '{value}'. Use one of: {accepted} (empty means office).",
    },
    "roster.bad_joined": {
        "ja": "入社日「{value}」を日付として読めません。2027-01-05、2027/1/5 または日付のセルで入力してください。",
        "en": "Joined date '{value}' is not a date: use 2027-01-05, 2027/1/5 or a date cell.",
    },
    "roster.unknown_timezone": {
        "ja": "「{value}」はタイムゾーンとして使えません。Asia/Tokyo や America/New_York のような IANA の名前を入力してください。",
        "en": "Unknown time zone '{value}' (examples: Asia/Tokyo, America/New_York).",
    },
    "roster.empty_function": {
        "ja": "職能が「{function}」の参加者が1人もいません。名簿に追加するか、設定の「職能」（functions）から外してください。",
        "en": "Nobody active has the function '{function}'. Add someone, or remove it from the "
        "'functions' setting.",
    },
    "roster.too_few": {
        "ja": "参加者が{count}人しかいません。相棒の組を作るには2人以上必要です。",
        "en": "Only {count} active people: a buddy group needs at least 2.",
    },
    # Settings
    "settings.unknown_key": {
        "ja": "「{key}」という設定項目はありません。使える項目：{accepted}。",
        "en": "Unknown setting '{key}'. Known settings: {accepted}.",
    },
    "settings.duplicate_key": {
        "ja": "設定項目「{key}」が{first}行目と重複しています。どちらか1つにしてください。",
        "en": "The setting '{key}' appears twice (also in row {first}). Keep one.",
    },
    "settings.bad_value": {
        "ja": "「{key}」の値「{value}」が正しくありません。{expected}",
        "en": "The value '{value}' of '{key}' is not valid. {expected}",
    },
    "expected.int": {
        "ja": "{low}以上{high}以下の整数を入力してください。",
        "en": "Use a whole number from {low} to {high}.",
    },
    "expected.date": {
        "ja": "日付を 2027-01-05 か 2027/1/5 の形で入力してください（2000年から2100年まで）。",
        "en": "Use a date from 2000 to 2100 such as 2027-01-05 or 2027/1/5.",
    },
    "expected.dates": {
        "ja": "日付を 2027-01-05 か 2027/1/5 の形で、「,」か「、」で区切って入力してください（2000年から2100年まで、{most}日まで）。",
        "en": "Use dates from 2000 to 2100 such as 2027-01-05 or 2027/1/5, separated by commas "
        "(at most {most}).",
    },
    "expected.weekday": {
        "ja": "曜日を入力してください（例：水、水曜日、Wednesday）。",
        "en": "Use a weekday (e.g. Wednesday, Wed, 水).",
    },
    "expected.time": {
        "ja": "時刻を入力してください（例：16:00、16時00分）。",
        "en": "Use a time as HH:MM (e.g. 16:00).",
    },
    "expected.hours": {
        "ja": "開始と終了の時刻を「10:00-18:00」のように入力してください。",
        "en": "Use HH:MM-HH:MM (e.g. 10:00-18:00).",
    },
    "expected.timezone": {
        "ja": "IANA のタイムゾーン名を入力してください（例：Asia/Tokyo）。",
        "en": "Use an IANA time zone name (e.g. Asia/Tokyo).",
    },
    "expected.template_error": {
        "ja": "テンプレートに誤りがあります。{error}",
        "en": "The template cannot be rendered: {error}",
    },
    "expected.announce": {
        "ja": "0以上{high}以下の整数（ローテーション期間より短い日数）を入力してください。",
        "en": "Use a whole number from 0 to {high} (fewer days than a rotation period).",
    },
    "expected.choice": {
        "ja": "次のいずれかを入力してください：{accepted}。",
        "en": "Use one of: {accepted}.",
    },
    "expected.functions": {
        "ja": "職能を2〜{most}個、カンマ区切りで入力してください（例：sales,cs,dev）。",
        "en": "List two or more functions (at most {most}), separated by commas (e.g. sales,cs,dev).",
    },
    "expected.country": {
        "ja": "祝日を使う国のコードを入力してください（例：JP、US）。空欄にすると祝日を考慮しません。",
        "en": "Use a country code for public holidays (e.g. JP, US), or leave it empty for none.",
    },
    "expected.calendar": {
        "ja": "カレンダーIDを入力してください（例：primary、team@example.com。{most}文字まで）。",
        "en": "Use a calendar ID (e.g. primary or team@example.com; at most {most} characters).",
    },
    "expected.template": {
        "ja": "templates/ フォルダにあるテンプレートのファイル名を入力してください。",
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
    "tab.size": {"ja": "{size}人の組", "en": "Groups of {size}"},
    "tab.repeat_pairs": {"ja": "以前と同じペア", "en": "Repeated pairs"},
    "tab.same_function_pairs": {"ja": "同じ職能のペア", "en": "Same-function pairs"},
    "tab.unmixed_groups": {
        "ja": "リモートとオフィスが混ざっていない組",
        "en": "Groups without an office/remote mix",
    },
    "tab.odd_again": {"ja": "2回目の端数の組（2人組など）", "en": "In an odd-sized group again"},
    "tab.written_by": {"ja": "作成", "en": "Written by"},
    "tab.progress": {"ja": "招待 {done:,} / {total:,}", "en": "Invites {done:,} / {total:,}"},
    "tab.organiser": {
        "ja": "主催 {owner}（カレンダー {calendar}）",
        "en": "Organiser {owner} (calendar {calendar})",
    },
    "organiser.not_you": {
        "ja": "この期の予定は {owner} のカレンダー（{calendar}）にあります。名簿の変更を反映できるのは "
        "{owner} だけです（サイドパネルから、または毎日の自動実行で）。何も書き込んでいません。",
        "en": "This period's meetings are in {owner}'s calendar ({calendar}). Only {owner} can "
        "apply the roster's changes (from the side panel, or the daily run). Nothing was written.",
    },
    "organiser.not_allowed": {
        "ja": "この期の予定は、タブの「主催」の人のカレンダーにあります。aibou はその人として実行"
        "できません（AIBOU_DELEGATED_USER または AIBOU_FORMER_DELEGATED_USERS に加えてください）。"
        "何も書き込んでいません。",
        "en": "This period's meetings are in the calendar of the tab's organiser, whom aibou may "
        "not act as (add them to AIBOU_DELEGATED_USER or AIBOU_FORMER_DELEGATED_USERS). "
        "Nothing was written.",
    },
    # Change blocks appended below a rotation tab (aibou.domain.sheet.changes)
    "target.refused": {
        "ja": "{period} のローテーションは作れません。より後の期間のローテーション「{tab}」がすでにあります（過去の期間には作りません）。日付を確かめてください。",
        "en": "No rotation can be made for {period}: a later period already has one ('{tab}'). aibou never goes back to an earlier period; check the date.",
    },
    "changes.title": {"ja": "変更履歴", "en": "Changes"},
    "changes.date": {"ja": "変更日", "en": "Date"},
    "changes.kind": {"ja": "変更", "en": "Change"},
    "changes.from_group": {"ja": "元のグループ", "en": "From group"},
    "changes.joined": {"ja": "参加", "en": "joined"},
    "changes.left": {"ja": "離脱", "en": "left"},
    "changes.moved": {"ja": "移動", "en": "moved"},
    # Hand edits of aibou's tabs (aibou.domain.sheet.digest): warnings, never errors
    "edit.cell": {
        "ja": "aibou が書いた値が手で変更されています。招待は名簿の変更でのみ変わり、"
        "この変更は反映されません。元に戻すか、名簿を直してください。",
        "en": "A value aibou wrote was edited by hand. Invites change only through the roster, "
        "so this edit is ignored. Undo it, or change the roster instead.",
    },
    "edit.added": {
        "ja": "aibou のタブに手で値が追加されています。反映されません。",
        "en": "A value was added by hand to aibou's tab. It is ignored.",
    },
    "cli.warning": {"ja": "注意", "en": "warning"},
    "edit.held": {
        "ja": "このタブで aibou が書いた行が手で変更されているため、名簿の変更と残りの招待は"
        "保留しています。aibou が書いた値に戻すと次の実行で再開します。",
        "en": "Rows aibou wrote in this tab were edited by hand, so roster changes and the "
        "remaining invites wait. Restore what aibou wrote and the next run carries on.",
    },
    "edit.more": {
        "ja": "ほかにも {count} か所が手で変更されています。",
        "en": "{count} more places were edited by hand.",
    },
    "tab.protected": {
        "ja": "aibou が書いた相棒の記録です。行を書き換えると次回以降の組み合わせに影響します。",
        "en": "aibou's record of this rotation; editing its rows changes how later ones are matched.",
    },
    # How a group's slot was chosen (the rotation tab's slot_note column; aibou.domain.time.slots)
    "slot.default": {"ja": "既定の時間", "en": "Default slot"},
    "slot.recorded": {"ja": "タブに記録された時間", "en": "As recorded in the tab"},
    "slot.free": {
        "ja": "全員の空き時間から選択（{weeks}週中{free}週）",
        "en": "Free for everyone in {free} of {weeks} weeks",
    },
    "slot.free_unread": {
        "ja": "空き時間から選択（{weeks}週中{free}週）。{names}さんの予定は読めなかったため、空いているものとして扱いました",
        "en": "Free in {free} of {weeks} weeks; could not read the calendar of {names}, taken as free",
    },
    "slot.unread": {
        "ja": "既定の時間（.ics ファイルへの書き出しか、カレンダーの空き時間が共有されていないため、空き時間を読めませんでした）",
        "en": "Default slot: no calendar's free/busy could be read (an .ics file, or calendars not shared)",
    },
    "slot.hours": {
        "ja": "全員の勤務時間内で既定に最も近い時間（{weeks}週中{free}週。空き時間は読めませんでした）",
        "en": "Nearest to the default within everyone's working hours ({free} of {weeks} weeks); free/busy could not be read",
    },
    "slot.no_hours": {
        "ja": "既定の時間（全員の勤務時間が重なる時間帯がないため）",
        "en": "Default slot: no time is within everyone's working hours",
    },
    "slot.all_busy": {
        "ja": "既定の時間（全員が空いている時間がないため）",
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
    "cli.changes": {"ja": "名簿の変更: {count}件", "en": "roster changes: {count}"},
    "cli.change.joined": {"ja": "参加 → グループ{group}", "en": "joined group {group}"},
    "cli.change.left": {"ja": "離脱（グループ{from_group}から）", "en": "left group {from_group}"},
    "cli.change.moved": {
        "ja": "移動 グループ{from_group} → グループ{group}",
        "en": "moved from group {from_group} to group {group}",
    },
    "event.cancelled": {
        "ja": "グループ解散のため予定は取り消されました",
        "en": "Series cancelled: the group was dissolved",
    },
    "event.none_left": {
        "ja": "今期の開催日はもうありません",
        "en": "No meeting day left in this period",
    },
    "event.summary": {
        "ja": "相棒ミーティング {key} #{number}",
        "en": "Buddy meeting {key} #{number}",
    },
    # Report tabs (§8; aibou.domain.report.tabs)
    "report.participation": {"ja": "参加状況", "en": "Participation"},
    "report.coverage": {"ja": "カバレッジ", "en": "Coverage"},
    "report.as_of": {"ja": "時点", "en": "As of"},
    "report.response": {"ja": "返信", "en": "Reply"},
    "report.meetings_so_far": {"ja": "これまでの予定回数", "en": "Meetings so far"},
    "report.meetings_held": {"ja": "実施回数 (Meet)", "en": "Meetings held (Meet)"},
    "report.last_held": {"ja": "最終実施日", "en": "Last held"},
    "report.attention": {"ja": "要確認", "en": "Attention"},
    "report.separator": {"ja": "、", "en": "; "},
    "response.accepted": {"ja": "参加", "en": "Accepted"},
    "response.declined": {"ja": "辞退", "en": "Declined"},
    "response.tentative": {"ja": "未定", "en": "Maybe"},
    "response.needsAction": {"ja": "未返信", "en": "No reply"},
    "attention.declined": {
        "ja": "招待を辞退したメンバーがいます",
        "en": "Someone declined the series",
    },
    "attention.no-meeting-3-weeks": {
        "ja": "3 週間ミーティングが開かれていません",
        "en": "No meeting held for three weeks",
    },
    "report.meet_missing": {
        "ja": "Google Meet の記録を読めないため、実施回数と最終実施日は空欄です: {reason}",
        "en": "Google Meet records could not be read, so meetings held and last held are empty: {reason}",
    },
    "meet.off": {
        "ja": "設定「meet」が off で、Meet のリンクがありません。",
        "en": "the 'meet' setting is off, so the series have no Meet link.",
    },
    "meet.denied": {
        "ja": "Meet の会議記録を読む権限がありません(主催者として実行し、スコープ meetings.space.readonly を許可してください)。",
        "en": "no permission to read Meet conference records (run as the organiser and grant the meetings.space.readonly scope).",
    },
    "meet.disabled": {
        "ja": "Google Cloud プロジェクトで Google Meet REST API が有効になっていません(コンソールで有効にしてください)。",
        "en": "the Google Meet REST API is not enabled in the Google Cloud project (enable it in the console).",
    },
    "meet.unavailable": {
        "ja": "Google Meet API に接続できませんでした。次回の実行で再試行します。",
        "en": "the Google Meet API could not be reached; the next run tries again.",
    },
    "report.pairs": {
        "ja": "他職能の同僚と会ったペア",
        "en": "Pairs of colleagues of other functions who have met",
    },
    "report.met": {"ja": "会った他職能の同僚", "en": "Colleagues of other functions met"},
    "report.possible": {"ja": "他職能の同僚", "en": "Colleagues of other functions"},
    "report.needed": {
        "ja": "全員が他職能の全員と会うまでのローテーション数",
        "en": "More rotations until everyone has met everyone of the other functions",
    },
    "report.needed.exact": {
        "ja": "名簿の設計 (直交ラテン方陣) どおりに組んだ場合",
        "en": "Following the roster's design (orthogonal Latin squares)",
    },
    "report.needed.at_least": {"ja": "{count} 回以上", "en": "at least {count}"},
    "report.needed.range": {"ja": "{low}〜{high} 回", "en": "{low} to {high}"},
    "report.needed.bound": {
        "ja": "下限: 1 回のローテーションで 1 人が新しく会える同僚は最大 {per} 人",
        "en": "A lower bound: one rotation meets a person with at most {per} new colleagues",
    },
    "report.needed.design": {
        "ja": "下限 {low} 回。名簿の設計 (直交ラテン方陣) どおりなら {high} 回",
        "en": "At least {low}; {high} following the roster's design (orthogonal Latin squares)",
    },
    "report.grid": {
        "ja": "同じ組になった回数 (他職能の同僚。同じ職能と本人の欄は空欄)",
        "en": "Times in one group (colleagues of other functions; same-function cells are blank)",
    },
    "report.grid_omitted": {
        "ja": "参加者が {count} 人で上限の {limit} 人を超えるため、グリッドは省略しました。各人のカバレッジは上の表にあります。",
        "en": "The grid is left out: {count} people are active, more than {limit}. Each person's coverage is in the table above.",
    },
    # Command line
    "cli.validate_ok": {
        "ja": "OK：{people}人、次は {period} です",
        "en": "OK: {people} people, {period} is next",
    },
    "init.has_roster": {
        "ja": "「{tab}」タブはすでに名簿です。init は既存の名簿を変更しません。そのまま使うか、名簿のない新しいシート（ブック）で init してください。",
        "en": "The tab '{tab}' is a roster already: init never changes one. Use it as it is, or run init on a new sheet (or workbook) without a roster.",
    },
    "init.note.rotation_months": {
        "ja": "何か月ごとに組み替えるか。3 なら四半期ごと（2027-Q1）",
        "en": "Months per rotation: 3 gives calendar quarters (2027-Q1)",
    },
    "init.note.first_period_start": {
        "ja": "空欄なら今の四半期の初日。例：2027/1/4",
        "en": "Empty: the start of the current quarter. E.g. 2027-01-04",
    },
    "init.note.meeting_weekday": {
        "ja": "ミーティングの曜日（既定）",
        "en": "The meeting's weekday (the default slot)",
    },
    "init.note.meeting_time": {
        "ja": "ミーティングの開始時刻（既定）",
        "en": "The meeting's start (the default slot)",
    },
    "init.note.duration_minutes": {
        "ja": "ミーティングの長さ（分）",
        "en": "Minutes per meeting",
    },
    "init.note.timezone": {
        "ja": "主催者のタイムゾーン",
        "en": "The organiser's time zone",
    },
    "init.note.working_hours": {
        "ja": "空き時間を探す時間帯",
        "en": "Where free slots are looked for",
    },
    "init.note.group_size": {
        "ja": "1組の人数",
        "en": "People per group",
    },
    "init.note.uneven_groups": {
        "ja": "割り切れないとき：smaller（2人組）か larger（4人組）",
        "en": "When counts don't divide: smaller (pairs) or larger (fours)",
    },
    "init.note.announce_days": {
        "ja": "次の期の何日前に組と招待を出すか",
        "en": "Days before a period that its groups and invites go out",
    },
    "init.note.functions": {
        "ja": "混ぜる職能（カンマ区切り）",
        "en": "The functions to mix (comma-separated)",
    },
    "init.note.calendar_id": {
        "ja": "招待を作るカレンダー",
        "en": "The calendar the invites are made in",
    },
    "init.note.language": {
        "ja": "招待とタブの言語：ja か en",
        "en": "Invites and tabs: ja or en",
    },
    "init.note.holidays": {
        "ja": "祝日の国（空欄なら祝日なし）",
        "en": "Public holidays of this country (empty: none)",
    },
    "init.note.closed_days": {
        "ja": "ミーティングをしない日。例：2027/12/30, 2027/12/31",
        "en": "Days without meetings, e.g. 2027-12-30, 2027-12-31",
    },
    "init.note.meet": {
        "ja": "Google Meet のリンクを付けるか：on / off",
        "en": "Add a Google Meet link: on / off",
    },
    "init.note.send_updates": {
        "ja": "招待メール：all / externalOnly / none",
        "en": "Invitation e-mails: all / externalOnly / none",
    },
    "init.note.agenda_template": {
        "ja": "空欄なら標準の招待文",
        "en": "Empty: the built-in agenda",
    },
    "init.exists": {
        "ja": "{file} はすでにあります。init は新しいブックを作るだけです（既存のファイルは変更しません）。別のファイル名を指定してください。",
        "en": "{file} exists already. init only creates new workbooks (it never changes a file): give a new file name.",
    },
    "init.created": {
        "ja": "「{tab}」タブを作りました（{where}）。1行に1人ずつ入力し、職能・勤務形態・ステータスはリストから選んでください。設定タブには既定値が入っています。入力したら validate で確認できます。",
        "en": "Created the tab '{tab}' ({where}). Type one person a row and pick function, location and status from the lists; the Settings tab holds every default. Then check it with validate.",
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
    quoted = {k: _short(v) if k in _QUOTED else v for k, v in values.items()}
    return entry.get(language, entry["ja"]).format(**quoted)


#: How much of what a user typed a message quotes: a cell may hold 50,000 characters.
MAX_QUOTED_CHARS = 120
#: The values that quote a cell (the rest are aibou's own words and lists).
_QUOTED = frozenset({"value", "header", "key", "name", "function", "first_value"})


def _short(value: object) -> object:
    """``value``, or the start of it with an ellipsis when it is a long text.

    >>> _short("x" * 200)[-3:], len(_short("x" * 200)), _short(7)
    ('xx…', 120, 7)
    """
    if isinstance(value, str) and len(value) > MAX_QUOTED_CHARS:
        return value[: MAX_QUOTED_CHARS - 1] + "…"
    return value


def has_message(key: str) -> bool:
    """Whether the catalogue has ``key`` (for optional labels such as custom functions)."""
    return key in _MESSAGES
