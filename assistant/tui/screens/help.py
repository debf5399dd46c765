"""The help screen: how the assistant works and its keys."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen

HELP = """\
# 使用说明

自评报告助手一次问一个问题，按报告的提纲顺序进行。每个回答提交后立即保存，
随时可以退出（Ctrl+Q；在浏览器中按 F10，或关闭页面），下次打开草稿会回到原处继续。

## 回答问题
- 单行回答按 **Enter** 提交；多行回答（段落、列表、指标表）按 **Ctrl+S** 提交，Enter 换行。
- 按 **F1** 查看当前问题的说明和示例。
- 按 **F7** 跳过当前问题（只限可以不填的问题；直接提交空白会采用问题中给出的默认值）。
- 金额可以写“228.63万元”“2286300元”或“2.2863亿元”，会统一换算为万元。
- 列表可以用顿号、分号或换行分隔。
- 回答有误时会说明原因，输入框里的内容会保留，改正后再提交即可。

## 修改回答
- 按 **Ctrl+O** 进入左侧提纲，用方向键选择部分或问题后按 Enter（也可以直接点击）。
- 修改后，助手会列出受影响的占比、得分和检查结果。修改中按 **Esc** 放弃。
- 按 **F8** 撤销一个回答的上一次修改：提纲中选中的回答或正在修改的回答，否则撤销草稿最近的一次修改；
  再按一次，继续往前撤销。
- 按 **F9** 清除提纲中选中的（或正在修改的）回答，稍后会再次询问。

## 查看与导出
- **F3** 评分与检查；**F4** 报告预览；**F5** 导出 .docx（或 .md、.txt）。
- **Ctrl+P** 打开命令面板，列出全部操作。
- 对话和预览里的文字可以用鼠标拖选，按 **Ctrl+C** 复制（折行的段落复制后仍是一段）。

## 草稿列表
- **N** 新建，**Enter** 打开，**R** 重命名，**C** 复制，**L** 以所选草稿为上年报告新建，
  **Delete** 删除（可在回收站 **T** 中恢复）。
"""


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,f1,q", "app.pop_screen", "关闭")]

    def compose(self) -> ComposeResult:
        from textual.widgets import Markdown  # markdown-it loads when help is first opened, not at start

        with VerticalScroll(classes="dialog wide"):
            yield Markdown(HELP)
