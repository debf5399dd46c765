"""The key bar at the bottom of every screen: the screen's keys in one line of text.

Textual's Footer mounts a widget per key and rebuilds them all whenever the bindings change
(every focus change): measured at 113 restyles while the interview opens and a layout pass per
answer. One widget that redraws its text, only when the text changes, costs neither.
"""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget


class KeyBar(Widget):
    """Shows `key description` for each binding with show=True, then the command palette key on
    the right. A click on a key presses it."""

    COMPONENT_CLASSES = {"keybar--key", "keybar--description", "keybar--disabled"}
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        background: $footer-background;
        .keybar--key { color: $footer-key-foreground; background: $footer-key-background; text-style: bold; }
        .keybar--description { color: $footer-description-foreground; }
        .keybar--disabled { color: $text-disabled; }
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self._keys: list[tuple[int, int, str, bool]] = []  # start, end column, key, enabled
        self._signature: tuple[object, ...] = ()

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._bindings_changed(self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        shown = self._shown(screen)
        signature = tuple((b.key, b.description, enabled) for b, enabled in shown)
        if signature != self._signature:  # a focus change usually leaves the keys as they were
            self._signature = signature
            self.refresh()

    def _shown(self, screen: Screen[object]) -> list[tuple[Binding, bool]]:
        active = screen.active_bindings
        seen: set[str] = set()
        shown: list[tuple[Binding, bool]] = []
        for _node, binding, enabled, _tooltip in active.values():
            if binding.show and binding.action not in seen:  # one entry per action, as Footer does
                seen.add(binding.action)
                shown.append((binding, enabled))
        palette = active.get(self.app.COMMAND_PALETTE_BINDING) if self.app.ENABLE_COMMAND_PALETTE else None
        if palette is not None and palette[1].action not in seen:
            shown.append((palette[1], palette[2]))
        return shown

    def render(self) -> Text:
        shown = self._shown(self.screen)
        text, keys = self._line(shown, pad=" ")
        if text.cell_len > self.size.width:  # (80 columns, with ^S of a multi-line answer): tighter,
            text, keys = self._line(shown, pad="")
        if text.cell_len > self.size.width:  # and then without the palette's key
            text, keys = self._line([x for x in shown if x[0].action != "command_palette"], pad="")
        self._keys = keys
        return text

    def _line(self, shown: list[tuple[Binding, bool]], *, pad: str) -> tuple[Text, list[tuple[int, int, str, bool]]]:
        key_style = self.get_component_rich_style("keybar--key")
        description_style = self.get_component_rich_style("keybar--description")
        disabled_style = self.get_component_rich_style("keybar--disabled")
        text = Text(no_wrap=True, overflow="ellipsis", end="")
        keys = []
        for binding, enabled in shown:
            start = text.cell_len
            text.append(f"{pad}{self.app.get_key_display(binding)} ", key_style if enabled else disabled_style)
            text.append(f"{binding.description} ", description_style if enabled else disabled_style)
            keys.append((start, text.cell_len, binding.key, enabled))
        return text, keys

    def on_click(self, event: events.Click) -> None:
        for start, end, key, enabled in self._keys:
            if start <= event.x < end:
                if enabled:
                    self.app.simulate_key(key.split(",")[0])
                else:
                    self.app.bell()
                return
