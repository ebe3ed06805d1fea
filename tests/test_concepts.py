"""Concepts, statistics, figures printed together, when forecasts were made, and the pair tables that rest on them."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest
import yaml

import silkroad_data as sd
from silkroad_data import BuildError
from silkroad_data.metadata.concepts import CONCEPTS
from silkroad_data.metadata.vocabularies import unit_kind
from silkroad_data.pipeline import build
from silkroad_data.pipeline.derive import made_span, pair_papers


def _mutate(record: Path, change) -> None:
    doc = yaml.safe_load(record.read_text(encoding="utf-8"))
    change(doc)
    record.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")


# --- concepts -------------------------------------------------------------------------------

def test_the_four_4g_coverage_figures_are_one_concept_across_countries():
    obs = sd.observations()
    cov = obs[obs["series_id"].str.endswith("_4g_population_coverage")]
    assert set(cov["subject_code"]) == {"PER", "MEX", "CRI", "ECU"}
    assert set(cov["concept_id"]) == {"4g_population_coverage"}
    assert cov["series_id"].nunique() == 4  # the series stays concept x area


def test_the_concept_view_lists_the_areas_and_papers_behind_each_concept():
    cat = sd.catalog(by="concept").set_index("concept_id")
    assert cat.index.is_unique and set(cat.index) == set(sd.observations()["concept_id"].astype(str))
    row = cat.loc["4g_population_coverage"]
    assert set(row["areas"].split(", ")) == {"PER", "MEX", "CRI", "ECU"} and row["papers"] == "malena"
    assert row["series"] == 4 and row["definition"] == CONCEPTS["4g_population_coverage"].description
    # papers behind a concept given by several
    assert set(cat.loc["trade_total", "papers"].split(", ")) >= {"clabri", "li2022", "liu2025", "lou2019"}
    assert list(sd.catalog("coverage 4g", by="concept").index) != []
    with pytest.raises(sd.DataError):
        sd.catalog(by="indicator")


def test_every_figure_has_its_concepts_kind_of_unit_and_measure():
    obs = sd.observations()
    for row in obs.itertuples():
        concept = CONCEPTS[row.concept_id]
        assert (unit_kind(row.unit), row.measure) == (concept.unit_kind, concept.measure), row.obs_id


def test_any_currency_is_one_kind_of_unit():
    assert unit_kind("USD") == unit_kind("BRL") == unit_kind("CNY") == "currency"
    assert unit_kind("years") == unit_kind("days") == "duration" and unit_kind("percent") == "percent"


def test_rank_concepts_say_what_is_ranked_among_what():
    ranks = [c for c in CONCEPTS.terms if c.measure == "rank"]
    assert ranks and all(c.ranked and c.among for c in ranks)
    # the two readings of the same codes CHN/LCN
    assert CONCEPTS["trade_partner_rank"].ranked == "the subject" and "trading partners" in CONCEPTS["trade_partner_rank"].among
    assert CONCEPTS["investment_destination_rank"].ranked == "the counterpart area"
    obs = sd.observations()
    both = obs[(obs["subject_code"] == "CHN") & (obs["counterpart_code"] == "LCN") & (obs["measure"] == "rank")]
    assert {"trade_partner_rank", "investment_destination_rank"} <= set(both["concept_id"])


def test_the_descriptor_gives_each_concept_with_its_definition():
    pkg = json.loads((Path(sd.paths.DATA_DIR) / "datapackage.json").read_text(encoding="utf-8"))
    trade = next(r for r in pkg["resources"] if r["name"] == "trade")
    field = next(f for f in trade["schema"]["fields"] if f["name"] == "concept_id")
    labels = {c["value"]: c["label"] for c in field["categories"]}
    assert labels["4g_population_coverage"] == CONCEPTS["4g_population_coverage"].description
    assert set(labels) == set(CONCEPTS)


def test_the_codebook_lists_concepts_with_their_notes():
    text = (Path(__file__).parents[1] / "docs" / "codebook.md").read_text(encoding="utf-8")
    section = text.split("## Concepts", 1)[1].split("\n## ", 1)[0]
    assert "`4g_population_coverage`" in section
    assert CONCEPTS["fdi_stock"].note and CONCEPTS["fdi_stock"].note.split(";")[0] in section


def test_energy_figures_are_not_in_digital_infrastructure():
    di = sd.load("digital_infrastructure")
    words = di["indicator"].str.lower()
    assert not words.str.contains("hydropower|renewable|solar|power plant").any()
    macro = sd.load("macro").set_index("obs_id")
    assert {"li2022.arg_santa_cruz_hydro_capacity", "li2022.lcn_countries_renewable_targets"} <= set(macro.index)


def test_li2022_locators_name_the_reference_list_entry():
    # The li2022 list runs two entries ahead from marker 16 on (entries 16-17 repeat 14-15): marker N is entry N+2.
    obs = sd.observations()
    li = obs[(obs["source_id"] == "li2022") & obs["reference_id"].notna() & obs["footnote"].notna()]
    assert not li.empty
    for row in li.itertuples():
        marker = int(row.footnote)
        entry = marker + 2 if marker >= 16 else marker
        assert f"reference list entry {entry}" in row.locator, row.obs_id
        assert (f"(text marker {marker})" in row.locator) == (entry != marker), row.obs_id


# --- statistic ------------------------------------------------------------------------------

def test_prose_counts_ordinals_and_thresholds_are_not_statistics():
    obs = sd.observations().set_index("obs_id")
    prose = ["li2022.lcn_covid_economic_impact_factors", "lou2019.ecommerce_major_constraints", "li2022.chn_lcn_policy_paper_sections",
             "li2022.chn_lcn_infrastructure_prominent_sectors", "lou2019.top20_internet_companies_group"]
    assert not obs.loc[prose, "statistic"].any()
    assert not obs.loc[obs["measure"].isin(["threshold", "ordinal"]), "statistic"].any()


def test_trade_populations_and_coverage_are_statistics():
    obs = sd.observations()
    kept = obs[obs["concept_id"].isin(["trade_total", "population", "4g_population_coverage"])]
    assert len(kept) >= 10 and kept["statistic"].all()
    assert obs["statistic"].notna().all() and 0 < obs["statistic"].sum() < len(obs)


# --- figures printed together ---------------------------------------------------------------

def test_a_number_printed_for_several_areas_is_counted_once_per_group():
    obs = sd.observations()
    pen = obs[obs["concept_id"] == "crossborder_platform_penetration"]
    group = pen[pen["print_group"].notna()]
    assert set(group["subject_code"]) == {"BRA", "CHL"} and group["print_group"].nunique() == 1 and set(group["value"]) == {70.0}
    once = obs[obs["print_group"].isna() | ~obs.duplicated("print_group")]
    assert len(once) == len(obs) - sum(len(g) - 1 for _, g in obs.dropna(subset=["print_group"]).groupby("print_group"))
    for _, g in obs.dropna(subset=["print_group"]).groupby("print_group"):
        assert len(g) >= 2 and g["source_id"].nunique() == 1 and g["reported"].nunique() == 1


def test_the_build_refuses_a_group_of_one(mini):
    _mutate(mini["record"], lambda d: d["observations"][0].update(print_group="mini.printed_alone"))
    with pytest.raises(BuildError) as info:
        build(mini["raw"], mini["out"])
    assert any(p.field == "print_group" and "two or more" in p.message for p in info.value.problems)


def test_the_build_refuses_a_figure_whose_measure_is_not_its_concepts(mini):
    _mutate(mini["record"], lambda d: d["observations"][0].update(concept="trade_total_growth"))
    with pytest.raises(BuildError) as info:
        build(mini["raw"], mini["out"])
    fields = {(p.record, p.field) for p in info.value.problems}
    assert ("mini.trade_2014", "measure") in fields and ("mini.trade_2014", "unit") in fields


def test_the_build_refuses_an_undeclared_concept_and_a_missing_statistic(mini):
    def change(d):
        d["observations"][0]["concept"] = "not_a_concept"
        d["observations"][1].pop("statistic")
    _mutate(mini["record"], change)
    with pytest.raises(BuildError) as info:
        build(mini["raw"], mini["out"])
    fields = {(p.record, p.field) for p in info.value.problems}
    assert ("mini.trade_growth_2014", "statistic") in fields
    assert any(p.record == "mini.trade_2014" and "not_a_concept" in str(p) for p in info.value.problems)


# --- made -----------------------------------------------------------------------------------

def test_no_forecast_or_target_is_made_after_its_period():
    obs = sd.observations()
    ahead = obs[obs["status"].isin(["forecast", "target"])]
    # A forecast no date bounds keeps `made` empty, and its note says so (raw/README.md, "Made").
    undated = ahead["note"].fillna("").str.contains("Made: not dated", regex=False)
    assert (ahead["made"].notna() != undated).all()
    for row in ahead[ahead["period_end"].notna()].itertuples():
        assert made_span(row.made)[0] <= pd.Timestamp(row.period_end).date(), row.obs_id


def test_a_commitment_made_during_the_2016_visit_is_dated_to_the_visit():
    row = sd.observations().set_index("obs_id").loc["li2022.chn_lcn_training_places_commitment_horizon"]
    assert row["made"] == "2016-11"


def test_the_build_refuses_a_forecast_made_after_its_period(mini):
    _mutate(mini["record"], lambda d: d["observations"][1].update(status="forecast", made="2015"))
    with pytest.raises(BuildError) as info:
        build(mini["raw"], mini["out"])
    bad = [p for p in info.value.problems if p.field == "made"]
    assert bad and "2014-12-31" in bad[0].message


def test_a_forecast_without_made_builds_only_when_its_note_says_it_is_not_dated(mini):
    forecast = dict(status="forecast", made=None)
    _mutate(mini["record"], lambda d: d["observations"][1].update(forecast))
    with pytest.raises(BuildError) as info:
        build(mini["raw"], mini["out"])
    assert any(p.field == "made" and "Made: not dated" in p.message for p in info.value.problems)
    _mutate(mini["record"], lambda d: d["observations"][1].update(note="Made: not dated. Neither the paper nor its source dates it."))
    build(mini["raw"], mini["out"])
    _mutate(mini["record"], lambda d: d["observations"][1].update(made="2013"))
    with pytest.raises(BuildError) as info:
        build(mini["raw"], mini["out"])
    assert any(p.field == "made" and "keep one of the two" in p.message for p in info.value.problems)


def test_made_spans_its_precision():
    assert made_span("2019") == (pd.Timestamp("2019-01-01").date(), pd.Timestamp("2019-12-31").date())
    assert made_span("2020-02") == (pd.Timestamp("2020-02-01").date(), pd.Timestamp("2020-02-29").date())
    assert made_span("2018-07-31")[0] == made_span("2018-07-31")[1] and made_span("soon") is None


# --- revisions and corroborations ---------------------------------------------------------------

def test_the_2019_growth_revision_runs_from_the_earlier_forecast_to_the_later():
    rev = sd.revisions()
    row = rev[rev["series_id"] == "lcn_gdp_growth"].iloc[0]
    assert (row["reported_a"], row["reported_b"]) == ("1.7%", "0.1 percent")
    assert row["difference"] == pytest.approx(-1.6) and row["later_obs_id"] == row["obs_id_b"] == "clabri.lcn_gdp_growth_2019"


def _forecasts(made_a: str, made_b: str, cited=(None, None)) -> pd.DataFrame:
    base = {"series_id": "g", "indicator": "x", "unit": "percent", "period_start": "2019-01-01", "period_end": "2019-12-31",
            "qualifier": "exact", "value_high": None, "printed_scale": 0, "quote": "q", "status": "forecast"}
    return pd.DataFrame([
        {**base, "obs_id": "a.f", "source_id": "a", "reported": "0.1%", "value": 0.1, "made": made_a, "cited_source": cited[0]},
        {**base, "obs_id": "b.f", "source_id": "b", "reported": "1.7%", "value": 1.7, "made": made_b, "cited_source": cited[1]},
    ])


def test_a_revision_is_ordered_by_made_whatever_the_ids():
    *_, rev = pair_papers(_forecasts("2019-10", "2019-01"))
    row = rev.iloc[0]
    assert (row["obs_id_a"], row["obs_id_b"], row["later_obs_id"]) == ("b.f", "a.f", "a.f")
    assert row["difference"] == pytest.approx(0.1 - 1.7) and row["pair_id"] == "b.f~a.f"


def test_a_revision_whose_order_cannot_be_told_says_so():
    *_, rev = pair_papers(_forecasts("2019", "2019-06"))  # the year holds June
    row = rev.iloc[0]
    assert pd.isna(row["later_obs_id"]) and row["order_note"].startswith("cannot be told")


def test_pairs_that_credit_one_work_are_flagged_and_do_not_corroborate():
    base = {"series_id": "s", "indicator": "x", "unit": "count", "period_start": None, "period_end": None, "qualifier": "exact",
            "value_high": None, "printed_scale": 0, "quote": "q", "status": "reported", "made": None, "reported": "19", "value": 19.0}
    rows = [{**base, "obs_id": "a.x", "source_id": "a", "cited_source": 'Xinhua, "One Story," May 2, 2015'},
            {**base, "obs_id": "b.x", "source_id": "b", "cited_source": 'xinhua, "One story", May 2, 2015'},
            {**base, "obs_id": "c.x", "source_id": "c", "cited_source": None}]
    _, agree, _ = pair_papers(pd.DataFrame(rows))
    flags = dict(zip(agree["pair_id"], agree["same_primary_source"]))
    assert flags == {"a.x~b.x": True, "a.x~c.x": False, "b.x~c.x": False}
    assert agree["undated"].all()


def test_sd_corroborations_keeps_independent_pairs_only():
    every = sd.corroborations(same_source=True)
    same = every[every["same_primary_source"]]
    assert len(same) >= 3  # both Chile-cable pairs and the Huawei-trainees pair
    refs = sd.references().set_index("reference_id")
    obs = sd.observations().set_index("obs_id")

    def address(obs_id):  # the credited entry's address, letters and digits only (hyphens lost at line ends)
        url = refs["url"].get(obs.loc[obs_id, "reference_id"])
        return re.sub(r"\W+|^https?|www", "", url.casefold()) if isinstance(url, str) else None

    for row in same.itertuples():
        words = re.sub(r"\W+", "", row.cited_source_a.casefold()) == re.sub(r"\W+", "", row.cited_source_b.casefold())
        assert words or address(row.obs_id_a) == address(row.obs_id_b) is not None, row.pair_id
    independent = sd.corroborations()
    assert not independent["same_primary_source"].any() and len(independent) == len(every) - len(same)


def test_forecasts_of_one_credited_work_dated_differently_are_one_forecast_not_a_revision():
    work = 'N. Author, "A plan," TeleSemana, July 31, 2018'
    _, agree, rev = pair_papers(_forecasts("2017", "2018-07-31", cited=(work, work)).assign(value=500.0, reported="500"))
    assert rev.empty and list(agree["same_primary_source"]) == [True]
