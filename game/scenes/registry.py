"""Every screen by name, in one place: the app looks a scene up here, and a scene asks for the next
one by its name (`ctx.go("summary")`), never by importing it. A screen's module loads the first
time the screen is shown: a start draws the title alone, and most sessions never open room play."""

from __future__ import annotations

from types import ModuleType

from game.lazy import later
from game.scenes.base import Scene

# screen name: (its module, loaded on first use; its class)
SCENES: dict[str, tuple[ModuleType, str]] = {
    "title": (later("game.scenes.title"), "TitleScene"),
    "level_select": (later("game.scenes.level_select"), "LevelSelectScene"),
    "briefing": (later("game.scenes.briefing"), "BriefingScene"),
    "case": (later("game.scenes.case"), "CaseScene"),
    "pause": (later("game.scenes.pause"), "PauseScene"),
    "outcome": (later("game.scenes.outcome"), "OutcomeScene"),
    "debrief": (later("game.scenes.debrief"), "DebriefScene"),
    "summary": (later("game.scenes.summary"), "SummaryScene"),
    "team_setup": (later("game.scenes.team_setup"), "TeamSetupScene"),
    "scoreboard": (later("game.scenes.scoreboard"), "ScoreboardScene"),
    "podium": (later("game.scenes.scoreboard"), "PodiumScene"),
    "team_debrief": (later("game.scenes.team_debrief"), "TeamDebriefScene"),
    "leaderboard": (later("game.scenes.leaderboard"), "LeaderboardScene"),
    "lessons": (later("game.scenes.lessons"), "LessonsScene"),
    "settings": (later("game.scenes.settings"), "SettingsScene"),
    "room_setup": (later("game.scenes.room_setup"), "RoomSetupScene"),
    "room_lobby": (later("game.scenes.room_lobby"), "RoomLobbyScene"),
    "room_case": (later("game.scenes.room_case"), "RoomCaseScene"),
    "room_reveal": (later("game.scenes.room_reveal"), "RoomRevealScene"),
    "room_pause": (later("game.scenes.room_pause"), "RoomPauseScene"),
}


def modules() -> list[ModuleType]:
    """Each screen's module once, in the order a player meets them (for loading ahead)."""
    return list({id(module): module for module, _ in SCENES.values()}.values())


def scene_class(name: str) -> type[Scene]:
    """The screen called `name` (its module loads now if it has not); LookupError for none."""
    if name not in SCENES:
        raise LookupError(f"no screen called {name!r}")
    module, cls = SCENES[name]
    return getattr(module, cls)
