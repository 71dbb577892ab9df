"""The learning records: every statement of a seeded team session keeps the xAPI 1.0.3 rules, says
what the store holds, and is the same statement (same id) every time it is made; the outbox keeps
what the LRS has not taken; the key and secret never show."""

from __future__ import annotations

import dataclasses
import json
import time

import pytest

from game import paths
from game.content.errors import ContentFileError
from game.content.figures import load_figures
from game.content.levels import default_library, load_all, load_level
from game.report import lrs, records, xapi
from game.report.make import yardsticks
from game.report.xapi_check import problems
from game.store import settings as settings_file
from tests.test_report import RUN, TEAMS, seeded_session

pytestmark = pytest.mark.xdist_group("xapi")  # one worker: the module's fixtures are made once


@pytest.fixture(scope="module")
def room(tmp_path_factory):
    folder = tmp_path_factory.mktemp("xapi")
    store = seeded_session(folder)
    yield store
    store.close()


def made(store, lang="en", pass_mark=None, home=""):
    library = default_library(lang)
    levels = {lv.id: lv for lv in load_all([paths.LEVELS], library, lang).levels}
    if pass_mark is not None:
        levels["tutorial"] = dataclasses.replace(levels["tutorial"], pass_mark=pass_mark)
    figures = load_figures()
    facts = records.Facts(levels, library, yardsticks(figures))
    scored = list(store.choices(session=RUN))
    return scored, list(records.statements(scored, facts, records.profile(home, lang, figures)))


def by_verb(statements, verb):
    return [s for s in statements if s["verb"]["id"] == f"http://adlnet.gov/expapi/verbs/{verb}"]


def test_every_statement_keeps_the_rules_and_has_its_own_id(room):
    _, statements = made(room, pass_mark=-20)
    assert statements
    assert [(s["id"], p) for s in statements for p in problems(s)] == []
    ids = [s["id"] for s in statements]
    assert len(set(ids)) == len(ids)


def test_the_statements_say_what_the_store_holds(room):
    scored, statements = made(room, pass_mark=-20)
    completed = by_verb(statements, "completed")
    assert len(completed) == len(scored) == len(TEAMS)
    for row, choices in scored:
        mine = [s for s in statements if s["actor"]["account"]["name"] == row.name]
        level = next(s for s in mine if s["verb"]["id"].endswith("/completed"))
        assert level["result"]["score"]["raw"] == row.score
        assert -1 <= level["result"]["score"]["scaled"] <= 1
        assert level["result"]["completion"] is True
        assert level["result"]["duration"] == xapi.minutes_iso(sum(c.minutes for c in choices))
        assert level["timestamp"] == row.date
        assert level["actor"] == {
            "objectType": "Group",  # a team
            "name": row.name,
            "account": {"homePage": xapi.GAME_HOME, "name": row.name},
        }
        mark = next(s for s in mine if s["verb"]["id"].endswith(("/passed", "/failed")))
        assert mark["verb"]["id"].endswith("/passed" if row.score >= -20 else "/failed")
        assert mark["result"]["success"] is (row.score >= -20)
        answered = [s for s in mine if s["verb"]["id"].endswith("/answered")]
        assert [(s["result"]["response"], s["result"]["score"]["raw"]) for s in answered] == [
            (c.response, c.score) for c in choices
        ]
        assert all(s["result"]["success"] is (c.outcome != "lost") for s, c in zip(answered, choices, strict=True))
        assert all(
            s["object"]["id"].endswith(f"/levels/tutorial/cases/{c.case_id}")
            for s, c in zip(answered, choices, strict=True)
        )
        lessons = {s["object"]["id"].rsplit("/", 1)[1] for s in mine if s["verb"]["id"].endswith("/experienced")}
        assert lessons == room.lessons_met(row.name)
        assert {s["context"]["extensions"][f"{xapi.GAME_HOME}xapi/extensions/group"] for s in mine} == {row.cohort}
    # the teams of one session share its registration; the language is the report's
    assert len({s["context"]["registration"] for s in statements}) == 1
    assert {s["context"]["language"] for s in statements} == {"en"}
    assert not any("mbox" in json.dumps(s) for s in statements)


def test_the_same_score_gives_the_same_statements_in_any_run(room):
    _, first = made(room)
    _, again = made(room)
    assert first == again
    _, norwegian = made(room, lang="nb", home="https://learn.example.no/")
    assert [s["id"] for s in norwegian] == [s["id"] for s in first]  # a resend is the same statement
    assert norwegian[0]["actor"]["account"]["homePage"] == "https://learn.example.no/"
    assert norwegian[0]["context"]["language"] == "nb-NO"


def test_without_a_pass_mark_there_is_no_verdict(room):
    _, statements = made(room)
    assert by_verb(statements, "passed") == by_verb(statements, "failed") == []
    assert all("success" not in s["result"] for s in by_verb(statements, "completed"))


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (lambda s: s.pop("actor"), "actor: required"),
        (lambda s: s.__setitem__("id", "not-a-uuid"), "id: expected a UUID"),
        (lambda s: s["result"]["score"].__setitem__("scaled", 1.5), "result.score.scaled"),
        (lambda s: s["actor"].__setitem__("mbox", "mailto:kari@example.com"), "actor: expected exactly one identifier"),
        (lambda s: s.__setitem__("timestamp", "yesterday"), "timestamp: expected ISO 8601"),
        (lambda s: s["verb"].__setitem__("id", "completed"), "verb.id: expected an IRI"),
        (lambda s: s["result"].__setitem__("duration", "45 minutes"), "result.duration"),
        (lambda s: s["context"].__setitem__("registration", "x"), "context.registration"),
    ],
)
def test_the_checker_catches_a_broken_statement(room, change, says):
    _, statements = made(room)
    broken = json.loads(json.dumps(statements[0]))
    change(broken)
    assert any(p.startswith(says) for p in problems(broken)), problems(broken)


def test_scaled_scores_stay_within_minus_one_and_one():
    assert xapi.scaled(18, -126, 18) == 1.0 and xapi.scaled(40, -126, 18) == 1.0
    assert xapi.scaled(-126, -126, 18) == -1.0 and xapi.scaled(-500, -126, 18) == -1.0
    assert xapi.scaled(0, -126, 18) == 0.0 and xapi.scaled(9, None, None) == 1.0
    assert xapi.minutes_iso(0) == "PT0S" and xapi.minutes_iso(90) == "PT1H30M" and xapi.minutes_iso(45) == "PT45M"


def test_a_level_may_set_a_pass_mark_and_a_bad_one_is_named(tmp_path, library):
    text = (paths.LEVELS / "tutorial.yaml").read_text(encoding="utf-8")
    good = tmp_path / "good.yaml"
    good.write_text(text.replace("shift_minutes:", "pass_mark: -10\nshift_minutes:", 1), encoding="utf-8")
    assert load_level(good, library).pass_mark == -10
    bad = tmp_path / "bad.yaml"
    bad.write_text(text.replace("shift_minutes:", "pass_mark: high\nshift_minutes:", 1), encoding="utf-8")
    with pytest.raises(ContentFileError) as info:
        load_level(bad, library)
    assert "pass_mark" in str(info.value) and "expected a number" in str(info.value)


def test_the_lrs_comes_from_the_flag_the_environment_or_the_settings(tmp_path):
    saved = settings_file.Settings(lrs_endpoint="https://lrs.example.com/xapi/", lrs_key="k", lrs_secret="s3cret")
    assert lrs.config(saved, {}) == lrs.LrsConfig("https://lrs.example.com/xapi/", "k", "s3cret")
    env = {"AMBASSADOR_LRS_ENDPOINT": "http://127.0.0.1:9/x", "AMBASSADOR_LRS_SECRET": "env-secret"}
    assert lrs.config(saved, env) == lrs.LrsConfig("http://127.0.0.1:9/x", "k", "env-secret")
    assert lrs.config(saved, env, "https://other/x").endpoint == "https://other/x"
    assert lrs.config(settings_file.Settings(), {}) is None
    with pytest.raises(lrs.LrsError, match="expected a web address"):
        lrs.config(saved, {}, "ftp://nowhere")
    # the secret never shows in a repr, the settings' or the LRS's
    assert "s3cret" not in repr(saved) and "s3cret" not in repr(lrs.config(saved, {}))
    headers = lrs.LrsConfig("http://x/", "k", "s3cret").headers()
    assert headers["X-Experience-API-Version"] == "1.0.3" and headers["Authorization"].startswith("Basic ")


def test_a_bad_secret_in_the_settings_file_is_named_and_never_shown(tmp_path):
    (tmp_path / "settings.yaml").write_text('lrs_secret: "abc\\u0007def"\nlrs_endpoint: nowhere\n', encoding="utf-8")
    saved, messages = settings_file.load(tmp_path, ["en"])
    assert saved.lrs_secret == "" and saved.lrs_endpoint == ""
    assert len(messages) == 2 and not any("abc" in m for m in messages)


def test_the_outbox_keeps_what_the_lrs_did_not_take_and_the_game_never_waits(room, tmp_path):
    _, statements = made(room)
    closed = lrs.LrsConfig("http://127.0.0.1:9/xapi/", "k", "s3cret")  # port 9: nothing listens
    courier = lrs.Courier(tmp_path, closed)
    started = time.perf_counter()
    courier.post_statements(statements)
    assert time.perf_counter() - started < 0.05  # the frame loop only hands them over
    deadline = time.monotonic() + 10
    while not courier.last_error and time.monotonic() < deadline:
        time.sleep(0.02)
    courier.stop()
    assert "cannot be reached" in courier.last_error and "s3cret" not in courier.last_error
    waiting = lrs.Outbox(tmp_path).load()
    assert [s["id"] for s in waiting] == [s["id"] for s in statements]
    lrs.Outbox(tmp_path).add(statements[:3])  # queued again: still each once
    assert len(lrs.Outbox(tmp_path).load()) == len(statements)


def test_a_damaged_outbox_line_is_skipped(tmp_path, room):
    _, statements = made(room)
    box = lrs.Outbox(tmp_path)
    box.add(statements[:2])
    with open(box.path, "ab") as f:
        f.write(b"{not json\n\xff\xfe\n")
    box.add(statements[2:3])
    assert [s["id"] for s in box.load()] == [s["id"] for s in statements[:3]]


def test_a_statement_that_breaks_the_rules_is_never_queued(tmp_path, room):
    _, statements = made(room)
    broken = dict(statements[0], id="nope")
    assert lrs.Outbox(tmp_path).add([broken, statements[1]]) == 1


def test_xapi_send_says_in_one_line_when_there_is_no_lrs_or_it_is_away(tmp_path, capsys, monkeypatch):
    from game.cli import main

    for name in lrs.ENV:
        monkeypatch.delenv(name, raising=False)
    seeded_session(tmp_path).close()
    assert main(["xapi", "send", "--data-dir", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("no LRS: expected --lrs URL") and len(err.strip().splitlines()) == 1
    monkeypatch.setenv("AMBASSADOR_LRS_SECRET", "s3cret")
    assert main(["xapi", "send", "--data-dir", str(tmp_path), "--lrs", "http://127.0.0.1:9/xapi/"]) == 1
    err = capsys.readouterr().err
    assert "cannot be reached" in err and "wait in" in err and "s3cret" not in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert len(lrs.Outbox(tmp_path).load()) > len(TEAMS)  # kept for the next send
