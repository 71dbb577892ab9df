"""Team session set-up: 1 to 8 teams with typed names, one level, one session code.

Every team plays the same level with the same code, so they meet the same customers and the same
luck. Another room types the code here (or gives --seed CODE) to play the very same session. The
group (a cohort, a site, a workshop) is saved with every team's score, and kept for next time.
Up/Down move between fields, typing fills a name, Enter goes on, Esc leaves.
"""

from __future__ import annotations

from game.core import seedcode
from game.core.names import MAX_NAME, clean_name
from game.core.teams import MAX_TEAMS, Team
from game.render import theme
from game.render.painter import Painter
from game.render.widgets import Button, draw_button, draw_field
from game.scenes.base import Scene

ROW_H, ROW_GAP, LIST_X, LIST_W = 84, 12, 80, 1000
GROUP_Y = 746  # the group's field, under the code and its hint


class TeamSetupScene(Scene):
    name = "team_setup"
    still = True
    primary = "start"

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.names = ["", ""]
        self.code = seedcode.encode(ctx.seed % (seedcode.MAX_SEED + 1))
        self.level_index = 0
        self.group = ctx.group
        self.focus = "team:0"

    def placeholder(self, i: int) -> str:
        return self.t("teams.placeholder", n=i + 1)

    # -- layout
    def buttons(self) -> list[Button]:
        out = []
        for i in range(len(self.names)):
            y = 190 + i * (ROW_H + ROW_GAP)
            out.append(Button(f"team:{i}", LIST_X + 90, y, LIST_W - 200, ROW_H))
            if len(self.names) > 1:
                out.append(Button(f"remove:{i}", LIST_X + LIST_W - 96, y, 96, ROW_H, icon="cross"))
        if len(self.names) < MAX_TEAMS:
            y = 190 + len(self.names) * (ROW_H + ROW_GAP)
            out.append(Button("add", LIST_X + 90, y, 420, ROW_H, self.t("teams.add")))
        out += [
            Button("level", 1160, 220, 680, 96, self.t("teams.level_value")),
            Button("code", 1160, 390, 420, 96),
            Button("newcode", 1600, 390, 240, 96, self.t("teams.new_code")),
            Button("group", 1160, GROUP_Y, 680, 84),
            Button("start", 1160, 900, 680, 110, self.t("teams.start"), "Enter"),
            Button("back", LIST_X, 960, 300, 80, self.t("common.back"), "Esc"),
        ]
        return out

    @property
    def editing(self) -> bool:
        return bool(self.focus) and (self.focus.startswith("team:") or self.focus in ("code", "group"))

    # -- input
    def type_text(self, text: str) -> None:
        if self.focus == "code":
            self.code = (self.code + text.upper())[:12]
        elif self.focus == "group":
            self.group = (self.group + text)[:MAX_NAME]
        elif self.focus and self.focus.startswith("team:"):
            i = int(self.focus.split(":")[1])
            self.names[i] = (self.names[i] + text)[:MAX_NAME]
        self.message = ""

    def erase(self) -> None:
        if self.focus == "code":
            self.code = self.code[:-1]
        elif self.focus == "group":
            self.group = self.group[:-1]
        elif self.focus and self.focus.startswith("team:"):
            i = int(self.focus.split(":")[1])
            self.names[i] = self.names[i][:-1]

    def act(self, action: str) -> None:
        if self.focus == "level" and action in ("left", "right"):
            step = 1 if action == "right" else -1
            self.level_index = (self.level_index + step) % max(1, len(self.ctx.catalogue.levels))
        elif action in ("confirm", "tab") and self.focus and self.focus.startswith("team:"):
            # from a name to the next name, never to the remove button beside it (the next name
            # typed would be lost); after the last name, Tab goes on to adding a team
            i = int(self.focus.split(":")[1])
            after = "add" if action == "tab" and len(self.names) < MAX_TEAMS else "start"
            self.focus = f"team:{i + 1}" if i + 1 < len(self.names) else after
        elif action == "back" and self.editing:
            self.focus = "start"
        else:
            super().act(action)

    def handle(self, action: str) -> None:
        if action == "back":
            self.ctx.go("title")
        elif action == "add" and len(self.names) < MAX_TEAMS:
            self.names.append("")
            self.focus = f"team:{len(self.names) - 1}"
        elif action.startswith("remove:") and len(self.names) > 1:
            del self.names[int(action.split(":")[1])]
            self.focus = "team:0"
        elif action == "level":
            self.level_index = (self.level_index + 1) % max(1, len(self.ctx.catalogue.levels))
        elif action == "newcode":
            self.code = seedcode.encode(self.ctx.new_seed())
        elif action in ("start", "confirm"):
            self.start()

    def start(self) -> None:
        levels = self.ctx.catalogue.levels
        if not levels:
            self.message = self.t("teams.no_levels")
            return
        try:
            seed = seedcode.decode(self.code)
        except ValueError as exc:
            self.message = str(exc)
            self.focus = "code"
            return
        teams, seen = [], set()
        for i, raw in enumerate(self.names):
            name = clean_name(raw, fallback=self.placeholder(i))
            while name.casefold() in seen:  # two teams may not share a name on the scoreboard
                name = f"{name} ({i + 1})"
            seen.add(name.casefold())
            teams.append(Team(name, i))
        if clean_name(self.group) != self.ctx.group:
            self.ctx.change_settings(group=clean_name(self.group))  # saved with each score, kept for next time
        self.ctx.start_team(levels[self.level_index % len(levels)], teams, seed)

    def demo_actions(self) -> list[str]:
        wanted = max(1, min(self.ctx.demo.teams, MAX_TEAMS))
        while len(self.names) > wanted:
            self.names.pop()
        return ["add"] if len(self.names) < wanted else ["start"]

    # -- drawing
    def draw(self, p: Painter) -> None:
        heading_h = p.text(self.t("teams.heading"), 80, 40, theme.H1, p.palette.accent, bold=True)
        p.text(
            p.fit(self.t("teams.hint"), theme.SMALL, 1760), 80, max(112, 42 + heading_h), theme.SMALL, p.palette.muted
        )
        for b in self.buttons():
            focused = self.focus == b.action
            if b.action.startswith("team:"):
                i = int(b.action.split(":")[1])
                p.badge(LIST_X + 40, b.y + b.h / 2, 30, i)
                draw_field(p, b, self.names[i], focused, empty=self.placeholder(i))
            elif b.action == "code":
                draw_field(p, b, self.code, focused, size=theme.H2, bold=True, colour=p.palette.accent, centred=True)
            elif b.action == "group":
                draw_field(p, b, self.group, focused, empty=self.t("settings.no_group"))
            elif b.action == "level":
                levels = self.ctx.catalogue.levels
                title = levels[self.level_index % len(levels)].title if levels else "-"
                draw_button(
                    p,
                    Button(b.action, b.x, b.y, b.w, b.h, p.fit(title, theme.BODY, b.w - 120, True), arrows=True),
                    focused,
                )
            else:
                draw_button(p, b, focused, self.pressed == b.action, primary=b.action == self.primary)
        p.text(self.t("teams.level"), 1160, 170, theme.BODY, p.palette.text, bold=True)
        p.text(self.t("teams.code"), 1160, 340, theme.BODY, p.palette.text, bold=True)
        p.text(self.t("teams.code_hint"), 1160, 500, theme.SMALL, p.palette.muted, wrap=680)
        p.text(self.t("settings.group"), 1160, GROUP_Y - 50, theme.BODY, p.palette.text, bold=True)
        if self.message:
            p.text(self.message, 1160, GROUP_Y + 92, theme.SMALL, p.palette.bad, wrap=680)
