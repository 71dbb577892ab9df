"""No bad file stops the game (issue 13): a value that parses but cannot be built, a "file" that is
a pipe, a device, a folder, a socket or far too big, a level that takes an id the game keeps for
itself, a file whose lines would flood or drive the terminal through an error. Each gives one
line naming the file, is left out, and the game starts, reloads and checks on."""

from __future__ import annotations

import contextlib
import os
import resource
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game import paths
from game.content import yamlfile
from game.content.errors import MAX_SHOWN, ContentFileError
from game.content.figures import load_figures
from game.content.levels import Library, known_sources, load_all, load_lessons, load_level, load_questions
from game.content.sources import load_sources
from game.content.strings import load_strings
from game.content.translations import translated_lessons, translated_questions
from game.core.names import MAX_NAME, clean_name
from game.core.practice import PRACTICE_ID, SEPARATOR, is_reserved
from game.store import settings as settings_file

GOOD = (paths.LEVELS / "tutorial.yaml").read_text(encoding="utf-8")
POSIX = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes and devices are POSIX things")

# Values YAML parses but cannot build: impossible dates read as dates, values that are not what
# their tag says, tags the safe loader does not know (Python's among them), numbers too long to be any.
UNBUILDABLE = [
    "2026-13-45",
    "2026-02-30",
    "2023-02-29",
    "2026-01-01 24:61:00",
    "0x_",
    "1" + ":59" * 2500,
    "!!int abc",
    "!!int 0x",
    "!!int",
    "!!float x",
    "!!float",
    "!!bool maybe",
    "!!timestamp nonsense",
    "!!timestamp 2026-13-45",
    '!!binary "a"',
    "!!binary 12345",
    "!!set [a, b]",
    "!!omap {a: 1}",
    "!!pairs x",
    "!!map [1]",
    "!!seq {a: 1}",
    "!!str [a]",
    "!unknown x",
    "!<tag:example.com,2000:thing> y",
    "!!python/object/apply:os.system ['true']",
    "!!python/name:os.system ''",
]


def one_error_on(exc: ContentFileError, path: Path, line: int, field: str) -> str:
    """The one error a bad value gives: this file, this line, this field, one line of text."""
    assert len(exc.errors) == 1, [str(e) for e in exc.errors]
    (error,) = exc.errors
    text = str(error)
    assert text.startswith(f"{path}:{line}: {field}: "), text
    assert text.isprintable() and "Traceback" not in text and len(text) < 400, text
    return text


def with_bad_value(text: str, value: str, key: str = "zz-bad") -> tuple[str, int]:
    """A YAML mapping with one more top-level entry holding `value`, and the line it is on."""
    body = text.rstrip("\n") + "\n"
    return f"{body}{key}: {value}\n", body.count("\n") + 1


# -- a value that parses but cannot be built -------------------------------------------------


def _level(tmp: Path, library: Library, value: str) -> tuple[Callable[[], object], Path]:
    return lambda: load_level(tmp / "mine.yaml", library), tmp / "mine.yaml"


def _translation(tmp: Path, library: Library, value: str) -> tuple[Callable[[], object], Path]:
    (tmp / "mine.yaml").write_text(GOOD, encoding="utf-8")
    (tmp / "nb").mkdir(exist_ok=True)
    return lambda: load_level(tmp / "mine.yaml", library, "nb"), tmp / "nb" / "mine.yaml"


def _strings(tmp: Path, library: Library, value: str) -> tuple[Callable[[], object], Path]:
    for lang in ("en", "nb"):
        (tmp / f"{lang}.yaml").write_bytes((paths.STRINGS / f"{lang}.yaml").read_bytes())
    return lambda: load_strings("nb", tmp), tmp / "nb.yaml"


def _asset(name: str, load: Callable[[Path], object]) -> Callable:
    def make(tmp: Path, library: Library, value: str) -> tuple[Callable[[], object], Path]:
        return lambda: load(tmp / name), tmp / name

    return make


def _i18n(name: str, load: Callable[[Path, str], object]) -> Callable:
    def make(tmp: Path, library: Library, value: str) -> tuple[Callable[[], object], Path]:
        (tmp / "nb").mkdir(exist_ok=True)
        return lambda: load(tmp, "nb"), tmp / "nb" / name

    return make


PLACES = {
    "level": (_level, GOOD),
    "translation": (_translation, "title: Kald suppe\n"),
    "strings": (_strings, (paths.STRINGS / "nb.yaml").read_text(encoding="utf-8")),
    "lessons": (_asset("lessons.yaml", load_lessons), paths.LESSONS.read_text(encoding="utf-8")),
    "questions": (_asset("questions.yaml", load_questions), paths.QUESTIONS.read_text(encoding="utf-8")),
    "sources": (_asset("sources.yaml", load_sources), (paths.ASSETS / "sources.yaml").read_text(encoding="utf-8")),
    "figures": (
        _asset("figures.yaml", lambda p: load_figures(p, known_sources())),
        paths.FIGURES.read_text(encoding="utf-8"),
    ),
    "i18n lessons": (_i18n("lessons.yaml", translated_lessons), "handle-fast: Ta tak.\n"),
    "i18n questions": (_i18n("questions.yaml", translated_questions), "002-word-of-mouth: [Hva?]\n"),
}


@pytest.mark.parametrize("place", list(PLACES))
def test_a_value_that_cannot_be_built_gives_one_line_on_its_line_and_field(tmp_path, library, place):
    make, text = PLACES[place]
    for i, value in enumerate(UNBUILDABLE):
        folder = tmp_path / str(i)
        folder.mkdir()
        load, path = make(folder, library, value)
        bad, line = with_bad_value(text, value)
        path.write_text(bad, encoding="utf-8")
        with pytest.raises(ContentFileError) as info:
            load()
        one_error_on(info.value, path, line, "zz-bad")


@pytest.mark.parametrize("value", ["2026-13-45", "2026-02-30", "1999-02-29", "2026-04-31"])
def test_an_impossible_date_says_it_is_read_as_a_date_and_to_quote_it(tmp_path, library, value):
    lines = GOOD.split("\n")
    titled = [i for i, ln in enumerate(lines) if ln.startswith(("title: ", "summary: "))]
    assert titled
    for i in titled:
        key = lines[i].split(":")[0]
        broken = "\n".join([*lines[:i], f"{key}: {value}", *lines[i + 1 :]])
        path = tmp_path / "dated.yaml"
        path.write_text(broken, encoding="utf-8")
        with pytest.raises(ContentFileError) as info:
            load_level(path, library)
        text = one_error_on(info.value, path, i + 1, key)
        assert f"{value} is read as a date" in text and text.endswith(yamlfile.QUOTE_HINT), text
        quoted = "\n".join([*lines[:i], f'{key}: "{value}"', *lines[i + 1 :]])
        path.write_text(quoted, encoding="utf-8")
        assert getattr(load_level(path, library), key) == value  # quoted, it is the text it looks like


def test_a_settings_file_that_cannot_be_built_gives_the_defaults_and_one_line(tmp_path):
    for value in UNBUILDABLE:
        text, line = with_bad_value("sound: false\ntimer: relaxed\n", value, key="player")
        (tmp_path / "settings.yaml").write_text(text, encoding="utf-8")
        loaded, notices = settings_file.load(tmp_path, ["en"])
        assert loaded == settings_file.Settings(), value
        assert len(notices) == 1 and "\n" not in notices[0], notices
        assert notices[0].startswith(f"{tmp_path / 'settings.yaml'}:{line}: player: ") and "default" in notices[0]


def test_levels_and_translations_that_cannot_be_built_are_left_out_at_start_on_f5_on_f2_and_in_check(tmp_path):
    """The game starts with such files in the trainer's folder, reloads and switches language with
    them, and `check` names each; the good level plays, in English where its words are broken."""
    import pygame

    from game.app import App

    user = tmp_path / "levels"
    for lang in ("da", "nb", "sv"):
        (user / lang).mkdir(parents=True)
    (user / "good.yaml").write_text(GOOD.replace("id: tutorial", "id: good"), encoding="utf-8")
    bad_levels = UNBUILDABLE[::3]
    for i, value in enumerate(bad_levels):
        (user / f"bad-{i}.yaml").write_text(with_bad_value(GOOD, value)[0], encoding="utf-8")
    for i, lang in enumerate(("da", "nb", "sv")):  # the good level's words: broken in every language
        words, _ = with_bad_value("title: Ord\n", UNBUILDABLE[1 + i * 4])
        (user / lang / "good.yaml").write_text(words, encoding="utf-8")
    app = App(size=(320, 200), seed=1, lang="nb", data_dir=tmp_path)
    try:
        for step in ("start", "F5", "F2"):
            if step == "F5":
                app.reload_content()
            elif step == "F2":
                app.cycle_language()
            catalogue = app.catalogue
            assert "good" in [lv.id for lv in catalogue.levels], step
            left_out = {Path(p.path).name for p in catalogue.problems if catalogue.effect(p) == "left_out"}
            assert left_out == {f"bad-{i}.yaml" for i in range(len(bad_levels))}, (step, left_out)
            (words,) = [p for p in catalogue.problems if catalogue.effect(p) == "in_english"]
            assert Path(words.path).name == "good.yaml" and all(":2: zz-bad: " in str(e) for e in words.errors)
        good = next(lv for lv in app.catalogue.levels if lv.id == "good")
        app.ctx.start_level(good)
        app.apply_switches()
        assert app.session is not None and app.session.level.id == "good"
    finally:
        pygame.quit()
    out = run_check(str(user))
    assert out.returncode == 1 and "Traceback" not in out.stdout + out.stderr
    for i in range(len(bad_levels)):
        assert any(line.startswith(f"{user / f'bad-{i}.yaml'}:") for line in out.stdout.splitlines()), out.stdout


# -- files that are not files ----------------------------------------------------------------


def run_check(*targets: str, timeout: float = 30) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "game", "check", *targets], capture_output=True, text=True, timeout=timeout
    )


@contextlib.contextmanager
def bounded(seconds: int = 20, memory: int = 1 << 30) -> Iterator[None]:
    """Fail, rather than hang the suite or eat the machine's memory, if something waits on a pipe
    or reads a device that never ends."""

    def late(signum: int, frame: object) -> None:
        raise TimeoutError(f"still going after {seconds} s: something waited on a pipe or read a device")

    if threading.current_thread() is not threading.main_thread():
        yield  # signals reach the main thread only
        return
    before = signal.signal(signal.SIGALRM, late)
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    try:
        status = Path("/proc/self/status").read_text()
        used = next(int(ln.split()[1]) * 1024 for ln in status.splitlines() if ln.startswith("VmSize:"))
        cap = used + memory if hard == resource.RLIM_INFINITY else min(used + memory, hard)
        resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    except (OSError, StopIteration, ValueError):
        pass  # no /proc: the clock alone guards
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, before)
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _device(target: str) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        path.symlink_to(target)

    return make


def _folder(path: Path) -> None:
    path.mkdir()
    (path / "inside.yaml").write_text("title: x\n", encoding="utf-8")


def _oversize(path: Path) -> None:
    with open(path, "wb") as f:
        f.truncate(yamlfile.MAX_BYTES + 1)


def _huge(path: Path) -> None:
    with open(path, "wb") as f:
        f.truncate(64 * 1024 * 1024)


def _socket(path: Path) -> None:
    here = os.getcwd()
    os.chdir(path.parent)  # a socket's address is short: bind by the name alone
    try:
        sock = socket.socket(socket.AF_UNIX)
        sock.bind(path.name)
        sock.close()  # the file stays
    finally:
        os.chdir(here)


# What each is, and the words a trainer reads about it.
NOT_FILES: dict[str, tuple[Callable[[Path], None], str]] = {
    "fifo": (_fifo, "got a named pipe"),
    "zero": (_device("/dev/zero"), "got a device"),
    "urandom": (_device("/dev/urandom"), "got a device"),
    "folder": (_folder, "got a folder"),
    "oversize": (_oversize, "expected a file under 1000 kB"),
    "huge": (_huge, "expected a file under 1000 kB"),
    "socket": (_socket, "got a socket"),
}


@POSIX
@pytest.mark.parametrize("kind", list(NOT_FILES))
def test_a_file_that_is_not_a_plain_file_never_hangs_the_game_or_check_in_any_place(tmp_path, kind):
    """In the user levels folder, in each translation folder, as a digest beside a level, as the
    settings file, given to --level and to `check`: one line naming the file, never a wait."""
    import pygame

    from game.app import App, find_level

    make, words = NOT_FILES[kind]
    user = tmp_path / "levels"
    for lang in ("da", "nb", "sv"):
        (user / lang).mkdir(parents=True)
        make(user / lang / "good.yaml")
    (user / "sources").mkdir()
    make(user / "sources" / "handbook.md")
    (user / "good.yaml").write_text(
        GOOD.replace("id: tutorial", "id: good").replace("002-word-of-mouth]", "002-word-of-mouth, handbook]"),
        encoding="utf-8",
    )
    make(user / "bad.yaml")
    make(tmp_path / "settings.yaml")

    def named(line: str, path: Path) -> bool:
        return line.startswith(f"{path}: ") and words in line and line.isprintable()

    with bounded():
        loaded, notices = settings_file.load(tmp_path, ["en"])  # the settings file itself, read alone
        assert (
            loaded == settings_file.Settings() and len(notices) == 1 and named(notices[0], tmp_path / "settings.yaml")
        )
        app = App(size=(320, 200), seed=1, lang="nb", data_dir=tmp_path)
        try:
            (notice,) = [n for n in app.notices if "settings.yaml" in n]
            assert named(notice, tmp_path / "settings.yaml") and "default settings" in notice, notice
            for step in ("start", "F5", "F2"):
                if step == "F5":
                    app.reload_content()
                elif step == "F2":
                    app.cycle_language()
                errors = [str(e) for e in app.catalogue.errors]
                assert [lv.id for lv in app.catalogue.levels].count("good") == 1, step
                assert any(named(e, user / "bad.yaml") for e in errors), (step, errors)
                assert any(named(e, user / app.settings.language / "good.yaml") for e in errors), (step, errors)
                assert all("handbook.md" not in e for e in errors)  # a digest that is no file: its id is shown
            with pytest.raises(ContentFileError) as info:
                find_level(app, str(user / "bad.yaml"))  # --level PATH
            assert named(str(info.value), user / "bad.yaml"), str(info.value)
        finally:
            pygame.quit()
    out = run_check(str(user), str(user / "bad.yaml"))
    lines = out.stdout.splitlines()
    assert out.returncode == 1 and "Traceback" not in out.stdout + out.stderr, out.stdout + out.stderr
    assert sum(named(line, user / "bad.yaml") for line in lines) == 1, lines
    for lang in ("da", "nb", "sv"):
        assert any(named(line, user / lang / "good.yaml") for line in lines), lines


@POSIX
@pytest.mark.parametrize("kind", ["fifo", "zero", "folder", "huge"])
def test_level_given_on_the_command_line_that_is_no_file_ends_with_one_line(tmp_path, kind):
    make, words = NOT_FILES[kind]
    target = tmp_path / "mine.yaml"
    make(target)
    env = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"}
    out = subprocess.run(
        [sys.executable, "-m", "game", "--level", str(target), "--data-dir", str(tmp_path), "--seconds", "1"],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    mine = [line for line in out.stderr.splitlines() if str(target) in line]
    assert out.returncode == 1 and len(mine) == 1 and words in mine[0], out.stderr
    assert "Traceback" not in out.stderr


@POSIX
def test_what_is_checked_is_what_was_opened_not_what_was_looked_up(tmp_path, monkeypatch):
    """A name swapped for a pipe between the look-up and the open is still refused: the file
    opened is the one checked, and opening does not wait for a writer."""
    pipe = tmp_path / "swapped.yaml"
    os.mkfifo(pipe)
    plain = os.stat(paths.LEVELS / "tutorial.yaml")
    real_stat = os.stat
    monkeypatch.setattr(os, "stat", lambda p, *a, **k: plain if str(p) == str(pipe) else real_stat(p, *a, **k))
    with bounded(10), pytest.raises(ContentFileError) as info:
        yamlfile.read(pipe)
    assert "got a named pipe" in str(info.value)


def test_a_file_is_never_read_past_its_limit_whatever_size_it_claims(tmp_path, monkeypatch):
    """A file that says it is small (a /proc file says 0) is read only to the limit and refused."""
    path = tmp_path / "grows.yaml"
    path.write_bytes(b"a: " + b"x" * (yamlfile.MAX_BYTES + 10))
    read: list[int] = []
    real_read, real_fstat = os.read, os.fstat

    def counting(fd: int, n: int) -> bytes:
        chunk = real_read(fd, n)
        read.append(len(chunk))
        return chunk

    def small(fd: int) -> os.stat_result:
        st = real_fstat(fd)
        return os.stat_result((st.st_mode, *st[1:6], 0, *st[7:10]))  # claims 0 bytes

    monkeypatch.setattr(os, "read", counting)
    monkeypatch.setattr(os, "fstat", small)
    with pytest.raises(ContentFileError) as info:
        yamlfile.read(path)
    assert "expected a file under 1000 kB" in str(info.value)
    assert sum(read) == yamlfile.MAX_BYTES + 1


# -- ids the game keeps for itself -----------------------------------------------------------


def test_the_reserved_ids_are_the_practice_deck_and_anything_with_its_separator():
    assert is_reserved(PRACTICE_ID)
    for level_id in ("tutorial", "practice-2", "my-practice", "practise", "zappos"):
        assert not is_reserved(level_id)
    for level_id in (f"tutorial{SEPARATOR}cold-soup", SEPARATOR, f"{SEPARATOR}x", "PRACTICE", " practice "):
        assert is_reserved(level_id)


@pytest.mark.parametrize(
    ("id_line", "file_name"),
    [
        (f"id: {PRACTICE_ID}", "mine.yaml"),
        ("", f"{PRACTICE_ID}.yaml"),
        ("", "Practice.yaml"),
        ("", f"tutorial{SEPARATOR}birthday-soup.yaml"),
        ("", f"{SEPARATOR}.yaml"),
    ],
)
def test_a_level_that_takes_an_id_the_game_keeps_for_itself_is_refused(tmp_path, library, id_line, file_name):
    text = GOOD.replace("id: tutorial", id_line)
    path = tmp_path / file_name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContentFileError) as info:
        load_level(path, library)
    (error,) = [str(e) for e in info.value.errors]
    assert error.startswith(f"{path}:") and ": id: " in error, error
    assert ("practice round" in error) == (SEPARATOR not in file_name), error
    assert load_all([tmp_path], library).levels == []
    out = run_check(str(path))
    assert out.returncode == 1 and ": id: " in out.stdout, out.stdout


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(stem=st.text(st.characters(blacklist_characters="/\\\x00", blacklist_categories=("Cs",)), max_size=90))
def test_an_id_from_a_file_name_obeys_the_rules_of_a_written_one(tmp_path, library, stem):
    """A level with no id: takes its file's name; that name passes exactly when `id: <name>`
    written in the file would."""
    name = f"{stem}.yaml"
    if not stem.strip() or len(name.encode()) > 250:
        return
    folder = tmp_path / f"case-{abs(hash(stem))}"
    (folder / "written").mkdir(parents=True, exist_ok=True)
    try:
        path = folder / name
        path.write_text(GOOD.replace("id: tutorial\n", ""), encoding="utf-8")
    except OSError:
        return  # a name this file system cannot hold
    written = folder / "written" / "level.yaml"
    written.write_text(yaml.safe_dump({**yaml.safe_load(GOOD), "id": stem.lower()}, allow_unicode=True))
    outcomes = []
    for p in (path, written):
        try:
            outcomes.append(load_level(p, library).id)
        except ContentFileError as exc:
            outcomes.append(None)
            assert any(": id: " in str(e) for e in exc.errors), [str(e) for e in exc.errors]
    assert outcomes[0] == outcomes[1], (stem, outcomes)
    if outcomes[0] is not None:
        assert outcomes[0] == stem.lower().strip() and not is_reserved(outcomes[0])


def test_a_file_name_that_makes_a_good_id_still_gives_the_level_its_id(tmp_path, library):
    for stem in ("my-level", "Hotel_2", "a" * 60, "0"):
        path = tmp_path / f"{stem}.yaml"
        path.write_text(GOOD.replace("id: tutorial\n", ""), encoding="utf-8")
        assert load_level(path, library).id == stem.lower()
    for stem in ("My Level", "a" * 61, "-dash", "ünïcode", "dot.ted"):
        path = tmp_path / f"{stem}.yaml"
        path.write_text(GOOD.replace("id: tutorial\n", ""), encoding="utf-8")
        with pytest.raises(ContentFileError) as info:
            load_level(path, library)
        assert any(": id: " in str(e) and "file name" in str(e) for e in info.value.errors), stem


# -- what an error may echo ------------------------------------------------------------------


def _long(n: int, seed: int) -> str:
    words = ("root", "x", "bin", "bash", "home", "daemon", "usr", "sbin", "nologin", "sync")
    return " ".join(words[(seed * 7 + i * 3) % len(words)] + str(i) for i in range(n))[:n]


def hostile_files() -> Iterator[tuple[str, str, list[str]]]:
    """(name, text, the long runs of it that must never come back whole) for files that are not
    levels, or levels with huge or escaping keys and names in every place a name is echoed."""
    for n in (70, 300, 1000):
        key = _long(n, n)
        yield f"log-{n}.yaml", f"{key}: started\n{_long(n, n + 1)}: stopped\n", [key]
        yield f"json-{n}.yaml", "{" + f'"{key}": 1, "b": [1, 2]' + "}\n", [key]
        yield f"csv-{n}.yaml", f"name,level,score\n{key}: 1,2\n", [key]
        yield f"nested-{n}.yaml", GOOD.replace("    mood: angry", f'    mood: angry\n    "{key}": 1'), [key]
        yield f"twice-{n}.yaml", f'"{key}": 1\n"{key}": 2\n', [key]
        digest = "a" * n
        yield f"digest-{n}.yaml", GOOD.replace("sources: [", f"sources: [{digest}, "), [digest]
        yield f"lesson-{n}.yaml", GOOD.replace("lesson: apology-doubles", f"lesson: {'b' * n}"), ["b" * n]
        lessons = f"lessons:\n  {'c' * n}:\n    text: T\n    source: {'d' * n}\n"
        yield f"own-lesson-{n}.yaml", GOOD.replace("cases:", lessons + "cases:", 1), ["c" * n, "d" * n]
    yield "single-line.yaml", '{"' + "k" * 200_000 + '": 1}', ["k" * 200_000]
    escapes = ["\\e]0;pwned\\a", "\\e[2J\\e[H", "\\x9b31m", "\\u202eevil"]
    for i, esc in enumerate(escapes):
        yield f"escape-{i}.yaml", f'title: x\n"{esc}": 1\nbudget: "{esc}"\n', []


def echoes_too_much(line: str, runs: list[str]) -> bool:
    return any(run[: MAX_SHOWN + 1] in line for run in runs if len(run) > MAX_SHOWN)


def test_an_error_never_echoes_more_of_a_line_than_its_field_nor_a_control_character(tmp_path, library):
    files = list(hostile_files())
    for name, text, runs in files:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        with pytest.raises(ContentFileError) as info:
            load_level(path, library)
        for error in info.value.errors:
            line = str(error)
            assert line.isprintable() and not echoes_too_much(line, runs), (name, line[:300])
            assert len(line) < 600, (name, len(line), line[:300])
    out = run_check(*(str(tmp_path / name) for name, _, _ in files))
    assert out.returncode == 1 and "Traceback" not in out.stdout + out.stderr
    runs = [run for _, _, rs in files for run in rs]
    for line in out.stdout.splitlines():
        assert line.isprintable() and not echoes_too_much(line, runs), line[:300]


def test_a_translation_with_an_escaping_name_cannot_drive_the_terminal_through_check(tmp_path):
    (tmp_path / "nb").mkdir()
    for name in ("\x1b[2J", "\x1b]0;pwned\x07", "\x9b31m", "a\nb"):
        try:
            (tmp_path / "nb" / f"{name}.yaml").write_text("title: x\n", encoding="utf-8")
        except OSError:
            continue
    (tmp_path / "good.yaml").write_text(GOOD, encoding="utf-8")
    out = run_check(str(tmp_path))
    assert out.returncode == 1 and "a translation with no level" in out.stdout
    assert all(line.isprintable() for line in out.stdout.splitlines()), out.stdout


def test_settings_echo_no_long_key_nor_control_character(tmp_path):
    key = _long(500, 3)
    (tmp_path / "settings.yaml").write_text(f'"{key}": 1\n"\\e[2J": 2\nvolume: "\\e]0;x\\a"\n', encoding="utf-8")
    loaded, notices = settings_file.load(tmp_path, ["en"])
    assert loaded == settings_file.Settings() and len(notices) == 3
    for notice in notices:
        assert notice.isprintable() and not echoes_too_much(notice, [key]), notice


# -- the player's name in the settings file --------------------------------------------------

NAMES = st.text(st.characters(blacklist_categories=("Cs",)), max_size=120) | st.builds(
    lambda a, b, c: a + b + c,
    st.text(max_size=10),
    st.sampled_from(["\x1b[2J", "\x1b]0;title\x07", "\u202e", "\u200b", "\t\n", "\x00", " " * 5, "\x9b"]),
    st.text(max_size=60),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=NAMES)
def test_a_name_in_the_settings_file_is_cleaned_and_capped_as_a_typed_one(tmp_path, raw):
    (tmp_path / "settings.yaml").write_text(yaml.safe_dump({"player": raw, "sound": False}), encoding="utf-8")
    loaded, notices = settings_file.load(tmp_path, ["en"])
    assert loaded.sound is False  # the rest of the file still counts
    name = clean_name(raw)
    if name:
        assert loaded.player == name and len(name) <= MAX_NAME and notices == []
    else:
        assert loaded.player == settings_file.Settings().player
        (notice,) = notices
        assert ": player: expected a name" in notice and "default" in notice and notice.isprintable(), notice
    assert loaded.player.isprintable()


def test_a_very_long_or_escaping_name_is_shown_cleaned_and_capped(tmp_path):
    for raw, expected in [
        ("Ingrid " * 30, ("Ingrid " * 30)[:MAX_NAME].strip()),
        ("\x1b[2JTeam\x1b]0;x\x07 A", "[2JTeam]0;x A"),
        ("\u202eevil\u200b", "evil"),
        ("   \t  ", None),
        ("\x1b\x07\x00", None),
        (12345, "12345"),
    ]:
        (tmp_path / "settings.yaml").write_text(yaml.safe_dump({"player": raw}), encoding="utf-8")
        loaded, notices = settings_file.load(tmp_path, ["en"])
        if expected is None:
            assert loaded.player == settings_file.Settings().player and len(notices) == 1, (raw, notices)
        else:
            assert (loaded.player, notices) == (expected, []), raw
