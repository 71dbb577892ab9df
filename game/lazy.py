"""Modules a game may never use, loaded when first used rather than at start.

Room play's web server (asyncio), the report's background maker and the learning records' HTTP
client cost about 60 ms of a 350 ms start, and most sessions use none of them. Every screen but
the title, room play's rules and the simulator are not needed for the first frame either (the App
loads them ahead in the quiet frames after it, with `now`); PyYAML's parsing only when a file not
read before is. `later("name")`
at the top of a module, beside the imports, names the module as an import does (the architecture
test reads it as one); the module runs on the first attribute looked up in it. The standard
library's LazyLoader does the work.
"""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType


def later(name: str) -> ModuleType:
    """The module `name`, loaded on first use (at once if it is loaded already)."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        raise ModuleNotFoundError(f"No module named {name!r}", name=name)
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    loader.exec_module(module)
    parent, _, child = name.rpartition(".")
    if parent:  # as an import does: `import game.room.host` then finds it as game.room.host
        setattr(sys.modules[parent], child, module)
    return module


def now(module: ModuleType) -> ModuleType:
    """Load a `later` module at once, before a second thread may touch it: the LazyLoader of the
    Pythons the game supports does not guard against two threads loading one module together."""
    getattr(module, "__name__")  # noqa: B009 - any attribute looked up runs the module
    return module
