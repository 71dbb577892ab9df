"""The command line, run as a trainer runs it: a mistake is told in one line with what would be
right, never silently accepted, never a traceback or an internal path."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest

from game import paths
from game.store.scores import ScoreRow, ScoreStore

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str, data_dir: Path, python: tuple[str, ...] = (sys.executable,)) -> subprocess.CompletedProcess:
    """`python -m game --data-dir DIR ARGS`, headless, never touching the tester's own data folder."""
    env = {
        "SDL_VIDEODRIVER": "dummy",
        "SDL_AUDIODRIVER": "dummy",
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "XDG_DATA_HOME": str(data_dir),
        "HOME": str(data_dir),
    }
    return subprocess.run(
        [*python, "-m", "game", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        timeout=90,
        env=env,
        cwd=ROOT,
    )


def one_line(out: subprocess.CompletedProcess, code: int) -> str:
    """The one line the command printed on stderr, after checking the exit code."""
    assert out.returncode == code, out.stdout + out.stderr
    assert "Traceback" not in out.stderr, out.stderr
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1, out.stderr
    return lines[0]


@pytest.mark.parametrize(
    "args, says, not_says",
    [
        (["--demo", "--seconds", "1", "--teams", "0"], ["--teams", "1 to 8", "'0'"], []),
        (["--demo", "--seconds", "1", "--teams", "99"], ["--teams", "1 to 8", "'99'"], []),
        (["--demo", "--seconds", "-1"], ["--seconds", "above 0", "'-1'"], []),
        (["--seconds", "1", "--teams", "3"], ["--teams", "only with --demo"], []),
        (["--seconds", "1", "--save"], ["--save", "only with --demo"], []),
        (["--demo", "--seconds", "1", "--lang", "xx"], ["--lang", "en, nb, da, sv", "'xx'"], [".yaml", "/"]),
        (["simulate", "--strategy", "foo"], ["--strategy", "greedy", "'foo'"], ["--runs"]),
        (["simulate", "--runs", "0"], ["--runs", "at least 1"], ["--strategy"]),
        (["scores", "export", "--csv", "out.csv", "--sep", "tab"], ["--sep", "';'", "'tab'"], []),
        (["scoers", "list"], ["invalid choice", "'scoers'", "scores"], []),  # (a command, not a stray word)
        (["typo", "--seed", "nonsense"], ["invalid choice", "'typo'"], ["--seed"]),  # the first mistake is told
    ],
)
def test_nonsense_on_the_command_line_is_refused_in_one_line(tmp_path, args, says, not_says):
    line = one_line(run(*args, data_dir=tmp_path), 2)
    assert all(w in line for w in says), line
    assert not any(w in line for w in not_says), line


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["--demo", "--seconds", "2", "--teams", "3", "--save"],
        ["--lang", "NB", "--size", "800x600", "--fullscreen", "--data-dir", "somewhere"],
        ["--seed", "12345", "--level", "zappos", "--group", "Site 3", "--scores", "laptop"],
        ["--sec", "1", "--dem"],  # options may be shortened, as argparse allows
        ["--first-frame", "--data-dir=d"],
    ],
)
def test_a_launch_is_parsed_as_the_whole_command_line_parses_it(argv):
    """A launch naming no command is parsed without the commands' parsers (10 ms of the start), to
    the same options."""
    from game import cli

    quick = cli._launch(cli._parser(commands=False), argv)
    assert quick is not None and vars(quick) == vars(cli._parser().parse_args(argv))


@pytest.mark.parametrize(
    "argv",
    [
        ["scores", "list"],
        ["-h"],
        ["--help"],
        ["--he"],
        ["scoers"],
        ["--data-dir", "d", "bench"],
        ["--x"],
        ["foo", "--version"],  # (the launch's options are never acted on before the word is told)
        ["--demo", "typo", "--seed", "nonsense"],
        ["--se", "5"],  # --seed or --seconds: the whole parser says so
    ],
)
def test_a_command_help_or_a_stray_word_goes_to_the_whole_parser(argv):
    from game import cli

    assert cli._launch(cli._parser(commands=False), argv) is None


def test_the_commands_a_launch_looks_for_are_the_parsers_own():
    import argparse

    from game import cli

    sub = next(a for a in cli._parser()._actions if isinstance(a, argparse._SubParsersAction))
    assert set(sub.choices) == set(cli.COMMANDS)


def test_a_language_is_taken_in_any_case(tmp_path):
    out = run("--lang", "NB", "--demo", "--seconds", "0.5", data_dir=tmp_path)
    assert out.returncode == 0, out.stderr
    assert "language" not in out.stderr


def test_save_reaches_the_game_only_with_the_demo(tmp_path, monkeypatch):
    """The flag is passed on as `run(save=...)`; the attract mode saving nothing by default is the
    app's to test. Run in-process: a demo long enough to finish a level takes seconds."""
    import game.app
    from game import cli

    seen: list[bool] = []
    monkeypatch.setattr(game.app, "run", lambda **kw: seen.append(kw["save"]) or 0)
    assert cli.main(["--data-dir", str(tmp_path), "--demo", "--save", "--seconds", "1"]) == 0
    assert cli.main(["--data-dir", str(tmp_path), "--demo", "--seconds", "1"]) == 0
    assert seen == [True, False]
    assert run("--demo", "--save", "--seconds", "0.5", data_dir=tmp_path).returncode == 0


@pytest.mark.parametrize("with_scores", [True, False])
def test_scores_of_an_unknown_level_are_an_error_and_a_known_level_without_scores_is_not(tmp_path, with_scores):
    if with_scores:
        store = ScoreStore.open(tmp_path)
        store.save(ScoreRow("Bølge", "tutorial", 77, 9, 1, 0, "2026-11-29T10:00:00", "0.1.0"))
        store.close()
    line = one_line(run("scores", "list", "--level", "nosuch", data_dir=tmp_path), 1)
    assert "'nosuch'" in line and "tutorial" in line and "zappos" in line
    out = run("scores", "list", "--level", "zappos", data_dir=tmp_path)
    assert out.returncode == 0, out.stderr
    assert "No scores yet" in out.stdout and out.stderr == ""


def test_without_the_game_packages_python_says_what_to_run_instead(tmp_path):
    """-E -S: this interpreter without its site-packages (and without PYTHONPATH), the project still
    importable from the working folder: what `python -m game` outside the virtual environment meets."""
    bare = (sys.executable, "-E", "-S")
    probe = "import importlib.util as u; print(u.find_spec('yaml') is None and u.find_spec('pygame') is None)"
    found = subprocess.run([*bare, "-c", probe], capture_output=True, text=True, timeout=30, cwd=ROOT)
    if found.stdout.strip() != "True":
        pytest.skip("yaml or pygame is importable without site-packages here")
    for args in (["check"], ["--demo", "--seconds", "1"]):
        line = one_line(run(*args, data_dir=tmp_path, python=bare), 1)
        assert "make play" in line and ".venv/bin/python -m game" in line and "pip install -e ." in line


def read_export(path: Path, sep: str) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        assert not f.read(4).startswith("sep=")  # no hint line: with one, Excel drops the BOM and garbles Ø
        f.seek(0)
        return list(csv.DictReader(f, delimiter=sep))


@pytest.mark.parametrize("given, sep", [(None, ","), (";", ";"), ("semicolon", ";")])
def test_scores_export_writes_titles_and_the_separator_asked_for(tmp_path, library, given, sep):
    from game.content.levels import load_level

    store = ScoreStore.open(tmp_path)
    store.save(ScoreRow("Åse, Øy", "zappos", 77, -16, 0, 1, "2026-11-29T10:05:00", "0.1.0", "", 2, "team"))
    store.close()
    target = tmp_path / "out.csv"
    out = run("scores", "export", "--csv", str(target), *(["--sep", given] if given else []), data_dir=tmp_path)
    assert out.returncode == 0, out.stderr
    [r] = read_export(target, sep)
    title = load_level(paths.LEVELS / "zappos.yaml", library).title
    assert (r["name"], r["level"], r["level_title"], r["kind"]) == ("Åse, Øy", "zappos", title, "team")
    assert (r["score"], r["satisfied"], r["lost"]) == ("-16", "2", "1")
