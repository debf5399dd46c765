"""`report-assistant check`: every check of a report read from a file, in body order."""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal
from pathlib import Path

from assistant.checks import UNFILLED  # one definition of a model text's blanks
from assistant.figures import round_to
from assistant.numbers import MONEY_UNITS
from assistant.review.document import Document, Para, Table, read_document
from assistant.review.findings import Slip, para_where
from assistant.review.layout import check_layout
from assistant.review.problems import check_measures
from assistant.review.prose import check_paragraph, computed_percents, figures
from assistant.review.quantities import Quantity
from assistant.review.table_checks import Named, Pair, check_table
from assistant.wording import placeholder_re

# names a report gives one money figure, however it words them (全年执行数 is the spending)
SAME_FIGURE = {
    "总收入": "总收入", "收入总额": "总收入", "全年总收入": "总收入",
    "总支出": "总支出", "支出总额": "总支出", "全年总支出": "总支出", "全年执行数": "总支出",
    "项目全年执行数": "总支出",
    "全年预算数": "全年预算数", "项目全年预算数": "全年预算数", "调整后预算数": "全年预算数",
    "年初预算数": "年初预算数", "项目年初预算数": "年初预算数",
    "基本支出": "基本支出", "项目支出": "项目支出", "财政拨款收入": "财政拨款收入",
}  # fmt: skip
_YEAR_PREFIX = re.compile(r"^(\d{4}年度?|本年度?|全年(?=总)|年度|其中)")
_SELF = re.compile(r"^(我|本)(会|局|委|办|院|所|站|馆|厅|中心|街道|镇|乡|部|单位|部门)")  # 我会总收入 is 总收入


def check_file(path: str | Path) -> tuple[Document, list[Slip]]:
    document = read_document(path)
    return document, check_document(document)


def check_document(document: Document) -> list[Slip]:
    slips: list[Slip] = []
    named: list[Named] = []
    percents: list[tuple[str, Quantity]] = []
    n = 0
    carried: list[Pair] = []  # scored rows of the table just before (see check_table)
    for block in document.blocks:
        if isinstance(block, Para):
            carried = carried if not block.text.strip() else []
            n += 1
            where = para_where(n, block)
            slips += check_paragraph(block.text, where)
            slips += _blanks(block.text, where)
            named += _named(block.text, where)
            percents += [(where, q) for q in computed_percents(block.text)]
        else:
            result = check_table(block, carried)
            carried = result.items
            named += result.named
            slips += result.slips + _cells(block)
    slips += _twice(named)
    wrong = {(s.where, re.sub(r"^(增长|下降|增加|减少)", "", s.says)) for s in slips}
    slips += _precision([(where, q) for where, q in percents if (where, q.text) not in wrong])  # one finding a figure
    slips += check_measures(document)
    if document.docx is not None:
        slips += check_layout(document.docx)
    seen: set[tuple[str, str, str]] = set()
    unique = []
    for slip in slips:
        if (slip.code, slip.where, slip.says) not in seen:
            seen.add((slip.code, slip.where, slip.says))
            unique.append(slip)
    return unique


def _cells(table: Table) -> list[Slip]:
    """What a cell says in words (完成情况: 比上年增长7.38%) is checked as a paragraph is."""
    slips: list[Slip] = []
    for r, row in enumerate(table.rows, 1):
        label = next((c for c in row if c.strip()), "")[:10]
        for text in dict.fromkeys(c for c in row if c.strip()):  # a spanned text once
            where = f"表{table.number}第{r}行（{label}）"
            slips += check_paragraph(text, where) if len(text) > 12 else []
            slips += _blanks(text, where)
    return slips


def _blanks(text: str, where: str) -> list[Slip]:
    slips = [Slip("blank", where, m.group(0), "实际内容（范文留下的空白）") for m in UNFILLED.finditer(text)]
    slips += [Slip("blank", where, m.group(0), "实际内容（尚未填写）") for m in placeholder_re().finditer(text)]
    return slips


def _named(text: str, where: str) -> list[Named]:
    out = []
    for f in figures(text):
        if not f.q.money:
            continue
        name = SAME_FIGURE.get(_SELF.sub("", _YEAR_PREFIX.sub("", f.label)))
        if name is None or "上年" in f.phrase or "去年" in f.phrase:
            continue
        out.append(Named(name, f.q, where))
    return out


def _twice(named: list[Named]) -> list[Slip]:
    """The same figure under its names (总支出, 全年执行数) with two values: the later one is named."""
    first: dict[str, Named] = {}
    slips = []
    for item in named:
        key = SAME_FIGURE.get(item.name, item.name)
        earlier = first.setdefault(key, item)
        if earlier is item:
            continue
        a, b = earlier.value.in_unit("元"), item.value.in_unit("元")
        if abs(a - b) > _slack(earlier.value) + _slack(item.value):
            said = (
                item.value.text if item.value.text.endswith(item.value.unit) else f"{item.value.text}{item.value.unit}"
            )
            slips.append(Slip("twice", item.where, said, f"{earlier.value.text}（与{earlier.where}所写的{key}一致）"))
    return slips


def _slack(q: Quantity) -> Decimal:
    """Half the last digit stated, in 元: 228.25万元 and 2282500元 are one figure."""
    return q.half_step * MONEY_UNITS.get(q.unit, Decimal(1))


def _precision(percents: list[tuple[str, Quantity]]) -> list[Slip]:
    """Computed percentages (shares, growth, rates) of one report in one precision: two decimals
    once two of them have two, rules.md §4."""
    counts = Counter(q.decimals for _, q in percents)
    if counts.get(2, 0) < 2:
        return []
    return [Slip("precision", where, q.text, f"{round_to(q.value, 2)}%（百分比统一保留两位小数）")
            for where, q in percents if q.decimals < 2]  # fmt: skip
