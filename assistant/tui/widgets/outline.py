"""The outline in the sidebar: sections with their progress, answered questions under them."""

from __future__ import annotations

from textual.widgets import Tree

from assistant.interview import Interview


class Outline(Tree[tuple[str, str]]):
    """Node data: ("section", id) or ("question", id). Choosing one edits it."""

    def __init__(self) -> None:
        super().__init__("提纲", id="outline")
        self.show_root = False
        self.guide_depth = 2

    def refresh_from(self, interview: Interview, current_section: str | None) -> None:
        expanded = {n.data[1] for n in self.root.children if n.is_expanded and n.data}
        self.clear()
        progress = {s.id: s for s in interview.progress().sections}
        answered = set(interview.answers)
        for section in interview.kind.sections:
            p = progress.get(section.id)
            if p is None:
                continue
            mark = "●" if section.id == current_section else ("✓" if p.done else "○")
            node = self.root.add(f"{mark}{p.answered}/{p.total} {section.title}",
                                 data=("section", section.id),
                                 expand=section.id in expanded or section.id == current_section)  # fmt: skip
            for q in interview.evaluation.active:
                if q.section == section.id and q.id in answered:
                    node.add_leaf(q.label, data=("question", q.id))

    def move_to_section(self, section_id: str) -> None:
        for node in self.root.children:
            if node.data == ("section", section_id):
                self.move_cursor(node)
                return
