"""The core must run where pygame cannot even be imported: tests and the simulator depend on it."""

import subprocess
import sys

CODE = """
import sys
sys.modules["pygame"] = None  # any import of pygame now fails
import game.core.model, game.core.rules, game.core.simulator, game.core.chance, game.core.figures
from game.content.figures import load_figures
from game.content.levels import default_library, load_level
from game import paths
from game.core.simulator import STRATEGIES, play_level
from game.core.rules import totals
level = load_level(paths.LEVELS / "tutorial.yaml", default_library())
print(totals(play_level(level, load_figures(), 1, STRATEGIES["greedy"])).score)
"""


def test_core_and_content_run_without_pygame():
    out = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    int(out.stdout.strip())  # a score came out
