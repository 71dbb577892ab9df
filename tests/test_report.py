"""The trainer's report: made from whatever a data folder holds, every figure the store's own, in
two languages, as a PDF that opens and an HTML file that stands alone; mistakes in one line.

The PDF's text is read back with Debian's poppler-utils (pdftotext, pdftoppm): skipped with the
reason where they are missing, failed under CI.
"""

from __future__ import annotations

import html
import html.parser
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from game import paths
from game.cli import main
from game.content.figures import load_figures
from game.content.levels import default_library, load_all
from game.core import seedcode
from game.core.model import Response
from game.core.rules import AskQuestion, Choose, ToggleApology
from game.core.session import LevelDone, Session
from game.core.teams import Team
from game.core.yardstick import yardstick
from game.store.scores import ScoreRow, ScoreStore

SEED = 4242
TEAMS = ("Fjord", "Bre & <Dal>", "Øy")
# each team's way through the shift: (ask, apologise, response), case after case
PLANS = {
    "Fjord": (True, False, Response.EXCEED),
    "Bre & <Dal>": (False, True, Response.FIX),
    "Øy": (False, False, Response.IGNORE),
}
GROUP = "Oslo mars"
RUN = "a1b2c3d4e5f6"
# one worker makes the module's reports once; the attract mode's twenty seconds run on another
REPORT = pytest.mark.xdist_group("report")
pytestmark = REPORT


def need(tool: str) -> str:
    """The path of a tool the test needs; skipped with the reason without it, failed under CI."""
    found = shutil.which(tool)
    if found is None:
        reason = f"{tool} is not installed (Debian: apt-get install poppler-utils)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return found


def seeded_session(folder: Path, level_id: str = "tutorial") -> ScoreStore:
    """A team session of three teams played to the end on a fixed seed and saved as the App saves
    it (the score with each case's choice, the lessons met), plus one solo score; dates fixed."""
    library = default_library()
    level = next(lv for lv in load_all([paths.LEVELS], library).levels if lv.id == level_id)
    figures = load_figures()
    store = ScoreStore.open(folder)
    session = Session.team(level, figures, SEED, tuple(Team(name, i) for i, name in enumerate(TEAMS)))
    done: list = []
    session.listeners.append(lambda e: done.append(e.saving) if isinstance(e, LevelDone) else None)
    for _ in TEAMS:
        session.begin()
        ask, sorry, response = PLANS[session.playing.name]
        while not session.play.finished:
            if ask and session.play.case.ask is not None:
                session.act(AskQuestion())
            if sorry:
                session.act(ToggleApology())
            events = session.act(Choose(response))
            if any(type(e).__name__ == "Rejected" for e in events):  # out of money or time: the cheapest
                session.act(Choose(Response.IGNORE))
    for minute, saving in enumerate(done):
        now = f"2026-11-0{minute + 2}T09:0{minute}:00+00:00"
        store.record_progress(saving.name, now, list(saving.met), list(saving.handled))
        t = saving.totals
        row = ScoreRow(
            saving.name, saving.level_id, saving.seed, t.score, t.ambassadors, t.lost, now, "test", RUN,
            t.satisfied, saving.kind, GROUP,
        )  # fmt: skip
        store.save(row, saving.choices)
    solo = Session.solo(level, figures, 7, "Kari")
    solo.listeners.append(lambda e: done.append(e.saving) if isinstance(e, LevelDone) else None)
    solo.begin()
    while not solo.play.finished:
        solo.act(Choose(Response.FIX))
    saving = done[-1]
    t = saving.totals
    store.record_progress("Kari", "2026-11-10T12:00:00+00:00", list(saving.met), list(saving.handled))
    store.save(
        ScoreRow(
            "Kari",
            level_id,
            7,
            t.score,
            t.ambassadors,
            t.lost,
            "2026-11-10T12:00:00+00:00",
            "test",
            "other",
            t.satisfied,
            "solo",
            "",
        ),  # fmt: skip
        saving.choices,
    )
    store.flush()
    return store


def run(args: list[str], capsys) -> tuple[int, str, str]:
    code = main(args)
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture(scope="module")
def room(tmp_path_factory):
    folder = tmp_path_factory.mktemp("room")
    store = seeded_session(folder)
    yield folder, store
    store.close()


@pytest.fixture(scope="module")
def reports(room):
    """The session's report in English and Norwegian, PDF and HTML, made by the command."""
    folder, _ = room
    made = {}
    for lang in ("en", "nb"):
        for kind in ("pdf", "html"):
            target = folder / f"report-{lang}.{kind}"
            assert (
                main(["report", "--session", RUN, "--lang", lang, "--data-dir", str(folder), "--out", str(target)]) == 0
            )
            made[(lang, kind)] = target
    return made


class _Cells(html.parser.HTMLParser):
    """Every table's rows as lists of cell texts, and every text outside tags."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.texts: list[str] = []
        self._cell: list[str] | None = None
        self.tags: set[str] = set()

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append("".join(self._cell))
            self._cell = None

    def handle_data(self, data):
        self.texts.append(data)
        if self._cell is not None:
            self._cell.append(data)


def parsed(path: Path) -> _Cells:
    cells = _Cells()
    cells.feed(path.read_text(encoding="utf-8"))
    return cells


def expected_rows(store: ScoreStore, lang: str) -> dict[str, list[str]]:
    """Each team's line for the level, worked out here from the store's own rows and choices."""
    from game.content.strings import load_strings

    t = load_strings(lang)
    library = default_library(lang)
    level = next(lv for lv in load_all([paths.LEVELS], library, lang).levels if lv.id == "tutorial")
    ys = yardstick(level, load_figures())
    out = {}
    for row, choices in store.choices(session=RUN):
        out[row.name] = [
            level.title,
            "1",
            f"{row.score:+d}",
            f"{row.score:+d}",
            t("report.range", worst=f"{ys.worst:+d}", best=f"{ys.best:+d}"),
            str(row.ambassadors),
            str(row.satisfied),
            str(row.lost),
            t("report.used", used=sum(c.minutes for c in choices), whole=level.shift_minutes),
            t("report.used", used=sum(c.money for c in choices), whole=level.budget),
        ]
    return out


@pytest.mark.parametrize("lang", ["en", "nb"])
def test_the_html_report_holds_each_teams_figures_as_the_store_has_them(room, reports, lang):
    folder, store = room
    cells = parsed(reports[(lang, "html")])
    expected = expected_rows(store, lang)
    assert set(expected) == set(TEAMS)
    rows = [r for r in cells.rows if r and r[0] == next(iter(expected.values()))[0]]
    assert sorted(rows) == sorted(expected.values())  # one line per team, each figure the store's
    text = "".join(cells.texts)
    for name in TEAMS:
        assert name in text
    assert "Kari" not in text  # another session's player is not in this session's report
    if lang == "nb":
        assert "Rapport for kursholderen" in text and "Ambassadører" in text


@pytest.mark.parametrize("lang", ["en", "nb"])
def test_the_room_table_counts_every_choice_as_the_store_has_it(room, reports, lang):
    _, store = room
    cells = parsed(reports[(lang, "html")])
    level = next(lv for lv in load_all([paths.LEVELS], default_library(lang), lang).levels if lv.id == "tutorial")
    plays = [choices for _, choices in store.choices(session=RUN)]
    for case in level.cases:
        mine = [c for choices in plays for c in choices if c.case_id == case.id]
        row = next(r for r in cells.rows if r[:2] == [case.customer, level.title])
        assert row[2] == str(len(mine))
        for i, response in enumerate(("ignore", "fix", "exceed")):
            chosen = [c.score for c in mine if c.response == response]
            mean = f"{sum(chosen) / len(chosen):+.1f}" if chosen else "–"
            assert row[3 + i] == f"{len(chosen)} ({mean})"
        assert row[6] == str(sum(c.asked for c in mine))
        assert row[7] == str(sum(c.apologised for c in mine))
        assert row[8] == f"{sum(c.score for c in mine) / len(mine):+.1f}"


def pdf_text(path: Path) -> str:
    tool = need("pdftotext")
    out = subprocess.run([tool, "-layout", str(path), "-"], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    return out.stdout


@pytest.mark.parametrize("lang", ["en", "nb"])
def test_the_pdf_report_holds_each_teams_figures_as_the_store_has_them(room, reports, lang):
    _, store = room
    text = pdf_text(reports[(lang, "pdf")])
    for name, cells in expected_rows(store, lang).items():
        assert name in text
        line = r"\s+".join(re.escape(c) for c in cells)
        assert re.search(line, text), (name, cells)
    lost = [(c.case_id, c) for _, choices in store.choices(session=RUN) for c in choices if c.outcome == "lost"]
    assert lost, "the seeded session loses customers"
    if lang == "nb":
        assert "Rapport for kursholderen" in text and "Ambassadører" in text and "Øy" in text
    else:
        assert "Trainer's report" in text and "Cases most often lost" in text


def test_the_pdf_opens_and_its_first_page_renders(room, reports, tmp_path):
    tool = need("pdftoppm")
    out = subprocess.run(
        [tool, "-png", "-r", "70", "-f", "1", "-l", "1", str(reports[("nb", "pdf")]), str(tmp_path / "page")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    page = next(tmp_path.glob("page*.png"))
    assert page.stat().st_size > 20_000  # a page with text and a chart on it, not a blank one


def test_the_html_stands_alone_and_escapes_every_name(room, reports):
    page = reports[("en", "html")].read_text(encoding="utf-8")
    assert "Bre &amp; &lt;Dal&gt;" in page and "<Dal>" not in page
    assert not re.search(r"""(?:src|href)\s*=|url\((?!data:)|@import|<script|<link""", page, re.I)
    assert "Content-Security-Policy" in page and "<svg" in page and "@font-face" in page
    assert len(page) < 600_000  # the font is cut to the letters used, not a megabyte


def test_the_same_scores_give_the_same_files(room, reports, tmp_path):
    folder, _ = room
    for kind in ("pdf", "html"):
        again = tmp_path / f"again.{kind}"
        assert main(["report", "--session", RUN, "--data-dir", str(folder), "--out", str(again)]) == 0
        assert again.read_bytes() == reports[("en", kind)].read_bytes()


def test_a_name_that_could_break_the_html_is_text(tmp_path, capsys):
    store = ScoreStore.open(tmp_path)
    store.save(ScoreRow('<script>alert("x")</script>', "tutorial", 1, 5, 1, 0, "2026-11-01T10:00:00+00:00", "t"))
    store.flush()
    store.close()
    code, out, _ = run(["report", "--data-dir", str(tmp_path), "--out", str(tmp_path / "r.html")], capsys)
    assert code == 0, out
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "<script" not in page and "&lt;script&gt;" in page
    # saved before each case's choice was kept: said so, and the PDF is made too
    assert "before the game kept each case" in page
    assert main(["report", "--data-dir", str(tmp_path), "--out", str(tmp_path / "r.pdf")]) == 0


def test_a_player_report_lists_lessons_met_and_not_yet_met_with_their_sources(room, tmp_path):
    folder, store = room
    target = tmp_path / "kari.html"
    assert main(["report", "--player", "Kari", "--data-dir", str(folder), "--out", str(str(target))]) == 0
    text = "".join(parsed(target).texts)
    library = default_library()
    met = store.lessons_met("Kari")
    assert met
    for lesson in met:
        assert library.lessons[lesson].text in text
        assert library.cite(library.lessons[lesson].source) in text
    assert f"Lessons met ({len(met)})" in text
    open_count = int(re.search(r"Not yet met \((\d+)\)", text).group(1))
    assert open_count > 0  # the other levels' lessons are still ahead


def test_nothing_to_report_is_one_line(tmp_path, capsys):
    code, out, err = run(["report", "--data-dir", str(tmp_path / "empty"), "--out", str(tmp_path / "r.pdf")], capsys)
    assert code == 0 and len(out.strip().splitlines()) == 1 and "Nothing to report" in out and not err
    assert not (tmp_path / "r.pdf").exists() and not (tmp_path / "empty").exists()


def test_a_filter_that_matches_nothing_is_one_line(room, tmp_path, capsys):
    folder, _ = room
    code, out, _ = run(
        ["report", "--session", "00C-1SX", "--data-dir", str(folder), "--out", str(tmp_path / "r.pdf")], capsys
    )
    assert code == 0 and out.strip() == "Nothing to report: no saved scores match session code 00C-1SX."
    assert not (tmp_path / "r.pdf").exists()


@pytest.mark.parametrize(
    ("extra", "says"),
    [
        (["--since", "2026-13-01"], "--since: expected a date such as 2026-12-01, got '2026-13-01'"),
        (["--level", "nope"], "--level: no level 'nope'; expected one of: "),
        (["--player", "Nobody"], "--player: no scores for 'Nobody'; expected one of: "),
        (["--session", "x!"], "--session: expected a session code like"),
    ],
)
def test_a_mistake_is_one_line_naming_what_was_expected(room, tmp_path, capsys, extra, says):
    folder, _ = room
    code, out, err = run(["report", *extra, "--data-dir", str(folder), "--out", str(tmp_path / "r.pdf")], capsys)
    assert code == 1 and err.startswith(says) and len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_an_unwritable_place_or_a_wrong_kind_of_file_is_one_line(room, tmp_path, capsys):
    folder, _ = room
    code, _, err = run(["report", "--data-dir", str(folder), "--out", str(tmp_path / "no" / "r.pdf")], capsys)
    assert code == 1 and err.strip() == f"{tmp_path / 'no' / 'r.pdf'}: cannot write the report: no such folder"
    code, _, err = run(["report", "--data-dir", str(folder), "--out", str(tmp_path / "r.docx")], capsys)
    assert code == 1 and "expected a file name ending in .pdf or .html" in err


def test_the_csv_export_takes_a_semicolon_by_flag_and_by_setting(room, tmp_path, capsys):
    folder, _ = room
    target = tmp_path / "s.csv"
    assert (
        main(["--lang", "en", "scores", "export", "--csv-sep", ";", "--data-dir", str(folder), "--csv", str(target)])
        == 0
    )
    head = target.read_text(encoding="utf-8-sig").splitlines()[0]
    assert head.split(";")[:4] == ['"name"', '"level"', '"level_title"', '"session_code"']
    other = tmp_path / "settings"
    shutil.copytree(folder, other)
    (other / "settings.yaml").write_text("language: en\ncsv_separator: ';'\n", encoding="utf-8")
    assert main(["scores", "export", "--data-dir", str(other), "--csv", str(target)]) == 0
    assert target.read_text(encoding="utf-8-sig").splitlines()[0].count(";") == 11


@pytest.fixture(scope="module")
def attract(tmp_path_factory):
    """A data folder as the attract mode leaves it, saving, with three teams for five seconds of
    the real command line, the attract mode pressing a key every 50 ms instead of every 0.6 s."""
    import game.app

    folder = tmp_path_factory.mktemp("attract")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(game.app, "DEMO_STEP_S", 0.05)
        patch.delenv("AMBASSADOR_SCORES", raising=False)
        assert main(["--demo", "--teams", "3", "--seconds", "5", "--save", "--data-dir", str(folder)]) == 0
    return folder


@pytest.mark.xdist_group("report-attract")
def test_report_and_xapi_export_work_on_what_the_attract_mode_saved(attract, tmp_path, capsys):
    store = ScoreStore.open(attract)
    rows = store.rows()
    store.close()
    assert rows, "the attract mode saved nothing in five seconds"
    for name in ("r.pdf", "r.html"):
        code, out, err = run(["report", "--data-dir", str(attract), "--out", str(tmp_path / name)], capsys)
        assert code == 0 and (tmp_path / name).stat().st_size > 5000, (out, err)
    html_text = "".join(parsed(tmp_path / "r.html").texts)
    for row in rows:
        assert row.name in html_text
    code, out, _ = run(["xapi", "export", "--data-dir", str(attract), "--out", str(tmp_path / "x.json")], capsys)
    assert code == 0 and out.strip().endswith(f"written to {tmp_path / 'x.json'}")
    import json

    from game.report.xapi_check import problems

    statements = json.loads((tmp_path / "x.json").read_text(encoding="utf-8"))
    completed = [s for s in statements if s["verb"]["id"].endswith("/completed")]
    assert len(completed) == len(rows)
    assert [p for s in statements for p in problems(s)] == []


def test_xapi_export_with_nothing_saved_is_one_line(tmp_path, capsys):
    code, out, _ = run(["xapi", "export", "--data-dir", str(tmp_path), "--out", str(tmp_path / "x.json")], capsys)
    assert code == 0 and len(out.strip().splitlines()) == 1 and "Nothing to export" in out
    assert not (tmp_path / "x.json").exists()


@pytest.mark.parametrize(
    ("extra", "names"),
    [
        (["--group", GROUP], set(TEAMS)),
        (["--since", "2026-11-04"], {TEAMS[2], "Kari"}),
        (["--player", "Kari"], {"Kari"}),
        (["--session", seedcode.encode(SEED), "--level", "tutorial"], set(TEAMS)),
    ],
)
def test_each_filter_keeps_the_scores_it_names(room, tmp_path, extra, names):
    folder, _ = room
    target = tmp_path / "r.html"
    assert main(["report", *extra, "--data-dir", str(folder), "--out", str(target)]) == 0
    headings = {h.rsplit(" (", 1)[0] for h in re.findall(r"<h3>(.*?)</h3>", target.read_text(encoding="utf-8"))}
    shown = {html.unescape(h) for h in headings} & (set(TEAMS) | {"Kari"})
    assert shown == names
