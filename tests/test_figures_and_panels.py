"""A figure by id, country × period panels, cells as the papers wrote them, the areas, Parquet and
Feather files of a user's frame."""

from __future__ import annotations

import pandas as pd
import pyarrow.feather as feather
import pyarrow.parquet as pq
import pytest

import silkroad_data as sd

COVERAGE = ["per_4g_population_coverage", "mex_4g_population_coverage", "cri_4g_population_coverage",
            "ecu_4g_population_coverage"]


# --- figures by id ----------------------------------------------------------------------------------------------------

def test_a_figure_by_id_is_its_row_and_several_keep_the_order_given():
    obs = sd.observations()
    row = obs[obs["obs_id"] == "lou2019.trade_total_2014"].iloc[0]
    one = sd.figure("lou2019.trade_total_2014")
    assert isinstance(one, pd.Series) and one.name == "lou2019.trade_total_2014"
    assert one.drop(labels=["value"]).astype(str).equals(row.drop(labels=["value"]).astype(str)) and one["value"] == 2.636e11
    ids = ["malena.per_4g_population_coverage", "lou2019.trade_total_2014", "malena.per_4g_population_coverage"]
    assert sd.figures(ids)["obs_id"].tolist() == ids[:2]
    assert sd.cite(one) == sd.cite("lou2019.trade_total_2014")


@pytest.mark.parametrize("call, said", [
    (lambda: sd.figure("lou2019.trade_total_2041"), "Did you mean 'lou2019.trade_total_2014'"),
    (lambda: sd.figure(["lou2019.trade_total_2014"]), "sd.figures"),
    (lambda: sd.figures("lou2019.trade_total_2014"), "sd.figure\\(id\\)"),
    (lambda: sd.figures([1]), "item of type int"),
    (lambda: sd.figures(["nosuch.figure"]), "Unknown figure id"),
    (lambda: sd.load("lou2019.trade_total_2014"), "is the id of a figure, not a table: sd.figure"),
])
def test_a_wrong_id_says_what_to_do(call, said):
    with pytest.raises(sd.DataError, match=said):
        call()


# --- panels -----------------------------------------------------------------------------------------------------------

def test_a_panel_of_4g_coverage_has_the_four_countries_in_rows_with_their_names():
    p = sd.panel(COVERAGE, undated=True)
    assert sorted(p.index) == ["CRI", "ECU", "MEX", "PER"]
    assert p.loc["MEX", ["name", "name_es", "name_pt"]].tolist() == ["Mexico", "México", "México"]
    assert p.loc["ECU", "name_pt"] == "Equador"
    for area in p.index:
        obs_id = sd.figure_of(p, area, "undated")
        figure = sd.figure(obs_id)
        assert figure["subject_code"] == area and p.loc[area, "undated"] == figure["value"]
    assert set(sd.figures_in(p)["series_id"]) == set(COVERAGE)


def test_a_panel_refuses_what_a_wide_table_refuses():
    with pytest.raises(sd.DataError, match="undated=True"):
        sd.panel(COVERAGE)  # the paper dates none of them
    with pytest.raises(sd.DataError, match="The figures mix measures or units"):
        sd.panel(["per_4g_population_coverage", "chn_lcn_trade_total"], undated=True, leave_out=True)
    with pytest.raises(sd.DataError, match="Unknown series"):
        sd.panel("per_4g_coverage")
    with pytest.raises(sd.DataError, match="panel takes"):
        sd.panel(None)


def test_a_panel_by_year_splits_papers_and_follows_a_stated_policy():
    split = sd.panel("chn_lcn_trade_total", by="year", partial=True, leave_out=True)
    assert all(a.startswith("CHN [") for a in split.index) and len(split) > 1  # a row per paper: nothing merged
    assert split.columns[:3].tolist() == ["name", "name_es", "name_pt"]
    years = [c for c in split.columns if isinstance(c, int)]
    assert years == sorted(years)
    one = sd.panel("chn_lcn_trade_total", by="year", partial=True, leave_out=True, prefer=["li2022", "liu2025"], agg="mean")
    assert one.index.tolist() == ["CHN"]
    assert sd.figure_of(one, "CHN", 2016) == "li2022.chn_lcn_trade_total_2016"
    assert sd.figure_of(one, "CHN", 2001) == "li2022.chn_lcn_trade_total_2001"
    trade = sd.series("chn_lcn_trade_total")
    liu_2001 = trade.loc[(trade["source_id"] == "liu2025") & (trade["time_period"] == "2001"), "obs_id"].tolist()
    assert liu_2001 and {s["obs_id"] for s in one.attrs["set_aside"]} >= set(liu_2001)


def test_a_panel_of_a_concept_is_the_panel_of_its_series():
    obs = sd.observations()
    if "concept_id" not in obs.columns:
        pytest.skip("the tables have no concept_id column yet")
    concept = obs.loc[obs["series_id"] == COVERAGE[0], "concept_id"].iloc[0]
    series = sorted(set(obs.loc[obs["concept_id"] == concept, "series_id"]))
    assert set(COVERAGE) <= set(series)
    pd.testing.assert_frame_equal(sd.panel(concept, undated=True), sd.panel(series, undated=True))


# --- cells as the papers wrote them -------------------------------------------------------------------------------

def test_labels_keep_more_than_forecasts_and_ranges():
    stock = sd.wide("chn_lcn_fdi_stock", labels=True)
    assert stock.loc["2019-11-30", "chn_lcn_fdi_stock"] == "more than 410"  # "exceeded $410 billion"
    sales = sd.wide("lcn_ecommerce_retail_sales", labels=True)
    assert sales.loc["2021", "lcn_ecommerce_retail_sales"] == "85 (forecast)"
    numbers = sd.wide("chn_lcn_fdi_stock")
    assert numbers.loc["2019-11-30", "chn_lcn_fdi_stock"] == 410.0 and stock.attrs["obs_id"] == numbers.attrs["obs_id"]
    t = sd.printed(sd.observations())
    about = t[t["qualifier"] == "approximately"].iloc[0]
    assert about["printed_label"].startswith("about ")
    ranged = t[t["qualifier"] == "range"].iloc[0]
    assert "–" in ranged["printed_label"]
    target = t[t["status"] == "target"].iloc[0]
    assert target["printed_label"].endswith("(target)")
    exact = t[(t["qualifier"] == "exact") & (t["status"] == "reported")]
    assert (exact["printed_label"] == exact["printed_value"].map(lambda v: format(v, ",.12g"))).all()


# --- areas ------------------------------------------------------------------------------------------------------------

def test_areas_list_codes_names_kinds_and_the_latin_american_region():
    areas = sd.areas()
    assert list(areas.columns) == ["code", "name", "name_es", "name_pt", "kind", "region"]
    assert areas["code"].is_unique and set(areas["kind"]) == {"country", "aggregate"}
    lac = sd.areas(region="LCN")
    assert (lac["kind"] == "country").all() and {"BRA", "MEX", "ARG", "PER", "CRI", "ECU", "TTO", "JAM"} <= set(lac["code"])
    assert lac[["name_es"]].notna().sum().iloc[0] >= 40
    names = areas.set_index("code")
    assert names.loc["BRA", ["name_es", "name_pt"]].tolist() == ["Brasil", "Brasil"]
    assert names.loc["LCN", ["name_es", "name_pt"]].tolist() == ["América Latina y el Caribe", "América Latina e Caribe"]
    # every figure's area is in the list, and a name in Spanish or Portuguese finds its figures
    obs = sd.observations()
    assert set(obs["subject_code"].dropna()) <= set(areas["code"])
    assert set(sd.search("Equador")["obs_id"]) == set(sd.search("Ecuador")["obs_id"]) != set()
    with pytest.raises(sd.DataError, match="region='Asia' is not an area region"):
        sd.areas(region="Asia")


# --- Parquet and Feather ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("suffix", ["parquet", "feather"])
def test_a_users_frame_written_to_arrow_files_keeps_the_packaged_schema(tmp_path, suffix):
    trade = sd.load("trade")
    flows = trade[trade["measure"] == "level_flow"]
    path = sd.export(flows, tmp_path / f"flows.{suffix}")
    schema = pq.read_schema(path) if suffix == "parquet" else feather.read_table(path).schema
    packaged = pq.read_schema(sd.parquet_path("trade"))
    for name in ("value", "obs_id", "period_start", "reported"):
        assert schema.field(name).metadata == packaged.field(name).metadata and schema.field(name).type == packaged.field(name).type
    assert schema.metadata[b"silkroad_data"] == packaged.metadata[b"silkroad_data"]
    back = pd.read_parquet(path) if suffix == "parquet" else pd.read_feather(path)
    assert back["obs_id"].tolist() == flows["obs_id"].tolist() and back["value"].tolist() == flows["value"].tolist()


def test_a_search_result_keeps_its_columns_metadata_and_its_score(tmp_path):
    path = sd.export(sd.search("4G"), tmp_path / "found.parquet")
    schema = pq.read_schema(path)
    assert schema.field("unit").metadata and schema.field("score").metadata is None
    wide = sd.export(sd.wide("chn_lcn_trade_total"), tmp_path / "wide.parquet")
    assert pd.read_parquet(wide).index.name == "time_period"


def test_help_opens_with_the_functions_each_named_in_the_package_docstring():
    import inspect
    import pydoc

    text = pydoc.render_doc(sd, renderer=pydoc.plaintext)
    assert text.index("Find figures") < text.index("CLASSES") < text.index("FUNCTIONS")
    functions = [n for n in sd.__all__ if inspect.isfunction(getattr(sd, n))]
    assert functions == sd.__all__[:len(functions)]  # the functions first, the error classes after
    assert all(f"{name}(" in sd.__doc__ for name in functions)


def test_undated_figures_get_a_row_of_their_own_only_when_asked():
    with pytest.raises(sd.DataError, match="undated=True"):
        sd.wide(COVERAGE[:2])
    w = sd.wide(COVERAGE[:2], undated=True)
    assert w.index.tolist() == ["undated"] and sd.figure_of(w, "undated", COVERAGE[0]) == "malena.per_4g_population_coverage"
    by_period = sd.panel("chn_lcn_trade_total", by="period")
    assert "2019-01/2019-11" in by_period.columns and "undated" not in by_period.columns


@pytest.mark.parametrize("junk", [None, 123, "trade", ["a"], pd.DataFrame({"x": [1]})])
def test_with_year_refuses_what_is_not_a_table_of_figures(junk):
    with pytest.raises(sd.DataError, match="sd.with_year takes rows of a table of figures"):
        sd.with_year(junk)
