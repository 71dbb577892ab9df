"""Packs the checkout's assets/, levels/ and seeds/ into the wheel as game/_data/.

The three folders stay at the top of the checkout, where trainers edit them and where the checkout
and an editable install read them; a built wheel (and so `pip install .` and pipx) must carry them
inside the package, since nothing outside it is installed. game/paths.py finds either. Everything
else about the package is in pyproject.toml.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
DATA_DIRS = ("assets", "levels", "seeds")  # as game/paths.py names them
SKIP = shutil.ignore_patterns(".*", "*~", "__pycache__", "*.pyc")  # an editor's or Python's leftovers


class BuildWithData(build_py):
    """build_py, then the data folders copied whole into the built package."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads the checkout's own folders
        target = Path(self.build_lib) / "game" / "_data"
        shutil.rmtree(target, ignore_errors=True)  # a file removed from the checkout leaves the wheel too
        for name in DATA_DIRS:
            shutil.copytree(HERE / name, target / name, ignore=SKIP)


setup(cmdclass={"build_py": BuildWithData})
