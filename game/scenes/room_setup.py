"""Room session set-up: the level, the group saved with the scores, the teams (typed here, or
created from the phones), the session code and how answers are revealed; then the room opens.

Left/Right turn the level, typing fills the focused field, Enter opens the room, Esc goes back.
"""

from __future__ import annotations

from game.core import seedcode
from game.core.names import MAX_NAME, clean_name
from game.core.room import TeamNamesError, teams_from
from game.render import theme
from game.render.painter import Painter
from game.render.widgets import Button, draw_button, draw_field
from game.scenes.base import Scene

FIELD_X, FIELD_W = 80, 1760


class RoomSetupScene(Scene):
    name = "room_setup"
    still = True
    primary = "open"

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.teams = ""
        self.code = seedcode.encode(ctx.seed % (seedcode.MAX_SEED + 1))
        self.level_index = 0
        self.auto = False
        self.group = ctx.group
        self.focus = "open"

    def buttons(self) -> list[Button]:
        t = self.t
        return [
            Button("level", FIELD_X, 230, 1000, 100, t("teams.level_value"), arrows=True),
            Button("group", FIELD_X + 1040, 230, FIELD_W - 1040, 100),
            Button("teams", FIELD_X, 420, FIELD_W, 90),
            Button("code", FIELD_X, 610, 420, 90),
            Button("newcode", FIELD_X + 440, 610, 300, 90, t("teams.new_code")),
            Button("reveal", FIELD_X + 780, 610, 980, 90, t("room.reveal_auto" if self.auto else "room.reveal_host")),
            Button("open", 1160, 900, 680, 110, t("room.open"), "Enter"),
            Button("back", FIELD_X, 960, 300, 80, t("common.back"), "Esc"),
        ]

    @property
    def editing(self) -> bool:
        return self.focus in ("teams", "code", "group")

    def type_text(self, text: str) -> None:
        if self.focus == "code":
            self.code = (self.code + text.upper())[:12]
        elif self.focus == "teams":
            self.teams = (self.teams + text)[:400]
        elif self.focus == "group":
            self.group = (self.group + text)[:MAX_NAME]
        self.message = ""

    def erase(self) -> None:
        if self.focus == "code":
            self.code = self.code[:-1]
        elif self.focus == "teams":
            self.teams = self.teams[:-1]
        elif self.focus == "group":
            self.group = self.group[:-1]

    def act(self, action: str) -> None:
        if self.focus == "level" and action in ("left", "right"):
            self._turn(1 if action == "right" else -1)
        elif action == "confirm" and self.editing or action == "back" and self.editing:
            self.focus = "open"
        else:
            super().act(action)

    def handle(self, action: str) -> None:
        if action == "back":
            self.ctx.go("title")
        elif action == "level":
            self._turn(1)
        elif action == "newcode":
            self.code = seedcode.encode(self.ctx.new_seed())
        elif action == "reveal":
            self.auto = not self.auto
        elif action in ("open", "confirm"):
            self.open()

    def _turn(self, step: int) -> None:
        self.level_index = (self.level_index + step) % max(1, len(self.ctx.catalogue.levels))

    def open(self) -> None:
        levels = self.ctx.catalogue.levels
        if not levels:
            self.message = self.t("teams.no_levels")
            return
        try:
            seed = seedcode.decode(self.code)
        except ValueError as exc:
            self.message, self.focus = str(exc), "code"
            return
        try:
            teams = teams_from(self.teams)
        except TeamNamesError as exc:
            problem = self.t(f"room.{exc.code}", n=exc.value, name=exc.value)
            self.message, self.focus = self.t("room.bad_teams", problem=problem), "teams"
            return
        if clean_name(self.group) != self.ctx.group:
            self.ctx.change_settings(group=clean_name(self.group))  # saved with every team's score
        error = self.ctx.start_room(levels[self.level_index % len(levels)], list(teams), seed, self.auto)
        if error:
            self.message = error

    def draw(self, p: Painter) -> None:
        t = self.t
        h = p.text(t("room.setup_heading"), FIELD_X, 40, theme.H1, p.palette.accent, bold=True)
        p.text(p.fit(t("room.setup_hint"), theme.SMALL, 1760), FIELD_X, max(112, 44 + h), theme.SMALL, p.palette.muted)
        p.text(t("teams.level"), FIELD_X, 180, theme.BODY, p.palette.text, bold=True)
        p.text(t("settings.group"), FIELD_X + 1040, 180, theme.BODY, p.palette.text, bold=True)
        p.text(t("room.teams"), FIELD_X, 370, theme.BODY, p.palette.text, bold=True)
        p.text(t("teams.code"), FIELD_X, 560, theme.BODY, p.palette.text, bold=True)
        levels = self.ctx.catalogue.levels
        for b in self.buttons():
            focused = self.focus == b.action
            if b.action == "teams":
                draw_field(p, b, self.teams, focused, empty=t("room.teams_empty"))
            elif b.action == "group":
                draw_field(p, b, self.group, focused, empty=t("settings.no_group"))
            elif b.action == "code":
                draw_field(p, b, self.code, focused, size=theme.H2, colour=p.palette.accent)
            elif b.action == "level":
                title = levels[self.level_index % len(levels)].title if levels else "-"
                label = p.fit(title, theme.BODY, b.w - 120, True)
                draw_button(p, Button(b.action, b.x, b.y, b.w, b.h, label, arrows=True), focused)
            else:
                draw_button(p, b, focused, self.pressed == b.action, primary=b.action == self.primary)
        p.text(t("teams.code_hint"), FIELD_X, 720, theme.SMALL, p.palette.muted, wrap=1760)
        if self.message:
            p.text(self.message, FIELD_X, 820, theme.SMALL, p.palette.bad, wrap=1000)
