"""From figures to time series: time keys, the catalog, wide tables, printed scale, search, the command line.

Expected values are the papers' printed numbers and the SDMX time formats, written by hand.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

import silkroad_data as sd
from silkroad_data import timeseries
from silkroad_data.pipeline.normalize import time_key
from silkroad_data.cli import main
from silkroad_data.metadata import VOCABULARIES

TOTAL = "chn_lcn_trade_total"


# --- time keys ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("start, end, precision, key", [
    ((2019, 1, 1), (2019, 12, 31), "year", ("2019", "A")),
    ((2021, 1, 1), (2021, 6, 30), "month", ("2021-S1", "S")),
    ((2019, 7, 1), (2019, 12, 31), "month", ("2019-S2", "S")),
    ((2019, 10, 1), (2019, 12, 31), "month", ("2019-Q4", "Q")),
    ((2019, 3, 1), (2019, 3, 31), "month", ("2019-03", "M")),
    ((2016, 12, 31), (2016, 12, 31), "day", ("2016-12-31", "D")),
    ((2019, 6, 30), (2019, 6, 30), "half", ("2019-06-30", "D")),
    ((2019, 1, 1), (2019, 11, 30), "month", ("2019-01/2019-11", "_O")),
    ((2001, 1, 1), (2016, 12, 31), "year", ("2001/2016", "_O")),
    ((2020, 4, 1), (2021, 3, 31), "month", ("2020-04/2021-03", "_O")),
    ((2016, 11, 17), (2016, 11, 23), "day", ("2016-11-17/2016-11-23", "_O")),
])
def test_time_key_follows_sdmx_time_formats(start, end, precision, key):
    assert time_key(date(*start), date(*end), precision) == key


def test_every_dated_figure_has_a_time_key_and_undated_ones_none():
    obs = sd.observations().set_index("obs_id")
    dated = obs["period_start"].notna()
    assert obs.loc[dated, "time_period"].notna().all() and obs.loc[~dated, "time_period"].isna().all()
    assert set(obs["freq"].dropna()) <= set(VOCABULARIES["freq"].codes())
    assert tuple(obs.loc["clabri.trade_total_2019jan_nov", ["time_period", "freq"]]) == ("2019-01/2019-11", "_O")
    assert tuple(obs.loc["li2022.chn_lcn_trade_total_2016", ["time_period", "freq"]]) == ("2016", "A")


# --- wide tables -------------------------------------------------------------------------------------------------

def test_wide_keeps_both_2001_trade_values_and_the_2016_value():
    w = sd.wide(TOTAL)
    li, liu = f"{TOTAL} [li2022]", f"{TOTAL} [liu2025]"
    assert w.loc["2001", li] == 14.94 and w.loc["2001", liu] == 14.84      # US$ billion, as printed
    assert w.loc["2016", li] == 216.56
    assert w.attrs["columns"][li]["unit"] == "US$ billion"
    # every figure of the series is in exactly one cell
    cells = [v for v in sd.figure_of(w).to_numpy().ravel() if isinstance(v, str)]
    assert sorted(cells) == sorted(sd.series(TOTAL)["obs_id"])


def test_wide_rows_are_in_time_order_and_part_years_stay_apart():
    w = sd.wide(TOTAL)
    assert list(w.index) == ["2001", "2014", "2016", "2018", "2019-01/2019-11", "2024"]
    with pytest.raises(sd.DataError, match=r"clabri\.trade_total_2019jan_nov .*part of 2019 only"):
        sd.wide(TOTAL, by="year")
    y = sd.wide(TOTAL, by="year", leave_out=True)
    assert 2019 not in y.index and 2018 in y.index
    assert {"obs_id": "clabri.trade_total_2019jan_nov"}.items() <= y.attrs["set_aside"][0].items()
    asked = sd.wide(TOTAL, by="year", partial=True)
    assert asked.loc[2019, f"{TOTAL} [clabri]"] == 286.83


def test_wide_merges_papers_only_by_a_stated_policy():
    # prefer= with agg=: a policy that says what to do in every cell, however many papers give the series.
    w = sd.wide(TOTAL, by="year", prefer="liu2025", agg="mean", leave_out=True)
    assert list(w.columns) == [TOTAL] and w.loc[2001, TOTAL] == 14.84 and w.loc[2016, TOTAL] == 216.56
    assert any(a["obs_id"] == "li2022.chn_lcn_trade_total_2001" and "prefer" in a["why"] for a in w.attrs["set_aside"])
    m = sd.wide(TOTAL, by="year", agg="mean", leave_out=True)
    assert m.loc[2001, TOTAL] == pytest.approx((14.94 + 14.84) / 2)
    assert set(sd.figure_of(m, 2001, TOTAL)) == {"li2022.chn_lcn_trade_total_2001", "liu2025.trade_total_2001"}
    base = sd.wide(TOTAL, scale="base")
    assert base.loc["2016", f"{TOTAL} [li2022]"] == 216.56e9


def _fake(monkeypatch, rows):
    frame = pd.DataFrame([{"table": "trade", "indicator": "x", "subject": "China", "subject_code": "CHN", "counterpart": None,
                           "counterpart_code": None, "value_high": None, "printed_scale": 0, "unit": "count", "status": "reported",
                           "period_label": "p", "reported": "1", "measure": "level_flow", **r} for r in rows])
    for col in ("period_start", "period_end"):
        frame[col] = pd.to_datetime(frame[col])
    monkeypatch.setattr(timeseries, "_observations", lambda: frame)


def test_a_preference_that_names_none_of_a_cells_papers_is_refused_unless_agg_says_what_to_do(monkeypatch):
    year = {"series_id": "s", "period_start": "2019-01-01", "period_end": "2019-12-31", "time_period": "2019"}
    _fake(monkeypatch, [{**year, "obs_id": "p.a", "source_id": "p", "value": 1.0},
                        {**year, "obs_id": "q.a", "source_id": "q", "value": 3.0}])
    assert sd.wide("s", prefer="q").loc["2019", "s"] == 3.0
    with pytest.raises(sd.DataError, match=r"2 figures for s in 2019: p\.a .*q\.a"):
        sd.wide("s", prefer="r")
    both = sd.wide("s", prefer="r", agg="mean")
    assert both.loc["2019", "s"] == 2.0 and set(sd.figure_of(both, "2019", "s")) == {"p.a", "q.a"}


def test_wide_refuses_two_figures_of_one_paper_and_stocks_mixed_with_flows(monkeypatch):
    year = {"series_id": "s", "period_start": "2019-01-01", "period_end": "2019-12-31", "time_period": "2019", "source_id": "p"}
    _fake(monkeypatch, [{**year, "obs_id": "p.a", "value": 1.0}, {**year, "obs_id": "p.b", "value": 2.0}])
    with pytest.raises(sd.DataError, match=r"2 figures for s in 2019: p\.a .*p\.b"):
        sd.wide("s")
    assert sd.wide("s", agg="max").loc["2019", "s"] == 2.0
    stock = {**year, "obs_id": "p.c", "value": 3.0, "measure": "level_stock", "period_start": "2019-12-31", "time_period": "2019-12-31"}
    _fake(monkeypatch, [{**year, "obs_id": "p.a", "value": 1.0}, stock])
    with pytest.raises(sd.DataError, match="stock at a date and a flow"):
        sd.wide("s")


def test_a_wide_cell_cites_back_to_its_figure():
    w = sd.wide(TOTAL)
    obs_id = sd.figure_of(w, "2016", f"{TOTAL} [li2022]")
    assert obs_id == "li2022.chn_lcn_trade_total_2016"
    text = sd.cite(obs_id)
    assert "US$216.56 billion" in text and "Li" in text
    assert sd.figure_of(w, "2016", f"{TOTAL} [liu2025]") is None
    with pytest.raises(sd.DataError, match="No column"):
        sd.figure_of(w, "2016", TOTAL)


def test_wide_names_unknown_series():
    with pytest.raises(sd.DataError, match="did you mean 'chn_lcn_trade_total'"):
        sd.wide("chn_lcn_trade_totl")


# --- catalog and printed scale -----------------------------------------------------------------------------------

def test_catalog_lists_every_series_once_with_its_coverage():
    cat = sd.catalog()
    assert cat["series_id"].is_unique and set(cat["series_id"]) == set(sd.observations()["series_id"])
    assert cat["figures"].sum() == len(sd.observations())
    row = cat.set_index("series_id").loc[TOTAL]
    # Its coverage, counted here from the figures themselves: the papers that give it, its first and last year.
    figures = sd.series(TOTAL)
    assert (row["unit"], row["figures"]) == ("US$ billion", len(figures))
    assert (row["first"], row["last"]) == (figures["time_period"].str[:4].min(), figures["time_period"].str[:4].max())
    assert row["papers"] == ", ".join(sorted(set(figures["source_id"]))) and row["areas"] == "CHN→LCN"
    assert {"li2022", "lou2019", "liu2025"} <= set(row["papers"].split(", "))


def test_catalog_filters_by_words_area_table_and_paper():
    assert TOTAL in set(sd.catalog("trade total")["series_id"])
    brazil = sd.catalog(area="Brasil")
    assert len(brazil) > 0 and brazil["areas"].str.contains("BRA").all()
    assert set(sd.catalog(table="macro")["table"]) == {"macro"}
    assert sd.catalog(source="li2022")["papers"].str.contains("li2022").all()
    assert sd.catalog("zzzz").empty


def test_printed_scale_view():
    t = sd.printed(sd.load("trade")).set_index("obs_id")
    assert tuple(t.loc["lou2019.trade_total_2014", ["printed_value", "printed_unit"]]) == (263.6, "US$ billion")
    assert timeseries.unit_label("count", 6) == "million" and timeseries.unit_label("percent", 0) == "percent"
    assert "unit_multiplier" not in sd.load("trade").columns and "printed_scale" in sd.load("projects").columns


def test_vocabulary_columns_load_as_categoricals_in_vocabulary_order():
    trade = sd.load("trade")
    assert isinstance(trade["measure"].dtype, pd.CategoricalDtype)
    assert list(trade["period_precision"].cat.categories) == ["day", "month", "quarter", "half", "year"]
    assert isinstance(sd.observations()["unit"].dtype, pd.CategoricalDtype)   # kept across tables


# --- search --------------------------------------------------------------------------------------------------------

def test_search_folds_accents_and_knows_area_names():
    assert "malena.huawei_campinas_trainees_per_year" in set(sd.search("Sao Paulo")["obs_id"])
    brazil = sd.search("Brazil")["obs_id"].tolist()
    assert brazil and sd.search("Brasil")["obs_id"].tolist() == brazil == sd.search("BRA")["obs_id"].tolist()
    # a figure about Brazil ranks above one that only names Brazil in its quote
    hits = sd.search("Brasil")
    about = (hits["subject_code"] == "BRA") | (hits["counterpart_code"] == "BRA")
    assert 0 < about.sum() < len(hits) and about.iloc[: about.sum()].all()
    # a code is an area only in capitals: 'per' in 'trainees per year' is not Peru
    assert "malena.huawei_campinas_trainees_per_year" in set(sd.search("trainees per year")["obs_id"])


def test_search_narrows_and_says_nothing_when_nothing_matches():
    hits = sd.search("trade", table="trade", area="LCN", source="li2022", period=2016)
    assert len(hits) > 0 and set(hits["source_id"]) == {"li2022"}
    assert (hits["period_start"] <= "2016-12-31").all() and (hits["period_end"] >= "2016-01-01").all()
    assert sd.search("4G zzzznotaword").empty
    with pytest.raises(sd.DataError, match="names no area"):
        sd.search("trade", area="Atlantis")


# --- command line ---------------------------------------------------------------------------------------------------

def test_cli_search_takes_unquoted_words_fits_the_terminal_and_says_when_empty(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "72")
    assert main(["search", "4G", "coverage"]) == 0
    out = capsys.readouterr().out
    assert "malena.mex_4g_population_coverage" in out
    assert max(len(line) for line in out.splitlines()) <= 72
    assert main(["search", "zzzz", "qqqq"]) == 1
    assert capsys.readouterr().out.startswith("No figure matches 'zzzz qqqq'")
    assert main(["tables"]) == 0
    assert max(len(line) for line in capsys.readouterr().out.splitlines()) <= 72


def test_cli_series_lists_the_catalog_or_prints_one_series(capsys):
    assert main(["series", "trade", "total"]) == 0
    assert TOTAL in capsys.readouterr().out
    assert main(["series", "--area", "Brasil"]) == 0
    assert "bra" in capsys.readouterr().out
    assert main(["series", "zzzz"]) == 1
    assert capsys.readouterr().out.startswith("No series about 'zzzz'")
