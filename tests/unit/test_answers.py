"""Typed text → typed value, or a Chinese message saying what is expected (answers.py, indicators.py)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from assistant.answers import Count, answer_from_file, clean_answer, parse_answer, split_items
from assistant.errors import AnswerError
from tests.support.common import make_question

CHOICES = ["成立自评工作小组，由单位负责人牵头", "由财务部门牵头，各业务科室配合", "委托第三方机构协助"]
RECORD_COLUMNS = [
    {"id": "name", "label": "项目名称"},
    {"id": "amount", "label": "金额", "type": "money", "unit": "万元"},
    {"id": "people", "label": "人数", "type": "count", "unit": "人", "required": False},
]


def _q(type_: str, kw: dict[str, Any] | None = None):
    kw = dict(kw or {})
    if type_ == "choice":
        kw.setdefault("choices", CHOICES)
    if type_ == "records":
        kw.setdefault("columns", RECORD_COLUMNS)
    return make_question(type_, **kw)


GOOD: list[tuple[str, dict[str, Any], str, Any]] = [
    # money: full width, units converted to the question's unit, separators, Chinese numerals
    ("money", {}, "228.63", Decimal("228.63")),
    ("money", {}, "２２８．６３", Decimal("228.63")),
    ("money", {}, "999999999999元", Decimal("99999999.9999")),  # the largest amount accepted
    ("money", {}, "9999亿元", Decimal("99990000")),
    ("money", {}, "0.000001万元", Decimal("0.000001")),
    ("money", {}, "２２８．６３万元", Decimal("228.63")),
    ("money", {}, "228.63万元", Decimal("228.63")),
    ("money", {}, "228.63 万元", Decimal("228.63")),
    ("money", {}, "2286300元", Decimal("228.63")),
    ("money", {}, "2,286,300元", Decimal("228.63")),
    ("money", {}, "2，286，300元", Decimal("228.63")),
    ("money", {}, "3074528元", Decimal("307.4528")),
    ("money", {}, "1.5亿元", Decimal("15000")),
    ("money", {}, "0.5亿", Decimal("5000")),
    ("money", {}, "5万", Decimal("5")),
    ("money", {"unit": "元"}, "8.00万元", Decimal("80000")),
    ("money", {"unit": "元"}, "1,234.5", Decimal("1234.5")),
    ("money", {}, "三十万元", Decimal("30")),
    ("money", {}, "0", Decimal("0")),
    ("money", {}, "8.00万元。", Decimal("8")),
    ("money", {}, "￥80000元", Decimal("8")),
    # counts: Chinese numerals and measure words
    ("count", {"unit": "人"}, "12人", 12),
    ("count", {"unit": "人"}, "１２", 12),
    ("count", {}, "三个", 3),
    ("count", {}, "十二家", 12),
    ("count", {}, "一百零五", 105),
    ("count", {}, "两千零五", 2005),
    ("count", {}, "三万二千", 32000),
    ("count", {}, "一亿三千万", 130_000_000),
    ("count", {}, "1,200", 1200),
    ("count", {}, "零", 0),
    # percentages and numbers
    ("percent", {}, "96.5%", Decimal("96.5")),
    ("percent", {}, "９６．５％", Decimal("96.5")),
    ("percent", {}, "百分之九十五", Decimal("95")),
    ("percent", {}, "100", Decimal("100")),
    ("number", {"unit": "吨"}, "12.5吨", Decimal("12.5")),
    ("number", {"unit": "万元"}, "50000元", Decimal("5")),
    # yes / no
    ("yesno", {}, "是", True),
    ("yesno", {}, "是的。", True),
    ("yesno", {}, "有", True),
    ("yesno", {}, "Y", True),
    ("yesno", {}, "否", False),
    ("yesno", {}, "没有", False),
    ("yesno", {}, "no", False),
    # choices by number or by text
    ("choice", {}, "2", CHOICES[1]),
    ("choice", {}, "２", CHOICES[1]),
    ("choice", {}, "3.", CHOICES[2]),
    ("choice", {}, CHOICES[1], CHOICES[1]),  # holds a full-width comma
    ("choice", {}, "第三方", CHOICES[2]),
    # year and date
    ("year", {}, "2025", 2025),
    ("year", {}, "2025年", 2025),
    ("year", {}, "2025年度", 2025),
    ("year", {}, "二〇二五年", 2025),
    ("year", {}, "２０２５", 2025),
    ("date", {}, "2026年3月15日", dt.date(2026, 3, 15)),
    ("date", {}, "2026-03-15", dt.date(2026, 3, 15)),
    ("date", {}, "2026.3.15", dt.date(2026, 3, 15)),
    ("date", {}, "2026/03/15", dt.date(2026, 3, 15)),
    ("date", {}, "２０２６年３月１５日", dt.date(2026, 3, 15)),
    # text: control characters stripped, lines joined for one-line answers
    ("text", {}, "昆明市\x00五华区\x1f总工会\u200b", "昆明市五华区总工会"),
    ("text", {}, "  昆明市五华区\t总工会\ufeff ", "昆明市五华区 总工会"),
    ("text", {}, "第一行\r\n第二行", "第一行 第二行"),
    ("paragraph", {}, "第一段\x07\r\n\r\n\r\n第二段\u2028第三段", "第一段\n\n第二段\n第三段"),
    ("text", {"max_length": 10}, "一二三四五六七八九十", "一二三四五六七八九十"),  # at the limit
    ("text", {"required": False}, "", None),
    ("text", {"required": False}, " \x00\u3000 ", None),
    # lists
    ("list", {}, "综合办公室、组织宣传网络室、法律劳保服务室", ["综合办公室", "组织宣传网络室", "法律劳保服务室"]),
    ("list", {}, "甲，乙，丙。", ["甲", "乙", "丙"]),
    ("list", {}, "甲,乙", ["甲", "乙"]),
    ("list", {}, "加强培训、提高认识；完善制度", ["加强培训、提高认识", "完善制度"]),
    ("list", {}, "1. 加强培训、提高认识\n2. 完善制度，落实责任\n\n", ["加强培训、提高认识", "完善制度，落实责任"]),
    ("list", {}, "（1）甲\n（2）乙\n①丙\n一、丁", ["甲", "乙", "丙", "丁"]),
    ("list", {}, "1.5万元资金按时到位\n2.完成培训", ["1.5万元资金按时到位", "完成培训"]),
    ("list", {}, "年支出1,234,567元\n其他", ["年支出1234567元", "其他"]),  # written as the report's own figures
    ("text", {}, "全年完成食品抽检１,２３６批次，增长８％", "全年完成食品抽检1236批次，增长8%"),
    ("list", {}, "- 加强培训\n• 完善制度\n* 落实责任\n· 跟踪监控", ["加强培训", "完善制度", "落实责任", "跟踪监控"]),
    ("list", {}, "（一）加强培训\n(二)完善制度\n3）落实责任", ["加强培训", "完善制度", "落实责任"]),
    ("list", {}, "-5万元结转下年", ["-5万元结转下年"]),
    ("count", {"unit": "人"}, "6512人次", 6512),
    ("yesno", {}, "是，每季度开展一次", True),
    ("yesno", {}, "否；年末集中核实", False),
    ("yesno", {}, "开展了，6月和9月各一次", True),
    ("yesno", {}, "已开展", True),
    ("yesno", {}, "没有开展", False),
    ("yesno", {}, "未开展过", False),
    ("yesno", {}, "开展了绩效运行监控", True),
    ("yesno", {}, "都开展了", True),
    ("yesno", {}, "已监控", True),
    ("yesno", {}, "未开展监控", False),
    ("yesno", {}, "暂未开展", False),
    ("yesno", {}, "均未开展", False),
    ("yesno", {}, "不开展", False),
    ("yesno", {}, "没有监控", False),
    ("choice", {}, "第二项", CHOICES[1]),
    ("choice", {}, "三", CHOICES[2]),
    ("year", {}, "2025 年", 2025),
]


@pytest.mark.parametrize(("type_", "kw", "text", "expected"), GOOD, ids=[f"{g[0]}:{g[2]!r}" for g in GOOD])
def test_good_answers(type_: str, kw: dict[str, Any], text: str, expected: Any) -> None:
    value = parse_answer(_q(type_, kw), text)
    assert value == expected
    # a count keeps the measure word typed (6512人次): an int that knows its unit
    assert type(value) is type(expected) or (type(expected) is int and isinstance(value, Count))


def test_money_is_decimal_never_float() -> None:
    value = parse_answer(_q("money"), "2,286,300元")
    assert isinstance(value, Decimal)
    assert str(value) == "228.63"


# (type, question fields, text, words the Chinese message must contain)
BAD: list[tuple[str, dict[str, Any], str, list[str]]] = [
    # approximations refused, whatever the type of number
    ("money", {}, "约228万元", ["准确的数字", "约"]),
    ("money", {}, "228万元左右", ["准确的数字", "左右"]),
    ("money", {}, "200多万元", ["准确的数字", "多"]),
    ("money", {}, "200余万元", ["准确的数字", "余"]),
    ("money", {}, "近200万元", ["准确的数字", "近"]),
    ("count", {}, "十几个", ["准确的数字", "几"]),
    ("count", {}, "几个", ["准确的数字", "几"]),
    ("count", {}, "100人以上", ["准确的数字", "以上"]),
    ("count", {}, "若干", ["准确的数字", "若干"]),
    ("percent", {}, "大概95%", ["准确的数字"]),
    # thousands separators in wrong groups
    ("money", {}, "2,28,6300元", ["千位分隔符", "每三位"]),
    ("money", {}, "22,86300", ["千位分隔符"]),
    ("money", {}, "1.2.3万元", ["不是一个能识别的数字"]),
    # words where a number belongs; a unit alone is not a number
    ("money", {}, "不清楚", ["需要一个数字", "不清楚"]),
    ("money", {}, "暂无", ["需要一个数字"]),  # unknown is not 0 (but 无 is 0 where the question says 没有请填0)
    ("money", {}, "万元", ["需要一个数字"]),
    ("count", {}, "亿", ["需要一个数字"]),
    ("number", {"unit": "吨"}, "很多", ["需要一个数字"]),
    ("money", {}, "5美元", ["无法识别金额单位", "美元", "元、万元或亿元"]),
    # negative amounts and out-of-range values
    ("money", {}, "-5", ["金额不能为负数"]),
    ("money", {}, "负5万元", ["金额不能为负数"]),
    ("money", {}, "－５万元", ["金额不能为负数"]),
    ("money", {"max": "1000"}, "1001万元", ["不能大于1000万元"]),
    ("count", {}, "-3", ["个数不能为负数"]),
    ("count", {}, "3.5", ["整数"]),
    ("count", {"unit": "人"}, "12吨", ["个数"]),
    ("count", {"min": "1"}, "0", ["不能为0", "不小于1"]),
    ("count", {"min": "1"}, "-1", ["不能为负数"]),
    ("number", {"unit": "吨"}, "-1吨", ["不能填负数"]),
    ("number", {"unit": "吨"}, "5人", ["单位应为“吨”", "人"]),
    ("percent", {}, "120%", ["不能超过100%"]),
    ("percent", {}, "百分之一百零一", ["不能超过100%"]),
    ("percent", {}, "-5%", ["不能小于0%"]),
    ("percent", {}, "95分", ["百分比只需填写数字和%号"]),
    # empty required answers, text over the limit
    ("money", {}, "", ["必须填写", "示例答案"]),
    ("text", {}, "   \x00 \u200b", ["必须填写"]),
    ("list", {}, "", ["必须填写"]),
    ("list", {}, "、，。", ["至少列出一项"]),
    ("text", {"max_length": 10}, "一二三四五六七八九十零", ["内容过长", "共11字", "最多10字"]),
    ("paragraph", {"max_length": 5}, "一二三\n四五六", ["内容过长", "最多5字"]),
    # yes / no, choice, year, date
    ("yesno", {}, "也许", ["“是”或“否”"]),
    ("date", {}, "2025年2月30日", ["2025年2月没有30日", "只有28天"]),
    ("date", {}, "2025年13月1日", ["没有13月"]),
    ("yesno", {}, "开展不了", ["“是”或“否”"]),
    ("yesno", {}, "不知道", ["“是”或“否”"]),
    ("choice", {}, "4", ["请从以下选项中选择", "1. 成立自评工作小组"]),
    ("choice", {}, "0", ["请从以下选项中选择"]),
    ("choice", {}, "牵头", ["请从以下选项中选择"]),  # matches two choices
    ("year", {}, "25", ["四位数的年份"]),
    ("year", {}, "去年", ["四位数的年份"]),
    ("year", {}, "1999", ["四位数的年份"]),
    ("year", {}, "2099", ["不能晚于今年"]),
    ("date", {}, "下个月", ["有效的日期"]),
    # numbers past what Decimal keeps exact (28 digits): refused before any arithmetic, saying the
    # largest accepted (they raised decimal.InvalidOperation in fill, export and the TUI)
    ("money", {}, "1" * 35 + "万元", ["金额过大", "应小于1万亿元（100000000万元）"]),
    ("money", {}, "9" * 13 + "元", ["金额过大", "1万亿元（100000000万元）"]),
    ("money", {}, "1000000000001元", ["金额过大"]),
    ("money", {}, "10000亿元", ["金额过大"]),
    ("money", {"unit": "元"}, "10001亿元", ["金额过大", "1万亿元（1000000000000元）"]),
    ("money", {}, "九亿亿亿亿亿万元", ["金额过大"]),
    ("count", {}, "9" * 30, ["数字过大", "最多可以填写12位整数（999999999999）"]),
    ("number", {"unit": "吨"}, "一亿亿吨", ["数字过大", "12位整数"]),
    ("number", {"unit": "元"}, "99999亿元", ["金额过大"]),
    ("percent", {}, "0." + "0" * 30 + "1%", ["小数位数过多", "最多保留6位小数"]),
    ("money", {}, "0.0000001万元", ["小数位数过多"]),
    # a 0 that would divide a figure says why it is refused (min_why)
    (
        "money",
        {"min": "0.01", "min_why": "总收入是各项收入所占比重的分母"},
        "0",
        ["这一项不能为0：总收入是各项收入所占比重的分母。", "不小于0.01万元"],
    ),
    ("money", {"min": "0.01", "min_why": "总收入是各项收入所占比重的分母"}, "0元", ["不能为0：总收入"]),
    # digits that are digits to Python but not to int(): never a crash
    ("year", {}, "2" * 1999, ["四位数的年份"]),
    ("choice", {}, "1" * 1999, ["请从以下选项中选择"]),
]


@pytest.mark.parametrize(("type_", "kw", "text", "words"), BAD, ids=[f"{b[0]}:{b[2]!r}" for b in BAD])
def test_bad_answers_say_what_is_expected(type_: str, kw: dict[str, Any], text: str, words: list[str]) -> None:
    with pytest.raises(AnswerError) as err:
        parse_answer(_q(type_, kw), text)
    message = err.value.message
    for word in words:
        assert word in message, message
    assert message.endswith(("。", "）")) or "：" in message  # a sentence, not a code


def test_enough_parsing_cases() -> None:
    assert len(GOOD) + len(BAD) >= 40


def test_control_characters_never_reach_a_value() -> None:
    nasty = "".join(chr(c) for c in range(0x20)) + "\x7f\x85\u200b\u2060\ufeff"
    for type_ in ("text", "paragraph", "list"):
        value = parse_answer(_q(type_), f"甲{nasty}乙")
        text = "".join(value) if isinstance(value, list) else value
        assert all(ch in "\n甲乙 " for ch in text), repr(text)


def test_clean_answer_keeps_lines_only_where_they_belong() -> None:
    assert clean_answer(_q("text"), "a\nb") == "a b"
    assert clean_answer(_q("paragraph"), "a\n\n\n\nb") == "a\n\nb"
    # a pasted row keeps its empty cell, its tabs read as the ｜ of a row typed by hand (a tab drew as a
    # jump in the chat and the input)
    assert clean_answer(_q("indicators"), "\t乙\t丙") == "｜乙｜丙"


def test_split_items_prefers_lines_then_semicolons() -> None:
    assert split_items("甲、乙\n丙；丁") == ["甲、乙", "丙；丁"]
    assert split_items("甲、乙；丙") == ["甲、乙", "丙"]
    assert split_items("甲、乙，丙") == ["甲", "乙", "丙"]


def test_a_sentence_with_commas_is_one_item_and_marks_keep_their_insides_whole() -> None:
    assert split_items("继续推进“个转企”工作，力争2025年完成60户。") == ["继续推进“个转企”工作，力争2025年完成60户"]
    assert split_items("加快智慧监管平台建设，尽快完成重新招标，提高预算执行率") == [
        "加快智慧监管平台建设，尽快完成重新招标，提高预算执行率"]  # fmt: skip
    plans = "食品安全监督抽检实施方案、特种设备安全隐患排查整治工作方案、“双随机、一公开”监管工作实施方案"
    assert split_items(plans, names=True) == [
        "食品安全监督抽检实施方案", "特种设备安全隐患排查整治工作方案", "“双随机、一公开”监管工作实施方案"]  # fmt: skip
    mixed = "《2024年食品安全监督抽检实施方案》、特种设备安全隐患排查整治工作方案\n“双随机、一公开”监管工作实施方案。"
    assert split_items(mixed, names=True) == ["《2024年食品安全监督抽检实施方案》", "特种设备安全隐患排查整治工作方案",
                                              "“双随机、一公开”监管工作实施方案"]  # fmt: skip
    assert split_items("关于印发《甲、乙办法》的通知、预算法", names=True) == ["关于印发《甲、乙办法》的通知", "预算法"]
    assert split_items("甲“乙、丙", names=True) == ["甲“乙", "丙"], "an unpaired mark splits as if absent"


def test_numbered_lines_lose_their_numbers_even_before_a_year() -> None:
    typed = "1.部门整体支出绩效自评表\n2.2024年度部门决算报表。"
    assert split_items(typed) == ["部门整体支出绩效自评表", "2024年度部门决算报表"]
    assert split_items("1.5万元资金按时到位\n2.完成培训") == ["1.5万元资金按时到位", "完成培训"], "a decimal stays"


def test_answers_from_a_file() -> None:
    assert answer_from_file(None) == ""
    assert answer_from_file(True) == "是"
    assert answer_from_file(False) == "否"
    assert answer_from_file(["甲", "乙"]) == "甲\n乙"
    assert answer_from_file({"name": "甲", "amount": "5万元"}) == "甲｜5万元"
    assert answer_from_file("8.005") == "8.005"


def test_a_list_or_mapping_where_one_value_belongs_is_refused() -> None:
    """staff_quota: [12, 13] became 编制1213人 with 未发现问题."""
    count, items, table = _q("count", {"unit": "人"}), _q("list"), _q("records")
    for value, shown in (([12, 13], "[12, 13]"), (["12"], "[12]"), ({"编制": 12}, "{编制: 12}")):
        with pytest.raises(AnswerError, match="这一项只填一个值") as err:
            answer_from_file(value, count)
        assert shown in err.value.message
    assert answer_from_file(["甲", "乙"], items) == "甲\n乙"
    with pytest.raises(AnswerError, match="列表的每一项只填一个值"):
        answer_from_file([["甲", "乙"]], items)  # a row of cells is for tables only
    with pytest.raises(AnswerError, match="这一项只填一个值"):
        answer_from_file({"a": "甲"}, items)
    rows = [["甲", "5万元", 3], {"name": "乙", "amount": "6万元", "people": None}]
    assert answer_from_file(rows, table) == "甲｜5万元｜3\n乙｜6万元"
    assert answer_from_file({"name": "甲", "amount": "5万元"}, table) == "甲｜5万元"
    with pytest.raises(AnswerError, match="表格每一栏只填一个值"):
        answer_from_file([["甲", ["5万元", "6万元"]]], table)


def test_a_row_written_as_a_mapping_is_read_by_its_column_names() -> None:
    """By their order, {people: 3, amount: 5万元, name: 甲} put 3 in the 项目名称 column."""
    table = _q("records")
    assert answer_from_file([{"people": 3, "amount": "5万元", "name": "甲"}], table) == "甲｜5万元｜3"
    assert answer_from_file({"人数": 3, "项目名称": "甲"}, table) == "甲｜｜3", "a label names its column too"
    assert parse_answer(table, answer_from_file({"people": 3, "amount": "5万元", "name": "甲"}, table)) == [
        {"name": "甲", "amount": Decimal(5), "people": 3}
    ]
    with pytest.raises(AnswerError, match="“金额（万元）”不是这张表的栏目") as err:
        answer_from_file({"name": "甲", "金额（万元）": "5"}, table)
    assert "栏目依次为：name（项目名称）、amount（金额）、people（人数）" in err.value.message


def test_values_a_file_cannot_mean_are_refused() -> None:
    text = _q("text")
    with pytest.raises(AnswerError, match="数字过大"):
        answer_from_file(10**5000, text)  # str() of it raises ValueError past 4,300 digits
    with pytest.raises(AnswerError, match="无法识别"):
        answer_from_file(b"\x00", text)
    assert answer_from_file(12, text) == "12"
    assert answer_from_file(dt.date(2025, 12, 31), _q("date")) == "2025-12-31"


def test_a_list_or_mapping_stored_in_a_draft_is_said_and_asked_again() -> None:
    """A damaged draft holding a mapping as an answer: it was taken as unanswered, without a word."""
    from assistant.answers import stored_text
    from assistant.interview import Interview
    from assistant.kinds import load_kind

    with pytest.raises(AnswerError, match="草稿中保存的不是一个回答"):
        stored_text({"a": 12})
    assert stored_text("12人") == "12人" and stored_text(True) == "是"
    kind = load_kind("dept-overall")
    interview = Interview(kind, {"unit_name": "某单位", "year": "2025", "eval_period_note": "是", "short_name": "",
                                 "offices": "办公室", "staff_quota": {"a": 12}})  # fmt: skip
    assert interview.next_question().id == "staff_quota"
    said = "草稿中保存的不是一个回答，而是一组数据（{a: 12}），无法使用。"
    assert interview.evaluation.invalid["staff_quota"] == said
    assert interview.opening()[0].text == said + "请重新回答。"
    assert interview.answers["staff_quota"] == {"a": 12}, "kept as it was until answered again"
    assert interview.submit("staff_quota", "12人").accepted
    assert interview.evaluation.values["staff_quota"] == 12


def test_an_amount_stored_out_of_bounds_is_asked_again_not_dropped() -> None:
    """A 35-digit amount stored in a draft made the draft impossible to open (InvalidOperation)."""
    from assistant.interview import Interview
    from assistant.kinds import load_kind
    from tests.support.examples import example_raw

    answers = dict(example_raw("dept-overall"), income_total="1" * 35 + "万元")
    interview = Interview(load_kind("dept-overall"), answers)
    assert interview.next_question().id == "income_total"
    notice = interview.opening()[0].text
    assert notice.startswith("之前的回答“" + "1" * 35 + "万元”不再符合要求：金额过大")
    assert interview.answers["income_total"] == "1" * 35 + "万元"
    interview.transcript()
    assert interview.progress().percent < 100


# --- the indicator table ----------------------------------------------------------------


def ind(text: str) -> list[Any]:
    return parse_answer(_q("indicators"), text)


def test_indicator_directions_units_and_repeats() -> None:
    rows = ind(
        "产出指标｜数量指标｜培训次数｜≥10次｜12次｜10\n"
        "｜｜培训人数｜>=100人｜100人｜10\n"
        "｜成本指标｜项目支出控制数｜≤8万元｜80000元｜5\n"
        "｜时效指标｜完成及时率｜=100%｜100%｜5\n"
        "效益指标｜社会效益指标｜知晓率｜90%以上｜92%｜10\n"
        "｜｜投诉次数｜不超过5次｜3次｜10\n"
        "｜｜覆盖率｜80｜85｜10\n"
        "满意度指标｜服务对象满意度指标｜困难职工生活得到改善｜明显改善｜部分达成（3.5分）｜5｜原因"
    )
    assert [r.direction for r in rows] == ["≥", "≥", "≤", "=", "≥", "≤", "≥", "定性"]
    assert [r.level1 for r in rows] == ["产出指标"] * 4 + ["效益指标"] * 3 + ["满意度指标"]
    assert [r.level2 for r in rows[:4]] == ["数量指标", "数量指标", "成本指标", "时效指标"]
    cost = rows[2]
    assert (cost.target, cost.actual, cost.unit) == (Decimal(8), Decimal(8), "万元")  # 80000元 → 8万元
    assert cost.actual_text == "8.00万元" and cost.target_text == "≤8.00万元", "money in two decimals"
    assert rows[4].target_text == "≥90.00%", "percentages in two decimals, as the table's computed ones"
    assert rows[6].target == Decimal(80) and rows[6].unit == ""
    quali = rows[7]
    assert (quali.band, quali.claimed, quali.target, quali.reason) == ("部分达成", Decimal("3.5"), None, "原因")
    assert quali.target_text == "明显改善"


def test_indicator_rows_pasted_from_a_spreadsheet() -> None:
    rows = ind("产出指标\t数量指标\t培训次数\t≥10次\t12次\t10\n\t质量指标\t合格率\t≥90%\t95%\t10\t")
    assert [(r.level1, r.level2, r.level3) for r in rows] == [
        ("产出指标", "数量指标", "培训次数"), ("产出指标", "质量指标", "合格率")]  # fmt: skip


def test_indicator_full_width_and_ascii_bars() -> None:
    rows = ind("产出指标 | 数量指标 | 培训次数 | ≥１０次 | １２次 | １０分")
    assert (rows[0].target, rows[0].actual, rows[0].points) == (Decimal(10), Decimal(12), Decimal(10))


def test_qualitative_bands() -> None:
    达成 = ind("效益指标｜社会效益指标｜改善｜明显改善｜达成｜5")[0]
    assert (达成.band, 达成.claimed) == ("达成", None)
    assert ind("效益指标｜社会效益指标｜改善｜明显改善｜已完成（4分）｜5")[0].claimed == Decimal(4)  # 80% inclusive
    assert ind("效益指标｜社会效益指标｜改善｜明显改善｜部分达成（3分）｜5｜因")[0].band == "部分达成"  # 60% inclusive
    assert ind("效益指标｜社会效益指标｜改善｜明显改善｜未达成(0分)｜5｜因")[0].claimed == Decimal(0)


def test_qualitative_results_are_stated_in_the_official_wording() -> None:
    """rules.md §1: tables and reports state a band in full (a bare 达成 was printed as typed); the
    short form may be typed, and so may the full one, pasted from a published table."""
    typed = ["达成", "部分达成（3.5分）", "未达成（2分）"]
    stated = ["达成年度指标", "部分达成年度指标并具有一定效果", "未达成年度指标且效果较差"]
    for short, full in zip(typed, stated, strict=True):
        row = ind(f"效益指标｜社会效益指标｜改善｜明显改善｜{short}｜5｜因")[0]
        assert row.actual_text == full
        pasted = ind(f"效益指标｜社会效益指标｜改善｜明显改善｜{short.replace(short.split('（')[0], full)}｜5｜因")[0]
        assert (pasted.band, pasted.claimed, pasted.actual_text) == (row.band, row.claimed, full)


INDICATOR_ERRORS = [
    ("产出指标｜数量指标｜培训次数｜≥10次｜12次", ["第1行", "6或7栏", "实际5栏"]),
    ("产出指标｜数量指标｜培训次数｜≥10次｜12次｜10\n｜｜人数｜≥10人｜12人｜10｜因｜多余", ["第2行", "实际8栏"]),
    ("产出指标｜数量指标｜培训次数｜≥10次｜12次｜10\n｜｜｜≥10次｜12次｜10", ["第2行", "缺少“三级指标”"]),
    ("｜数量指标｜培训次数｜≥10次｜12次｜10", ["第1行", "缺少“一级指标”"]),
    ("产出指标｜数量指标｜培训次数｜≥10次｜12次｜10\n效益指标｜｜知晓率｜≥80%｜86%｜9", ["第2行", "缺少“二级指标”"]),
    ("产出指标｜数量指标｜培训次数｜≥10次｜12次｜0", ["第1行", "“分值”应为正数", "“0”"]),
    ("产出指标｜数量指标｜培训次数｜≥10次｜12次｜十", ["“分值”应为正数"]),
    ("产出指标｜数量指标｜培训次数｜≥10次｜很多｜10", ["第1行", "“实际完成值”应为数字", "10次", "很多"]),
    ("产出指标｜数量指标｜培训次数｜≥10次｜12人｜10", ["第1行", "单位“人”", "单位“次”不一致"]),
    ("产出指标｜数量指标｜培训次数｜≥十次｜12次｜10", ["第1行", "“年度指标值”无法识别", "≥90%"]),
    ("产出指标｜数量指标｜培训次数｜≥｜12次｜10", ["“年度指标值”无法识别"]),
    ("产出指标｜数量指标｜培训次数｜｜12次｜10", ["“年度指标值”无法识别"]),
    ("产出指标｜数量指标｜成本｜≤8万元｜-1万元｜10", ["不能为负数"]),
    ("效益指标｜社会效益指标｜改善｜明显改善｜很好｜5", ["定性指标", "达成", "部分达成（7分）"]),
    ("效益指标｜社会效益指标｜改善｜明显改善｜部分达成｜5", ["“部分达成”", "应不低于3分、低于4分", "括号"]),
    ("效益指标｜社会效益指标｜改善｜明显改善｜部分达成（4分）｜5", ["低于4分（4分及以上为“达成”）", "不是4分"]),
    ("效益指标｜社会效益指标｜改善｜明显改善｜未达成（3分）｜5", ["应低于3分（3分及以上为“部分达成”）", "不是3分"]),
    ("效益指标｜社会效益指标｜改善｜明显改善｜达成（3.5分）｜5", ["应不低于4分、不超过5分（低于4分为“部分达成”）"]),
    ("效益指标｜社会效益指标｜改善｜明显改善｜达成（6分）｜5", ["不超过5分（该指标分值为5分）", "不是6分"]),
    ("\n\n", ["必须填写"]),
]


@pytest.mark.parametrize(("text", "words"), INDICATOR_ERRORS)
def test_indicator_errors_name_the_row(text: str, words: list[str]) -> None:
    with pytest.raises(AnswerError) as err:
        ind(text)
    for word in words:
        assert word in err.value.message, err.value.message


def test_indicator_row_count_error_shows_the_layout() -> None:
    with pytest.raises(AnswerError) as err:
        ind("只有一栏")
    assert "一级指标｜二级指标｜三级指标｜年度指标值｜实际完成值｜分值" in err.value.message


# --- records ------------------------------------------------------------------------------


def test_records_parse_each_column_by_its_type() -> None:
    rows = parse_answer(_q("records"), "帮扶项目｜5万元｜30人\n慰问项目｜20000元")
    assert rows == [
        {"name": "帮扶项目", "amount": Decimal(5), "people": 30},
        {"name": "慰问项目", "amount": Decimal(2), "people": None},
    ]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("帮扶项目｜5万元｜30人｜多余", ["第1行有4栏", "多于3栏", "项目名称｜金额｜人数"]),
        ("帮扶项目｜5万元\n｜5万元", ["第2行缺少“项目名称”", "项目名称｜金额｜人数"]),
        ("帮扶项目｜约5万元", ["第1行“金额”", "准确的数字"]),
        ("帮扶项目｜5万元｜三十几人", ["第1行“人数”", "准确的数字"]),
        ("帮扶项目", ["第1行缺少“金额”"]),
    ],
)
def test_record_errors_name_row_and_column(text: str, words: list[str]) -> None:
    with pytest.raises(AnswerError) as err:
        parse_answer(_q("records"), text)
    for word in words:
        assert word in err.value.message, err.value.message


def test_terminal_codes_pasted_with_the_text_are_removed_whole() -> None:
    from assistant.textclean import clean_text

    assert clean_text("三是HHH\x1b[31m红III\x08JJJ结束\x1b[0m", multiline=True) == "三是HHH红IIIJJJ结束"
    assert clean_text("标题\x1b]0;title\x07正文", multiline=False) == "标题正文"


@pytest.mark.parametrize(("typed", "unit"), [("6512人", "人"), ("6512人次", "人次"), ("320户", "户"),
                                             ("６５１２", "人")])  # fmt: skip
def test_a_count_keeps_the_measure_word_typed(typed: str, unit: str) -> None:
    """6512人 typed is written 6512人, not with the question's unit (it became 6512人次)."""
    value = parse_answer(_q("count", {"unit": "人"}), typed)
    assert isinstance(value, Count) and value.unit == unit
