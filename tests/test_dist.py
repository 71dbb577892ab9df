"""The standalone game `make dist` builds, as a new hire gets it: the zip unpacked in a folder of
their own, started by its one file, headless, with no Python on the search path. Its levels and
fonts are inside; the player's data folder and their own levels are outside, as in every install.

Marked slow, and needs `make dist` first: `make dist-test` does both.
"""

from __future__ import annotations

import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from game import __version__, paths

pytestmark = pytest.mark.slow
DIST = Path(__file__).resolve().parent.parent / "dist"
EXE = "ambassador.exe" if sys.platform == "win32" else "ambassador"
MY_OWN = (paths.LEVELS / "tutorial.yaml").read_text(encoding="utf-8").replace("id: tutorial", "id: my-own")


def built_zip() -> Path:
    found = sorted(DIST.glob(f"ambassador-{__version__}-*.zip"))  # the version is in the name
    if len(found) != 1:
        pytest.fail(
            f"expected one dist/ambassador-{__version__}-*.zip, found {[p.name for p in found]}: run `make dist`"
        )
    return found[0]


def unpack(archive: Path, into: Path) -> Path:
    """What the new hire's unzip does: the files, with the modes they were packed with."""
    with zipfile.ZipFile(archive) as z:
        for info in z.infolist():
            z.extract(info, into)
            mode = info.external_attr >> 16
            if mode and not info.is_dir():
                (into / info.filename).chmod(stat.S_IMODE(mode))
    return into / archive.stem


@pytest.mark.skipif(sys.platform == "darwin", reason="on macOS the zip holds Ambassador.app")
def test_the_zip_is_the_bundle_folder_with_its_levels_and_fonts():
    archive = built_zip()
    folder = DIST / archive.stem
    names = set(zipfile.ZipFile(archive).namelist())
    files = {f"{p.relative_to(DIST).as_posix()}" for p in folder.rglob("*") if p.is_file()}
    assert files and files <= names
    inside = f"{archive.stem}/_internal/game/{paths.PACKED}/"
    for wanted in ("levels/tutorial.yaml", "levels/sv/zappos.yaml", "assets/fonts/Andika-Regular.ttf", "seeds"):
        assert any(n.startswith(inside + wanted) for n in names), wanted
    assert f"{archive.stem}/{EXE}" in names  # started by one file at the top of the folder


@pytest.mark.skipif(
    sys.platform in ("darwin", "win32"), reason="a windowed app there: Ambassador.app, no console output"
)
def test_the_unpacked_bundle_plays_headless_and_keeps_the_player_data_outside(tmp_path):
    game = unpack(built_zip(), tmp_path / "unpacked")
    before = sorted(game.rglob("*"))
    home, data, cwd, no_python = tmp_path / "home", tmp_path / "data", tmp_path / "cwd", tmp_path / "bin"
    for folder in (home, cwd, no_python):
        folder.mkdir()
    env = {"HOME": str(home), "PATH": str(no_python), "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"}

    def run(*args: str | Path) -> str:
        out = subprocess.run(
            [str(game / EXE), *map(str, args)], capture_output=True, text=True, timeout=120, cwd=cwd, env=env
        )
        assert out.returncode == 0, f"{args} exited {out.returncode}:\n{out.stdout}\n{out.stderr}"
        assert "Traceback" not in out.stderr, out.stderr
        return out.stdout

    assert run("--version").strip() == f"Ambassador {__version__}"
    assert run("check").strip() == f"{len(list(paths.LEVELS.glob('*.yaml')))} level file(s) OK"
    run("--demo", "--seconds", "2", "--data-dir", data)
    assert (data / "scores.db").is_file()
    assert "0 score(s)" in run("scores", "list", "--data-dir", data)  # the attract mode saves only with --save
    (data / "levels").mkdir()
    (data / "levels" / "my-own.yaml").write_text(MY_OWN, encoding="utf-8")
    assert "No scores yet for level 'my-own'" in run("scores", "list", "--level", "my-own", "--data-dir", data)
    if sys.platform.startswith("linux"):  # the same user data folder as every other install
        run("--demo", "--seconds", "1")
        assert (home / ".local" / "share" / "ambassador" / "scores.db").is_file()
    assert sorted(game.rglob("*")) == before  # nothing written inside the bundle
    assert not list(cwd.iterdir())
