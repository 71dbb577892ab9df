"""Every screen by name, in one place: the app looks a scene up here, and a scene asks for the next
one by its name (`ctx.go("summary")`), never by importing it."""

from __future__ import annotations

from game.scenes.base import Scene
from game.scenes.briefing import BriefingScene
from game.scenes.case import CaseScene
from game.scenes.debrief import DebriefScene
from game.scenes.leaderboard import LeaderboardScene
from game.scenes.lessons import LessonsScene
from game.scenes.level_select import LevelSelectScene
from game.scenes.outcome import OutcomeScene
from game.scenes.pause import PauseScene
from game.scenes.room_case import RoomCaseScene
from game.scenes.room_lobby import RoomLobbyScene
from game.scenes.room_pause import RoomPauseScene
from game.scenes.room_reveal import RoomRevealScene
from game.scenes.room_setup import RoomSetupScene
from game.scenes.scoreboard import PodiumScene, ScoreboardScene
from game.scenes.settings import SettingsScene
from game.scenes.summary import SummaryScene
from game.scenes.team_debrief import TeamDebriefScene
from game.scenes.team_setup import TeamSetupScene
from game.scenes.title import TitleScene

SCENES: dict[str, type[Scene]] = {
    scene.name: scene
    for scene in (
        TitleScene,
        LevelSelectScene,
        BriefingScene,
        CaseScene,
        PauseScene,
        OutcomeScene,
        DebriefScene,
        SummaryScene,
        TeamSetupScene,
        ScoreboardScene,
        PodiumScene,
        TeamDebriefScene,
        LeaderboardScene,
        LessonsScene,
        SettingsScene,
        RoomSetupScene,
        RoomLobbyScene,
        RoomCaseScene,
        RoomRevealScene,
        RoomPauseScene,
    )
}
