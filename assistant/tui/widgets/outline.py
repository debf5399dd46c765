"""The outline in the sidebar: sections with their progress, answered questions under them."""

from __future__ import annotations

from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from assistant.interview import Interview


class Outline(Tree[tuple[str, str]]):
    """Node data: ("section", id) or ("question", id). Choosing one edits it."""

    def __init__(self) -> None:
        super().__init__("提纲", id="outline")
        self.show_root = False
        self.guide_depth = 2

    def refresh_from(self, interview: Interview, current_section: str | None) -> None:
        """Update labels and leaves in place (rebuilding the tree on every answer costs a full
        layout of the sidebar)."""
        progress = {s.id: s for s in interview.progress().sections}
        sections = {n.data[1]: n for n in self.root.children if n.data}
        answered = set(interview.answers)
        for section in interview.kind.sections:
            p = progress.get(section.id)
            node = sections.get(section.id)
            if p is None:
                if node is not None:
                    node.remove()
                continue
            mark = "●" if section.id == current_section else ("✓" if p.done else "○")
            label = f"{mark}{p.answered}/{p.total} {section.title}"
            if node is None:
                node = self._insert_section(interview, section.id, label)
            elif str(node.label) != label:
                node.set_label(label)
            if section.id == current_section and not node.is_expanded:
                node.expand()
            wanted = [q for q in interview.evaluation.active if q.section == section.id and q.id in answered]
            have = [n.data[1] for n in node.children if n.data]
            if have != [q.id for q in wanted]:
                node.remove_children()
                for q in wanted:
                    node.add_leaf(q.label, data=("question", q.id))

    def _insert_section(self, interview: Interview, section_id: str, label: str) -> TreeNode[tuple[str, str]]:
        """A section that starts to apply is added in its place in the outline."""
        order = [s.id for s in interview.kind.sections]
        later = [n for n in self.root.children if n.data and order.index(n.data[1]) > order.index(section_id)]
        data = ("section", section_id)
        return self.root.add(label, data=data, before=later[0]) if later else self.root.add(label, data=data)

    def move_to_section(self, section_id: str) -> None:
        for node in self.root.children:
            if node.data == ("section", section_id):
                self.move_cursor(node)
                return
