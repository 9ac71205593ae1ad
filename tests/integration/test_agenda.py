"""The invite text from the real templates: both languages, both forms, hostile names inert."""

from __future__ import annotations

import html as html_lib
import re
import uuid
from collections.abc import Iterator
from datetime import date, time
from html.parser import HTMLParser
from pathlib import Path

import pytest

from aibou.domain.model import Group, Period, Person
from aibou.domain.sheet.settings import Settings
from aibou.domain.time.schedule import Slot, closed_day_names, series
from aibou.service.agenda import check_template, render_agenda
from aibou.service.rotate import rotate
from aibou.templates import TEMPLATES
from tests.fakes import FakeCalendar, FakeSpreadsheet
from tests.rosters import roster_rows

Q1 = Period("2027-Q1", date(2027, 1, 1), date(2027, 3, 31))
#: What Google Calendar shows in a description.
GOOGLE_TAGS = {"b", "i", "u", "br", "ul", "ol", "li", "a"}
HOSTILE = (
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "Eve\nBEGIN:VEVENT\nEND:VCALENDAR",
    "{{ 7 * 7 }}",
)


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list]] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append((tag, attrs))


def tags_of(html: str) -> list[tuple[str, list]]:
    parser = Tags()
    parser.feed(html)
    return parser.tags


def render(language: str, members: tuple[Person, ...] | None = None, **kw: object):
    group = Group(
        4,
        members
        or (
            Person("hanako@example.com", "佐藤 花子", "sales", "remote"),
            Person("ann@example.com", "Ann Smith", "dev", timezone="America/New_York"),
            Person("taro@example.com", "山田 太郎", "cs"),
        ),
    )
    slot = Slot(0, time(9), 30, "Asia/Tokyo", "slot.free", (("free", 11), ("weeks", 11)))
    names = closed_day_names(Settings(), Q1.start, Q1.end, language)
    meetings = series(slot, Q1, Q1.start, names)
    skipped = {d: names[d] for d in meetings.skipped}
    return render_agenda(group, Q1, slot, meetings.dates, language, skipped=skipped, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "ja",
            [
                "相棒ミーティング（2027-Q1・グループ4）へようこそ！",
                "佐藤 花子さん（セールス・リモート）",
                "Ann Smithさん（開発・オフィス）",
                "山田 太郎さん（カスタマーサクセス・オフィス）",
                "気軽に相談できる「ゆるい場」",  # why
                "リモートの人とオフィスの人",
                "お客様の課題",  # the suggested agenda
                "新しい機能を開発するとしたら",
                "運用で解決するとしたら",
                "雑談も大歓迎",
                "毎週月曜 9:00〜9:30（日本時間）",  # the slot
                "3月31日（水）までの全11回です。",  # the period's last date
                "最終回は3月29日（月）です。",  # 31 March is a Wednesday
                "お休みの日：1月11日（月）成人の日、3月22日（月）振替休日",
                "全員の予定が空いている時間から選びました",
                "これ以降のすべての予定",  # how to change the time
                # Ann's own time, across New York's DST change (14 March 2027)
                "毎週日曜 19:00〜19:30、3月14日（日）からは"
                "毎週日曜 20:00〜20:30（America/New_York）",
            ],
        ),
        (
            "en",
            [
                "buddy meeting (2027-Q1, group 4)",
                "佐藤 花子 (Sales, Remote)",
                "Ann Smith (Dev, Office)",
                "This is a loose, safe place",
                "remote and office colleagues",
                "Customer problems Sales and Customer Success are carrying",
                "What if we built a feature for it?",
                "What if we solved it in operations?",
                "small talk is very welcome",
                "Mondays 9:00–9:30 (Japan time)",
                "until Wed, March 31 (11 meetings)",
                "The last one is on Mon, March 29.",
                "no meeting on Mon, January 11 (Coming of Age Day) and Mon, March 22 (Substitute",
                "chosen where everyone's calendar is free",
                "This and following events",
                "Sundays 19:00–19:30, then Sundays 20:00–20:30 from Sun, March 14"
                " (America/New_York)",
            ],
        ),
    ],
)
def test_both_languages_say_who_why_what_when_and_how_to_move_it(
    language: str, expected: list[str]
) -> None:
    agenda = render(language, meet=True)
    shown = re.sub(r"<[^>]+>", "", html_lib.unescape(agenda.html))  # what Calendar shows
    for part in expected:
        assert part in agenda.text, part
        assert part in shown, part
    assert {tag for tag, _ in tags_of(agenda.html)} <= GOOGLE_TAGS
    assert "\n" not in agenda.html  # Google shows source line breaks: only <br> breaks lines


ISO_DATE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}|\d{4}/\d{1,2}/\d{1,2}")


@pytest.mark.parametrize("form", ["text", "html"])
def test_japanese_reads_as_japanese_dates_zone_and_punctuation(form: str) -> None:
    """No ISO date, no Asia/Tokyo, no half-width ! ( ) : in the Japanese invite."""
    written = html_lib.unescape(getattr(render("ja", meet=True), form))
    prose = re.sub(r"<[^>]+>", "", written)  # the HTML's tags are not prose
    assert ISO_DATE.findall(prose) == []
    assert "Asia/Tokyo" not in prose and "日本時間" in prose
    assert [c for c in "!()" if c in prose] == []
    assert re.findall(r"[^\d]:", prose) == []  # a colon only in times (9:00)


def test_english_is_one_paragraph_a_line_for_the_reader_to_wrap() -> None:
    text = render("en", meet=True).text
    # a line that ends mid-sentence is followed by one that starts in lower case
    assert re.findall(r"[a-z,]\n *[a-z]", text) == []
    lines = text.splitlines()
    assert (
        "This is a loose, safe place to talk across Sales, Customer Success and Dev. It is not "
        "the weekly team meeting: nothing needs to be decided here, and half-formed questions "
        "are exactly what it is for."
    ) in lines
    assert any(line.startswith("This file cannot create a Google Meet link.") and
               line.endswith('click "Add Google Meet video conferencing" and save.')
               for line in lines)  # fmt: skip
    assert ISO_DATE.findall(text) == []


@pytest.mark.parametrize(
    ("language", "until", "last"),
    [
        ("ja", "2027年2月28日（日）までの全12回", "最終回は2027年2月22日（月）です。"),
        (
            "en",
            "until Sun, February 28, 2027 (12 meetings)",
            "The last one is on Mon, February 22, 2027.",
        ),
    ],
)
def test_a_period_across_new_year_writes_the_year_where_it_changes(
    language: str, until: str, last: str
) -> None:
    winter = Period("2026-W", date(2026, 12, 1), date(2027, 2, 28))
    slot = Slot(0, time(9), 30, "Asia/Tokyo")
    meetings = series(slot, winter, winter.start)
    group = Group(1, (Person("a@example.com", "A", "sales"), Person("b@example.com", "B", "dev")))
    text = render_agenda(group, winter, slot, meetings.dates, language).text
    assert until in text and last in text


def test_meet_says_join_in_google_and_how_to_add_it_to_a_file() -> None:
    on, off = render("ja", meet=True), render("ja", meet=False)
    assert "Google Meet のリンクから参加" in on.html
    assert "このファイルからは Google Meet のリンクを作れません" in on.text
    assert "Meet" not in off.html and "Meet" not in off.text
    assert "Add Google Meet video conferencing" in render("en", meet=True).text


@pytest.mark.parametrize("name", HOSTILE)
@pytest.mark.parametrize("language", ["ja", "en"])
def test_hostile_names_stay_inert(name: str, language: str) -> None:
    members = (Person("eve@example.com", name, "sales"), Person("b@example.com", "B", "dev"))
    agenda = render(language, members)
    assert [tag for tag, _ in tags_of(agenda.html) if tag not in GOOGLE_TAGS] == []
    assert all(attrs == [] for _, attrs in tags_of(agenda.html))  # no onerror=, no src=
    assert "<script" not in agenda.html and "<img" not in agenda.html
    one_line = " ".join(name.split())
    assert one_line in agenda.text  # shown as typed, on one line
    assert "\nBEGIN:VEVENT" not in agenda.text
    if "{{" in name:  # a name is never a template
        assert "{{ 7 * 7 }}" in agenda.text and "49" not in agenda.text


@pytest.fixture
def custom() -> Iterator[str]:
    """A unique stem for custom templates in templates/, removed afterwards."""
    stem = f"test-{uuid.uuid4().hex[:8]}"
    yield stem
    for path in TEMPLATES.glob(f"{stem}.*"):
        path.unlink()


def write(name: str, text: str) -> Path:
    path = TEMPLATES / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_custom_text_template_is_escaped_for_google(custom: str) -> None:
    write(f"{custom}.txt", "{% for m in members %}{{ m.name }} & co\n{% endfor %}")
    members = (Person("a@example.com", "<b>A</b>", "sales"), Person("b@example.com", "B", "dev"))
    agenda = render("en", members, custom_template=f"{custom}.txt")
    assert agenda.text == "<b>A</b> & co\nB & co\n"
    assert agenda.html == "&lt;b&gt;A&lt;/b&gt; &amp; co<br>B &amp; co"


def test_a_custom_template_reads_values_as_attributes_or_keys_with_jinjas_globals(
    custom: str,
) -> None:
    write(
        f"{custom}.txt",
        "{{ members[0].name }}/{{ members[0]['name'] }}/{{ members[1]['timezone'] }}\n"
        "{{ period.key }}/{{ period['end'] }}/{{ skipped[0].name }}/{{ skipped[0]['date'] }}\n"
        "{% for i in range(2) %}{{ i }}{% endfor %}{% set n = namespace(x=group) %}{{ n.x }}\n",
    )
    members = (
        Person("a@example.com", "A", "sales"),
        Person("b@example.com", "B", "dev", timezone="America/New_York"),
    )
    agenda = render("en", members, custom_template=f"{custom}.txt")
    assert (
        agenda.text
        == "A/A/America/New_York\n2027-Q1/2027-03-31/Coming of Age Day/2027-01-11\n014\n"
    )


def test_a_custom_pair_gives_each_calendar_its_form(custom: str) -> None:
    write(f"{custom}.txt", "Hello {{ members[0].name }}\n")
    write(f"{custom}.html", "<b>Hello</b>\n{{ members[0].name }}<br>\n{{ slot }}")
    members = (Person("a@example.com", "<i>A</i>", "sales"),)
    agenda = render("en", members, custom_template=f"{custom}.txt")
    assert agenda.text == "Hello <i>A</i>\n"
    assert agenda.html == "<b>Hello</b> &lt;i&gt;A&lt;/i&gt;<br>Mondays 9:00–9:30 (Japan time)"


def test_a_custom_html_template_alone_gives_the_file_its_text(custom: str) -> None:
    write(f"{custom}.html", "<b>Hi</b> &amp; {{ members[0].name }}<ul><li>one</li></ul>")
    agenda = render(
        "en", (Person("a@example.com", "A<", "sales"),), custom_template=f"{custom}.html"
    )
    assert agenda.html == "<b>Hi</b> &amp; A&lt;<ul><li>one</li></ul>"
    assert agenda.text == "Hi & A<\n- one\n"


def test_a_broken_custom_template_is_reported_with_its_line(custom: str) -> None:
    write(f"{custom}.txt", "Hello\n{{ nobody_knows_me }}\n")
    error = check_template(f"{custom}.txt", "en")
    assert error is not None and "nobody_knows_me" in error
    write(f"{custom}.html", "{% if %}")
    error = check_template(f"{custom}.html", "en")
    assert error is not None and "line 1" in error
    assert check_template("agenda.ja.txt", "ja") is None


def test_the_html_beside_a_custom_text_template_is_checked_too(custom: str) -> None:
    """Google shows the HTML form: a mistake in it stops the run, though a file never needs it."""
    write(f"{custom}.txt", "Hello {{ members[0].name }}\n")
    write(f"{custom}.html", "<b>Hello</b><br>\n{{ members[0].nmae.upper() }}")
    error = check_template(f"{custom}.txt", "en")
    assert error is not None and "nmae" in error


def test_a_custom_template_that_cannot_render_stops_the_run_before_anything_is_written(
    custom: str,
) -> None:
    write(f"{custom}.txt", "{{ members[0].nmae.upper() }}")
    roster = roster_rows({"sales": 2, "cs": 2, "dev": 2})
    spreadsheet = FakeSpreadsheet({"名簿": roster, "設定": [["agenda_template", f"{custom}.txt"]]})
    calendar = FakeCalendar()
    outcome = rotate(spreadsheet, calendar, date(2027, 1, 5))
    assert outcome.status == "invalid"
    assert [(p.tab, p.row, p.column) for p in outcome.problems] == [("設定", 1, "B")]
    assert "テンプレートに誤りがあります" in outcome.problems[0].message
    assert "nmae" in outcome.problems[0].message
    assert list(spreadsheet.tabs) == ["名簿", "設定"] and calendar.events == {}


def test_offline_a_custom_template_is_found_beside_the_workbook(tmp_path: Path) -> None:
    from aibou.templates import FileTemplates

    (tmp_path / "ours.txt").write_text("Hi {{ members[0].name }}\n", encoding="utf-8")
    templates = FileTemplates.beside(tmp_path / "buddies.xlsx")
    members = (Person("a@example.com", "A", "sales"),)
    agenda = render("en", members, custom_template="ours.txt", templates=templates)
    assert agenda.text == "Hi A\n"
    assert check_template("ours.txt", "en", templates) is None
    assert check_template("ours.txt", "en") is not None  # not in the deployment's templates/
    assert templates.source("agenda.ja.txt") == (TEMPLATES / "agenda.ja.txt").read_text("utf-8")
