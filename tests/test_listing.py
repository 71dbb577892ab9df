"""`scores list` and `scores export` have each line written by SQLite where it can and by Python
where it must: the same lines either way, for any text another program may have put in the file,
and a list is read from an index alone."""

from __future__ import annotations

import sqlite3
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.core import seedcode
from game.store import listing, scores
from game.store.scores import ScoreStore

INSERT = (
    "INSERT INTO scores (name, level, seed, score, ambassadors, lost, date, version, session, satisfied, kind, cohort)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def written(folder: Path, rows: list[tuple]) -> ScoreStore:
    """A score file holding `rows` as another program wrote them, whatever their types, opened."""
    ScoreStore.open(folder).close()
    conn = sqlite3.connect(folder / "scores.db")
    conn.executemany(INSERT, rows)
    conn.commit()
    conn.close()
    return ScoreStore.open(folder)


def by_python(store: ScoreStore, **filters: str | None) -> str:
    return "".join(listing.line(count, r) for count, r in enumerate(store.iter_rows(**filters), 1))


def listed(store: ScoreStore, **filters: str | None) -> str:
    """What `scores list` prints under its heading."""
    chunks = list(listing.chunks(store, **filters))
    text = "".join(text for _, text in chunks)
    assert sum(n for n, _ in chunks) == text.count("\n")
    return text


def score(name: str, level: str = "tutorial", seed: int = 12345, points: int = 5, date: str = "2026-12-01", **more):
    values = {
        "ambassadors": 1,
        "lost": 0,
        "version": "0.1.0",
        "session": "",
        "satisfied": 0,
        "kind": "solo",
        "cohort": "",
    }
    values |= more
    return (name, level, seed, points, values["ambassadors"], values["lost"], date, values["version"],
            values["session"], values["satisfied"], values["kind"], values["cohort"])  # fmt: skip


NAMES = [
    "Kari Nordmann",
    "Åse Ødegård-Ærø",
    "",
    " Leading",
    "Trailing ",
    "Two  spaces",
    "x" * 29,
    "y" * 30,
    "z" * 31,
    "A name of exactly forty characters long!",
    "A name well past the forty characters a name may have",
    "Tab\there",
    "NUL\x00inside",
    "\x1b[2Jclear",
    "bidi \u202eevil\u202c",
    "no\u00a0break",
    "private \ue000 use",
    "wide 漢字 and 🙂 emoji",
    "combining e\u0301",
    "long then control " + "w" * 14 + "\x01tail",
    "ends in spaces then control" + " " * 3 + "\x01",
    "w" * 29 + " \x01\x01",  # cleaned, it is 29 characters: shown whole
]


def test_every_line_is_the_one_python_writes_for_odd_names_levels_dates_and_seeds(tmp_path):
    seeds = [0, 1, 12345, seedcode.MAX_SEED, seedcode.MAX_SEED + 1, -1, -(2**40), 2**62]
    rows = [score(n, seed=seeds[i % len(seeds)], points=i % 7 - 3) for i, n in enumerate(NAMES)]
    rows += [score("Level", level=lv) for lv in ("zappos", "a-level-id-longer-than-fourteen", "nul\x00level", "\x1bx")]
    rows += [score("Date", date=d) for d in ("2026-12-01T10:00:00+00:00" + "9" * 20, "bad\x00date", "\u202e")]
    rows += [score("Odd score", points="lots"), score("Odd kind", kind="practice"), score(b"\xff", seed=1)]
    store = written(tmp_path, rows)
    shown = listed(store)
    assert store.ranked(listing.line_sql) is not None, "the list was worked out by SQLite"
    assert shown == by_python(store)
    assert shown.count("\n") == len(rows) - 3  # a score of the wrong type or kind is left out, as everywhere
    assert (
        "Kari Nordmann" in shown
        and " [2Jclear " in shown
        and "?x " in shown
        and "\x1b" not in shown
        and "\x00" not in shown
    )


def test_filters_list_the_same_scores_either_way(tmp_path):
    rows = [
        score(f"P{i}", level=("tutorial", "zappos")[i % 2], date=f"2026-0{1 + i % 9}-01", cohort=f"Site {i % 3}")
        for i in range(60)
    ]
    store = written(tmp_path, rows)
    for filters in ({"level": "zappos"}, {"cohort": "Site 1"}, {"since": "2026-05-01"}, {"level": "none"}):
        assert listed(store, **filters) == by_python(store, **filters), filters


TEXT = st.text(
    st.sampled_from(list("ab ÅøZ-'.") + ["\x00", "\t", "\x1b", "\u202e", "\u00a0", "\ue000", "🙂", "\u0301", "…"]),
    max_size=45,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.tuples(TEXT, TEXT, st.integers(-(2**40), 2**40), st.integers(-500, 500), TEXT), min_size=1, max_size=12)
)
def test_any_text_another_program_wrote_lists_as_python_would(found):
    with tempfile.TemporaryDirectory() as folder:
        store = written(Path(folder), [score(n, level=lv, seed=s, points=p, date=d) for n, lv, s, p, d in found])
        try:
            assert listed(store) == by_python(store)
        finally:
            store.close()


def test_a_list_is_read_from_the_index_alone_and_skips_odd_rows_by_theirs(tmp_path):
    """A million rows are walked in rank order in the index that holds what a list shows, never
    looked up in the table; the rows of the wrong type are found in an index of their own."""
    store = written(tmp_path, [score("Kari"), score("Odd", points="lots")])
    sql = f"SELECT {', '.join(listing.line_sql('code'))}, id FROM scores ORDER BY {scores.RANK}, id"
    steps = " ".join(str(step) for step in store.conn.execute(f"EXPLAIN QUERY PLAN {sql}").fetchall())
    assert "INDEX scores_listed" in steps and "scores_unplain" in steps
    assert columns_read(store.conn, sql) == {"scores_listed"}  # the session code too: never the table
    assert "code" in {r[2] for r in store.conn.execute("PRAGMA index_info(scores_listed)")}
    odd = store.conn.execute(f"EXPLAIN QUERY PLAN SELECT id FROM scores WHERE NOT ({scores.VALID})").fetchall()
    assert "scores_odd" in " ".join(str(step) for step in odd)
    assert [text.split()[1] for text in listed(store).splitlines()] == ["Kari"]


def columns_read(conn: sqlite3.Connection, sql: str) -> set[str]:
    """The tables and indexes of the file a statement reads columns from, by its bytecode."""
    roots = dict(conn.execute("SELECT rootpage, name FROM sqlite_master WHERE rootpage > 0").fetchall())
    program = conn.execute(f"EXPLAIN {sql}").fetchall()
    cursors = {cursor: roots.get(root) for _, op, cursor, root, *_ in program if op == "OpenRead"}
    return {cursors[cursor] for _, op, cursor, *_ in program if op == "Column" and cursor in cursors}


def test_a_file_of_this_format_made_before_gets_the_lists_indexes_once(tmp_path):
    store = written(tmp_path, [score(f"P{i}", points=i) for i in range(5)])
    conn = store.conn
    conn.execute("DROP INDEX scores_listed")
    conn.execute("DROP INDEX scores_odd")
    conn.execute(f"CREATE INDEX scores_rank ON scores({scores.RANK})")
    store.close()
    store = ScoreStore.open(tmp_path)
    have = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {"scores_listed", "scores_odd"} <= have and "scores_rank" not in have
    assert [text.split()[1] for text in listed(store).splitlines()] == [f"P{i}" for i in range(4, -1, -1)]


def test_a_read_only_file_without_the_indexes_lists_the_same(tmp_path, monkeypatch):
    """A read-only mount (as for root too): the file is read as it is, without the list's
    indexes, so SQLite walks the table; the lines are the same."""
    from tests.test_store_faults import refuse_writes

    store = written(tmp_path, [score(n) for n in NAMES] + [score("Odd", points="lots")])
    expected = by_python(store)
    store.conn.execute("DROP INDEX scores_listed")
    store.conn.execute("DROP INDEX scores_odd")
    store.conn.execute("ALTER TABLE scores DROP COLUMN code")  # (made before the session code's column)
    store.close()
    monkeypatch.setattr(scores, "_check_writable", refuse_writes)
    store = ScoreStore.open(tmp_path)
    assert "cannot be written" in store.notice
    assert listed(store) == expected
    have = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert "scores_listed" not in have  # never written to


CELLS = [
    "=1+1",
    "+x",
    "-2",
    "@SUM(A1)",
    " =lead",
    "\u00a0=nbsp",
    "\u3000-ideo",
    "\t=tab",
    'say "hi"',
    "",
    "Åse",
    "x\x00y",
]


def by_writer(store: ScoreStore, target: Path, monkeypatch, **args) -> bytes:
    """The export as the csv writer alone writes it (SQLite's lines switched off)."""
    with monkeypatch.context() as patch:
        patch.setattr(ScoreStore, "ranked", lambda *a, **k: None)
        count = store.export_csv(target, **args)
    return count, target.read_bytes()


@pytest.mark.parametrize("sep", [",", ";"])
def test_an_export_is_the_csv_writers_for_odd_cells_titles_and_seeds(tmp_path, monkeypatch, sep):
    rows = [score(n, seed=(-5, 7, seedcode.MAX_SEED + 9)[i % 3], points=i) for i, n in enumerate(NAMES + CELLS)]
    rows += [score("Cohort", cohort=c, points=i) for i, c in enumerate(CELLS)]
    rows += [score("Version", version=v) for v in CELLS] + [score("Date", date=d) for d in CELLS]
    rows += [score("Level", level=lv) for lv in ("zappos", "=evil", "x" * 300, "tutorial")]
    rows += [score("Odd score", points="lots"), score("Odd kind", kind="practice")]
    store = written(tmp_path, rows)
    titles = {"tutorial": "The first shift", "zappos": '=HYPERLINK("x")', "=evil": 'Say "Å"'}
    target = tmp_path / "fast.csv"
    count = store.export_csv(target, titles, sep)
    assert store.ranked(lambda code: ("1",)) is not None
    assert (count, target.read_bytes()) == by_writer(store, tmp_path / "slow.csv", monkeypatch, titles=titles, sep=sep)
    assert count == len(rows) - 2
    for filters in ({"level": "zappos"}, {"cohort": "=1+1"}, {"since": "2026-12-01"}):
        fast = store.export_csv(target, titles, sep, **filters), target.read_bytes()
        assert fast == by_writer(store, tmp_path / "slow.csv", monkeypatch, titles=titles, sep=sep, **filters)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.tuples(TEXT, TEXT, st.integers(-(2**40), 2**40), TEXT, TEXT), min_size=1, max_size=10))
def test_any_text_another_program_wrote_exports_as_the_writer_would(monkeypatch, found):
    with tempfile.TemporaryDirectory() as folder:
        rows = [score(n, level=lv, seed=s, cohort=c, version=v) for n, lv, s, c, v in found]
        store = written(Path(folder), rows)
        try:
            target = Path(folder) / "fast.csv"
            fast = store.export_csv(target, {lv: n for n, lv, *_ in found}, ";"), target.read_bytes()
            titles = {lv: n for n, lv, *_ in found}
            assert fast == by_writer(store, Path(folder) / "slow.csv", monkeypatch, titles=titles, sep=";")
        finally:
            store.close()


def test_the_cells_sqlite_leaves_to_python_start_with_any_space_python_knows():
    """`_cell` looks past any space str.isspace knows for a formula: SQLite writes no cell starting so."""
    assert {chr(c) for c in range(0x110000) if chr(c).isspace()} <= set(scores._CELL_STARTS)


def test_sqlite_leaves_to_python_the_text_starting_with_a_cells_start_and_no_other():
    """`PLAIN` is false for text in any shown column that starts with one of `_CELL_STARTS`, and
    true for text starting with any other character."""
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE scores (name, level, cohort, date, version, seed)")
    chars = [chr(c) for c in [*range(1, 0x3100), 0xFEFF, 0xFFFD, 0x1F642, 0x10FFFF]]
    for column in ("name", "level", "cohort", "date", "version"):
        conn.execute("DELETE FROM scores")
        values = [{"name": "n", "level": "l", "cohort": "c", "date": "d", "version": "v", "seed": 1} for _ in chars]
        for ch, row in zip(chars, values, strict=True):
            row[column] = ch + "x"
        conn.executemany("INSERT INTO scores VALUES (:name, :level, :cohort, :date, :version, :seed)", values)
        starts = [str(row[0])[0] for row in conn.execute(f"SELECT {column} FROM scores WHERE NOT ({scores.PLAIN})")]
        assert sorted(starts) == sorted(scores._CELL_STARTS), column


def test_sqlites_session_codes_are_pythons():
    seeds = [0, 1, 31, 32, 1023, 1024, 12345, 3782535, seedcode.MAX_SEED, seedcode.MAX_SEED + 1, -1, -(2**40), 2**62]
    seeds += list(range(0, seedcode.MAX_SEED, 7919))
    conn = sqlite3.connect(":memory:")
    for seed in seeds:
        [(code,)] = conn.execute(f"SELECT {seedcode.sql('?')}".replace("?", str(seed)))
        assert code == scores.ScoreRow("n", "l", seed, 0, 0, 0, "d", "v").code, seed


def test_long_names_are_written_by_sqlite_and_odd_ones_by_python(tmp_path, monkeypatch):
    """A name of up to forty characters is cut by SQLite as Python cuts it; only a row SQLite
    cannot be trusted with is read again, alone, for Python to write."""
    names = ["Oslo onboarding team, March 2026!", "x" * 40, "Kari", "odd\x01name", "two  spaces"]
    store = written(tmp_path, [score(n, points=i) for i, n in enumerate(names)])
    expected = by_python(store)
    read_again = []
    rows_at = store.rows_at
    monkeypatch.setattr(store, "rows_at", lambda rowids: read_again.extend(rowids) or rows_at(rowids))
    assert listed(store) == expected
    assert len(read_again) == 2  # the control character and the double space
    assert "Oslo onboarding team, March 2…" in expected


def test_text_that_is_not_utf8_lists_and_exports_every_score_the_same_either_way(tmp_path, monkeypatch):
    """Bytes another program stored as text that are not UTF-8 show as U+FFFD, in a column shown
    or not: no read ends at them, and SQLite's lines are Python's."""
    store = written(tmp_path, [score(f"P{i}", points=i) for i in range(6)])
    bad = [("version", "41ff42"), ("level", "80"), ("cohort", "c3"), ("date", "ff"), ("name", "41ff42")]
    for i, (column, value) in enumerate(bad):  # (the name last: the rows are found by it)
        store.conn.execute(f"UPDATE scores SET {column} = CAST(x'{value}' AS TEXT) WHERE name = 'P{i}'")
    store.close()
    store = ScoreStore.open(tmp_path)
    shown = listed(store)
    assert shown == by_python(store) and shown.count("\n") == 6 and store.take_notice() is None
    assert "A\ufffdB" in shown
    target = tmp_path / "fast.csv"
    fast = store.export_csv(target, {}, ","), target.read_bytes()
    assert fast == by_writer(store, tmp_path / "slow.csv", monkeypatch, titles={}, sep=",") and fast[0] == 6


def test_scores_another_program_copied_with_their_ids_get_ids_of_their_own(tmp_path):
    """Ids another program wrote twice (no unique index over them any more): the file opens with
    every score, never moved aside as damaged, and the copies get ids of their own, so the unique
    index over ids (which every save needs) is made again."""
    store = written(tmp_path, [score("A"), score("B")])
    store.conn.execute("DROP INDEX scores_uid")
    store.conn.execute("DROP INDEX scores_listed")
    store.conn.execute("UPDATE scores SET uid = 'same'")
    store.close()
    store = ScoreStore.open(tmp_path)
    assert store.notice == "" and sorted(r.name for r in store.rows()) == ["A", "B"]
    assert len({r.uid for r in store.rows()}) == 2  # the copy got an id of its own
    have = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {"scores_listed", "scores_uid"} <= have and scores._add_indexes(store.conn) is False
    store.save(scores.ScoreRow("C", "tutorial", 7, 1, 1, 0, "2026-12-02", "0.1.0"))  # saves work again
    assert store.take_notice() is None and "C" in {r.name for r in ScoreStore.open(tmp_path).rows()}
    assert list(tmp_path.glob("scores.db.*")) == []


def test_an_index_made_with_another_definition_is_made_again_once(tmp_path):
    store = written(tmp_path, [score("A"), score("Odd", points="lots")])
    store.conn.execute("DROP INDEX scores_odd")
    store.conn.execute("CREATE INDEX scores_odd ON scores(id) WHERE typeof(score) != 'integer'")
    store.close()
    store = ScoreStore.open(tmp_path)
    [(sql,)] = store.conn.execute("SELECT sql FROM sqlite_master WHERE name = 'scores_odd'").fetchall()
    assert scores.VALID in sql
    assert scores._add_indexes(store.conn) is False  # as wanted now: nothing is made at the next start


def test_a_file_another_program_holds_locked_opens_without_waiting_for_its_indexes(tmp_path, monkeypatch):
    import threading

    store = written(tmp_path, [score("A")])
    store.conn.execute("DROP INDEX scores_listed")
    store.close()
    monkeypatch.setattr(scores, "LOCK_WAIT_S", 600.0)  # a wait would be a hang
    other = sqlite3.connect(tmp_path / "scores.db", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another copy of the game, mid-save
    opened = []

    def start() -> None:  # a store is used on the thread that opened it
        store = ScoreStore.open(tmp_path)
        opened.append((store.notice, [r.name for r in store.rows()]))
        store.close()

    thread = threading.Thread(target=start, daemon=True)
    thread.start()
    thread.join(60)
    other.execute("ROLLBACK")
    assert opened == [("", ["A"])], "the open waited for the lock"
    store = ScoreStore.open(tmp_path)  # the next start makes it
    assert "scores_listed" in {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}


def made_before_the_code_column(store: ScoreStore, column: str = "") -> None:
    """The file as the version before the session code's column left it, or with another program's `code`."""
    store.conn.execute("DROP INDEX scores_listed")
    store.conn.execute("ALTER TABLE scores DROP COLUMN code")
    if column:
        store.conn.execute(f"ALTER TABLE scores ADD COLUMN {column}")
    store.conn.execute(f"CREATE INDEX scores_listed ON scores({scores.RANK}, id, name, level, seed)")
    store.close()


SEEDS = [0, 1, 12345, seedcode.MAX_SEED, seedcode.MAX_SEED + 1, -1, -(2**40), 2**62]


@pytest.mark.parametrize("column", ["", "code TEXT NOT NULL DEFAULT 'WRONG'"])
def test_a_file_made_before_the_code_column_gets_it_once_and_lists_the_same(tmp_path, monkeypatch, column):
    """The column comes at the first start that may write, with the list's index made again to hold
    it; a `code` column another program added, with its own values, gives way to the seed's."""
    store = written(tmp_path, [score(f"P{i}", seed=seed, points=i) for i, seed in enumerate(SEEDS)])
    expected, exported = by_python(store), by_writer(store, tmp_path / "slow.csv", monkeypatch, titles={}, sep=",")
    made_before_the_code_column(store, column)
    store = ScoreStore.open(tmp_path)
    assert store.notice == "" and scores._has_code(store.conn)
    assert "code" in {r[2] for r in store.conn.execute("PRAGMA index_info(scores_listed)")}
    assert listed(store) == expected and "WRONG" not in expected
    target = tmp_path / "fast.csv"
    assert (store.export_csv(target, {}, ","), target.read_bytes()) == exported
    assert scores._add_indexes(store.conn) is False  # once
    store.save(scores.ScoreRow("New", "tutorial", 12345, 99, 1, 0, "2026-12-03", "0.1.0"))
    assert listed(store).splitlines()[0].split()[1:4] == ["New", "tutorial", seedcode.encode(12345)]


@pytest.mark.parametrize("kept_from_writing", ["locked", "read-only"])
def test_a_code_column_another_program_made_is_never_taken_for_the_session_code(
    tmp_path, monkeypatch, kept_from_writing
):
    """Where the game cannot put its own column in its place, the list and the export work the
    code out from the seed, as ever."""
    from tests.test_store_faults import refuse_writes

    store = written(tmp_path, [score(f"P{i}", seed=seed, points=i) for i, seed in enumerate(SEEDS)])
    expected, exported = by_python(store), by_writer(store, tmp_path / "slow.csv", monkeypatch, titles={}, sep=",")
    made_before_the_code_column(store, "code TEXT NOT NULL DEFAULT 'WRONG'")
    other = sqlite3.connect(tmp_path / "scores.db", isolation_level=None)
    if kept_from_writing == "locked":
        other.execute("BEGIN IMMEDIATE")  # another copy of the game, mid-save
    else:
        monkeypatch.setattr(scores, "_check_writable", refuse_writes)
    store = ScoreStore.open(tmp_path)
    if other.in_transaction:
        other.execute("ROLLBACK")
    assert not scores._has_code(store.conn)
    assert listed(store) == expected and "WRONG" not in expected
    target = tmp_path / "fast.csv"
    assert (store.export_csv(target, {}, ","), target.read_bytes()) == exported


def test_a_sqlite_that_cannot_add_the_code_column_makes_the_list_index_by_the_seed(tmp_path, monkeypatch):
    """A new file on a SQLite before 3.35 still has an index in rank order: neither the
    leaderboard nor a list sorts the whole table."""
    monkeypatch.setattr(scores, "_add_code", lambda conn: False)
    store = ScoreStore.open(tmp_path)
    store.save(scores.ScoreRow("Kari", "tutorial", 7, 5, 1, 0, "2026-12-03", "0.1.0"))
    assert "seed" in {r[2] for r in store.conn.execute("PRAGMA index_info(scores_listed)")}
    sql = f"SELECT {', '.join(listing.line_sql(seedcode.sql('seed')))}, id FROM scores ORDER BY {scores.RANK}, id"
    steps = " ".join(str(step) for step in store.conn.execute(f"EXPLAIN QUERY PLAN {sql}").fetchall())
    assert "scores_listed" in steps and "TEMP B-TREE" not in steps
    assert [line.split()[1] for line in listed(store).splitlines()] == ["Kari"]
    assert scores._add_indexes(store.conn) is False  # made once


def test_a_sqlite_that_cannot_add_the_code_column_still_lists_exports_and_saves(tmp_path, monkeypatch):
    """A SQLite before 3.35 (no generated column, or none dropped): the other indexes are made as
    ever, and the list works the code out as it goes, the same text."""
    store = written(tmp_path, [score(f"P{i}", seed=seed, points=i) for i, seed in enumerate(SEEDS)])
    expected, exported = by_python(store), by_writer(store, tmp_path / "slow.csv", monkeypatch, titles={}, sep=",")
    store.conn.execute("DROP INDEX scores_odd")
    made_before_the_code_column(store)
    monkeypatch.setattr(scores, "_add_code", lambda conn: False)
    store = ScoreStore.open(tmp_path)
    have = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert store.notice == "" and "scores_odd" in have and not scores._has_code(store.conn)
    assert "seed" in {r[2] for r in store.conn.execute("PRAGMA index_info(scores_listed)")}  # the old one serves
    assert store.ranked(listing.line_sql) is not None and listed(store) == expected
    target = tmp_path / "fast.csv"
    assert (store.export_csv(target, {}, ","), target.read_bytes()) == exported
    store.save(scores.ScoreRow("New", "tutorial", 7, 99, 1, 0, "2026-12-03", "0.1.0"))
    assert store.take_notice() is None and listed(store).splitlines()[0].split()[1] == "New"


def test_text_that_is_not_utf8_deep_in_a_long_list_is_read_again_from_there(tmp_path):
    """SQLite's text is decoded by Python's quick decoder until a row holds bytes that are not
    UTF-8; the list goes on from that row with every row once, in order."""
    store = written(tmp_path, [score(f"P{i:05}", points=-i) for i in range(2500)])
    store.conn.execute("UPDATE scores SET name = CAST(x'41ff42' AS TEXT) WHERE name = 'P02100'")
    shown = listed(store)
    assert shown == by_python(store) and shown.count("\n") == 2500 and "A\ufffdB" in shown
    assert [line.split()[0] for line in shown.splitlines()] == [str(n) for n in range(1, 2501)]
    assert store.conn.text_factory is scores._decoded and not store.conn.in_transaction


def test_a_list_left_half_read_leaves_no_transaction_open(tmp_path):
    store = written(tmp_path, [score(f"P{i}", points=i) for i in range(3000)])
    made = listing.chunks(store)
    next(made)
    assert store.conn.in_transaction  # one read: a writer cannot move rows between its parts
    made.close()
    assert not store.conn.in_transaction
    store.save(scores.ScoreRow("New", "tutorial", 7, 9999, 1, 0, "2026-12-03", "0.1.0"))
    assert store.take_notice() is None and listed(store).splitlines()[0].split()[1] == "New"


def test_an_export_that_fails_half_way_leaves_no_read_open_and_the_next_save_goes_in(tmp_path, monkeypatch):
    """A write failing mid-export (a full disk) ends the export's read at once, not when the
    error is forgotten: the game saves its next score into the file as ever."""
    import builtins

    store = written(tmp_path, [score(f"P{i}", points=i) for i in range(5000)])

    class FullDisk:
        def __init__(self, *args, **kwargs) -> None:
            self.file, self.written = builtins.open(*args, **kwargs), 0  # noqa: SIM115 (closed by __exit__)

        def write(self, text: str) -> int:
            self.written += len(text)
            if self.written > 100_000:
                raise OSError(28, "No space left on device")
            return self.file.write(text)

        def __enter__(self):
            return self

        def __exit__(self, *exc) -> None:
            self.file.close()

    monkeypatch.setattr(scores, "open", FullDisk, raising=False)
    with pytest.raises(OSError) as failed:
        store.export_csv(tmp_path / "out.csv", {"tutorial": "The first shift"}, ",")
    assert failed.value.errno == 28 and not store.conn.in_transaction
    store.save(scores.ScoreRow("New", "tutorial", 7, 9999, 1, 0, "2026-12-03", "0.1.0"))
    assert store.take_notice() is None and listed(store).splitlines()[0].split()[1] == "New"
