"""Last year's report, read back into the answers of a kind's questions: what a new draft for
the next year starts from (`report-assistant new KIND --from 报告.docx`).

It reads a report written by anyone (this program's, Word's, WPS's; .txt and .md too) by its
headings and their usual variants, as answer text a user could have typed (so each is parsed and
checked as typed answers are), and lists what it could not find. Figures are last year's: the
caller makes them this year's 上年数 through the kind's `last_year_of`, never this year's figures.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from assistant.errors import AnswerError
from assistant.importing.sheet import has_header, indicators_text, read_indicator_rows
from assistant.models import ReportKind
from assistant.review.document import Document, Para
from assistant.review.prose import figures

_ITEM_NUMBER = re.compile(
    r"^\s*(\d+[.．、)）]|[（(]\d+[）)]|[（(][一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+、)\s*"
)
_TITLE_YEAR = re.compile(r"^(?P<unit>.+?)(?P<year>\d{4})年度?")
# the last words of a unit's name (formatting's list of short names, and a few more)
_UNIT_END = "总工会|委员会|联合会|街道办事处|人民政府|办公室|管理局|中心|局|委|办|院|所|站|馆|会|厅|政府|镇|乡|街道"
_UNIT = re.compile(rf"[\u4e00-\u9fff]{{2,18}}?(?:{_UNIT_END})(?![\u4e00-\u9fff]{{0,1}}(?:等|的工作))")
_NOT_UNIT = re.compile(r"^(我|本|各|该|全|上级|市|区|县|省)|部门|单位|会议|大会|委员会议")


@dataclass
class LastYear:
    """Answers read from last year's report, by question id, as typed text; and the labels of the
    questions whose answers it did not find."""

    answers: dict[str, str] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    year: int | None = None  # the year the report is about, when its title or text says

    @property
    def seeds(self) -> dict[str, str]:
        """Answers for next year's draft that are neither carried over nor 上年数: the indicator
        table with its 实际完成值 and reasons left empty (last year's values are not this
        year's), and last year's goals to confirm or change."""
        out = {"goals": self.answers["goals"]} if "goals" in self.answers else {}
        if "indicators" in self.answers:
            rows = [row.split("｜") for row in self.answers["indicators"].split("\n")]
            out["indicators"] = "\n".join("｜".join([*cells[:4], "", *cells[5:6]]) for cells in rows)
        return out

    @property
    def notes(self) -> dict[str, str]:
        """What the interview says beside an imported answer, where there is more to say."""
        return {"indicators": INDICATORS_NOTE} if "indicators" in self.answers else {}


INDICATORS_NOTE = "上年的实际完成值没有带入，请逐行填写本年的实际完成值，并核对年度指标值和分值。"


def read_last_year(document: Document, kind: ReportKind) -> LastYear:
    out = LastYear(year=_year(document.paragraphs))
    wanted = _wanted(kind)
    for qid in wanted:
        value = _READERS[qid](document) if qid in _READERS else ""
        if value:
            out.answers[qid] = value
    out.missing = [kind.question(q).label for q in wanted if q not in out.answers]
    return out


def _wanted(kind: ReportKind) -> list[str]:
    """What a draft for the next year takes from last year's: the answers carried over, those that
    become 上年数, the indicator table and the goals (the kind's ids, in its order)."""
    sources = {q.last_year_of for q in kind.questions if q.last_year_of}
    keep = {q.id for q in kind.questions if q.carry_over} | sources | {"indicators", "goals"}
    return [q.id for q in kind.questions if q.id in keep]  # one without a reader is listed as not read


# --- the readers, one a question ---------------------------------------------------------------------


def _title(paras: list[Para]) -> str:
    for p in paras[:5]:
        text = p.text.strip()
        if text and "报告" in text and _TITLE_YEAR.match(text):
            return text
    return ""


def _year(paras: list[Para]) -> int | None:
    m = _TITLE_YEAR.match(_title(paras))
    if m:
        return int(m["year"])
    years = Counter(int(y) for p in paras for y in re.findall(r"(20\d{2})年度", p.text))
    return years.most_common(1)[0][0] if years else None


_DATE = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日$")


def _unit_name(document: Document) -> str:
    """The unit the 自评表 names (部门（单位）名称, 实施单位), else the 落款 above the date, else the
    title's words before its year (a project's title names the project, not the unit), else the
    unit name the text uses most (a report that starts at 一、单位概况 names itself in its sentences)."""
    for label in ("部门（单位）名称", "部门(单位)名称", "单位名称", "实施单位"):
        found = _cell_after(document, label)
        if found:
            return found
    paras = [p.text.strip() for p in document.paragraphs if p.text.strip()]
    for before, text in itertools.pairwise(paras):
        if _DATE.match(text) and _UNIT.fullmatch(before):
            return before
    m = _TITLE_YEAR.match(_title(document.paragraphs))
    if m and len(m["unit"]) >= 3:
        return m["unit"].strip()
    counts: Counter[str] = Counter()
    for p in document.paragraphs:
        for found in _UNIT.finditer(re.sub(r"20[\dxX×]{2}年度?", "，", p.text)):
            name = found.group(0)
            if not _NOT_UNIT.search(name):
                counts[name] += 1
    best = counts.most_common(1)
    return best[0][0] if best and best[0][1] >= 2 else ""


_FIELD = re.compile(
    r"(?:\d{4}|20[xX×]{2})年度?(?P<a>[\u4e00-\u9fff]{2,10}?)目标管理|部署(?P<b>[\u4e00-\u9fff]{2,10}?)工作|年在(?P<c>[\u4e00-\u9fff]{2,10}?)工作中"
)


def _field(document: Document) -> str:
    """The field of work a report names: 2025年度农业经济目标管理…, 部署市场监管工作, 在市场监管工作中."""
    for p in document.paragraphs[:12]:
        m = _FIELD.search(p.text)
        if m:
            return next(g for g in m.groups() if g)
    return ""


def _cell_after(document: Document, label: str) -> str:
    """The first filled cell after the cell `label` in a row of a table (主管部门 | 某某局)."""
    for table in document.tables:
        for row in table.rows:
            cells = [re.sub(r"\s", "", c) for c in row]
            if label in cells:
                return next((c.strip() for c in row[cells.index(label) + 1 :] if c.strip()), "")
    return ""


def _department(document: Document) -> str:
    return _cell_after(document, "主管部门")


def _self_name(document: Document) -> str:
    """The short name a report declares once: （以下简称“我局”）."""
    for p in document.paragraphs[:10]:
        m = re.search(r"以下简称[“\"「]?(我[\u4e00-\u9fff]{1,3})[”\"」]", p.text)
        if m:
            return m.group(1)
    return ""


def _section_items(document: Document, heading: re.Pattern[str], *, skip: re.Pattern[str] | None = None) -> list[str]:
    """The items under the first heading that matches: numbered paragraphs (1. 、（一）) with their
    numbers dropped, else the sentences of its paragraphs."""
    paras = document.paragraphs
    matching = [
        i for i, p in enumerate(paras) if p.heading and heading.search(p.text) and not (skip and skip.search(p.text))
    ]
    # the most specific heading: （三）存在的问题及原因分析 rather than 五、主要经验及做法、存在的问题…
    for i in sorted(matching, key=lambda i: -paras[i].heading)[:1]:
        p = paras[i]
        body: list[Para] = []
        for q in paras[i + 1 :]:
            if q.heading and q.heading <= p.heading:
                break
            if q.heading and skip and skip.search(q.text):
                break
            if q.heading and any(b.heading for b in body):  # the first sub-part only: （一）单位总目标
                break
            body.append(q)
        texts = [q.text.strip() for q in body if q.text.strip() and not q.heading]
        numbered = [t for t in texts if _ITEM_NUMBER.match(t)]
        if numbered:
            return [_ITEM_NUMBER.sub("", t).strip() for t in numbered]
        return [t for t in texts if not t.endswith(("：", ":"))]
    return []


def _lines(items: list[str]) -> str:
    return "\n".join(i.strip() for i in items if i.strip())


_COUNT = r"(?:\d+|[一二三四五六七八九十]+)"
_OFFICES = re.compile(
    rf"(?:内设{_COUNT}个机构|{_COUNT}个?内设机构|内设机构)[，,:：]?(?:包括|分别是|分别为|为|有|即)?[:：]?(?P<names>[^。；;]+)"
)


def _offices(document: Document) -> str:
    """我会内设3个机构，分别为A、B和C / 共设置3个内设机构，包括A、B、C / 的内设机构为A、B."""
    for p in document.paragraphs:
        m = _OFFICES.search(p.text)
        if m:
            names = [n.strip(" ，,。：:") for n in re.split(r"[、，,]", m["names"]) if n.strip(" ，,。：:")]
            if names and "和" in names[-1]:  # A、B和C: only the last 和 joins two names
                names[-1:] = names[-1].rsplit("和", 1)
            return "、".join(n for n in names if n)
    return ""


def _staff_quota(document: Document) -> str:
    pattern = re.compile(r"编制(?:数|人数)?(?:为|是|共)?\s*(\d+)\s*(人|名)")
    for p in document.paragraphs:
        m = pattern.search(p.text)
        if m:
            return f"{m.group(1)}人"
    return ""


def _duties(document: Document) -> str:
    return _lines(_section_items(document, re.compile(r"职能|主要职责")))


def _rules(document: Document) -> str:
    items = _section_items(document, re.compile(r"管理制度"))
    titles = [t for item in items for t in re.findall(r"《([^》]+)》", item)]
    return "、".join(dict.fromkeys(titles)) if titles else ""


def _money(*labels: str) -> Callable[[Document], str]:
    """This year's figure under one of `labels` (in their order), in the unit the report gives it;
    not one of 上年 (比上年的219.80万元) and not a share."""

    def read(document: Document) -> str:
        for label in labels:
            for p in document.paragraphs:
                if label not in p.text:
                    continue
                for f in figures(p.text):
                    if f.q.money and f.label.endswith(label) and "上年" not in f.phrase and "去年" not in f.phrase:
                        return f.q.text
        return ""

    return read


def _problems(document: Document) -> str:
    heading = re.compile(r"存在的?问题|存在的?不足")
    items = _section_items(document, re.compile(r"本年度?存在的?问题|存在的?问题及原因"))
    return _lines(items or _section_items(document, heading, skip=re.compile(r"上年|整改")))


def _goals(document: Document) -> str:
    return _lines(_section_items(document, re.compile(r"^[一二三四五六七八九十]+、\s*绩效目标|^绩效目标$|单位总目标")))


def _indicators(document: Document) -> str:
    """The first table with an indicator header, read as a worksheet is (importing/sheet.py: the
    same column names, merged cells carried down, each row checked as a typed one); a table that
    cannot be read so is passed over, and the indicators listed in prose are the fallback."""
    for table in document.tables:
        if not has_header(table.rows):
            continue
        try:
            rows = read_indicator_rows(table.rows, where=f"上年报告第{table.number}个表格", letters=False)
        except AnswerError:
            continue
        if rows:
            return indicators_text(rows)
    return _indicators_from_prose(document)


_PROSE_GROUPS = ("产出指标", "效益指标", "满意度指标")
_PROSE_TARGET = re.compile(
    r"^(?P<name>.+?)(?P<op>大于等于|不低于|不少于|小于等于|不高于|不超过|达到|达)?(?P<num>\d+(?:\.\d+)?)(?P<unit>%|[\u4e00-\u9fff]{1,2})?(?P<suffix>以上|以内|以下)?$"
)


def _indicators_from_prose(document: Document) -> str:
    """Indicators a report lists in sentences under 产出指标、效益指标、满意度指标 (as sample 3 does):
    the 三级指标 and 年度指标值 of each; the 二级指标, the 分值 and this year's values are for the
    user to fill in (the rows are shown to be completed, not taken as they are)."""
    rows: list[str] = []
    paras = document.paragraphs
    for i, p in enumerate(paras):
        group = next((g for g in _PROSE_GROUPS if re.match(rf"^\d*[、.．]?\s*{g}[:：]?$", p.text.strip())), None)
        if group is None or i + 1 >= len(paras):
            continue
        text = paras[i + 1].text.strip().rstrip("。")
        first = True
        for part in re.split(r"[，,；;]\s*", text):
            part = part.strip()
            if not part:
                continue
            m = _PROSE_TARGET.match(part)
            if m:
                op = "≤" if m["op"] in ("小于等于", "不高于", "不超过") or m["suffix"] in ("以内", "以下") else "≥"
                target, name = f"{op}{m['num']}{m['unit'] or ''}", m["name"].strip()
            else:
                target, name = part, part
            rows.append("｜".join([group if first else "", "", name, target, "", ""]))
            first = False
    return "\n".join(rows)


_READERS: dict[str, Callable[[Document], str]] = {
    "unit_name": _unit_name,
    "self_name": _self_name,
    "field": _field,
    "department": _department,
    "offices": _offices,
    "staff_quota": _staff_quota,
    "duties": _duties,
    "rules": _rules,
    "income_total": _money("总收入", "收入总额", "收入合计"),
    "spend_total": _money("总支出", "支出总额", "支出合计", "财政拨款支出"),
    "three_public_total": _money("“三公”经费支出", "三公经费支出", "“三公”经费合计", "三公经费"),
    "budget_final": _money("全年预算数"),
    "spent_total": _money("全年执行数", "实际支出"),
    "goals": _goals,
    "problems": _problems,
    "indicators": _indicators,
}
