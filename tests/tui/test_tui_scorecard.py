"""The scorecard screen (F3): its header states the total out of the points actually given, and a
grade only where the kind's rules give one."""

from __future__ import annotations

import asyncio
from pathlib import Path

from assistant.pipeline import Evaluation
from assistant.tui.app import make_app
from assistant.tui.screens.scorecard import ScorecardScreen
from tests.support.examples import example_ev

SIZE = (100, 30)


def summary_of(home: Path, ev: Evaluation) -> str:
    """The header line(s) of the scorecard screen, as drawn for this evaluation."""

    async def run() -> str:
        app = make_app(home)
        async with app.run_test(size=SIZE) as pilot:
            await app.push_screen(ScorecardScreen(ev))
            await pilot.pause()
            return str(app.screen.query_one("#score-summary").render())

    return asyncio.run(run())


def test_points_not_adding_up_to_100_show_the_real_maximum_and_no_grade(tmp_path: Path) -> None:
    rows = example_ev("project").raw["indicators"].replace("2.15万亩｜15", "2.15万亩｜10")  # 产出指标 45
    summary = summary_of(tmp_path, example_ev("project", indicators=rows))
    assert "总分：94.08 / 95　　分值合计95分，不是100分，暂不评定等级" in summary
    assert "/ 100" not in summary and "评价等级" not in summary


def test_points_adding_up_to_100_show_the_grade(tmp_path: Path) -> None:
    assert "总分：99.08 / 100　　评价等级：优" in summary_of(tmp_path, example_ev("project"))


TARGET_ITEMS = "甲项｜20｜20\n乙项｜30｜30\n丙项｜3｜0\n招商引资｜4｜4｜附加分"


def test_assessment_items_state_standard_and_bonus_points_and_no_grade(tmp_path: Path) -> None:
    summary = summary_of(tmp_path, example_ev("target-mgmt", items=TARGET_ITEMS))
    assert "自评得分54分（考核标准分50分，满分53分；附加分4分，满分4分）" in summary
    assert "/ 53" not in summary and "等级" not in summary


def test_assessment_items_without_bonus_points(tmp_path: Path) -> None:
    summary = summary_of(tmp_path, example_ev("target-mgmt", items="甲项｜20｜18\n乙项｜30｜30"))
    assert "自评得分48分（满分50分）" in summary and "附加分" not in summary and "等级" not in summary
