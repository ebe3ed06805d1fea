"""The build's rules, each tested from its written statement (raw/README.md) on small papers made here.

Nothing here compares with the committed tables: each case states what the rule says and
builds a paper or two that obey or break it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
import yaml

from silkroad_data.errors import BuildError
from silkroad_data.pipeline import build


def _paper(raw: Path, record: Path, source_id: str, change) -> None:
    """A copy of the small paper under another id, changed by ``change``."""
    doc = yaml.safe_load(record.read_text(encoding="utf-8").replace("mini", source_id))
    change(doc)
    (raw / f"{source_id}.yaml").write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")


def _figure(doc, **fields) -> None:
    doc["observations"][0].update(fields)


def _built(mini, table: str) -> pd.DataFrame:
    build(mini["raw"], mini["out"])
    return pd.read_parquet(mini["out"] / f"{table}.parquet")


def _share(value) -> dict:
    return dict(table="trade", series_id="chn_lcn_trade_share_of_chn_total", concept="trade_share_of_total", indicator="Share of the region in China's trade",
                reported=f"{value}%", value=value, unit="percent", measure="share",
                quote=f"the region took {value}% of China's trade")


# "a share in percent must lie between 0 and 100"
@pytest.mark.parametrize("value, refused", [(0, False), (100, False), (33.33, False), (100.5, True), (150, True), (-1, True)])
def test_a_share_lies_between_0_and_100_percent(mini, value, refused):
    def share(d):
        _figure(d, **_share(value))
        d["observations"][0].pop("scale")
    _paper(mini["raw"], mini["record"], "mini", share)
    if refused:
        with pytest.raises(BuildError, match="between 0 and 100"):
            build(mini["raw"], mini["out"])
    else:
        assert _built(mini, "trade").set_index("obs_id").loc["mini.trade_2014", "value"] == value


# A period given by months runs from the first day of its first month to the last day of its last
# month, February's by the calendar.
@pytest.mark.parametrize("period, start, end", [
    ("2019-02", dt.date(2019, 2, 1), dt.date(2019, 2, 28)),
    ("2020-02", dt.date(2020, 2, 1), dt.date(2020, 2, 29)),
    ("2019-04", dt.date(2019, 4, 1), dt.date(2019, 4, 30)),
    ("2019-01/2019-03", dt.date(2019, 1, 1), dt.date(2019, 3, 31)),
    ("2020-01/2020-02", dt.date(2020, 1, 1), dt.date(2020, 2, 29)),
    ("2019-01/2019-11", dt.date(2019, 1, 1), dt.date(2019, 11, 30)),
])
def test_a_period_ends_on_the_last_day_of_its_last_month(mini, period, start, end):
    _paper(mini["raw"], mini["record"], "mini", lambda d: _figure(d, period=period))
    row = _built(mini, "trade").set_index("obs_id").loc["mini.trade_2014"]
    assert (pd.Timestamp(row["period_start"]).date(), pd.Timestamp(row["period_end"]).date()) == (start, end)


def _pair_tables(mini) -> dict[str, set[str]]:
    build(mini["raw"], mini["out"])
    return {t: set(pd.read_parquet(mini["out"] / f"{t}.parquet")["pair_id"]) for t in ("conflicts", "corroborations", "revisions")}


def _in(tables: dict[str, set[str]], a: str, b: str) -> list[str]:
    return [t for t, pairs in tables.items() if f"{a}~{b}" in pairs or f"{b}~{a}" in pairs]


# Two papers, one series and period: values that agree within the rounding of their printed
# digits corroborate each other; values further apart conflict.
@pytest.mark.parametrize("reported, value, kind", [
    ("US$263.6 billion", 263.6, "corroborations"),      # the same figure
    ("US$264 billion", 264, "corroborations"),          # 263.6 rounds to 264: within the printed digits
    ("US$263.8 billion", 263.8, "conflicts"),           # [263.75, 263.85] does not meet [263.55, 263.65]
    ("US$300 billion", 300, "conflicts"),
])
def test_two_papers_figures_for_one_period_agree_within_their_rounding_or_conflict(mini, reported, value, kind):
    _paper(mini["raw"], mini["record"], "other", lambda d: _figure(
        d, reported=reported, value=value, quote=f"In 2014 trade between China and the region reached {reported}"))
    tables = _pair_tables(mini)
    assert _in(tables, "mini.trade_2014", "other.trade_2014") == [kind]


def test_forecasts_made_at_different_dates_are_a_revision_not_a_conflict(mini):
    forecast = dict(status="forecast", period="2021", period_label="in 2021", reported="US$300 billion", value=300,
                    quote="trade will reach US$300 billion in 2021")
    _paper(mini["raw"], mini["record"], "mini", lambda d: _figure(d, **forecast, made="2019"))
    _paper(mini["raw"], mini["record"], "other", lambda d: _figure(d, **dict(forecast, reported="US$350 billion", value=350,
                                                                              quote="trade will reach US$350 billion in 2021"),
                                                                     made="2020"))
    tables = _pair_tables(mini)
    assert _in(tables, "mini.trade_2014", "other.trade_2014") == ["revisions"]


def test_figures_of_one_paper_never_pair_with_each_other(mini):
    def two_periods_alike(d):
        twin = dict(d["observations"][0], id="mini.trade_2014_again")
        d["observations"].append(twin)
    _paper(mini["raw"], mini["record"], "mini", two_periods_alike)
    tables = _pair_tables(mini)
    assert not any(tables.values())


# Two papers repeating one work do not corroborate each other: the same work is the same DOI or
# address of the entries they credit (letters and digits: a text edition drops hyphens at line
# ends), or the same credit in words, whatever each paper's translation of the title.
@pytest.mark.parametrize("url_b, title_b, same", [
    ("https://www.example.org/2015/huawei-in-brazil/", "Huawei's Brazilian brand road", True),
    ("https://example.org/2015/huaweiin-brazil", "Huawei's Brazilian brand road", True),
    ("https://example.org/2016/another-article", "Another article", False),
])
def test_corroborating_figures_that_credit_one_work_are_flagged(mini, url_b, title_b, same):
    def credited(url, title):
        def change(d):
            d["references"][0].update(type="article-newspaper", title=title, url=url,
                                      text=f"Xinhua, {title}, May 2, 2015, {url}")
        return change
    _paper(mini["raw"], mini["record"], "mini", credited("http://www.example.org/2015/huawei-in-brazil", "Made in China to branded by China"))
    _paper(mini["raw"], mini["record"], "other", credited(url_b, title_b))
    build(mini["raw"], mini["out"])
    pairs = pd.read_parquet(mini["out"] / "corroborations.parquet").set_index("pair_id")
    assert bool(pairs.loc["mini.trade_2014~other.trade_2014", "same_primary_source"]) is same


# "Every figure of a concept has the concept's kind of unit and its measure" (metadata/concepts.py).
@pytest.mark.parametrize("change, field", [({}, None), ({"measure": "level_stock"}, "measure"), ({"unit": "count"}, "unit")])
def test_a_figure_has_its_concepts_measure_and_kind_of_unit(mini, change, field):
    from silkroad_data.metadata.concepts import CONCEPTS

    concept = CONCEPTS["trade_total"]
    assert (concept.measure, concept.unit_kind) == ("level_flow", "currency")  # the figure changed below is of this concept
    _paper(mini["raw"], mini["record"], "mini", lambda d: _figure(d, concept="trade_total", **change))
    if field is None:
        assert "mini.trade_2014" in set(_built(mini, "trade")["obs_id"])
        return
    with pytest.raises(BuildError) as caught:
        build(mini["raw"], mini["out"])
    about = [p for p in caught.value.problems if p.record == "mini.trade_2014" and "concept 'trade_total'" in p.message]
    assert [p.field for p in about] == [field]
