"""The game's side of the learning records: when a level is saved, its statements are made (a few
dictionaries, on the frame loop) and handed to the courier, whose own thread writes them to the
outbox and sends them to the company's LRS. Nothing here waits for the network or the disk.

Only when an LRS is configured (settings, environment): without one, `xapi export` and `xapi send`
make the same statements from the store at any time.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from game.lazy import later
from game.report import lrs

if TYPE_CHECKING:
    from game.content.levels import Library
    from game.core.choices import CaseChoice
    from game.core.figures import Figures
    from game.core.model import Level
    from game.core.yardstick import Yardstick
    from game.store.scores import ScoreRow

records = later("game.report.records")  # statements are made only once an LRS is set
xapi = later("game.report.xapi")

log = logging.getLogger(__name__)


class LearningRecords:
    """Make with the data folder and the settings; `record` after each saved score; `stop` at the end."""

    def __init__(self, folder: Path, settings: object, environ: Mapping[str, str] | None = None) -> None:
        self.problem = ""  # one line to show: an LRS address that is not one
        try:
            cfg = lrs.config(settings, environ)
        except lrs.LrsError as exc:
            cfg, self.problem = None, f"{exc}; no learning records are sent"
        self.courier = lrs.Courier(folder, cfg) if cfg is not None else None
        if self.courier is not None:
            self.courier.start()  # what an earlier run left in the outbox goes now

    @property
    def on(self) -> bool:
        return self.courier is not None

    def record(
        self,
        row: ScoreRow,
        choices: Sequence[CaseChoice],
        level: Level | None,
        library: Library,
        ys: Yardstick | None,
        figures: Figures,
        lang: str,
        home: str,
    ) -> None:
        """Queue the statements of one saved score; returns at once."""
        if self.courier is None:
            return
        try:
            facts = records.level_facts(level, library, ys) if level is not None else None
            made = xapi.statements(row, choices, facts, records.profile(home, lang, figures))
        except Exception:  # a record that cannot be made must never stop the game
            log.exception("the learning records of a score could not be made")
            return
        self.courier.post_statements(made)

    def stop(self) -> None:
        if self.courier is not None:
            self.courier.stop()
