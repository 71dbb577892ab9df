"""Settings, saved between runs: decision timer, text size, contrast, sound, language, the name solo
scores are saved under, the group saved with each score and the company board's address (with a
button that tests it). Up/Down pick a row, Left/Right or Enter change it; a text row takes typing."""

from __future__ import annotations

from game.content.schema import Problems
from game.content.strings import languages
from game.core.names import MAX_NAME, clean_name
from game.render import theme
from game.render.painter import Painter
from game.render.widgets import Button, draw_button
from game.scenes.base import Scene
from game.store.settings import TEXT_SIZES, TIMERS, BoardAddress

ROWS = ("timer", "text_size", "high_contrast", "sound", "volume", "language", "player", "group", "scores")
TEXT_ROWS = {"player": MAX_NAME, "group": MAX_NAME, "scores": 300}  # the rows typed into, and their longest text
ROW_Y, ROW_STEP, ROW_H = 120, 92, 80


class SettingsScene(Scene):
    name = "settings"
    still = True

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.focus = "row:timer"
        self.drafts = {row: getattr(ctx.settings, row) for row in TEXT_ROWS}

    def options(self, row: str) -> list:
        return {
            "timer": list(TIMERS),
            "text_size": list(TEXT_SIZES),
            "high_contrast": [False, True],
            "sound": [True, False],
            "volume": list(range(0, 101, 10)),
            "language": languages(),
        }.get(row, [])

    @property
    def name_draft(self) -> str:
        return self.drafts["player"]

    def value_label(self, row: str) -> str:
        value = getattr(self.ctx.settings, row)
        if row in TEXT_ROWS:
            draft = self.drafts[row]
            if draft or self.focus == f"row:{row}":
                return draft
            return self.t("settings.no_group" if row == "group" else "settings.laptop_only" if row == "scores" else "")
        if isinstance(value, bool):
            return self.t("settings.on" if value else "settings.off")
        if row == "volume":
            return f"{value} %"
        return self.t(f"settings.{row}.{value}")

    def buttons(self) -> list[Button]:
        out = []
        for i, row in enumerate(ROWS):
            width = 680 if row == "scores" else 1100
            out.append(Button(f"row:{row}", 760, ROW_Y + i * ROW_STEP, width, ROW_H))
        out.append(Button("test", 1460, ROW_Y + ROWS.index("scores") * ROW_STEP, 400, ROW_H, self.t("settings.test")))
        out.append(Button("back", 60, 960, 360, 90, self.t("common.back"), "Esc"))
        return out

    def text_row(self) -> str | None:
        row = self.focus.split(":", 1)[1] if self.focus and self.focus.startswith("row:") else ""
        return row if row in TEXT_ROWS else None

    @property
    def editing(self) -> bool:
        return self.text_row() is not None

    def type_text(self, text: str) -> None:
        row = self.text_row()
        if row is not None:
            self.drafts[row] = (self.drafts[row] + text)[: TEXT_ROWS[row]]

    def erase(self) -> None:
        row = self.text_row()
        if row is not None:
            self.drafts[row] = self.drafts[row][:-1]

    def _save_text(self, row: str) -> None:
        """Keep what was typed, checked as the settings file checks it: a name cleaned (an empty one
        keeps the old name), a group cleaned (may be empty), an address without a password."""
        draft = self.drafts[row]
        if row == "player":
            name = clean_name(draft)
            if name and name != self.ctx.settings.player:
                self.ctx.change_settings(player=name)
        elif row == "group":
            if clean_name(draft) != self.ctx.settings.group:
                self.ctx.change_settings(group=clean_name(draft))
        else:
            problems = Problems()
            value = BoardAddress().check(draft.strip(), ("scores",), problems)
            if problems.items:
                self.message = problems.items[0][1]
                return  # the draft stays, to be put right
            if value != self.ctx.settings.scores:
                self.ctx.change_settings(scores=value)
        self.drafts[row] = getattr(self.ctx.settings, row)

    def act(self, action: str) -> None:
        row = self.focus.split(":", 1)[1] if self.focus and self.focus.startswith("row:") else ""
        text = self.text_row()
        if text is not None and action == "back":  # Esc undoes the edit, as it does in any text field
            self.drafts[text] = getattr(self.ctx.settings, text)
            self.focus = "row:language"
            return
        if text is not None and action in ("confirm", "up", "down", "tab"):
            self._save_text(text)
            if action == "confirm":
                return
        elif action in ("left", "right") and row and text is None:
            self.cycle(row, 1 if action == "right" else -1)
            return
        super().act(action)

    def leave(self) -> None:
        for row in TEXT_ROWS:
            if self.drafts[row] != getattr(self.ctx.settings, row):
                self._save_text(row)  # left with a click while typing: what was typed is kept

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
            if row not in TEXT_ROWS:
                self.cycle(row, 1)
        elif action == "test":
            self.message = ""
            if self.drafts["scores"] != self.ctx.settings.scores:
                self._save_text("scores")
                if self.message:  # refused (a password in it): said, and not tried
                    return
            self.ctx.test_board(self.ctx.settings.scores)
        elif action == "back":
            self.ctx.go("title")

    def demo_actions(self) -> list[str]:
        return ["back"]

    def draw(self, p: Painter) -> None:
        p.text(self.t("settings.heading"), 60, 40, theme.H1, p.palette.accent, bold=True)
        for i, row in enumerate(ROWS):
            y = ROW_Y + i * ROW_STEP
            words = self.t(f"settings.{row}")
            p.text(
                words,
                60,
                y + (ROW_H - p.measure(words, theme.BODY, True)[1]) / 2,
                theme.BODY,
                p.palette.text,
                bold=True,
            )
        for b in self.buttons():
            if b.action.startswith("row:"):
                row = b.action.split(":", 1)[1]
                arrows = row not in TEXT_ROWS
                caret = "|" if self.focus == b.action and not arrows else ""
                label = p.fit(self.value_label(row), theme.BODY, b.w - 120, data=row == "scores") + caret
                b = Button(b.action, b.x, b.y, b.w, b.h, label, arrows=arrows)
            draw_button(p, b, self.focus == b.action, self.pressed == b.action)
        note = self.message or self.ctx.board_test or self.t("settings.saved", path=self.ctx.data_dir)
        color = p.palette.accent if self.message or self.ctx.board_test else p.palette.muted
        p.text(p.fit(note, theme.SMALL, 1380 * 2, data=True), 480, 965, theme.SMALL, color, wrap=1380)
