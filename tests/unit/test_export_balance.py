"""The balancing of a form's columns computes each column's cost at a width once (_Heights);
it must give exactly table_height's figure for any widths, so that the widths chosen, and the
document, are what they were."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from assistant.answer_files import answers_file
from assistant.commands import compose_answers
from assistant.export import docx_layout as L
from assistant.export import docx_widths as W
from assistant.export.docx_table import layout
from assistant.kinds import load_kind
from assistant.models import Table

ROOT = Path(__file__).resolve().parents[2]


def _forms() -> list[Table]:
    tables: list[Table] = []
    for kind_id, name in (("dept-overall", "dept-overall.yaml"), ("project", "project-2.yaml"),
                          ("target-mgmt", "target-mgmt.yaml"), ("comprehensive", "comprehensive.yaml")):  # fmt: skip
        _, _, report = compose_answers(load_kind(kind_id), answers_file(ROOT / "examples" / name), name)
        tables += [b for a in report.attachments for b in a.blocks if isinstance(b, Table)]
    return tables


@pytest.mark.parametrize("seed", range(3))
def test_the_cached_heights_are_table_height(seed: int) -> None:
    rng = random.Random(seed)
    forms = _forms()
    assert forms and any(any(c.rowspan > 1 for row in t.rows for c in row) for t in forms)  # spans tried
    for table in forms:
        slots_of = layout(table)
        boxes = [W.box(s.cell, s.col, r) for r, slots in enumerate(slots_of) for s in slots
                 if s.cell is not None and s.span == 1]  # fmt: skip
        heights = W._Heights(boxes, len(slots_of), L.ANNEX_TABLE_SIZE)
        for _ in range(30):
            widths = [rng.randrange(300, 3000) for _ in range(table.columns)]
            for _ in range(2):  # the second time from what was cached
                assert heights(widths) == W.table_height(widths, boxes, len(slots_of), L.ANNEX_TABLE_SIZE)
