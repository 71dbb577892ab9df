"""The game's levels, figures and settings turned into what `xapi.statements` needs: the facts of
each level (title, pass mark, range, customers, lessons) and the profile (home page, language,
the scale of one case). Used by `xapi export`, `xapi send` and the app's queue alike.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping

from game.content.levels import Library, lesson_for
from game.core.figures import Figures
from game.core.model import Level
from game.core.yardstick import Yardstick
from game.report import xapi


def level_facts(level: Level, library: Library, ys: Yardstick | None) -> xapi.LevelFacts:
    lessons, texts = {}, {}
    for case in level.cases:
        lesson = lesson_for(level, case, library)
        if lesson is not None:
            lessons[case.id] = lesson.id
            texts[lesson.id] = lesson.text
    return xapi.LevelFacts(
        id=level.id,
        title=level.title,
        pass_mark=level.pass_mark,
        worst=ys.worst if ys else None,
        best=ys.best if ys else None,
        customers={c.id: c.customer for c in level.cases},
        lessons=lessons,
        lesson_texts=texts,
    )


def case_scale(figures: Figures) -> int:
    """The most people one customer can move: an ambassador's listeners, or a lost customer's
    plus the silent crowd behind an ignored complaint."""
    good = int(figures.ambassador_tells.value)
    bad = int(figures.lost_tells.value) + int(figures.silent_per_complaint.value)
    return max(good, bad, 1)


def profile(home: str, lang: str, figures: Figures) -> xapi.Profile:
    return xapi.Profile(home=home or xapi.GAME_HOME, lang=lang, case_scale=case_scale(figures))


class Facts(Mapping[str, xapi.LevelFacts]):
    """Each level's facts, made when first asked (a range costs a few milliseconds of simulation)."""

    def __init__(
        self, levels: Mapping[str, Level], library: Library, yardstick: Callable[[Level], Yardstick | None]
    ) -> None:
        self.levels, self.library, self.yardstick = levels, library, yardstick
        self._made: dict[str, xapi.LevelFacts] = {}

    def __getitem__(self, level_id: str) -> xapi.LevelFacts:
        if level_id not in self._made:
            level = self.levels[level_id]
            self._made[level_id] = level_facts(level, self.library, self.yardstick(level))
        return self._made[level_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self.levels)

    def __len__(self) -> int:
        return len(self.levels)


def statements(scored: Iterable[tuple], facts: Facts, prof: xapi.Profile) -> Iterator[dict]:
    yield from xapi.all_statements(scored, facts, prof)
