"""The command line. `report-assistant` with no arguments opens the terminal UI.

Every error goes to stderr in Chinese with exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import atexit
import errno
import gc
import re
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

from assistant.errors import UserError, os_reason

# Each command imports what it needs: the terminal UI must start without pydantic and Jinja.

_ARGPARSE_MESSAGES = [  # (patterns compiled only when there is a message to translate)
    (r"the following arguments are required: (.*)", r"缺少参数：\1"),
    (r"unrecognized arguments: (.*)", r"无法识别的参数：\1"),
    (r"argument (\S+): invalid choice: (.*?) \(choose from (.*)\)", r"参数 \1 的取值 \2 无效，可选：\3"),
    (r"argument (\S+): expected one argument", r"参数 \1 需要一个值"),
    (r"argument (\S+): invalid int value: (.*)", r"参数 \1 应为整数，而不是 \2"),
]


class ChineseArgumentParser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        for pattern, replacement in _ARGPARSE_MESSAGES:
            if re.search(pattern, message):
                message = re.sub(pattern, replacement, message)
                break
        self.exit(2, f"参数错误：{message}\n运行 {self.prog} --help 查看用法。\n")


def build_parser() -> argparse.ArgumentParser:
    p = ChineseArgumentParser(
        prog="report-assistant",
        description="自评报告助手：一问一答写出绩效自评报告。不带参数运行时打开对话界面。",
    )
    p.add_argument("--home", help="数据目录（默认为用户数据目录，或环境变量 REPORT_ASSISTANT_HOME）")
    p.add_argument("--demo", action="store_true", help="打开一份已填好的示例草稿（部门整体支出）")
    sub = p.add_subparsers(dest="command", parser_class=ChineseArgumentParser)

    sub.add_parser("kinds", help="列出可用的报告类型")

    q = sub.add_parser("questions", help="列出某类报告的全部问题")
    q.add_argument("kind", help="报告类型编号，如 dept-overall")
    q.add_argument("--json", action="store_true", help="以 JSON 输出")

    f = sub.add_parser("fill", help="用答案文件（YAML/JSON）直接生成报告")
    f.add_argument("kind", help="报告类型编号")
    f.add_argument("--answers", required=True, help="答案文件：问题编号 → 答案")
    f.add_argument("--table", help="指标表或自评表（.xlsx、.csv）：读入指标和资金数据，答案文件中有的以答案文件为准")
    f.add_argument("--out", help="输出文件（.docx、.md 或 .txt；.xlsx 为自评表）")
    f.add_argument("--force", action="store_true", help="覆盖已存在的输出文件")
    f.add_argument("--save", action="store_true", help="同时保存为草稿，并打印草稿编号")
    f.add_argument("--title", help="保存草稿时使用的标题")

    b = sub.add_parser("batch", help="为一个文件夹中的全部答案文件逐一生成报告，并写出汇总表")
    b.add_argument("folder", help="答案文件夹：每个单位一个答案文件（.yaml、.yml 或 .json）")
    b.add_argument("--out", required=True, help="输出文件夹：报告以答案文件名命名，另写汇总表 汇总.csv")
    b.add_argument("--kind", help="报告类型编号（不给时，每个答案文件用一行 kind: 写明）")
    b.add_argument("--format", default="docx", help="输出格式：docx、md、txt，可用逗号给出几个（默认 docx）")
    b.add_argument("--force", action="store_true", help="全部重新生成，并覆盖输出文件夹中的同名文件")
    b.add_argument("--save", action="store_true", help="同时把每个单位保存为草稿")
    b.add_argument("--jobs", type=int, default=1, help="同时使用的进程数（默认 1）")
    b.add_argument("--table", help="指标表文件夹：与答案文件同名的 .xlsx 或 .csv 提供该单位的绩效指标表（及资金数据）")

    sub.add_parser("list", help="列出已保存的草稿")

    e = sub.add_parser("export", help="把草稿导出为 .docx、.md 或 .txt（.xlsx 为自评表）")
    e.add_argument("draft", help="草稿编号（见 report-assistant list）")
    e.add_argument("--out", required=True, help="输出文件")
    e.add_argument("--force", action="store_true", help="覆盖已存在的输出文件")

    j = sub.add_parser("export-json", help="把草稿（全部回答及修改记录）导出为 JSON 文件，用于备份或在另一台电脑上导入")
    j.add_argument("draft", help="草稿编号（见 report-assistant list）")
    j.add_argument("--out", required=True, help="输出文件（.json）")
    j.add_argument("--force", action="store_true", help="覆盖已存在的输出文件")

    i = sub.add_parser("import-json", help="导入 export-json 导出的草稿文件，成为一份新草稿")
    i.add_argument("file", help="草稿文件（.json）")

    _add_check(sub)
    n = sub.add_parser("new", help="从上年的报告（.docx、.md、.txt）新建下一年度的草稿")
    n.add_argument("kind", help="报告类型编号，如 dept-overall")
    n.add_argument("--from", dest="source", required=True, help="上年的报告文件")
    n.add_argument("--year", type=int, help="新草稿的年度（默认为上年报告的年度加1）")
    n.add_argument("--title", help="草稿标题")
    s = sub.add_parser("serve", help="在浏览器中打开对话界面（只有本机可以访问）")
    s.add_argument("--port", type=int, default=8000, help="端口（默认 8000；已被占用时改用下一个空闲的）")
    s.add_argument("--no-browser", action="store_true", help="不打开浏览器，只显示网址")
    return p


def _add_check(sub: Any) -> None:
    c = sub.add_parser(
        "check",
        help="检查一份报告（.docx、.md、.txt）中的数字、空白和版式",
        description="像审核人员一样检查任一份自评报告：用报告中写明的组成部分重算占比、增减幅度、执行率、得分、合计和等级，"
        "找出同一数字前后不一致、百分比位数不一、范文空白（20xx年、××、某某）、问题没有对应措施，"
        "以及 .docx 的 GB/T 9704 版式（纸张、页边距、字体、行距、页码）。",
        epilog="退出状态：0 未发现问题；3 发现问题（逐条列出位置、原文和应为）；2 文件无法读取。",
    )
    c.add_argument("file", help="要检查的报告：.docx、.md 或 .txt")
    c.add_argument(
        "--format", choices=["text", "json"], default="text", help="输出格式（默认 text；json 供其他工具读取）"
    )


def main(argv: Sequence[str] | None = None) -> int:
    # At exit the interpreter's last collections go through every object left (the modules,
    # pydantic's validators, Jinja's templates): some 30 to 50 ms of a fill. Frozen, they are
    # passed over and freed as the modules are cleared; only garbage in cycles is left to the
    # operating system. Once however many times main runs in a process (tests).
    atexit.unregister(gc.freeze)
    atexit.register(gc.freeze)
    args = build_parser().parse_args(argv)
    try:
        status = _run(args)
        sys.stdout.flush()  # a closed pipe shows here, not in the interpreter's exit
        return status
    except UserError as err:  # a complete Chinese message (the store's errors are UserErrors too)
        print(err.message, file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `report-assistant list | head -1`: the reader has all it wanted
        _silence_stdout()
        return 0
    except OSError as err:
        if err.errno not in (errno.ENOSPC, errno.EDQUOT):  # anything else is a fault of ours
            return _crashed(args, err)
        _silence_stdout()  # e.g. the output redirected to a full disk: a fault of the machine, not ours
        print(f"无法写出结果：{os_reason(err)}。", file=sys.stderr)
        return 2
    except Exception as err:  # a bug of ours: a log to send in, no traceback on the screen
        return _crashed(args, err)


def _crashed(args: argparse.Namespace, err: BaseException) -> int:
    from assistant.crashlog import crash_message, write_crash_log

    print(crash_message(write_crash_log(args.home, err)), file=sys.stderr)
    return 1


def _silence_stdout() -> None:
    """Point stdout at the null device, so that flushing it at exit does not fail again."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # stdout without a file descriptor (tests capture it)
        pass


def _run(args: argparse.Namespace) -> int:
    if args.command is None:
        from assistant.tui.app import run

        return run(args.home, demo=args.demo)
    if args.command == "check":  # before the commands' imports (Jinja, the composer): not needed here
        return _check(args.file, args.format)
    if args.command == "new":
        return _new_from(args)
    if args.command == "serve":  # (before the commands: the report's modules are the app's to load)
        from assistant.tui.serve import serve

        return serve(args.home, demo=args.demo, port=args.port, open_browser=not args.no_browser)
    from assistant import commands

    match args.command:
        case "kinds":
            return _kinds()
        case "questions":
            return _questions(args.kind, as_json=args.json)
        case "fill":
            return commands.fill(args)
        case "batch":
            return _batch(args)
        case "list":
            return commands.list_drafts(args.home)
        case "export":
            return commands.export_draft(args.home, args.draft, args.out, force=args.force)
        case "export-json":
            return commands.export_json(args.home, args.draft, args.out, force=args.force)
        case "import-json":
            return commands.import_json(args.home, args.file)
    raise AssertionError(args.command)


def _batch(args: argparse.Namespace) -> int:
    from pathlib import Path

    from assistant import batch

    if args.jobs < 1:
        raise UserError("参数 --jobs 应为不小于1的整数。")
    formats = batch.parse_formats(args.format)
    folder, out = Path(args.folder).expanduser(), Path(args.out).expanduser()
    options = batch.Options(folder, out, kind=args.kind, formats=formats, force=args.force, save=args.save,
                            home=args.home, jobs=args.jobs,
                            tables=Path(args.table).expanduser() if args.table else None)  # fmt: skip
    return batch.run(options)


def _kinds() -> int:
    """Every kind that loads; a broken script is named on stderr (status 2), the others still list."""
    from assistant.kinds import available_kinds

    kinds, problems = available_kinds()
    for kind in kinds:
        print(f"{kind.id}\t{kind.title}")
    for problem in problems:
        print(problem, file=sys.stderr)
    return 2 if problems else 0


def _questions(kind_id: str, *, as_json: bool) -> int:
    from assistant.kinds import load_kind

    kind = load_kind(kind_id)
    rows: list[dict[str, Any]] = [
        q.model_dump(mode="json", exclude_defaults=False, exclude={"columns"} if not q.columns else None)
        for q in kind.questions
    ]
    if as_json:
        import json

        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    for q in kind.questions:
        flag = "" if q.required else "（可选）"
        print(f"{q.id}\t[{kind.section(q.section).title}] {q.text}{flag}")
    return 0


def _check(path: str, output: str) -> int:
    """0 nothing found, 3 something found, 2 (a UserError) the file cannot be read."""
    from assistant.review.report import print_check

    return print_check(path, output)


def _new_from(args: argparse.Namespace) -> int:
    """A draft for the next year from last year's report: what was read, what was not."""
    from assistant.review.new_from import new_from_report
    from assistant.workspace import open_store

    store = open_store(args.home)
    store.check_writable()
    seeded = new_from_report(store, args.kind, args.source, year=args.year, title=args.title)
    if seeded.other_kind:
        print(f"注意：这份报告看起来是“{seeded.other_kind}”，与所选的“{seeded.kind.title}”不同，只读取了相同的部分。")
    print(f"已新建{seeded.year}年度草稿：{seeded.draft_id}")
    labels = "、".join(seeded.kind.question(q).label for q in seeded.imported) or "无"
    print(f"从上年报告中读到（打开草稿时逐项请您确认或修改）：{labels}")
    if seeded.last_year.missing:
        print("未能读取（请在问答中填写）：" + "、".join(seeded.last_year.missing))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
