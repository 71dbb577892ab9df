"""The level model: what a level file describes once it has been validated.

Frozen dataclasses, so a loaded level can be shared by scenes, the simulator and tests without any
of them changing it under the others.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import Enum
from functools import cached_property


class Response(str, Enum):
    """The three ways to meet a complaint (the Bad / Good / World-class table of source 003)."""

    IGNORE = "ignore"
    FIX = "fix"
    EXCEED = "exceed"


RESPONSES: tuple[Response, ...] = (Response.IGNORE, Response.FIX, Response.EXCEED)


class Outcome(str, Enum):
    """What the customer becomes once the case is resolved."""

    LOST = "lost"
    SATISFIED = "satisfied"
    AMBASSADOR = "ambassador"


MOODS: tuple[str, ...] = ("calm", "worried", "annoyed", "angry", "desperate")


@dataclass(frozen=True)
class Cost:
    minutes: int = 0
    money: int = 0


@dataclass(frozen=True)
class Choice:
    response: Response
    label: str
    text: str
    cost: Cost


@dataclass(frozen=True)
class Ask:
    """A question that uncovers what the customer really needs (rule 2 of source 000)."""

    question: str
    answer: str
    minutes: int


@dataclass(frozen=True)
class Lesson:
    id: str
    text: str
    source: str


@dataclass(frozen=True)
class When:
    """A condition on how an earlier case in the same level went; every field given must hold."""

    case: str
    responses: frozenset[Response] = frozenset()
    outcomes: frozenset[Outcome] = frozenset()
    asked: bool | None = None
    apologised: bool | None = None


@dataclass(frozen=True)
class Variant:
    """How a case reads when an earlier case went a certain way: only the fields given change."""

    when: When
    mood: str | None = None
    situation: str | None = None
    ask: Ask | None = None
    choices: dict[Response, Choice] = field(default_factory=dict)
    reactions: dict[Outcome, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Case:
    id: str
    customer: str
    mood: str
    situation: str
    choices: dict[Response, Choice]
    lesson: str
    ask: Ask | None = None
    complaint: bool = True
    reactions: dict[Outcome, str] = field(default_factory=dict)
    discuss: tuple[str, ...] = ()
    variants: tuple[Variant, ...] = ()

    @cached_property
    def varied(self) -> tuple[Case, ...]:
        """The case as each of its variants makes it read, in order: made once, not once a play."""
        return tuple(
            replace(
                self,
                mood=v.mood or self.mood,
                situation=v.situation or self.situation,
                ask=v.ask or self.ask,
                choices={**self.choices, **v.choices},
                reactions={**self.reactions, **v.reactions},
            )
            for v in self.variants
        )


@dataclass(frozen=True)
class Level:
    id: str
    title: str
    summary: str
    briefing: str
    sources: tuple[str, ...]
    shift_minutes: int
    budget: int
    decision_seconds: int
    cases: tuple[Case, ...]
    order: int = 100
    lessons: dict[str, Lesson] = field(default_factory=dict)
    path: str = ""
    pass_mark: int | None = None  # the score that passes the level (the LMS's passed/failed); None: no mark
