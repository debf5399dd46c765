"""A hand-built Report shaped like sample 3 (a district trade union's 部门整体支出绩效自评),
for the Word export's tests and benchmark (built directly, not through compose), and helpers
that read reports and .docx files in tests."""

from __future__ import annotations

from docx.oxml.ns import qn
from lxml import etree

from assistant.models import Cell, Heading, Paragraph, Report, Table

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def attr(el: etree._Element | None, name: str) -> str | None:
    """A w: attribute of a WordprocessingML element (which must exist)."""
    assert el is not None
    return el.get(qn(f"w:{name}"))


def all_text(report: Report) -> str:
    """Every string the report holds: title, headings, paragraphs, table cells, signature, the
    attachments' names and what they hold."""
    parts = [report.title, report.unit, report.date, *report.attachment_names]
    for block in [*report.blocks, *(b for a in report.attachments for b in a.blocks)]:
        if isinstance(block, Heading):
            parts.append(block.number + block.text)
        elif isinstance(block, Paragraph):
            parts.append(block.text)
        elif isinstance(block, Table):
            parts += [block.caption, *(c.text for row in block.rows for c in row)]
    return "\n".join(parts)


UNIT = "昆明市五华区总工会"
TITLE = f"{UNIT}2025年度部门整体支出绩效自评报告"


def _h(level: int, number: str, text: str) -> Heading:
    return Heading(level=level, number=number, text=text)


def _p(text: str) -> Paragraph:
    return Paragraph(text=text)


def funds_table() -> Table:
    header = [
        Cell(text=t, bold=True)
        for t in ("项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分")
    ]
    rows = [
        header,
        [
            Cell(text="年度资金总额", align="left"),
            Cell(text="230.00"),
            Cell(text="228.63"),
            Cell(text="228.25"),
            Cell(text="10"),
            Cell(text="99.83%"),
            Cell(text="9.98"),
        ],
        [
            Cell(text="其中：当年财政拨款", align="left"),
            Cell(text="230.00"),
            Cell(text="228.63"),
            Cell(text="228.25"),
            Cell(text="—"),
            Cell(text="—"),
            Cell(text="—"),
        ],
        [
            Cell(text="上年结转资金", align="left"),
            Cell(text="0.00"),
            Cell(text="0.00"),
            Cell(text="0.00"),
            Cell(text="—"),
            Cell(text="—"),
            Cell(text="—"),
        ],
        [
            Cell(text="其他资金", align="left"),
            Cell(text="0.00"),
            Cell(text="0.00"),
            Cell(text="0.00"),
            Cell(text="—"),
            Cell(text="—"),
            Cell(text="—"),
        ],
    ]
    return Table(name="funds", caption="项目资金情况表", columns=7, rows=rows)


INDICATORS = [
    # level1, level2, level3, target, actual, points, score, reason
    ("产出指标", "数量指标", "职工代表联络员座谈会开展次数", "≥1次", "1次", "10", "10", ""),
    ("产出指标", "数量指标", "基层单位厂务公开次数", "≥3次", "3次", "10", "10", ""),
    ("产出指标", "数量指标", "困难职工救助人数", "≥60人次", "60人次", "10", "10", ""),
    ("产出指标", "质量指标", "职工技能培训达标率", "100%", "100%", "10", "10", ""),
    (
        "产出指标",
        "时效指标",
        "慰问及时率",
        "100%",
        "96.50%",
        "10",
        "9.65",
        "春节前两批慰问金到账晚于计划，次年起提前一个月报送名单",
    ),
    ("效益指标", "社会效益指标", "信访及投诉办结率", "100%", "100%", "15", "15", ""),
    ("效益指标", "社会效益指标", "帮扶政策知晓率", "≥80%", "85%", "15", "15", ""),
    (
        "满意度指标",
        "服务对象满意度指标",
        "人民群众对部门工作的满意度",
        "≥90%",
        "【待补充：满意度调查结果】",
        "10",
        "10",
        "",
    ),
]


def indicator_table() -> Table:
    header = [
        Cell(text=t, bold=True)
        for t in (
            "一级指标",
            "二级指标",
            "三级指标",
            "年度指标值",
            "实际完成值",
            "分值",
            "得分",
            "偏差原因分析及改进措施",
        )
    ]
    rows: list[list[Cell]] = [header]
    for i, (l1, l2, l3, target, actual, points, score, reason) in enumerate(INDICATORS):
        row: list[Cell] = []
        if i == 0 or INDICATORS[i - 1][0] != l1:
            span = sum(1 for r in INDICATORS[i:] if r[0] == l1)
            row.append(Cell(text=l1, rowspan=span))
        if i == 0 or INDICATORS[i - 1][:2] != (l1, l2):
            span = 0
            for r in INDICATORS[i:]:
                if r[:2] != (l1, l2):
                    break
                span += 1
            row.append(Cell(text=l2, rowspan=span))
        row += [
            Cell(text=l3, align="left"),
            Cell(text=target),
            Cell(text=actual),
            Cell(text=points),
            Cell(text=score),
            Cell(text=reason or "—", align="left"),
        ]
        rows.append(row)
    rows.append(
        [
            Cell(text="总分", colspan=5, bold=True),
            Cell(text="90", bold=True),
            Cell(text="89.65", bold=True),
            Cell(text="自评等级：优", bold=True),
        ]
    )
    return Table(
        name="indicators",
        caption="绩效指标完成情况及得分表",
        columns=8,
        rows=rows,
    )


def sample_report() -> Report:
    blocks = [
        _h(1, "一、", "单位概况"),
        _h(2, "（一）", "单位机构设置、编制"),
        _p(
            f"{UNIT}共设置3个内设机构，包括综合办公室、组织宣传网络室、法律劳保服务室。"
            "核定行政编制12名，年末实有在职人员11名。"
        ),
        _h(2, "（二）", "单位职能"),
        _h(3, "1.", "指导全区工会工作"),
        _p(
            "根据党的路线、方针、政策和上级工会的工作部署，确定全区工会工作的指导方针和任务，"
            "组织和指导各基层工会推动各项工作落实。"
        ),
        _h(3, "2.", "维护职工合法权益"),
        _p(
            "对涉及职工利益的重大问题进行调查研究，向区委、区政府反映职工群众的愿望和要求；"
            "为职工提供法律咨询服务和法律帮助。"
        ),
        _h(4, "（1）", "劳动法律监督"),
        _p("全年签订集体合同142份，发出“维权意见书”43份，意见全部得到落实。"),
        _h(2, "（三）", "单位资金来源及使用情况"),
        _p(
            f"2025年{UNIT}总收入228.63万元，其中：财政拨款收入228.63万元，占总收入的100.00%。"
            "财政拨款支出228.25万元，其中：基本支出220.25万元，占总支出的96.50%；"
            "项目支出8.00万元，占总支出的3.50%。"
        ),
        funds_table(),
        _h(2, "（四）", "固定资产情况"),
        _p("年末固定资产原值【待补充：固定资产原值（万元）】，本年新增固定资产0元，报废固定资产0元。"),
        _h(1, "二、", "绩效目标"),
        _p("围绕思想引领、素质提升、维权帮扶、改革创新和自身建设五项核心工作，完成年度各项目标任务。"),
        _h(1, "三、", "评价结论和绩效分析"),
        _p(
            "经评价小组对基本支出和项目支出数据资料的分析与对照检查，部门整体支出绩效自评综合得分"
            "89.65分，评价结果为“良”。各项指标完成情况见下表。"
        ),
        indicator_table(),
        _h(1, "四、", "存在的问题"),
        _p("部分绩效指标不够细化、量化，年度中期的绩效跟踪不够及时。"),
        _h(1, "五、", "改进措施及建议"),
        _p("细化分解绩效指标，按季度跟踪项目实施进度，及时纠正偏差。"),
        Paragraph(text="（本报告数据截至2025年12月31日）", indent=False, align="right"),
    ]
    return Report(
        title=TITLE,
        blocks=blocks,
        unit=UNIT,
        date="2026年1月20日",
        attachments=["绩效指标完成情况佐证材料。", "2025年度部门决算报表"],
    )


# Text for full pages: Han characters only (no punctuation), so that line breaking cannot
# move a character to the next line and every full line holds exactly 28 characters.
_FILLER = "绩效自评报告按照规定格式编写各项数据真实准确资金使用合规有效"


def long_report(paragraphs: int = 30, chars: int = 280) -> Report:
    text = (_FILLER * (chars // len(_FILLER) + 1))[:chars]
    blocks: list[Heading | Paragraph | Table] = [_h(1, "一、", "单位概况")]
    blocks += [_p(text) for _ in range(paragraphs)]
    return Report(title=TITLE, blocks=blocks, unit=UNIT, date="2026年1月20日")
