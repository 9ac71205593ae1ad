"""The side panel's messages, in Japanese and English.

They belong to the panel, not the domain: :func:`message` looks a key up here first, then in the
core catalogue (:func:`aibou.domain.i18n.message`) for the texts both share.
"""

from __future__ import annotations

from aibou.domain.i18n import message as core_message

__all__ = ["ADDON_MESSAGES", "message"]

ADDON_MESSAGES: dict[str, dict[str, str]] = {
    # Everywhere
    "addon.title": {"ja": "相棒制度", "en": "Buddy system"},
    "addon.home": {"ja": "ホームへ", "en": "Home"},
    "addon.retry": {"ja": "もう一度試す", "en": "Try again"},
    "addon.settings": {"ja": "設定", "en": "Settings"},
    "addon.preview": {"ja": "次のローテーションをプレビュー", "en": "Preview the next rotation"},
    "addon.open_tab": {"ja": "タブを開く", "en": "Open the tab"},
    "addon.init": {"ja": "名簿と設定のタブを作る", "en": "Create the roster and settings tabs"},
    "home.no_roster_help": {
        "ja": "このシートにはまだ名簿がありません。「名簿と設定のタブを作る」で、見出し・選択リスト付きの名簿と、既定値入りの設定タブを作れます（ほかのタブは変更しません）。",
        "en": 'This sheet has no roster yet. "Create the roster and settings tabs" adds a roster with its headers and drop-down lists, and a Settings tab with every default (no other tab is changed).',
    },
    "home.init_done": {
        "ja": "「{tab}」タブを作りました。1行に1人ずつ入力してください。",
        "en": "Created the tab '{tab}'. Type one person a row.",
    },
    "addon.open_event": {"ja": "予定を開く", "en": "Open the event"},
    "addon.group": {"ja": "グループ {number}", "en": "Group {number}"},
    "addon.group_size": {
        "ja": "グループ {number}・{size} 人",
        "en": "Group {number} · {size} people",
    },
    "addon.member": {"ja": "{name}({function})", "en": "{name} ({function})"},
    "addon.list_sep": {"ja": "、", "en": ", "},
    "addon.more": {"ja": "ほか {count} 件", "en": "and {count} more"},
    # Home
    "home.period": {"ja": "今期", "en": "This period"},
    "home.period_range": {"ja": "{key}({start} 〜 {end})", "en": "{key} ({start} to {end})"},
    "home.applied": {"ja": "適用済み: {groups} グループ", "en": "Applied: {groups} groups"},
    "home.not_applied": {"ja": "まだ適用されていません", "en": "Not applied yet"},
    "home.partly_applied": {
        "ja": "途中まで適用されています。プレビューから適用すると完了します。",
        "en": "Partly applied: preview and apply to finish it.",
    },
    "home.next": {"ja": "次のローテーション", "en": "Next rotation"},
    "home.due_now": {
        "ja": "{key} のローテーションが未適用です。今すぐ適用できます。",
        "en": "The rotation for {key} is due now.",
    },
    "home.due_on": {
        "ja": "{key} は {date} から({days} 日後)。前もって確認・適用できます。",
        "en": "{key} starts on {date} (in {days} days). You can check and apply it ahead.",
    },
    "home.not_due": {
        "ja": "初回の期間 {key} は {date} からです。",
        "en": "The first period, {key}, starts on {date}.",
    },
    "home.members": {"ja": "参加者", "en": "Members"},
    "home.head_count": {"ja": "{function}: {count} 人", "en": "{function}: {count}"},
    "home.total": {
        "ja": "参加 {active} 人・お休み {absent} 人",
        "en": "{active} taking part, {absent} sitting out",
    },
    "home.groups_now": {"ja": "今期のグループ", "en": "This period's groups"},
    "home.problems": {"ja": "直してください({count} 件)", "en": "To fix ({count})"},
    "home.problems_help": {
        "ja": "名簿・設定の問題が直るまで、aibou は何も書き込みません。直したら「もう一度試す」を押してください。",
        "en": "aibou writes nothing until these are fixed. Fix them in the sheet, then try again.",
    },
    "home.pending": {
        "ja": "次の実行で反映される名簿の変更",
        "en": "Roster changes the next run applies",
    },
    "home.pending.joined": {
        "ja": "{name}: グループ{group}に参加",
        "en": "{name}: joins group {group}",
    },
    "home.pending.left": {
        "ja": "{name}: グループ{from_group}から離脱",
        "en": "{name}: leaves group {from_group}",
    },
    "home.pending.moved": {
        "ja": "{name}: グループ{from_group}からグループ{group}へ移動",
        "en": "{name}: moves from group {from_group} to group {group}",
    },
    "home.report": {"ja": "レポート", "en": "Report"},
    "home.coverage": {
        "ja": "出会えたペア: {met} / {possible}",
        "en": "Pairs met: {met} / {possible}",
    },
    "home.attention": {
        "ja": "要確認のグループ: {groups}",
        "en": "Groups that need attention: {groups}",
    },
    "home.open_participation": {"ja": "参加状況を開く", "en": "Open participation"},
    "home.open_coverage": {"ja": "カバレッジを開く", "en": "Open coverage"},
    "home.invites": {
        "ja": "招待を送信中: {done:,} / {total:,} グループ",
        "en": "Sending invitations: {done:,} / {total:,} groups",
    },
    # Preview
    "preview.title": {"ja": "{key} のプレビュー", "en": "Preview of {key}"},
    "preview.subtitle": {"ja": "まだ何も書き込んでいません", "en": "Nothing is written yet"},
    "preview.summary": {"ja": "概要", "en": "Summary"},
    "preview.groups_line": {"ja": "{groups} グループ({sizes})", "en": "{groups} groups ({sizes})"},
    "preview.size": {"ja": "{size} 人 × {count}", "en": "{count} × {size} people"},
    "preview.meetings": {"ja": "ミーティング", "en": "Meetings"},
    "preview.repeated": {"ja": "以前と同じ組のペア", "en": "Pairs who met before"},
    "preview.repeated_item": {
        "ja": "{a} と {b}(グループ {group}。{periods} で同じ組)",
        "en": "{a} and {b} (group {group}; together in {periods})",
    },
    "preview.same_function": {"ja": "同じ職能のペア", "en": "Same-function pairs"},
    "preview.same_function_item": {
        "ja": "{a} と {b}(グループ {group}・{function})",
        "en": "{a} and {b} (group {group}, {function})",
    },
    "preview.odd": {"ja": "人数が違う組", "en": "Odd-sized groups"},
    "preview.odd_item": {"ja": "グループ {group}: {size} 人", "en": "Group {group}: {size} people"},
    "preview.none": {"ja": "なし", "en": "None"},
    "preview.groups": {"ja": "グループ", "en": "Groups"},
    "preview.pins": {"ja": "固定", "en": "Pins"},
    "preview.pins_help": {
        "ja": "一緒にしたい人・離したい人を選んでボタンを押すと、その条件で組み直します。",
        "en": "Choose people to keep together or apart; aibou re-solves with them.",
    },
    "preview.pin_people": {"ja": "メンバーを選ぶ", "en": "Choose people"},
    "preview.pin_people_text": {
        "ja": "メールアドレスか名前(カンマ区切り)",
        "en": "E-mail addresses or names, comma-separated",
    },
    "preview.keep_together": {"ja": "一緒にする", "en": "Keep together"},
    "preview.keep_apart": {"ja": "離す", "en": "Keep apart"},
    "preview.pinned_together": {"ja": "一緒", "en": "Together"},
    "preview.pinned_apart": {"ja": "離す", "en": "Apart"},
    "preview.unpin": {"ja": "外す", "en": "Remove"},
    "preview.another": {"ja": "別の案を見る", "en": "Show another arrangement"},
    "preview.apply": {"ja": "適用する", "en": "Apply"},
    "preview.consequence": {
        "ja": "適用すると、タブ「{tab}」を作成し、毎週の予定を {groups} 件作成して {people} 人に招待を送ります。",
        "en": "Applying writes the tab '{tab}', creates {groups} weekly events and invites "
        "{people} people.",
    },
    "preview.resume": {
        "ja": "前回の適用が途中で止まっています。適用すると、記録済みのグループのまま残りを完了します(固定は使えません)。",
        "en": "An earlier run stopped part-way. Applying finishes it with the groups already "
        "recorded (pins do not apply).",
    },
    "preview.changed": {
        "ja": "プレビューの後にシートが変わったため、新しい案を表示しています。確認してから、もう一度「適用する」を押してください。",
        "en": "The sheet changed after your preview, so this is a new proposal. Check it, then "
        "apply again.",
    },
    "preview.amend_title": {"ja": "{key} の変更のプレビュー", "en": "Changes to {key}: preview"},
    "preview.amend_changes": {"ja": "名簿の変更", "en": "Roster changes"},
    "preview.amend_events": {"ja": "変わる予定", "en": "Events that change"},
    "preview.event_patched": {
        "ja": "毎週の予定の参加者をこの {size} 人に更新",
        "en": "The weekly event's attendees become these {size}",
    },
    "preview.event_created": {
        "ja": "この {size} 人で毎週の予定を新しく作成",
        "en": "A new weekly event for these {size}",
    },
    "preview.event_cancelled": {
        "ja": "グループ {group}: 解散し、毎週の予定を取り消し",
        "en": "Group {group}: dissolved, its weekly event cancelled",
    },
    "preview.amend_consequence": {
        "ja": "適用すると、タブ「{tab}」の下に変更を追記し、毎週の予定の参加者を {patched} 件更新・{created} 件作成・{cancelled} 件取り消します。ほかのグループと予定は変わりません。",
        "en": "Applying appends the changes below the tab '{tab}', updates the attendees of "
        "{patched} weekly events, creates {created} and cancels {cancelled}. No other group "
        "or event changes.",
    },
    "preview.amend_resume": {
        "ja": "前回の変更の反映が途中で止まっています。適用すると残りを完了します。",
        "en": "An earlier run stopped part-way through these changes: applying finishes it.",
    },
    "preview.held_title": {"ja": "「{tab}」は保留中です", "en": "'{tab}' is on hold"},
    "preview.held_edits": {"ja": "手で変更されたところ", "en": "Edited by hand"},
    "addon.preview_changes": {"ja": "名簿の変更をプレビュー", "en": "Preview the roster changes"},
    "preview.pin_problems": {
        "ja": "この固定はかなえられません",
        "en": "These pins can't be honoured",
    },
    "preview.pin_unsolvable": {
        "ja": "固定をすべて満たす組み合わせが見つかりません。固定を 1 つ外してください。",
        "en": "No arrangement honours all these pins. Remove one.",
    },
    "preview.pick_two": {"ja": "2 人以上選んでください。", "en": "Choose at least two people."},
    "preview.unknown_person": {
        "ja": "「{value}」は名簿の参加者に見つかりません。",
        "en": "'{value}' is not an active member of the roster.",
    },
    "preview.ambiguous_person": {
        "ja": "「{value}」に当てはまる人が複数います。メールアドレスで指定してください。",
        "en": "'{value}' matches several people: use their e-mail address.",
    },
    # Pins (domain checks)
    "pins.not_active": {
        "ja": "「{email}」は名簿の参加者ではありません(お休み・不参加、または削除された可能性があります)。",
        "en": "'{email}' is not an active member of the roster (on leave, opted out or removed?).",
    },
    "pins.too_many_together": {
        "ja": "一緒にできるのは 1 グループの人数({size} 人)までです。",
        "en": "At most {size} people (one group) can be kept together.",
    },
    "pins.apart_too_large": {
        "ja": "一度に離せるのは {size} 人までです。",
        "en": "At most {size} people can be kept apart in one pin.",
    },
    "pins.too_many": {
        "ja": "固定は {count} 件までです。どれかを外してください。",
        "en": "At most {count} pins: remove one first.",
    },
    "pins.too_many_pins": {
        "ja": "「一緒」の固定が {pins} 件ありますが、グループは {groups} つしかありません。",
        "en": "{pins} 'together' pins, but there are only {groups} groups.",
    },
    "pins.too_many_apart": {
        "ja": "{people} 人を離すには、{groups} グループでは足りません。",
        "en": "{people} people cannot be kept apart in {groups} groups.",
    },
    "pins.contradiction": {
        "ja": "{a} さんと {b} さんを、一緒にも別々にもすることはできません。",
        "en": "{a} and {b} cannot be both together and apart.",
    },
    # Result of applying
    "result.applied": {"ja": "適用しました", "en": "Applied"},
    "result.applied_text": {
        "ja": "タブ「{tab}」を作成し、{groups} グループの毎週の予定を作成しました。招待が送られます。",
        "en": "Wrote the tab '{tab}' and created the weekly events of {groups} groups; the "
        "invitations are on their way.",
    },
    "result.amended": {"ja": "変更を反映しました", "en": "Changes applied"},
    "result.amended_text": {
        "ja": "タブ「{tab}」に {count} 件の変更を追記し、予定を更新しました。",
        "en": "Appended {count} changes to the tab '{tab}' and updated the events.",
    },
    "result.already": {"ja": "適用済みです", "en": "Already applied"},
    "result.already_text": {
        "ja": "{key} のローテーションは適用済みです。何も変更していません。",
        "en": "The rotation for {key} was applied already; nothing was changed.",
    },
    "result.no_event": {
        "ja": "予定なし(期間内に残りのミーティング日がありません)",
        "en": "No event (no meeting day left in the period)",
    },
    # Errors
    "error.invalid_title": {
        "ja": "名簿か設定に問題があります",
        "en": "The roster or settings need fixing",
    },
    "error.not_applied_title": {"ja": "適用できませんでした", "en": "Not applied"},
    "error.invalid_text": {
        "ja": "次の問題を直してから、もう一度試してください。何も書き込んでいません。",
        "en": "Fix these, then try again. Nothing was written.",
    },
    "error.busy_title": {"ja": "ほかの処理が実行中です", "en": "Another run is in progress"},
    "error.busy_text": {
        "ja": "このシートでは、別の aibou の処理(定期実行など)が動いています。1 分ほど待ってから、もう一度試してください。",
        "en": "Another aibou run (the scheduled one, perhaps) is working on this sheet. Wait a "
        "minute, then try again.",
    },
    "error.permission_title": {"ja": "権限がありません", "en": "Permission needed"},
    "error.permission_text": {
        "ja": "このシートかカレンダーを編集する権限がありません。シートのオーナーに編集権限を依頼するか、設定の「カレンダーID」を確認してください。",
        "en": "You cannot edit this sheet or the calendar. Ask the sheet's owner for edit "
        "access, or check the calendar_id setting.",
    },
    "error.not_found_title": {"ja": "見つかりません", "en": "Not found"},
    "error.not_found_text": {
        "ja": "シートかカレンダーが見つかりません。設定の「カレンダーID」を確認してください。",
        "en": "The sheet or the calendar was not found. Check the calendar_id setting.",
    },
    "error.unavailable_title": {"ja": "Google が応答しません", "en": "Google is not responding"},
    "error.unavailable_text": {
        "ja": "Google のサービスが一時的に使えません。しばらくしてから、もう一度試してください。途中まで進んだ適用は、次の実行で続きから完了します。",
        "en": "Google's services are unavailable for now. Try again later: a run that stopped "
        "part-way is finished by the next one.",
    },
    "error.unexpected_title": {"ja": "予期しないエラー", "en": "Something went wrong"},
    "error.unexpected_text": {
        "ja": "処理できませんでした(参照番号 {ref})。もう一度試しても直らない場合は、この参照番号を管理者に伝えてください。",
        "en": "aibou could not do this (reference {ref}). If trying again does not help, send "
        "the reference to your administrator.",
    },
    "error.detail": {"ja": "詳細: {detail}", "en": "Details: {detail}"},
    "error.not_sheets": {
        "ja": "aibou は Google スプレッドシートのサイドパネルで使います。",
        "en": "aibou works in the side panel of Google Sheets.",
    },
    "error.no_user_token": {
        "ja": "Google からの認可情報が届いていません。サイドパネルを閉じて、開き直してください。",
        "en": "Google sent no authorization with this request. Close the side panel and open "
        "it again.",
    },
    "error.stale_card": {
        "ja": "このカードは古くなっています。ホームから開き直してください。",
        "en": "This card is out of date. Start again from the home card.",
    },
    # File access
    "access.title": {"ja": "このシートへのアクセス", "en": "Access to this sheet"},
    "access.text": {
        "ja": "名簿を読み、ローテーションのタブを書くために、aibou にこのスプレッドシートへのアクセスを許可してください。許可するのはこのファイルだけで、ドライブのほかのファイルには触れません。",
        "en": "To read the roster and write rotation tabs, aibou needs access to this "
        "spreadsheet. You grant it for this file only: aibou cannot see your other files.",
    },
    "access.button": {"ja": "このファイルへのアクセスを許可", "en": "Allow access to this file"},
    # Settings
    "form.title": {"ja": "設定", "en": "Settings"},
    "form.subtitle": {"ja": "タブ「{tab}」に保存します", "en": "Saved in the tab '{tab}'"},
    "form.meeting_weekday": {"ja": "曜日", "en": "Meeting day"},
    "form.meeting_time": {"ja": "開始時刻", "en": "Start time"},
    "form.meeting_time_hint": {"ja": "HH:MM(例: 16:00)", "en": "HH:MM (e.g. 16:00)"},
    "form.duration_minutes": {"ja": "所要時間(分)", "en": "Duration (minutes)"},
    "form.duration_minutes_hint": {"ja": "5〜480 分", "en": "5 to 480 minutes"},
    "form.timezone": {"ja": "タイムゾーン", "en": "Time zone"},
    "form.timezone_hint": {
        "ja": "IANA の名前(例: Asia/Tokyo)",
        "en": "IANA name (e.g. Asia/Tokyo)",
    },
    "form.language": {"ja": "言語(タブと招待)", "en": "Language (tabs and invitations)"},
    "form.meet": {"ja": "Google Meet のリンクを付ける", "en": "Add a Google Meet link"},
    "form.holidays": {"ja": "祝日の国", "en": "Public holidays of"},
    "form.holidays_hint": {
        "ja": "国コード(例: JP, US)。空欄なら祝日を考慮しません。",
        "en": "Country code (e.g. JP, US); empty for none.",
    },
    "form.save": {"ja": "保存", "en": "Save"},
    "form.saved": {"ja": "設定を保存しました", "en": "Settings saved"},
    "form.unchanged": {"ja": "変更はありません", "en": "Nothing changed"},
    "form.not_saved": {
        "ja": "保存していません。赤字の値を直してください。",
        "en": "Not saved: fix the values marked in red.",
    },
    "form.other_problems": {
        "ja": "設定タブのほかの問題",
        "en": "Other problems in the Settings tab",
    },
    "form.next_rotation": {
        "ja": "変更は次に適用するローテーションから使われます。作成済みの予定は変わりません。",
        "en": "Changes are used by the next rotation you apply; events already created stay "
        "as they are.",
    },
    "weekday.0": {"ja": "月曜日", "en": "Monday"},
    "weekday.1": {"ja": "火曜日", "en": "Tuesday"},
    "weekday.2": {"ja": "水曜日", "en": "Wednesday"},
    "weekday.3": {"ja": "木曜日", "en": "Thursday"},
    "weekday.4": {"ja": "金曜日", "en": "Friday"},
    "weekday.5": {"ja": "土曜日", "en": "Saturday"},
    "weekday.6": {"ja": "日曜日", "en": "Sunday"},
    "language.ja": {"ja": "日本語", "en": "Japanese"},
    "language.en": {"ja": "英語", "en": "English"},
}


def message(language: str, key: str, /, **values: object) -> str:
    """The panel's text for ``key`` in ``language`` (Japanese if unknown), else the core one.

    >>> message("en", "addon.title")
    'Buddy system'
    >>> message("en", "tab.group")
    'Group'
    """
    entry = ADDON_MESSAGES.get(key)
    if entry is None:
        return core_message(language, key, **values)
    return entry.get(language, entry["ja"]).format(**values)
