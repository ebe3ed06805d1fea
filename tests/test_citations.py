"""Citations a journal accepts, conflicts across papers, and the audit of the papers' arithmetic."""

from __future__ import annotations

import json
import math

import pyarrow.parquet as pq
import pytest
import yaml

import silkroad_data as sd
from silkroad_data.cli import main
from silkroad_data.pipeline.derive import pair_papers, half_unit, interval
from silkroad_data.paths import RAW_DIR
from silkroad_data.pipeline.write import METADATA_KEY


def _distinct_works(figures) -> int:
    """The works a set of figures credits: entries resolved through same_as, one work per author, title and date."""
    refs = sd.references().set_index("reference_id")
    works = set()
    for rid in figures["reference_id"].dropna():
        rec = refs.loc[refs.loc[rid, "same_as"]] if isinstance(refs.loc[rid, "same_as"], str) else refs.loc[rid]
        works.add((rec["authors"], str(rec["title"]).casefold(), rec["issued"]))
    return len(works)


def _figure_with_primary_source():
    obs = sd.observations()
    return obs[obs["cited_source"].notna() & obs["reference_id"].notna()].iloc[0]


def test_apa_citation_names_paper_locator_primary_source_and_quote():
    row = _figure_with_primary_source()
    src = sd.sources().set_index("source_id").loc[row["source_id"]]
    text = sd.cite(row["obs_id"], style="apa")
    assert src["title"] in text and f"({src['year']})" in text
    assert "as cited in" in text and row["locator"] in text
    assert row["cited_source"] in text and row["quote"] in text


def test_chicago_bibtex_and_csl_json():
    row = _figure_with_primary_source()
    chicago = sd.cite(row["obs_id"], style="chicago")
    assert "\u201c" in chicago and "quoted in" in chicago
    bib = sd.cite(row["obs_id"], style="bibtex")
    assert bib.startswith("@") and f"{{{row['source_id']},\n" in bib and row["obs_id"] in bib
    assert "note = {" + row["obs_id"] not in bib  # the figure is never folded into the paper's entry
    items = json.loads(sd.cite(row["obs_id"], style="csl-json"))
    assert items[0]["id"] == row["source_id"] and len(items) == 2 and "note" not in items[0]
    with pytest.raises(ValueError, match="style"):
        sd.cite(row["obs_id"], style="mla")


def test_bibliography_of_a_dataframe_is_deduplicated_and_exact():
    trade = sd.load("trade")
    part = trade[trade["series_id"] == "chn_lcn_trade_total"]
    bib = sd.cite(part)
    titles = sd.sources().set_index("source_id")["title"]
    for sid in titles.index:
        assert (titles[sid] in bib) == (sid in set(part["source_id"]))
    assert bib.count(titles[part["source_id"].iloc[0]]) == 1
    items = json.loads(sd.cite(part, style="csl-json"))
    papers = [i["id"] for i in items if i["id"] in titles.index]
    assert sorted(papers) == sorted(set(part["source_id"]))
    assert len(items) - len(papers) == _distinct_works(part)


def test_cli_cite_a_set(capsys):
    assert main(["cite", "--series", "chn_lcn_trade_total", "--style", "BibTeX"]) == 0
    out = capsys.readouterr().out
    series = sd.series("chn_lcn_trade_total")
    assert out.count("\n@") + 1 == series["source_id"].nunique() + _distinct_works(series)


def test_version_is_in_citation_file_and_every_parquet_file():
    cff = yaml.safe_load((RAW_DIR.parent / "CITATION.cff").read_text())
    assert cff["version"] == sd.__version__ and cff["cff-version"] == "1.2.0"
    named = sd.sources()[sd.sources()["authors"].fillna("") != ""]
    assert len(cff["references"]) == len(named)  # a paper with no author named is left out, never given a placeholder
    for name in sd.tables()["table"]:
        meta = json.loads(pq.read_schema(sd.parquet_path(name)).metadata[METADATA_KEY])
        assert meta["version"] == sd.__version__


def test_printed_digits_give_the_tolerance():
    assert half_unit("US$14.94 billion", 9) == pytest.approx(0.005e9)
    assert half_unit("34-fold", 0) == 0.5
    assert half_unit("two", 0) == 0.0
    assert interval({"reported": "over 40%", "value": 40.0, "value_high": None, "qualifier": "more_than", "printed_scale": 0, "unit": "percent"}) == (39.5, math.inf)
    assert interval({"reported": "19 countries", "value": 19.0, "value_high": None, "qualifier": "exact", "printed_scale": 0, "unit": "count"}) == (19.0, 19.0)


def test_conflicts_pair_disagreeing_papers_and_keep_both_figures():
    conflicts = sd.conflicts()
    assert len(conflicts) >= 1
    obs = sd.observations().set_index("obs_id")
    for row in conflicts.itertuples():
        a, b = obs.loc[row.obs_id_a], obs.loc[row.obs_id_b]  # both stay in their tables
        assert a["source_id"] != b["source_id"] and a["series_id"] == b["series_id"] == row.series_id
        assert abs(row.difference) > row.difference_tolerance
        assert row.quote_a == a["quote"] and row.quote_b == b["quote"]
    trade_2001 = conflicts[conflicts["series_id"] == "chn_lcn_trade_total"]
    assert not trade_2001.empty


def test_pair_papers_on_small_data():
    import pandas as pd

    base = {"series_id": "s", "indicator": "x", "unit": "USD", "period_start": "2001-01-01", "period_end": "2001-12-31",
            "qualifier": "exact", "status": "reported", "made": None, "value_high": None, "printed_scale": 9, "quote": "q",
            "cited_source": None}
    rows = [
        {**base, "obs_id": "a.x", "source_id": "a", "reported": "US$14.94 billion", "value": 14.94e9},
        {**base, "obs_id": "b.x", "source_id": "b", "reported": "US$14.9 billion", "value": 14.9e9},
        {**base, "obs_id": "c.x", "source_id": "c", "reported": "US$14.84 billion", "value": 14.84e9},
        {**base, "obs_id": "d.x", "source_id": "a", "reported": "US$99 billion", "value": 99e9},
    ]
    conflicts, agree, revisions = pair_papers(pd.DataFrame(rows))
    assert set(agree["pair_id"]) == {"a.x~b.x"}  # 14.9 stands for 14.85..14.95, which holds 14.94
    # 14.84 stands for 14.835..14.845, outside both; a paper is never paired with itself (a.x, d.x)
    assert set(conflicts["pair_id"]) == {"a.x~c.x", "b.x~c.x", "b.x~d.x", "c.x~d.x"}
    assert revisions.empty


def test_undated_figures_pair_and_forecasts_of_different_dates_are_revisions():
    import pandas as pd

    base = {"series_id": "s", "indicator": "x", "unit": "percent", "period_start": None, "period_end": None,
            "qualifier": "exact", "value_high": None, "printed_scale": 0, "quote": "q", "cited_source": None}
    rows = [
        {**base, "obs_id": "a.x", "source_id": "a", "reported": "19", "value": 19.0, "status": "reported", "made": None},
        {**base, "obs_id": "b.x", "source_id": "b", "reported": "19", "value": 19.0, "status": "reported", "made": None},
        {**base, "obs_id": "a.f", "source_id": "a", "reported": "1.7%", "value": 1.7, "status": "forecast", "made": "2018-12",
         "series_id": "g", "period_start": "2019-01-01", "period_end": "2019-12-31"},
        {**base, "obs_id": "b.f", "source_id": "b", "reported": "0.1%", "value": 0.1, "status": "forecast", "made": "2019-10",
         "series_id": "g", "period_start": "2019-01-01", "period_end": "2019-12-31"},
    ]
    conflicts, agree, revisions = pair_papers(pd.DataFrame(rows))
    assert set(agree["pair_id"]) == {"a.x~b.x"}  # both undated: the same figure in two papers
    assert set(revisions["pair_id"]) == {"a.f~b.f"} and conflicts.empty  # a revision, not a disagreement
    assert list(revisions[["made_a", "made_b"]].iloc[0]) == ["2018-12", "2019-10"]


def test_audit_recomputes_every_claim_from_the_figures():
    audit = sd.audit()
    obs = sd.observations().set_index("obs_id")
    assert set(audit["verdict"]) <= {"holds", "off", "cannot_check"}
    for row in audit.itertuples():
        assert row.stated == obs.loc[row.obs_id, "value"]
        parts = [p.strip() for p in row.parts.split(",")]
        values = [obs.loc[p, "value"] for p in parts]
        if row.verdict == "cannot_check":
            continue
        if row.claim_kind == "sum":
            assert row.recomputed == pytest.approx(sum(values))
        elif row.claim_kind == "share":
            assert row.recomputed == pytest.approx(100 * values[0] / values[1])
        elif row.claim_kind == "growth":
            assert row.recomputed == pytest.approx(100 * (values[1] / values[0] - 1))
        elif row.claim_kind == "multiple":
            assert row.recomputed == pytest.approx(values[1] / values[0])
        assert row.recomputed_low <= row.recomputed <= row.recomputed_high
        within = row.recomputed_low <= row.stated + row.stated_tolerance and row.stated - row.stated_tolerance <= row.recomputed_high
        assert (row.verdict == "holds") == within


def test_a_claim_with_unknown_parts_fails_the_build(mini):
    text = mini["record"].read_text() + (
        "claims:\n  - id: mini.claim_growth\n    kind: growth\n    claim: mini.trade_growth_2014\n"
        "    parts: [mini.trade_2013, mini.trade_2014]\n")
    mini["record"].write_text(text)
    from silkroad_data.pipeline import build

    with pytest.raises(sd.BuildError) as info:
        build(mini["raw"], mini["out"])
    assert any(p.record == "mini.claim_growth" and p.field == "parts" and "mini.trade_2013" in p.message for p in info.value.problems)


def test_cli_conflicts_and_audit(capsys):
    assert main(["conflicts"]) == 0
    assert "chn_lcn_trade_total" in capsys.readouterr().out
    assert main(["audit"]) == 0


def test_derived_figures_are_recomputed_and_kept_apart():
    derived = sd.derived()
    obs = sd.observations().set_index("obs_id")
    assert len(derived) >= 1
    assert not set(derived["derived_id"]) & set(obs.index)  # never mixed with reported figures
    for row in derived.itertuples():
        part, share = obs.loc[row.part_obs_id], obs.loc[row.share_obs_id]
        assert share["measure"] == "share" and share["unit"] == "percent"
        assert row.value == pytest.approx(part["value"] / share["value"] * 100)
        assert row.bound_low <= row.value <= row.bound_high
        assert row.unit == part["unit"] and row.source_id == part["source_id"]
        assert "Derived" in row.note
