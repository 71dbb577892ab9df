"""The shape of the code, checked: no import cycle (imports inside functions count), no scene
importing another, a core that runs without pygame, tooling the game never imports while it runs,
and scenes that see a context, never the App.

The import graph is read from the source with `ast`, so an import hidden inside a function or
behind a condition is seen like any other; only `if TYPE_CHECKING:` blocks are left out, since
they never run.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import game

ROOT = Path(game.__file__).parent


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in ROOT.rglob("*.py")}


def _runtime_nodes(tree: ast.AST):
    """Every node, except those under `if TYPE_CHECKING:`."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            stack.extend(node.orelse)
            continue
        yield node
        stack.extend(ast.iter_child_nodes(node))


def imports_of(name: str) -> dict[str, bool]:
    """The game modules `name` imports, each with whether the import is inside a function."""
    tree = ast.parse(MODULES[name].read_text(encoding="utf-8"))
    inside: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            inside.update(id(n) for n in ast.walk(node) if n is not node)
    out: dict[str, bool] = {}
    for node in _runtime_nodes(tree):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            targets = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        elif _is_later(node):  # `later("game.x")`: an import that runs on first use
            targets = [node.args[0].value]
        for target in targets:
            if target in MODULES and target != name:
                out[target] = out.get(target, False) or id(node) in inside
    return out


def _is_later(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "later"
        and len(node.args) == 1
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
    )


GRAPH = {name: imports_of(name) for name in MODULES}


def test_a_module_loaded_on_first_use_is_still_an_import_in_the_graph():
    assert GRAPH["game.app"].get("game.room.host") is False  # named at the top, loaded when a room opens
    assert "game.room.host" not in _loaded_by("import game.app")
    assert "game.room.host" in _loaded_by("import game.app; game.app.rooms.PORT")


def _loaded_by(code: str) -> set[str]:
    """The modules a fresh interpreter has run after `code` (a lazy one only once it is used)."""
    probe = (
        f"import sys; {code}; "  # (type() looks at a module without loading it; an attribute would)
        "print(' '.join(n for n, m in sys.modules.items() if type(m).__name__ != '_LazyModule'))"
    )
    env = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy", "PYGAME_HIDE_SUPPORT_PROMPT": "1"}
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, env=env)
    return set(out.stdout.split())


def test_there_is_no_import_cycle_even_through_imports_inside_functions():
    seen: dict[str, int] = {}  # 1: on the path, 2: done
    cycles: list[str] = []

    def visit(name: str, path: list[str]) -> None:
        seen[name] = 1
        for nxt in GRAPH[name]:
            if seen.get(nxt) == 1:
                cycles.append(" -> ".join([*path[path.index(nxt) :], nxt]))
            elif nxt not in seen:
                visit(nxt, [*path, nxt])
        seen[name] = 2

    for name in sorted(GRAPH):
        if name not in seen:
            visit(name, [name])
    assert not cycles, "\n".join(cycles)


def test_no_import_is_hidden_inside_a_function_outside_the_command_line():
    """The commands import what each needs when it runs, so `check` starts without pygame; nowhere
    else is an import tucked into a function."""
    hidden = [
        f"{name} imports {target} inside a function"
        for name, targets in GRAPH.items()
        for target, inside in targets.items()
        if inside and name not in ("game.cli", "game.__main__")
    ]
    assert not hidden, "\n".join(hidden)


def test_no_scene_imports_another_scene():
    shared = {"game.scenes", "game.scenes.base", "game.scenes.context", "game.scenes.registry"}
    scenes = [n for n in MODULES if n.startswith("game.scenes.") and n not in shared]
    assert len(scenes) >= 12
    wrong = [f"{n} imports {t}" for n in scenes for t in GRAPH[n] if t.startswith("game.scenes.") and t not in shared]
    assert not wrong, "\n".join(wrong)


def test_scenes_see_a_context_never_the_app():
    wrong = [
        f"{n} imports {t}"
        for n in MODULES
        if n.startswith("game.scenes")
        for t in GRAPH[n]
        if t in ("game.app", "game.cli", "game.audio") or t.startswith("game.dev")
    ]
    assert not wrong, "\n".join(wrong)
    for name in MODULES:
        if name.startswith("game.scenes"):
            assert "self.app" not in MODULES[name].read_text(encoding="utf-8"), name


def test_every_scene_is_registered_by_its_own_name():
    from game.scenes.base import Scene
    from game.scenes.registry import SCENES, scene_class

    classes = {name: scene_class(name) for name in SCENES}
    assert all(issubclass(cls, Scene) and cls.name == name for name, cls in classes.items())
    drawn = {n.rsplit(".", 1)[1] for n in MODULES if n.startswith("game.scenes.")} - {"base", "context", "registry"}
    modules = {cls.__module__.rsplit(".", 1)[1] for cls in classes.values()}
    assert drawn == modules, drawn ^ modules


def test_the_game_never_imports_its_tooling():
    wrong = [
        f"{n} imports {t}"
        for n in MODULES
        if not n.startswith("game.dev")
        for t in GRAPH[n]
        if t.startswith("game.dev")
    ]
    # the command line reaches the tooling only for the bench and screenshots commands
    assert all(w.startswith("game.cli ") for w in wrong), wrong


def test_the_core_imports_only_the_standard_library_and_itself():
    for name in MODULES:
        if name.startswith("game.core"):
            assert all(t.startswith("game.core") or t == "game" for t in GRAPH[name]), (name, GRAPH[name])


def test_the_core_and_a_whole_session_run_with_pygame_blocked():
    """A level played through a session, headless, in a process where importing pygame fails."""
    code = """
import sys
class Block:
    def find_spec(self, name, path=None, target=None):
        if name == "pygame" or name.startswith("pygame."):
            raise ImportError("pygame is blocked")
sys.meta_path.insert(0, Block())
from game import paths
from game.content.figures import load_figures
from game.content.levels import default_library, load_level
from game.core.model import Response
from game.core.rules import Choose
from game.core.session import LevelDone, Session
level = load_level(paths.LEVELS / "tutorial.yaml", default_library())
session = Session.solo(level, load_figures(), 5, "Kari")
heard = []
session.listeners.append(heard.append)
session.begin()
while not session.play.finished:
    session.act(Choose(Response.FIX))
done = [e for e in heard if isinstance(e, LevelDone)]
assert len(done) == 1 and done[0].saving.name == "Kari", heard
assert "pygame" not in sys.modules
print("ok")
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "ok", out.stderr
