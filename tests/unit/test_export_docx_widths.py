"""Column widths of the Word tables follow their content: values as wide as their longest entry
needs (numbers never broken), the text columns share the rest in proportion to their text;
checked in the written file's XML on the tables the report kinds really build."""

from __future__ import annotations

import itertools
from pathlib import Path

import docx
import pytest
from lxml import etree

from assistant.answer_files import answers_file
from assistant.answers import answer_from_file
from assistant.compose import compose
from assistant.export import docx_layout as L
from assistant.export import docx_widths as W
from assistant.export.docx import write_docx
from assistant.kinds import load_kind
from assistant.models import Cell, Report, Table
from assistant.pipeline import evaluate
from assistant.tables import funds_table, indicator_table
from tests.support.report import W as NS
from tests.support.report import attr

ROOT = Path(__file__).resolve().parents[2]
EM = L.TABLE_SIZE * 20  # twips per em of the table type
PAD = 2 * L.TABLE_CELL_MARGIN
CHAR = EM + L.CHAR_SPACING  # twips of a Chinese character, condensed as in the body

# a tester's 项目支出绩效自评表 (project kind): long deviation reasons, long units
INDICATORS = [  # level1, level2, level3, target, actual, points, score, reason
    ("产出指标", "数量指标", "新建和改造集中供水工程", "≥12处", "16处", "10", "10", "—"),
    ("产出指标", "数量指标", "铺设供水管网长度", "≥86公里", "78公里", "10", "9.07",
     "部分山区路段受汛期影响停工，剩余8公里顺延至2026年3月完工"),
    ("产出指标", "数量指标", "新建净水消毒设施", "≥15套", "13套", "10", "8.67",
     "2处水厂选址调整，设备于2026年一季度安装"),
    ("产出指标", "质量指标", "集中供水工程水质达标率", "≥95%", "96.8%", "10", "10", "—"),
    ("产出指标", "时效指标", "工程按期完工率", "=100%", "92%", "5", "4.6", "2处工程因征地协调延期"),
    ("产出指标", "成本指标", "供水管网单位建设成本", "≤12万元/公里", "12.6万元/公里", "5", "4.75", "钢材价格上涨"),
    ("效益指标", "社会效益指标", "受益人口", "≥3.2万人", "3.05万人", "10", "9.53", "部分管网未完工，约1500人暂未通水"),
    ("效益指标", "社会效益指标", "农村自来水普及率", "≥88%", "86.5%", "10", "9.83", "同上"),
    ("效益指标", "可持续影响指标", "工程长效管护机制", "基本建立", "部分达成", "10", "7", "村级管水员尚未全部落实"),
    ("满意度指标", "服务对象满意度指标", "受益群众满意度", "≥90%", "92.5%", "10", "10", "—"),
]  # fmt: skip
FUNDS = [  # label, initial, budget, spent, points, rate, score
    ("年度资金总额", "1250.00", "1350.50", "1182.36", "10", "87.55%", "8.75"),
    ("其中：当年财政拨款", "1100.00", "1200.50", "1037.36", "—", "—", "—"),
    ("上年结转资金", "100.00", "100.00", "100.00", "—", "—", "—"),
    ("其他资金", "50.00", "50.00", "45.00", "—", "—", "—"),
]
GOALS = ("1.新建和改造集中供水工程12处，铺设供水管网86公里，更换老旧管道23公里，新建净水消毒设施15套。\n"
         "2.农村集中供水率达到90%以上，农村自来水普及率达到88%，受益人口3.2万人。")  # fmt: skip


def _head(text: str, **kw: int) -> Cell:
    return Cell(text=text, bold=True, **kw)  # type: ignore[arg-type]


def _span(i: int, depth: int) -> int:
    """How many indicators from the i-th on share its first `depth` levels (0 if not the first)."""
    key = INDICATORS[i][:depth]
    if i and INDICATORS[i - 1][:depth] == key:
        return 0
    return sum(1 for _ in itertools.takewhile(lambda r: r[:depth] == key, INDICATORS[i:]))


def _tester_table() -> Table:
    """Nine grid columns, the spans and header cells of assistant.tables.self_eval_table."""
    rows: list[list[Cell]] = [
        [_head("项目名称", colspan=2), Cell(text="青山县2025年农村饮水安全巩固提升工程", colspan=7, align="left")],
        [_head("主管部门", colspan=2), Cell(text="青山县水利局", colspan=3, align="left"),
         _head("实施单位", colspan=2), Cell(text="青山县水利局", colspan=2, align="left")],
        [_head("项目资金（万元）", rowspan=len(FUNDS) + 1), Cell(colspan=2),
         *(_head(t) for t in ("年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"))],
    ]  # fmt: skip
    for label, *figures in FUNDS:
        rows.append([Cell(text=label, colspan=2, align="left"), *(Cell(text=f) for f in figures)])
    rows.append([_head("年度总体目标", rowspan=2), _head("预期目标", colspan=4), _head("实际完成情况", colspan=4)])
    rows.append([Cell(text=GOALS, colspan=4, align="left"), Cell(text=GOALS, colspan=4, align="left")])
    heads = ("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施")
    rows.append([_head("绩效指标", rowspan=len(INDICATORS) + 1), *(_head(t) for t in heads)])
    for i, (l1, l2, l3, *values, reason) in enumerate(INDICATORS):
        row = [Cell(text=t, rowspan=_span(i, d)) for t, d in ((l1, 1), (l2, 2)) if _span(i, d)]
        row += [Cell(text=l3, align="left"), *(Cell(text=v) for v in values), Cell(text=reason, align="left")]
        rows.append(row)
    rows.append([_head("总分", colspan=6), _head("100"), _head("92.2"), _head("自评等级：优")])
    return Table(name="self_eval", caption="项目支出绩效自评表（2025年度）", columns=9, header_rows=0,
                 widths=[6, 8, 9, 21, 10, 10, 6, 8, 20], rows=rows)  # fmt: skip


def _raw(kind: str) -> dict[str, str]:
    return {k: answer_from_file(v) for k, v in answers_file(ROOT / "examples" / f"{kind}.yaml").items()}


def _report(kind: str) -> Report:
    return compose(evaluate(load_kind(kind), _raw(kind)))


@pytest.fixture(scope="module")
def tables(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Table, etree._Element]]:
    """name → (the Report's table, its w:tbl in the written file), over all the kinds' examples
    and the tester's project."""
    folder = tmp_path_factory.mktemp("widths")
    dept = _report("dept-overall")
    card = evaluate(load_kind("dept-overall"), _raw("dept-overall")).scorecard
    project_card = evaluate(load_kind("project"), _raw("project")).scorecard
    assert card is not None and project_card is not None
    reports = {
        "tester": Report(title="青山县水利局2025年度项目支出绩效自评报告", blocks=[_tester_table()]),
        "project": _report("project"),  # the 自评表 attached after the 落款, in two parts
        "dept": dept,
        "target": _report("target-mgmt"),
        # the scorecard's tables (the CLI prints them) in the body of a document, at 小四
        "scorecard": Report(title=dept.title, blocks=[funds_table(project_card), indicator_table(card)]),
    }
    out = {}
    for key, report in reports.items():
        document = docx.Document(str(write_docx(report, folder / f"{key}.docx")))
        attached = [b for a in report.attachments for b in a.blocks]
        blocks = [b for b in [*report.blocks, *attached] if isinstance(b, Table)]
        for block, table in zip(blocks, document.tables, strict=True):
            out[f"{key}:{block.name}"] = (block, table._tbl)
    return out


def _em(key: str) -> float:
    """Twips per em of a table's type: an attached 自评表 is set in 五号."""
    return L.ANNEX_TABLE_SIZE * 20 if key.startswith(("project:", "dept:", "target:")) else EM


def _grid(tbl: etree._Element) -> list[int]:
    return [int(attr(c, "w")) for c in tbl.find(f"{NS}tblGrid").findall(f"{NS}gridCol")]


def _entries(table: Table, col: int) -> list[str]:
    """The texts of the one-column cells that start in grid column `col`."""
    return [row[col].text for row in table.grid() if row[col] is not None and row[col].colspan == 1]


INDICATOR_COLUMNS = ["三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]


def _indicator_grid(key: str, tables: dict[str, tuple[Table, etree._Element]]) -> dict[str, int]:
    """The grid widths of the indicator part's columns, by heading."""
    table, tbl = tables[key]
    grid = _grid(tbl)
    first = 3 if "self_eval" in table.name else 2  # 三级指标's grid column
    return {name: grid[first + i] for i, name in enumerate(INDICATOR_COLUMNS)}


def test_the_reasons_column_is_the_widest_when_it_holds_the_most_text(
    tables: dict[str, tuple[Table, etree._Element]],
) -> None:
    widths = _indicator_grid("tester:self_eval", tables)
    reasons = widths["偏差原因分析及改进措施"]
    # it was 1272 twips (2.2 cm: 4 characters a line), narrower than 三级指标 (2.67 cm)
    assert reasons == max(_grid(tables["tester:self_eval"][1]))
    assert reasons > widths["三级指标"]
    assert reasons - PAD >= 6 * CHAR  # six characters a line


def test_a_wrapping_text_column_loses_no_part_of_a_character(
    tables: dict[str, tuple[Table, etree._Element]],
) -> None:
    """A Chinese line holds whole characters: 三级指标 is a whole number of them wide (plus the
    renderers' slack), the room that would be lost went to the reasons (6 a line, not 5)."""
    widths = _indicator_grid("tester:self_eval", tables)
    assert (widths["三级指标"] - PAD) % CHAR <= 21
    assert (widths["偏差原因分析及改进措施"] - PAD) // CHAR == 6


def test_short_columns_are_as_wide_as_their_longest_entry(
    tables: dict[str, tuple[Table, etree._Element]],
) -> None:
    table, tbl = tables["tester:self_eval"]
    grid = _grid(tbl)
    for col in (6, 7):  # 分值 (10, 5; and its heading), 得分 / 执行率 (9.07, 87.55%)
        need = max(W.least_em(t) for t in _entries(table, col)) * EM + PAD
        assert need <= grid[col] <= need + EM / 2 + 40, (col, grid[col], need)
    for col in (4, 5):  # 年度指标值, 实际完成值: every entry up to five characters on one line
        entries = [t for t in _entries(table, col) if W.em(t) <= W.VALUE_EM and any(ch.isdigit() for ch in t)]
        need = max(W.em(t) for t in entries) * EM + PAD
        assert need <= grid[col] <= need + EM / 2 + 40, (col, grid[col], need)


@pytest.mark.parametrize("key", ["tester:self_eval", "project:self_eval", "project:self_eval_indicators",
                                 "dept:dept_self_eval", "dept:dept_self_eval_indicators", "scorecard:funds",
                                 "scorecard:indicators", "target:items"])  # fmt: skip
def test_numbers_never_break_and_the_table_fits_the_type_area(
    key: str, tables: dict[str, tuple[Table, etree._Element]]
) -> None:
    table, tbl = tables[key]
    grid = _grid(tbl)
    assert sum(grid) == L.TEXT_WIDTH  # 156 mm
    assert attr(tbl.find(f"{NS}tblPr/{NS}tblLayout"), "type") == "fixed"
    assert attr(tbl.find(f"{NS}tblPr/{NS}tblW"), "w") == str(L.TEXT_WIDTH)
    for col in range(table.columns):
        for text in _entries(table, col):
            assert grid[col] >= W.least_em(text) * _em(key) + PAD, (col, text)


@pytest.mark.parametrize("kind", ["project", "dept"])
def test_the_two_parts_of_an_attached_form_are_on_one_grid(
    kind: str, tables: dict[str, tuple[Table, etree._Element]]
) -> None:
    """The particulars and the indicators of a 自评表 are two tables (so that the indicators'
    headings can repeat on each page), drawn as one: their columns line up."""
    name = "self_eval" if kind == "project" else "dept_self_eval"
    top, indicators = tables[f"{kind}:{name}"][1], tables[f"{kind}:{name}_indicators"][1]
    assert _grid(top) == _grid(indicators)
    assert top.getparent().index(indicators) == top.getparent().index(top) + 2  # one hairline paragraph between


@pytest.mark.parametrize("key", ["tester:self_eval", "scorecard:indicators", "dept:dept_self_eval",
                                 "dept:dept_self_eval_indicators"])  # fmt: skip
def test_every_cell_width_is_its_grid_columns(key: str, tables: dict[str, tuple[Table, etree._Element]]) -> None:
    """Word reads w:tcW, LibreOffice the grid: they agree, merged cells included."""
    _, tbl = tables[key]
    grid = _grid(tbl)
    for tr in tbl.findall(f"{NS}tr"):
        col = 0
        for tc in tr.findall(f"{NS}tc"):
            span_el = tc.find(f"{NS}tcPr/{NS}gridSpan")
            span = 1 if span_el is None else int(attr(span_el, "val"))
            tcw = tc.find(f"{NS}tcPr/{NS}tcW")
            assert attr(tcw, "type") == "dxa" and int(attr(tcw, "w")) == sum(grid[col : col + span])
            col += span
        assert col == len(grid)


def test_tables_that_fit_keep_every_entry_and_heading_on_one_line(
    tables: dict[str, tuple[Table, etree._Element]],
) -> None:
    # the attached 自评得分表 of target-mgmt: the figures under 序号, 标准分 and 自评分 (its text
    # and its three-character headings wrap)
    for key, columns in (("scorecard:funds", None), ("target:items", (0, 2, 4))):
        table, tbl = tables[key]
        grid = _grid(tbl)
        for col in columns or range(table.columns):
            widest = max(W.em(t) for t in _entries(table, col)[0 if columns is None else 1 :])
            assert grid[col] >= widest * _em(key) + PAD, (key, col)


def test_dept_indicator_table_does_not_get_worse(tables: dict[str, tuple[Table, etree._Element]]) -> None:
    widths = _indicator_grid("scorecard:indicators", tables)
    # was 3.03 cm / 3.47 cm: the text columns together keep their room, less the 24 twips (0.4 mm) the
    # 得分 column took when every score in a table came to be written with two decimals (5.00 beside 5.52)
    assert widths["三级指标"] + widths["偏差原因分析及改进措施"] >= 1718 + 1967 - 24
    for name in ("分值", "得分"):  # two-character headings on one line
        assert widths[name] >= 2 * EM + PAD


def test_text_columns_share_in_proportion_to_their_text() -> None:
    columns = [W.Column(least=2, want=2), W.Column(least=2, want=30, prose=100), W.Column(least=2, want=30, prose=300)]
    widths = W.fit(columns, 22)
    assert widths[0] == 2
    assert widths[1] + widths[2] == pytest.approx(20)
    assert widths[2] == pytest.approx(3 * widths[1])
    # a column held at its floor leaves the rest to the other
    widths = W.fit([W.Column(least=2, want=30, prose=1), W.Column(least=2, want=30, prose=99)], 20)
    assert widths == [pytest.approx(W.FLOOR_EM), pytest.approx(20 - W.FLOOR_EM)]


def test_a_value_wider_than_five_characters_wraps_into_balanced_lines() -> None:
    column = W.Column()
    column.add(Cell(text="12.6万元/公里"), header=False)
    assert column.want == pytest.approx(W.em("12.6万元/公里") / 2)
    column.add(Cell(text="≥3.2万人"), header=False)
    assert column.want == pytest.approx(W.em("≥3.2万人"))
    assert W.em("3.05万人") == pytest.approx(1.75 + 2 + W.AUTOSPACE_EM)  # the space Word adds after 3.05


def test_the_widths_always_fill_the_text_block() -> None:
    """However the columns' needs fall (some held at their floor, others at their cap), the table
    is exactly as wide as the text: the room left by capped columns goes to the others."""
    import random

    rng = random.Random(1)
    for _ in range(3000):
        columns = []
        for _ in range(rng.randint(2, 9)):
            least = rng.uniform(0.5, 4)
            prose = rng.choice([0.0, 0.0, rng.uniform(1, 200)])
            columns.append(W.Column(least=least, want=max(least, rng.uniform(0, 30)), head=rng.uniform(0, 6),
                                    prose=prose))  # fmt: skip
        widths = W.column_widths(columns)
        assert sum(widths) == L.TEXT_WIDTH, [(c.least, c.want, c.prose) for c in columns]
        assert all(w > 0 for w in widths)
