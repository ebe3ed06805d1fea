"""docs/merging.md: the shares it states are those of the packaged tables, and its code runs."""

from __future__ import annotations

import re
from pathlib import Path

import silkroad_data as sd

PAGE = Path(__file__).resolve().parents[1] / "docs" / "merging.md"


def _stated() -> dict[str, tuple[int, int]]:
    text = PAGE.read_text(encoding="utf-8")
    block = text.split("<!-- shares:start -->")[1].split("<!-- shares:end -->")[0]
    stated = {}
    for label, count in re.findall(r"^\| ([^|]+?) \| ([^|]+?) \|$", block, flags=re.M):
        m = re.fullmatch(r"(\d+) of (\d+) \((\d+)%\)", count)
        if m:
            assert round(100 * int(m[1]) / int(m[2])) == int(m[3]), label  # the percent is the count's
            stated[label] = (int(m[1]), int(m[2]))
        elif count.isdigit():
            stated[label] = (int(count), int(count))
    return stated


def test_the_page_states_the_shares_of_the_packaged_tables():
    obs = sd.observations()
    strict, partial = sd.with_year(obs)["year"].notna(), sd.with_year(obs, partial=True)["year"].notna()
    dated, coded = obs["time_period"].notna(), obs["subject_code"].notna()
    n = len(obs)
    computed = {
        "all figures": (n, n),
        "with a date (a period)": (int(dated.sum()), n),
        "with an area code (`subject_code`)": (int(coded.sum()), n),
        "with a date and an area code": (int((dated & coded).sum()), n),
        "with a year (`sd.with_year`)": (int(strict.sum()), n),
        "with a year, parts of a year kept (`partial=True`)": (int(partial.sum()), n),
        "with an area code and a year, parts of a year kept": (int((coded & partial).sum()), n),
    }
    assert _stated() == computed


def test_a_year_is_a_calendar_year_or_a_stock_at_its_end():
    obs = sd.with_year(sd.observations())
    has = obs[obs["year"].notna()]
    full = (has["period_start"].dt.strftime("%m-%d") == "01-01") & (has["period_end"].dt.strftime("%m-%d") == "12-31")
    end_stock = (has["period_start"] == has["period_end"]) & (has["period_end"].dt.strftime("%m-%d") == "12-31")
    assert ((full & (has["period_start"].dt.year == has["period_end"].dt.year)) | end_stock).all()
    assert (has["year"] == has["period_end"].dt.year).all()
    # nothing dropped, and every figure without a year says why
    assert len(obs) == len(sd.observations()) and obs.loc[obs["year"].isna(), "year_note"].notna().all()
    parts = sd.with_year(sd.observations(), partial=True)
    kept = parts["year"].notna() & obs["year"].isna()
    assert kept.any() and parts.loc[kept, "year_note"].str.contains("part of|not at its end").all()


def test_the_code_of_the_page_runs():
    blocks = re.findall(r"```python\n(.*?)```", PAGE.read_text(encoding="utf-8"), flags=re.S)
    assert blocks
    namespace: dict = {}  # the blocks run in order, as in one notebook
    for code in blocks:
        exec(compile(code, str(PAGE), "exec"), namespace)
    assert len(namespace["merged"]) == len(namespace["keyed"])  # a left merge keeps every figure
