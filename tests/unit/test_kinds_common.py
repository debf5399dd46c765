"""What every report kind must satisfy, checked on the three kinds of issue 6 (target-mgmt,
comprehensive, project): questions with help and a parseable example, a sentence macro for each
question that writes one, a full example report with no placeholder, no template syntax, no
"None", no half-width punctuation between Chinese characters and nothing doubled; phrasings that
vary between drafts and stay fixed within one; compose that never fails on a partial draft.

The helpers here are shared by tests/unit/test_kinds_<kind>.py. Running this file as a script
rewrites docs/samples-side-by-side.md from the real output (`python tests/unit/test_kinds_common.py`).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if __name__ == "__main__":  # run as a script from anywhere: make `assistant` importable
    sys.path.insert(0, str(ROOT))

from assistant.answers import parse_answer  # noqa: E402
from assistant.compose import compose, echo_sentence  # noqa: E402
from assistant.export.markdown import to_markdown  # noqa: E402
from assistant.kinds import load_kind, templates_dir  # noqa: E402
from assistant.models import Heading, Report, Table, joined_tables  # noqa: E402
from assistant.pipeline import evaluate  # noqa: E402
from tests.support.examples import (  # noqa: E402
    TEMPLATE_SYNTAX,
    example_ev,
    example_raw,
    example_seed,
    paragraphs,
    section,
    text_faults,
)
from tests.support.report import all_text  # noqa: E402

NEW_KINDS = ["target-mgmt", "comprehensive", "project"]
SIDE_BY_SIDE = ROOT / "docs" / "samples-side-by-side.md"

# Questions whose answer writes no sentence of its own (names in the title, dates, switches,
# tables that become whole sections): every other question needs a macro in sentences.j2.
NO_SENTENCE = {
    "target-mgmt": {"unit_name", "self_name", "year", "field", "report_date", "attachments"},
    "comprehensive": {"unit_name", "self_name", "year", "field", "report_date", "attachments"},
    "project": {"project_name", "department", "unit_name", "year", "carry_initial", "other_initial",
                "budget_initial", "report_date", "attachments", "table_form"},
}  # fmt: skip


# --- the checks every new kind must pass ------------------------------------------------------


@pytest.mark.parametrize("kind_id", NEW_KINDS)
def test_every_question_has_help_and_a_parseable_example(kind_id: str) -> None:
    kind = load_kind(kind_id)
    for q in kind.questions:
        assert q.help.strip() and q.example.strip(), q.id
        parse_answer(q, q.example)  # raises AnswerError when the example does not fit


@pytest.mark.parametrize("kind_id", NEW_KINDS)
def test_every_sentence_question_has_a_macro(kind_id: str) -> None:
    kind = load_kind(kind_id)
    source = (templates_dir() / kind_id / "sentences.j2").read_text(encoding="utf-8")
    macros = set(re.findall(r"{%-?\s*macro\s+(\w+)\(", source))
    missing = [q.id for q in kind.questions if q.id not in macros and q.id not in NO_SENTENCE[kind_id]]
    assert not missing, f"no sentence macro for {missing}"
    assert not (NO_SENTENCE[kind_id] - {q.id for q in kind.questions})


@pytest.mark.parametrize("kind_id", NEW_KINDS)
def test_echo_of_every_answered_question_is_clean(kind_id: str) -> None:
    ev = example_ev(kind_id)
    for q in ev.active:
        sentence = echo_sentence(ev, q.id, seed=example_seed(kind_id))
        if q.id in NO_SENTENCE[kind_id] or q.id not in ev.values:
            continue
        assert sentence, q.id
        assert not text_faults(sentence), (q.id, text_faults(sentence))


@pytest.mark.parametrize("kind_id", NEW_KINDS)
def test_example_has_no_invalid_answer_and_no_error(kind_id: str) -> None:
    ev = example_ev(kind_id)
    assert not ev.invalid
    known = {q.id for q in ev.kind.questions}
    assert set(example_raw(kind_id)) <= known
    assert [f.message for f in ev.findings if f.level == "error"] == []
    missing = [q.id for q in ev.active if q.required and q.id not in ev.values]
    assert missing == []


@pytest.mark.parametrize("kind_id", NEW_KINDS)
@pytest.mark.parametrize("seed", [0, 1, 2, 3, 4, 5, 6, 7])
def test_full_report_is_clean(kind_id: str, seed: int) -> None:
    report = compose(example_ev(kind_id), seed=seed)
    assert text_faults(all_text(report)) == []
    markdown = to_markdown(report)
    assert not any(token in markdown for token in TEMPLATE_SYNTAX)


@pytest.mark.parametrize("kind_id", NEW_KINDS)
def test_phrasing_is_fixed_per_draft_and_varies_between_drafts(kind_id: str) -> None:
    ev = example_ev(kind_id)
    first = paragraphs(compose(ev, seed=11))
    assert paragraphs(compose(ev, seed=11)) == first
    other = next(s for s in range(12, 40) if paragraphs(compose(ev, seed=s)) != first)
    assert set(paragraphs(compose(ev, seed=other))) != set(first)


# Two phrasings of each recurring sentence: a few words only one of them uses.
PHRASINGS = {
    "target-mgmt": [("按照县农业农村局", "根据县农业农村局"),
                    ("本项考核标准分20分，自评20分", "本项标准分20分，自评得分20分"),
                    ("2024年我镇粮食总产18856.1吨", "上年为18856.1吨"), ("共设考核项目14个", "承担考核标准分项目13个"),
                    ("还存在以下不足", "还存在以下差距"), ("下一步，我镇", "2026年，我镇"),
                    ("一、考核项目完成情况", "一、各项考核任务完成情况")],
    "comprehensive": [("按照《关于印发安仁县", "根据《关于印发安仁县"),
                      ("2025年，我局对照", "围绕县直单位综合绩效考评指标"),
                      ("我局主要采取了以下措施", "为完成上述任务"), ("在对上汇报和部门协调方面", "在争取上级支持"),
                      ("自评20分。", "自评得满分20分。"), ("还存在以下不足", "还存在以下差距"),
                      ("下一步，我局", "2026年，我局"), ("明确目标，制定方案", "明确工作目标，细化实施方案"),
                      ("、考评指标完成情况", "各项考评指标完成情况")],
    "project": [("具体实施", "实施单位为"),
                ("2025年，项目年初预算数", "按资金来源分"), ("项目年度总体目标为", "项目年初设定的年度总体目标是"),
                ("围绕上述目标", "为衡量目标实现程度"), ("通过自评，检查项目资金使用", "自评的目的是"),
                ("主要依据《", "评价工作以《"), ("采用比较法", "以比较法为主"),
                ("经自评", "对照评分标准逐项打分"),
                ("从年度总体目标的完成情况看", "实际完成情况如下"), ("详见附件", "汇总于附件"),
                ("按“分值×执行率”计算", "预算执行率指标分值")],
}  # fmt: skip


@pytest.mark.parametrize("kind_id", NEW_KINDS)
def test_both_phrasings_are_reachable(kind_id: str) -> None:
    ev = example_ev(kind_id)
    seen = [all_text(compose(ev, seed=s)) for s in range(24)]
    for first, second in PHRASINGS[kind_id]:
        assert any(first in t and second not in t for t in seen), first
        assert any(second in t and first not in t for t in seen), second


@pytest.mark.parametrize("kind_id", NEW_KINDS)
def test_partial_drafts_compose(kind_id: str) -> None:
    """The preview of a draft in progress: no answers at all, or the example with any one answer
    missing, composes without error, and shows placeholders instead of "None" or template text."""
    kind = load_kind(kind_id)
    empty = compose(evaluate(kind, {}), seed=1)
    text = all_text(empty)
    assert "【待补充" in text and "None" not in text and "{{" not in text
    for qid in example_raw(kind_id):
        ev = example_ev(kind_id, **{qid: None})
        text = all_text(compose(ev, seed=3))
        assert "None" not in text and "{{" not in text and "Undefined" not in text, qid
        for q in ev.active:
            sentence = echo_sentence(ev, q.id, seed=3)
            assert sentence is None or ("None" not in sentence and "{{" not in sentence), (qid, q.id)


@pytest.mark.parametrize("kind_id", NEW_KINDS)
def test_interview_walks_through_the_example(kind_id: str) -> None:
    """Answering the example in the chat's order, taking each offered default that equals the
    example's answer, ends with every question dealt with and the same report as `fill`."""
    from assistant.interview import Interview

    raw = example_raw(kind_id)
    interview = Interview(load_kind(kind_id), {}, seed=example_seed(kind_id))
    defaults_taken = 0
    while (q := interview.next_question()) is not None:
        if q.id in raw:
            default = interview.default_for(q)
            take = bool(default) and parse_answer(q, default) == parse_answer(q, raw[q.id])
            defaults_taken += take
            outcome = interview.submit(q.id, "" if take else raw[q.id])
        else:
            assert not q.required, q.id
            outcome = interview.skip(q.id)
        assert outcome.accepted, (q.id, [t.text for t in outcome.turns])
        assert not [t for t in outcome.turns if t.kind == "error"]
    assert interview.progress().percent == 100
    # 本单位自称, and 全年预算数 / 各来源的数字 are offered, computed from earlier answers
    assert defaults_taken >= {"project": 6}.get(kind_id, 1)
    seed = example_seed(kind_id)
    assert paragraphs(compose(interview.evaluation, seed)) == paragraphs(compose(example_ev(kind_id), seed))


@pytest.mark.parametrize("kind_id", NEW_KINDS)
def test_example_writes_docx(kind_id: str, tmp_path: Path) -> None:
    from assistant.export.writer import write_report

    report = compose(example_ev(kind_id), seed=example_seed(kind_id))
    path = write_report(report, str(tmp_path / f"{kind_id}.docx"), force=True)
    assert Path(path).stat().st_size > 5000


def test_the_four_kinds_are_listed() -> None:
    from assistant.kinds import kind_ids

    assert {"dept-overall", *NEW_KINDS} <= set(kind_ids())
    for kind_id in NEW_KINDS:
        assert load_kind(kind_id).title.endswith("自评报告")


# --- docs/samples-side-by-side.md ---------------------------------------------------------------

# Passages of the samples (000_4b2e7f41540610e8.txt), quoted as published, with the heading of the
# product's report that holds the same passage.
_SAMPLE_1 = [
    ("开头", None, "根据县农委、县统计局、县目标办《关于印发的通知》文件要求,现将我镇20xx年度农业经济目标管理"
                 "绩效考核自评报告如下:"),
    ("粮食生产", "粮食生产", "1、粮食生产。\n考核标准分为20分,20xx年我镇粮食总产18856.1吨,20xx年粮食总产达"
                          "20247.2吨,比上年增长7.38%。(见附后:20xx年农作物生产情况统计表)。"),
    ("未完成的项目", "规模以上农产品加工业发展", "2、规模以上农产品加工业发展。\n考核标准分为10分,我镇20xx年无新增"
     "规模以上农产品加工企业。规模以上农产品加工企业总产值达22088.4万元,比上年增长16.96%。(见附后:20xx年规上农产品"
     "加工企业现价总产值汇总表)"),
    ("农产品加工业产值", "农产品加工业产值", "3、农产品加工业产值。\n考核标准分为8分,20xx年我镇积极扶持农产品加工"
     "企业的发展,20xx年农产品加工业总产值74583万元,20xx年农产品加工业总产值达81570万元,比上年增长9.4%,并每月"
     "按时统计上报(见附后:泾县20xx年农产品加工业产值调查统计表)。"),
    ("附加分项目", "农业招商引资", "14、农业招商引资。\n附加分4分,20xx年我镇农业招商引资续建项目:一品天下茶产业园项目;"
     "新增项目:葛根种植推广及深加工产业化项目,泾县榔桥溪头木梳示范基地项目。(见附后:泾县20xx年农业招商引资情况统计表"
     "及招商引资证明材料)"),
    ("得分合计", "自评得分情况", "（样本没有这一部分：既不写各项自评分，也不写合计。）"),
]  # fmt: skip
_SAMPLE_2 = [
    ("明确目标，制定方案", 1, "一、明确目标,制定方案。\n年初,我局根据市综合绩效评估指标,结合县域实际情况,确定了安仁县"
     "食品药品安全监管的工作目标,印发了《安仁县食品药品监督管理局20xx年工作要点》,制定了相应的各项工作方案,如"
     "《市场监管执法工作方案》、《药品医疗器械稽查工作方案》、《安仁县20xx年食品安全整顿工作安排》、《安仁县农村药品"
     "“两网”建设实施方案》等20多个工作方案,为各项工作的开展提供了有力保障。"),
    ("强化措施", 2, "二、强化措施,全力推进各项工作的开展。\n为切实推进各项工作的开展,我局采取了一系列措施,确保各项工作"
     "按时按质按量完成。一是将各项工作明确责任领导和股室,具体细化到岗到人;二是实行每月一调度,每季一点评,保证工作任务"
     "进度和质量。三是日常监管实行分片包干,责任到组的形式,量化指标,检查到位,奖惩分明。四是建立了详细的`工作台帐,"
     "如日常监管、稽查办案、“两网”建设等电子台帐,随时掌握工作进度和质量。"),
    ("考评指标", "依法行政", "（样本没有逐项的考评指标、分值和自评得分。）"),
    ("结论与排名", "自评结论", "目前,我局对落实市综合绩效考评指标任务,完全是按照年初制定的目标和进度保质保量完成,"
     "在全市排名中名列前茅。"),
]  # fmt: skip
_SAMPLE_3 = [
    ("资金来源及使用情况", "单位资金来源及使用情况", "(五)单位资金来源及使用情况。\n20xx年昆明市五华区总工会总收入"
     "228.63万元,其中:财政拨款收入228.63万元,占总收入的100%;财政拨款支出228.25万元,其中:基本支出220.25万元,"
     "占总支出的96.50%;项目支出8.00万元,占总支出的3.50%。"),
    ("评价结论", "评价结论", "1.评价结果。\n绩效自评中,经过对我单位评价小组对基本支出和项目支出的数据资料、财务资料的"
     "认真分析、对照检查,部门整体支出预算绩效自评综合得分98分,评价结果为“优”。"),
]  # fmt: skip
_RULES_PROJECT = (
    "参考提纲（财预〔2020〕10号附件3）：一、基本情况 二、绩效评价工作开展情况 三、综合评价情况及评价结论 "
    "四、绩效评价指标分析 五、主要经验及做法、存在的问题及原因分析 六、有关建议 七、其他需要说明的问题\n"
    "自评表（附件1）：表头 项目名称｜主管部门｜实施单位；项目资金（万元）：年初预算数｜全年预算数｜全年执行数｜分值｜"
    "执行率｜得分，行为年度资金总额（分值10）、其中：当年财政拨款、上年结转资金、其他资金；年度总体目标：预期目标｜"
    "实际完成情况；绩效指标：一级指标｜二级指标｜三级指标｜年度指标值｜实际完成值｜分值｜得分｜偏差原因分析及改进措施；总分。"
)


def _quote(text: str) -> str:
    return "\n".join("> " + line if line else ">" for line in text.split("\n"))


def _product(report: Report, where: str | int | None) -> str:
    if where is None:
        return paragraphs(report)[0]
    if isinstance(where, int):  # the n-th top-level section, then the conclusion after section 三
        top = [b for b in report.blocks if isinstance(b, Heading) and b.level == 1]
        return top[where - 1].number + top[where - 1].text + "\n" + "\n".join(section(report, top[where - 1].text))
    heading = next(b for b in report.blocks if isinstance(b, Heading) and b.text.startswith(where))
    return heading.number + heading.text + "\n" + "\n".join(section(report, heading.text))


_HEADER = """# 样本与本程序输出对照

每一类报告取参考样本（仓库旁 `../shared/reference/000_4b2e7f41540610e8.txt`）中的几段，与本程序用
`examples/<类型>.yaml` 生成的同一段并列。样本一侧照原文引用（含原文的半角标点、“20xx”和笔误）；
本程序一侧由 `python tests/unit/test_kinds_common.py` 从实际输出生成，测试会核对它与当前输出一致，请勿手改。
数字的差别是有意的：样本把 74583→81570 写成“增长9.4%”，按四舍五入保留两位小数应为9.37%。
"""

_SAMPLES = {
    "target-mgmt": ("目标管理绩效考核自评（样本1）", _SAMPLE_1),
    "comprehensive": ("综合绩效考评自评（样本2）", _SAMPLE_2),
    "dept-overall": ("部门整体支出绩效自评（样本3）", _SAMPLE_3),
}


_ITEMISED = {"target-mgmt", "comprehensive"}


def _attached(report: Report) -> list[str]:
    """The 附件说明 and the attached itemised table, as Markdown."""
    from assistant.export.markdown import table_to_markdown

    table = next(b for a in report.attachments for b in joined_tables(a.blocks) if isinstance(b, Table))
    attachment = next(a for a in report.attachments if a.blocks)
    names = "　".join(f"{a.number}.{a.name}" for a in report.attachments)
    return ["### 附件", "", "样本：", "", "> （样本没有附件说明；佐证材料写在各段末尾的“（见附后：……）”中。）", "",
            "本程序（附件说明）：", "", _quote(f"附件：{names}"), "",
            f"本程序（{attachment.label}，在落款之后）：", "", f"**{attachment.name}**", "",
            *table_to_markdown(table), ""]  # fmt: skip


def render_kind(kind_id: str) -> str:
    """The part of docs/samples-side-by-side.md for one kind."""
    report = compose(example_ev(kind_id), seed=example_seed(kind_id))
    if kind_id in _SAMPLES:
        title, passages = _SAMPLES[kind_id]
        out = [f"## {title}：`{kind_id}`", "", f"报告标题：{report.title}", ""]
        for name, where, sample in passages:
            product = _product(report, where)
            out += [f"### {name}", "", "样本：", "", _quote(sample), "", "本程序：", "", _quote(product), ""]
        if kind_id in _ITEMISED:  # the itemised table attached after the 落款 (issue 14)
            out += _attached(report)
        return "\n".join(out)
    from assistant.export.markdown import table_to_markdown

    [attachment] = report.attachments
    [table] = joined_tables(attachment.blocks)
    assert isinstance(table, Table)
    top = " ".join(f"{b.number}{b.text}" for b in report.blocks if isinstance(b, Heading) and b.level == 1)
    out = [f"## 项目支出绩效自评（rules.md §1）：`{kind_id}`", "",
           "没有项目支出的样本报告；对照的是财政部的参考提纲和自评表的栏目。", "",
           f"报告标题：{report.title}", "", "规则：", "", _quote(_RULES_PROJECT), "",
           "本程序（一级标题）：", "", _quote(top), "",
           "本程序（三、综合评价情况及评价结论）：", "",
           _quote("\n".join(section(report, "综合评价情况及评价结论"))), "",
           f"本程序（{attachment.label}，在落款之后）：", "", f"**{attachment.name}**", "",
           *table_to_markdown(table), ""]  # fmt: skip
    return "\n".join(out)


def render_side_by_side() -> str:
    parts = [_HEADER, *(render_kind(k) for k in ("target-mgmt", "comprehensive", "project", "dept-overall"))]
    return "\n".join(parts).rstrip() + "\n"


@pytest.mark.parametrize("kind_id", NEW_KINDS)
def test_side_by_side_doc_is_current(kind_id: str) -> None:
    assert render_kind(kind_id) in SIDE_BY_SIDE.read_text(encoding="utf-8"), (
        "docs/samples-side-by-side.md is out of date: run `python tests/unit/test_kinds_common.py`"
    )


if __name__ == "__main__":
    SIDE_BY_SIDE.parent.mkdir(exist_ok=True)
    SIDE_BY_SIDE.write_text(render_side_by_side(), encoding="utf-8")
    print(f"wrote {SIDE_BY_SIDE}")
