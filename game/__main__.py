"""`python -m game` and the `ambassador` command: see game/cli.py for the commands.

Run with a Python that lacks the game's packages (the system one, outside the virtual environment),
the game says in one line what to run instead of ending in a traceback.
"""

import sys

NEEDED = {"pygame": "pygame-ce", "yaml": "PyYAML"}  # import name: the package that provides it


def run() -> int:
    """The entry point of both ways in (pyproject's [project.scripts] names it)."""
    try:
        from game.cli import main

        return main()
    except ModuleNotFoundError as exc:
        top = (exc.name or "").split(".")[0]
        if top not in NEEDED:
            raise  # a module of our own gone missing is a bug, and its traceback says where
        print(
            f"ambassador: this Python ({sys.executable}) lacks {NEEDED[top]}; run `make play`, "
            "or `.venv/bin/python -m game` after `make play` or `make test`, or `pip install -e .` first",
            file=sys.stderr,
        )
        return 1


if __name__ == "__main__":
    sys.exit(run())
