"""The outline in the sidebar: sections with their progress, answered questions under them."""

from __future__ import annotations

from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from assistant.tui.view import SectionView


class Outline(Tree[tuple[str, str]]):
    """Node data: ("section", id) or ("question", id). Choosing one edits it."""

    def __init__(self) -> None:
        super().__init__("提纲", id="outline")
        self.show_root = False
        self.guide_depth = 2

    def refresh_from(self, sections: tuple[SectionView, ...], current_section: str | None) -> None:
        """Update labels and leaves in place (rebuilding the tree on every answer costs a full
        layout of the sidebar). `sections` are those that apply, in the kind's order."""
        nodes = {n.data[1]: n for n in self.root.children if n.data}
        shown = {s.id for s in sections}
        for section_id, node in nodes.items():
            if section_id not in shown:
                node.remove()
        for section in sections:
            node = nodes.get(section.id)
            mark = "●" if section.id == current_section else ("✓" if section.done else "○")
            label = f"{mark}{section.answered}/{section.total} {section.title}"
            if node is None:
                node = self._insert_section(section.id, label, [s.id for s in sections])
            elif str(node.label) != label:
                node.set_label(label)
            if section.id == current_section and not node.is_expanded:
                node.expand()
            have = [n.data for n in node.children if n.data]
            if have != [("question", qid) for qid, _ in section.questions]:
                node.remove_children()
                for qid, label in section.questions:
                    node.add_leaf(label, data=("question", qid))

    def _insert_section(self, section_id: str, label: str, order: list[str]) -> TreeNode[tuple[str, str]]:
        """A section that starts to apply is added in its place in the outline."""
        data = ("section", section_id)
        rank = {sid: i for i, sid in enumerate(order)}
        later = [n for n in self.root.children if n.data and rank.get(n.data[1], -1) > rank[section_id]]
        return self.root.add(label, data=data, before=later[0]) if later else self.root.add(label, data=data)

    def move_to_section(self, section_id: str) -> None:
        for node in self.root.children:
            if node.data == ("section", section_id):
                self.move_cursor(node)
                return
