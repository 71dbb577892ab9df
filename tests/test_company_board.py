"""The company board in a real PostgreSQL: offline first, nothing lost, nothing sent twice.

Every score is saved on the laptop first and reaches the board by its id, whatever happens to the
pg_server, the network or the process in between."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest

from game.store.postgres import SCORES, VERSION, BoardError, CompanyBoard, redacted
from game.store.scores import ScoreRow, ScoreStore
from game.store.sync import BoardLink, sync
from tests import pg

ROOT = Path(__file__).resolve().parent.parent


def env(**more: str) -> dict[str, str]:
    return {
        **os.environ,
        "SDL_VIDEODRIVER": "dummy",
        "SDL_AUDIODRIVER": "dummy",
        "PGPASSWORD": pg.PASSWORD,
        "AMBASSADOR_SCORES": "",
        **more,
    }


def game(*args: str, **more: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "game", *args], capture_output=True, text=True, env=env(**more), timeout=180, cwd=ROOT
    )


def database_of(url: str) -> str:
    return url.rsplit("/", 1)[1].split("?")[0]


def board_rows(board_url: str) -> dict[str, ScoreRow]:
    board = CompanyBoard(board_url)
    try:
        return {r.uid: r for r in board.iter_rows()}
    finally:
        board.close()


def row(name: str, score: int = 1, uid: str = "") -> ScoreRow:
    return ScoreRow(name, "tutorial", 7, score, 1, 0, "2026-12-03T10:00:00+00:00", "test", "s", 0, "solo", "", uid)


def quick_demo(monkeypatch, capsys, *args: str) -> tuple[int, str]:
    """The real command line, in this process, with the attract mode pressing a key every 50 ms
    instead of every 0.6 s: a level is played and saved in about two seconds of real time."""
    import game.app
    from game.cli import main

    monkeypatch.setattr(game.app, "DEMO_STEP_S", 0.05)
    code = main(["--demo", "--save", *args])
    return code, capsys.readouterr().err


def test_the_attract_mode_puts_a_team_session_on_the_board_then_keeps_scores_while_it_is_down(
    pg_server, board_url, tmp_path, monkeypatch, capsys
):
    data = tmp_path / "laptop"
    code, err = quick_demo(monkeypatch, capsys, "--teams", "2", "--seconds", "5", "--scores", board_url,
                           "--group", "Oslo March", "--data-dir", str(data))  # fmt: skip
    assert code == 0, err
    local = {r.uid: r for r in ScoreStore.open(data).iter_rows()}
    assert local, "the attract mode finished no level in 5 s"
    assert board_rows(board_url) == local  # exactly what the laptop saved, as a real session saves it
    assert {r.kind for r in local.values()} == {"team"} and {r.cohort for r in local.values()} == {"Oslo March"}

    pg_server.stop()
    try:
        code, err = quick_demo(monkeypatch, capsys, "--teams", "2", "--seconds", "5", "--scores", board_url,
                               "--data-dir", str(data))  # fmt: skip
        assert code == 0, err  # it played on
        waiting = game("scores", "sync", "--scores", board_url, "--data-dir", str(data))
        assert waiting.returncode == 1 and "cannot reach 127.0.0.1" in waiting.stderr
        assert "stay on this laptop" in waiting.stderr and pg.PASSWORD not in waiting.stderr
    finally:
        pg_server.start()
    local = {r.uid: r for r in ScoreStore.open(data).iter_rows()}
    kept = len(local) - len(board_rows(board_url))
    assert kept > 0
    first = game("scores", "sync", "--scores", board_url, "--data-dir", str(data))
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith(f"{kept} score(s) sent")
    assert board_rows(board_url) == local
    second = game("scores", "sync", "--scores", board_url, "--data-dir", str(data))
    assert second.stdout.startswith("0 score(s) sent") and board_rows(board_url) == local


def test_scores_list_and_export_read_the_company_board_with_group_level_and_date(board_url, tmp_path):
    board = CompanyBoard(board_url)
    board.save(row("Oslo 1", 5)._replace(cohort="Oslo March"))
    board.save(row("Bergen 1", 9)._replace(cohort="Bergen", date="2026-01-01T10:00:00+00:00"))
    board.close()
    shown = game("scores", "list", "--scores", board_url, "--group", "Oslo March", "--data-dir", str(tmp_path))
    assert shown.returncode == 0, shown.stderr
    assert "Oslo 1" in shown.stdout and "Bergen" not in shown.stdout and "1 score(s) in postgresql://" in shown.stdout
    since = game("scores", "list", "--scores", board_url, "--since", "2026-06-01", "--data-dir", str(tmp_path))
    assert "Oslo 1" in since.stdout and "Bergen" not in since.stdout
    out = tmp_path / "board.csv"
    export = game(
        "scores", "export", "--csv", str(out), "--scores", board_url, "--level", "tutorial", "--data-dir", str(tmp_path)
    )
    assert export.returncode == 0 and "2 score(s) written" in export.stdout
    assert "Bergen" in out.read_text(encoding="utf-8-sig")
    bad = game("scores", "list", "--since", "March", "--data-dir", str(tmp_path))
    assert bad.returncode == 2 and "expected a date as YYYY-MM-DD" in bad.stderr


def test_the_server_stopped_mid_session_then_back_gets_each_score_exactly_once(pg_server, board_url, tmp_path):
    store = ScoreStore.open(tmp_path)
    link = BoardLink(board_url, tmp_path)
    try:
        for i in range(3):
            store.save(row(f"before {i}"))
            link.poke()
        assert link.wait_idle() and link.state == "ok"
        pg_server.stop()
        try:
            for i in range(3):
                store.save(row(f"during {i}"))
                link.poke()
            assert link.wait_idle() and link.state == "offline"
            notice = link.take_notice()
            assert notice and notice.startswith("Scores are kept on this laptop") and link.take_notice() is None
        finally:
            pg_server.start()
        store.save(row("after"))
        link.poke()
        assert link.wait_idle() and link.state == "ok"
        assert "back" in (link.take_notice() or "")
    finally:
        link.close()
    on_board = board_rows(board_url)
    assert sorted(r.name for r in on_board.values()) == sorted(r.name for r in store.iter_rows())
    assert len(on_board) == 7


KILLED_AFTER_UPLOAD = """
import os, signal, sys
from pathlib import Path
from game.store import sync as sync_module
from game.store.postgres import CompanyBoard
from game.store.scores import ScoreStore

store = ScoreStore.open(Path(sys.argv[1]))
board = CompanyBoard(sys.argv[2])
real = store.mark_sent
def killed(*args, **kwargs):  # the upload is in, the laptop has not noted it yet
    print("uploaded", flush=True)
    os.kill(os.getpid(), signal.SIGKILL)
store.mark_sent = killed
sync_module.sync(store, board)
"""


def test_kill_9_between_the_upload_and_the_laptops_note_sends_nothing_twice(board_url, tmp_path):
    store = ScoreStore.open(tmp_path)
    for i in range(5):
        store.save(row(f"p{i}"))
    store.close()
    done = subprocess.run(
        [sys.executable, "-c", KILLED_AFTER_UPLOAD, str(tmp_path), board_url], capture_output=True, text=True,
        env=env(), cwd=ROOT, timeout=60,
    )  # fmt: skip
    assert done.returncode == -signal.SIGKILL and "uploaded" in done.stdout
    assert len(board_rows(board_url)) == 5
    store = ScoreStore.open(tmp_path)
    board = CompanyBoard(board_url)
    result = sync(store, board)  # the next start: offered again, taken as already there
    assert (result.sent, result.offered, result.waiting) == (0, 5, 0)
    assert len(board_rows(board_url)) == 5


def test_kill_9_after_the_local_save_loses_nothing_the_next_start_sends_it(board_url, tmp_path):
    code = (
        "import os, signal, sys; from pathlib import Path; from game.store.scores import ScoreStore, ScoreRow; "
        "s = ScoreStore.open(Path(sys.argv[1])); "
        "s.save(ScoreRow('saved then killed', 'tutorial', 7, 3, 1, 0, '2026-12-03T10:00:00', 't')); "
        "os.kill(os.getpid(), signal.SIGKILL)"
    )
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path)], env=env(), cwd=ROOT, timeout=60)
    assert done.returncode == -signal.SIGKILL
    link = BoardLink(board_url, tmp_path)  # the next start syncs by itself
    try:
        assert link.wait_idle() and link.state == "ok"
    finally:
        link.close()
    assert [r.name for r in board_rows(board_url).values()] == ["saved then killed"]


def test_a_wrong_password_is_one_line_that_never_shows_it(pg_server, tmp_path, monkeypatch):
    monkeypatch.setenv("PGPASSWORD", "not-the-password")
    with pytest.raises(BoardError) as caught:
        CompanyBoard(pg_server.url())
    assert "wrong or missing password" in caught.value.reason and "\n" not in caught.value.reason
    typed = pg_server.url(password=pg.PASSWORD)  # typed into the address after all
    with pytest.raises(BoardError) as caught:
        CompanyBoard(typed.replace("/board", "/nosuchdb"))
    assert "no such database" in caught.value.reason and pg.PASSWORD not in caught.value.reason
    assert pg.PASSWORD not in redacted(typed) and redacted(typed) == pg_server.url()
    done = game("scores", "sync", "--scores", pg_server.url(password="typed-secret"), "--data-dir", str(tmp_path),
                PGPASSWORD="x")  # fmt: skip
    assert "typed-secret" not in done.stdout + done.stderr


def test_a_server_that_requires_tls_says_so_in_one_line(pg_server, board_url):
    with pytest.raises(BoardError) as caught:
        CompanyBoard(pg_server.url(user="tlsonly"))
    assert "requires TLS" in caught.value.reason and "sslmode=require" in caught.value.reason


def test_a_board_from_a_newer_version_is_left_untouched(pg_server, board_url):
    CompanyBoard(board_url).close()
    pg_server.admin(f"UPDATE {VERSION} SET version = 99", database=database_of(board_url))
    with pytest.raises(BoardError) as caught:
        CompanyBoard(board_url)
    assert "newer version of Ambassador (format 99)" in caught.value.reason
    name = database_of(board_url)
    assert pg_server.admin(f"SELECT version FROM {VERSION}", database=name) == [(99,)]


def test_a_read_only_role_shows_the_board_and_never_writes(pg_server, board_url, monkeypatch):
    board = CompanyBoard(board_url)
    board.save(row("Shown", 4))
    board.close()
    name = database_of(board_url)
    role = f"viewer_{uuid.uuid4().hex[:8]}"
    pg_server.admin(f"CREATE ROLE {role} LOGIN PASSWORD '{pg.PASSWORD}'")
    pg_server.admin(f"GRANT CONNECT ON DATABASE {name} TO {role}")
    pg_server.admin(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}", database=name)
    viewer = CompanyBoard(pg_server.url(user=role, database=name))
    assert viewer.read_only and [r.name for r in viewer.rows()] == ["Shown"]
    with pytest.raises(BoardError, match="permission denied"):
        viewer.receive([(row("Sneaky"), ())])


def test_two_laptops_syncing_the_same_backlog_at_once_send_each_score_once(board_url, tmp_path):
    first = tmp_path / "a"
    store = ScoreStore.open(first)
    for i in range(300):
        store.save(row(f"p{i}", i))
    store.close()
    second = tmp_path / "b"
    second.mkdir()
    (second / "scores.db").write_bytes((first / "scores.db").read_bytes())  # the same scores, the same ids
    results = []

    def run(folder: Path) -> None:
        results.append(sync(ScoreStore.open(folder), CompanyBoard(board_url), batch=50))

    threads = [threading.Thread(target=run, args=(f,)) for f in (first, second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(r.sent for r in results) == 300 and all(r.waiting == 0 and not r.problem for r in results)
    assert len(board_rows(board_url)) == 300


LOADER = """
import sys, time
from pathlib import Path
from game.store.postgres import CompanyBoard, BoardError
from game.store.scores import ScoreRow, ScoreStore
from game.store.sync import sync

folder, board_url, tag, count = Path(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
store = ScoreStore.open(folder)
store.conn.execute("PRAGMA synchronous = OFF")  # this laptop's disk is not what is under test
for i in range(count):
    store.save(ScoreRow(f"{tag}-{i}", "tutorial", 7, i, 1, 0, "2026-12-03T10:00:00", "load", "", 0, "solo", "load"))
    if i % 100 == 99:
        try:
            sync(store, CompanyBoard(board_url), batch=100)
        except BoardError:
            pass  # the server is restarting: the next round sends these
deadline = time.monotonic() + 90
while time.monotonic() < deadline:
    try:
        result = sync(store, CompanyBoard(board_url), batch=250)
        if not result.problem and result.waiting == 0:
            print("done", flush=True)
            break
    except BoardError:
        pass
    time.sleep(0.3)
"""


def test_sixteen_laptops_saving_500_each_with_a_server_restart_lose_nothing_and_double_nothing(
    pg_server, board_url, tmp_path
):
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", LOADER, str(tmp_path / f"laptop{i}"), board_url, f"L{i}", "500"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env(),
            cwd=ROOT,
        )  # fmt: skip
        for i in range(16)
    ]
    time.sleep(3)
    pg_server.stop()  # maintenance in the middle of it all
    time.sleep(1)
    pg_server.start()
    outs = [p.communicate(timeout=240) for p in procs]
    assert all(p.returncode == 0 and "done" in out for p, (out, _) in zip(procs, outs, strict=True)), outs
    name = database_of(board_url)
    assert pg_server.admin(f"SELECT COUNT(*), COUNT(DISTINCT name) FROM {SCORES}", database=name) == [(8000, 8000)]


def test_the_settings_file_never_keeps_a_password(tmp_path):
    from game.content.strings import languages
    from game.store import settings as settings_file

    (tmp_path / "settings.yaml").write_text("scores: postgresql://ann:hunter2@db.example.com/board\ngroup: Oslo\n")
    settings, problems = settings_file.load(tmp_path, languages())
    assert settings.scores == "" and settings.group == "Oslo"
    assert len(problems) == 1 and "password does not belong" in problems[0] and "hunter2" not in problems[0]


def test_a_laptops_score_file_that_refuses_the_note_does_not_loop(board_url, tmp_path, monkeypatch):
    store = ScoreStore.open(tmp_path)
    store.save(row("once"))

    def refuse(*args, **kwargs):
        raise sqlite3.OperationalError("attempt to write a readonly database")

    monkeypatch.setattr(store, "mark_sent", refuse)
    result = sync(store, CompanyBoard(board_url))
    assert result.problem and result.waiting == 1 and len(board_rows(board_url)) == 1


def test_an_address_that_is_not_a_board_is_one_line_from_every_way_it_comes(tmp_path):
    from_env = game("--demo", "--seconds", "1", "--data-dir", str(tmp_path), AMBASSADOR_SCORES="mysql://a:pw@db/x")
    assert from_env.returncode == 2 and from_env.stderr.strip().count("\n") == 0
    assert "expected postgresql://user@host/database" in from_env.stderr and "pw" not in from_env.stderr
    listed = game("scores", "list", "--scores", "board.example.com", "--data-dir", str(tmp_path))
    assert listed.returncode == 2 and "Traceback" not in listed.stderr
    alone = game("scores", "sync", "--data-dir", str(tmp_path))
    assert alone.returncode == 2 and "No company board is set" in alone.stdout


def test_the_game_names_its_connection_for_the_database_administrator(pg_server, board_url):
    board = CompanyBoard(board_url)
    try:
        seen = pg_server.admin("SELECT application_name FROM pg_stat_activity WHERE usename = 'player'")
        assert ("ambassador",) in seen
    finally:
        board.close()


def test_an_idle_laptop_holds_no_connection_to_the_board(pg_server, board_url, tmp_path):
    store = ScoreStore.open(tmp_path)
    store.save(row("sent"))
    link = BoardLink(board_url, tmp_path)
    try:
        assert link.wait_idle() and link.state == "ok"
        time.sleep(0.2)  # the server notices a closed connection at once; give its statistics a moment
        held = pg_server.admin("SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = 'ambassador'")
        assert held == [(0,)]
        assert len(board_rows(board_url)) == 1
    finally:
        link.close()
