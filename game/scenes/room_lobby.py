"""The room's lobby on the projector: the QR code, the address in large text and the room code, and
the teams filling up with phones. Enter (or a clicker's PageDown) starts; the hot-seat is a button
away; after a minute without a phone, what usually stops phones joining and what to do.
"""

from __future__ import annotations

import pygame

from game.core.room import Room
from game.core.teams import Team
from game.render import theme
from game.render.painter import Painter
from game.render.widgets import Button
from game.scenes.base import Scene

HELP_AFTER_S = 60.0
QR_X, QR_Y, QR_SIZE = 60, 150, 600


class RoomLobbyScene(Scene):
    name = "room_lobby"
    primary = "begin"

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        assert ctx.room is not None, "a room screen needs an open room"
        self._host = ctx.room
        self._room: Room = ctx.room.room
        self.focus = "begin"
        self.waited = 0.0
        self.shown = -1  # the room's version drawn last: phones joining redraw it at most 4 times a second
        self._since = 0.0
        self._qr: pygame.Surface | None = None

    @property
    def room(self) -> Room:
        """The room this screen shows: kept, so the frame after the room closes still draws it."""
        return self._room

    @property
    def busy(self) -> bool:
        return True  # phones join at any moment; the layer is drawn again only when the room changed

    @property
    def paints_background(self) -> bool:
        return True

    def buttons(self) -> list[Button]:
        t = self.t
        return [
            Button("begin", 1160, 950, 700, 100, t("room.begin"), "Enter"),
            Button("hotseat", 700, 960, 430, 80, t("room.hot_seat")),
            Button("close", 60, 960, 420, 80, t("room.close"), "Esc"),
        ]

    def handle(self, action: str) -> None:
        if action in ("begin", "confirm"):
            why = self.ctx.begin_room()
            if why == "no_phones":
                self.message = self.t("room.need_phone")
            elif why is None:
                self.ctx.go("room_case")
        elif action == "hotseat":
            self._hot_seat()
        elif action in ("close", "back"):
            self.ctx.end_session()
            self.ctx.go("title")

    def _hot_seat(self) -> None:
        """The same level, teams and code, played in turns on this screen."""
        room = self.room
        teams = list(room.teams)
        if not teams:
            self.ctx.end_session()
            self.ctx.go("team_setup")
            return
        self.ctx.start_team(room.level, [Team(team.name, team.badge) for team in teams], room.seed)

    def update(self, dt: float) -> None:
        self.waited += dt
        self._since += dt
        if self.shown != self.room.version and (self._since >= 0.25 or self.shown < 0):
            self.shown, self._since = self.room.version, 0.0

    def demo_actions(self) -> list[str]:
        return ["begin"]

    def draw(self, p: Painter) -> None:
        room = self.room
        show_help = not room.phones and self.waited >= HELP_AFTER_S
        key = (self.shown, self.t, self.focus, self.pressed, self.message, p.palette, p.large, show_help)
        self.draw_layered(p, key, lambda layer: self._draw(layer, show_help))

    def _draw(self, p: Painter, show_help: bool) -> None:
        t, host, room = self.t, self._host, self.room
        p.text(t("room.lobby_heading"), 60, 30, theme.H1, p.palette.accent, bold=True)
        title = p.fit(room.level.title, theme.H2, 800, True)
        p.text(title, 1860, 40, theme.H2, p.palette.text, bold=True, align="right")
        self._draw_qr(p, host.qr)
        url = host.url.removeprefix("http://")
        size = next((s for s in (theme.H1, theme.H2, theme.BODY) if p.measure(url, s, True)[0] <= 1160), theme.SMALL)
        y = 150
        y += 8 + p.text(p.fit(url, size, 1160, True), 700, y, size, p.palette.text, bold=True)
        y += p.text(t("room.code_label"), 700, y, theme.BODY, p.palette.muted)
        y += p.text(room.code, 700, y, theme.HUGE, p.palette.accent, bold=True)
        y += 16 + p.text(t("room.join_steps"), 700, y, theme.SMALL, p.palette.muted, wrap=1160)
        bottom = 760 if show_help else 930
        if not room.teams:
            p.text(t("room.no_teams"), 700, y, theme.BODY, p.palette.text, wrap=1160)
        y = self._draw_teams(p, y, bottom - p.measure("Ag", theme.SMALL)[1] - 8)
        if room.teams and any(not room.phones_of(i, present_only=False) for i in range(len(room.teams))):
            p.text(t("room.sits_out"), 700, y, theme.SMALL, p.palette.muted)
        if show_help:
            p.rect(60, 770, 1800, 175, p.palette.panel_hi, radius=14)
            h = p.text(t("room.help_heading"), 84, 778, theme.BODY, p.palette.accent, bold=True)
            p.text(t("room.help"), 84, 782 + h, theme.SMALL, p.palette.text, wrap=1750)
        elif self.message:
            p.text(self.message, 60, 800, theme.SMALL, p.palette.bad, wrap=600)
        self.draw_buttons(p)

    def _draw_teams(self, p: Painter, top: float, bottom: float) -> float:
        """The teams with their badges and phones: one column with the phones' names when there is
        room, else two columns with the counts alone. Returns where the list ends."""
        t, room = self.t, self.room
        line = p.measure("Ag", theme.BODY, True)[1]
        row_h = line + 14
        cols = 1 if len(room.teams) * row_h <= bottom - top else 2
        per_col = max(1, int((bottom - top) // row_h))
        col_w = 1160 / cols
        end = top
        for i, team in enumerate(room.teams[: per_col * cols]):
            x, y = 700 + (i // per_col) * col_w, top + (i % per_col) * row_h
            phones = room.phones_of(i)
            p.rect(x, y, col_w - 12, row_h - 6, p.palette.panel, radius=10)
            p.badge(x + 28, y + (row_h - 6) / 2, min(18.0, line / 2), team.badge)
            joined = room.phones_of(i, present_only=False)  # a phone asleep still plays for its team
            count = t("room.phones", n=len(phones)) if joined else t("room.no_phone")
            count_w = p.measure(count, theme.SMALL)[0]
            colour = p.palette.accent if phones else p.palette.muted
            if cols == 1:
                p.text(count, 1440, y + 8, theme.SMALL, colour, align="right")
                names = ", ".join(ph.name for ph in phones[:6])
                p.text(p.fit(names, theme.SMALL, 390, data=True), 1460, y + 8, theme.SMALL, p.palette.muted)
                room_for_name = 1440 - count_w - 30 - (x + 60)
            else:
                p.text(count, x + col_w - 30, y + 8, theme.SMALL, colour, align="right")
                room_for_name = col_w - 30 - count_w - 90
            name = p.fit(team.name, theme.BODY, room_for_name, True, data=True)
            p.text(name, x + 56, y + 4, theme.BODY, p.palette.text, bold=True)
            end = max(end, y + row_h)
        return end

    def _draw_qr(self, p: Painter, matrix: tuple[tuple[bool, ...], ...]) -> None:
        """The QR code on a white square with its quiet zone, each module a whole number of pixels."""
        if not matrix:
            return
        n = len(matrix) + 8  # four light modules all round
        if self._qr is None:
            self._qr = pygame.Surface((n, n))
            self._qr.fill((255, 255, 255))
            for y, row in enumerate(matrix):
                for x, dark in enumerate(row):
                    if dark:
                        self._qr.set_at((x + 4, y + 4), (0, 0, 0))
        area = pygame.Rect(p.canvas.rect(QR_X, QR_Y, QR_SIZE, QR_SIZE))
        module = max(1, area.w // n)
        side = module * n
        scaled = pygame.transform.scale(self._qr, (side, side))
        p.surface.blit(scaled, (area.x + (area.w - side) // 2, area.y + (area.h - side) // 2))
