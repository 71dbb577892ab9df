"""The game as a new user installs it: the wheel built from this checkout, installed into a fresh
virtual environment, run as `ambassador` from a folder with no checkout in it.

The wheel is built from a copy of the files git would hand a fresh clone (tracked, plus new ones
not ignored), so a data file left out of the packaging fails here, and the shared `build/` folder of
the checkout is never touched. pip may take the game's dependencies from its cache; nothing else
of this machine's Python is seen by the installed game.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from game import __version__, cli, paths

CHECKOUT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.xdist_group("wheel")  # one worker builds and installs the wheel once

TUTORIAL_AS_MY_OWN = (paths.LEVELS / "tutorial.yaml").read_text(encoding="utf-8").replace("id: tutorial", "id: my-own")


def shipped(folder: Path) -> set[str]:
    """Every file the game may read from one of its data folders, relative to the data root.
    Hidden files and Python's caches are an editor's or Python's, not the game's."""
    return {
        p.relative_to(paths.ROOT).as_posix()
        for p in folder.rglob("*")
        if p.is_file() and not any(part.startswith(".") or part == "__pycache__" for part in p.parts[-4:])
    }


def sh(*args: str | Path, cwd: Path, env: dict[str, str] | None = None, timeout: float = 180) -> str:
    out = subprocess.run([str(a) for a in args], capture_output=True, text=True, timeout=timeout, cwd=cwd, env=env)
    assert out.returncode == 0, f"{' '.join(map(str, args))} exited {out.returncode}:\n{out.stdout}\n{out.stderr}"
    assert "Traceback" not in out.stderr, out.stderr
    return out.stdout


def in_checkout(*args: str) -> str:
    """What `python -m game ARGS` prints in this checkout, run in this process."""
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        assert cli.main(list(args)) == 0
    return buffer.getvalue()


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    src = tmp_path_factory.mktemp("clone")
    listed = sh("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard", cwd=CHECKOUT)
    for name in filter(None, listed.split("\0")):
        if (CHECKOUT / name).is_file():  # a tracked file deleted in the work tree is not shipped
            (src / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(CHECKOUT / name, src / name)
    out = tmp_path_factory.mktemp("wheel")
    sh(sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", out, src, cwd=out)
    [built] = out.glob("ambassador-*.whl")
    return built


@pytest.fixture(scope="module")
def venv(wheel, tmp_path_factory) -> Path:
    """A fresh virtual environment with the wheel installed; its pip is this one (as pipx does)."""
    where = tmp_path_factory.mktemp("venv")
    sh(sys.executable, "-m", "venv", "--without-pip", where, cwd=where)
    python = where / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")
    sh(sys.executable, "-m", "pip", "--python", python, "install", "--quiet", wheel, cwd=where)
    return where


def test_the_wheel_carries_every_file_the_game_reads(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    packed = {n.removeprefix(f"game/{paths.PACKED}/") for n in names if n.startswith(f"game/{paths.PACKED}/")}
    wanted = set().union(*(shipped(paths.ROOT / name) for name in paths.DATA_DIRS))
    assert {"assets/figures.yaml", "assets/fonts/Andika-Regular.ttf", "levels/nb/tutorial.yaml"} <= wanted
    assert not wanted - packed, f"missing from the wheel: {sorted(wanted - packed)}"
    for name, value in vars(paths).items():  # every file and folder game.paths points the game at
        if name.isupper() and isinstance(value, Path) and value not in (paths.ROOT, paths.PACKAGE):
            rel = value.relative_to(paths.ROOT).as_posix()
            assert rel in packed or any(p.startswith(rel + "/") for p in packed), f"paths.{name}: {rel}"
    modules = {p.relative_to(CHECKOUT).as_posix() for p in (CHECKOUT / "game").rglob("*.py")}
    assert not modules - names, f"modules missing from the wheel: {sorted(modules - names)}"
    meta = next(n for n in names if n.endswith(".dist-info/METADATA"))
    assert f"\nVersion: {__version__}\n" in zipfile.ZipFile(wheel).read(meta).decode()
    entry = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    assert "ambassador = game.__main__:run" in zipfile.ZipFile(wheel).read(entry).decode()


def test_the_installed_game_plays_from_any_folder(venv, tmp_path):
    """--version, check, simulate and a headless demo, run as `ambassador` where there is no checkout,
    with a home of its own: each succeeds, the installed game reads only its own files, the demo's
    data folder is the one given (and holds no score: the attract mode saves only with --save), and
    the game writes nothing into its installation."""
    bin_dir = venv / ("Scripts" if sys.platform == "win32" else "bin")
    game_cmd = bin_dir / "ambassador"
    elsewhere, home, home2, data = (tmp_path / name for name in ("elsewhere", "home", "home2", "data"))
    for folder in (elsewhere, home, home2):
        folder.mkdir()
    env = {
        "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
        "HOME": str(home),
        "SDL_VIDEODRIVER": "dummy",
        "SDL_AUDIODRIVER": "dummy",
    }
    probe = "import game; from game import paths; print(game.__file__); print(paths.ROOT)"
    module, root = sh(bin_dir / "python", "-c", probe, cwd=elsewhere, env=env).splitlines()
    site = Path(module).parent
    assert venv in site.parents, site
    assert Path(root) == site / paths.PACKED  # the installed game reads its own copy, not this checkout
    installed_files = sorted(p for p in site.rglob("*") if "__pycache__" not in p.parts)

    # the demos wait out their seconds: they play while the other commands run
    demo = subprocess.Popen(
        [game_cmd, "--demo", "--seconds", "2", "--data-dir", data], cwd=elsewhere, env=env, stderr=subprocess.PIPE
    )
    plain = subprocess.Popen(  # without --data-dir: platformdirs' folder, where 0.1 kept it
        [game_cmd, "--demo", "--seconds", "1"], cwd=elsewhere, env={**env, "HOME": str(home2)}, stderr=subprocess.PIPE
    )
    assert sh(game_cmd, "--version", cwd=elsewhere, env=env).strip() == f"Ambassador {__version__}"
    wrong = subprocess.run([game_cmd, "--save"], capture_output=True, text=True, timeout=60, cwd=elsewhere, env=env)
    assert wrong.returncode == 2 and wrong.stderr.startswith("ambassador: error: argument --save"), wrong.stderr
    assert sh(game_cmd, "check", cwd=elsewhere, env=env) == in_checkout("check")
    simulate = ("simulate", "--runs", "10", "--level", "tutorial")
    played = sh(game_cmd, *simulate, cwd=elsewhere, env=env)
    assert played == in_checkout(*simulate)  # the same seeds, the same games
    assert played.count("tutorial") == 5, played

    for proc in (demo, plain):
        assert proc.wait(timeout=120) == 0, proc.stderr.read()
        proc.stderr.close()
    assert (data / "scores.db").is_file() and (data / "logs" / "ambassador.log").is_file()
    assert "0 score(s)" in sh(game_cmd, "scores", "list", "--data-dir", data, cwd=elsewhere, env=env)
    assert not (home / ".local").exists()  # nothing in the player's own data folder
    assert not list(elsewhere.iterdir())  # nor where the command was run
    if sys.platform.startswith("linux"):
        assert (home2 / ".local" / "share" / "ambassador" / "scores.db").is_file()

    # a trainer's own level in the data folder is read as in the checkout
    (data / "levels").mkdir()
    (data / "levels" / "my-own.yaml").write_text(TUTORIAL_AS_MY_OWN, encoding="utf-8")
    assert "1 level file(s) OK" in sh(game_cmd, "check", data / "levels", cwd=elsewhere, env=env)
    listed = sh(game_cmd, "scores", "list", "--level", "my-own", "--data-dir", data, cwd=elsewhere, env=env)
    assert "No scores yet for level 'my-own'" in listed
    assert sorted(p for p in site.rglob("*") if "__pycache__" not in p.parts) == installed_files
