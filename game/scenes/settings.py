"""Settings, saved between runs: decision timer, text size, contrast, sound, language, and the
name solo scores are saved under. Up/Down pick a row, Left/Right or Enter change it."""

from __future__ import annotations

from game.content.strings import languages
from game.core.teams import MAX_NAME, clean_name
from game.render import theme
from game.render.painter import Painter
from game.render.widgets import Button, draw_button
from game.scenes.base import Scene
from game.store.settings import TEXT_SIZES, TIMERS

ROWS = ("timer", "text_size", "high_contrast", "sound", "volume", "language", "player")


class SettingsScene(Scene):
    name = "settings"
    still = True

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.focus = "row:timer"
        self.name_draft = ctx.settings.player

    def options(self, row: str) -> list:
        return {
            "timer": list(TIMERS),
            "text_size": list(TEXT_SIZES),
            "high_contrast": [False, True],
            "sound": [True, False],
            "volume": list(range(0, 101, 10)),
            "language": languages(),
        }.get(row, [])

    def value_label(self, row: str) -> str:
        value = getattr(self.ctx.settings, row)
        if row == "player":
            return self.name_draft
        if isinstance(value, bool):
            return self.t("settings.on" if value else "settings.off")
        if row == "volume":
            return f"{value} %"
        return self.t(f"settings.{row}.{value}")

    def buttons(self) -> list[Button]:
        out = [Button(f"row:{row}", 760, 130 + i * 112, 1100, 92) for i, row in enumerate(ROWS)]
        out.append(Button("back", 60, 960, 360, 90, self.t("common.back"), "Esc"))
        return out

    @property
    def editing(self) -> bool:
        return self.focus == "row:player"

    def type_text(self, text: str) -> None:
        self.name_draft = (self.name_draft + text)[:MAX_NAME]

    def erase(self) -> None:
        self.name_draft = self.name_draft[:-1]

    def _save_name(self) -> None:
        """Keep the typed name (cleaned as every name is); an empty one keeps the old name."""
        name = clean_name(self.name_draft)
        if name and name != self.ctx.settings.player:
            self.ctx.change_settings(player=name)
        self.name_draft = self.ctx.settings.player

    def act(self, action: str) -> None:
        row = self.focus.split(":", 1)[1] if self.focus and self.focus.startswith("row:") else ""
        if self.editing and action == "back":  # Esc undoes the edit, as it does in any text field
            self.name_draft = self.ctx.settings.player
            self.focus = "row:language"
            return
        if self.editing and action in ("confirm", "up", "down", "tab"):
            self._save_name()
            if action == "confirm":
                return
        elif action in ("left", "right") and row and row != "player":
            self.cycle(row, 1 if action == "right" else -1)
            return
        super().act(action)

    def leave(self) -> None:
        if self.name_draft != self.ctx.settings.player:
            self._save_name()  # left with a click while typing: the name typed is kept

    def cycle(self, row: str, step: int) -> None:
        options = self.options(row)
        if not options:
            return
        current = getattr(self.ctx.settings, row)
        i = options.index(current) if current in options else 0
        self.ctx.change_settings(**{row: options[(i + step) % len(options)]})

    def handle(self, action: str) -> None:
        if action.startswith("row:"):
            row = action.split(":", 1)[1]
            if row != "player":
                self.cycle(row, 1)
        elif action == "back":
            self.ctx.go("title")

    def demo_actions(self) -> list[str]:
        return ["back"]

    def draw(self, p: Painter) -> None:
        p.text(self.t("settings.heading"), 60, 40, theme.H1, p.palette.accent, bold=True)
        for i, row in enumerate(ROWS):
            y = 130 + i * 112
            words = self.t(f"settings.{row}")
            p.text(
                words, 60, y + (92 - p.measure(words, theme.BODY, True)[1]) / 2, theme.BODY, p.palette.text, bold=True
            )
        for b in self.buttons():
            if b.action.startswith("row:"):
                row = b.action.split(":", 1)[1]
                arrows = row != "player"
                caret = "|" if self.focus == b.action and not arrows else ""
                label = p.fit(self.value_label(row), theme.BODY, b.w - 120) + caret
                b = Button(b.action, b.x, b.y, b.w, b.h, label, arrows=arrows)
            draw_button(p, b, self.focus == b.action, self.pressed == b.action)
        p.text(self.t("settings.saved", path=self.ctx.data_dir), 480, 980, theme.SMALL, p.palette.muted, wrap=1380)
