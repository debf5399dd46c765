"""Each problem a report states has a measure: the 存在的问题 part against the 改进措施 part."""

from __future__ import annotations

import re

from assistant.review.document import Document, Para
from assistant.review.findings import Slip

_PROBLEMS = re.compile(r"存在的?问题|存在的?不足|问题及原因")
_MEASURES = re.compile(r"改进措施|整改措施|有关建议|^建议|意见建议|下一步")
_LAST_YEAR = re.compile(r"上年|整改情况")
_ITEM = re.compile(r"^(\d+[.．、]|[（(]\d+[）)]|[（(][一二三四五六七八九十]+[）)])")
_ENUMERATED = re.compile(r"[一二三四五六七八九十]是")
_END = re.compile(r"^附件[：:\d]|^附件$")  # the attachments' list ends the body
_NOTHING = re.compile(r"^(无|暂无|没有|无问题)[。.]?$")


def _section(paras: list[Para], start: int) -> list[Para]:
    level = paras[start].heading
    out = []
    for p in paras[start + 1 :]:
        if (p.heading and p.heading <= level) or _END.match(p.text.strip()):
            break
        out.append(p)
    return out


def _count(paras: list[Para]) -> int:
    items = sum(1 for p in paras if not p.heading and _ITEM.match(p.text.strip()))
    if items:
        return items
    return max((len(_ENUMERATED.findall(p.text)) for p in paras), default=0) or sum(
        1 for p in paras if not p.heading and p.text.strip()
    )


def check_measures(document: Document) -> list[Slip]:
    paras = document.paragraphs
    heads = [i for i, p in enumerate(paras) if p.heading and _PROBLEMS.search(p.text) and not _LAST_YEAR.search(p.text)]
    if not heads:
        return []
    start = max(heads, key=lambda i: (paras[i].heading, i))  # the most specific: （二）本年度存在的问题
    section = [p for p in _section(paras, start) if not (p.heading and _LAST_YEAR.search(p.text))]
    section = _without_last_year(paras, start, section)
    if not section or all(_NOTHING.match(p.text.strip()) for p in section if not p.heading):
        return []
    where = f"“{paras[start].text.strip()[:14]}”部分"
    if _MEASURES.search(paras[start].text):  # 存在的不足和下一步打算: problems, then what will be done
        problems = [p for p in section if not re.search(r"将|下一步|打算|措施", p.text[:12])]
        measures = [p for p in section if p not in problems]
    else:
        after = [i for i, p in enumerate(paras) if i > start and p.heading and _MEASURES.search(p.text)]
        problems = section
        measures = _section(paras, after[0]) if after else []
    n, m = _count(problems), _count(measures)
    if n and not m:
        return [Slip("measure", where, f"列出{n}个问题", "每个问题都有对应的改进措施（未找到改进措施）")]
    if n > m:
        return [Slip("measure", where, f"列出{n}个问题、{m}条改进措施", f"至少{n}条改进措施，与问题一一对应")]
    return []


def _without_last_year(paras: list[Para], start: int, section: list[Para]) -> list[Para]:
    """Leave out a 上年问题整改情况 sub-part: last year's problems have their 整改, not a measure."""
    out, skipping = [], False
    for p in section:
        if p.heading:
            skipping = bool(_LAST_YEAR.search(p.text))
            continue
        if not skipping:
            out.append(p)
    return out
