"""The Python API on the packaged tables."""

from __future__ import annotations

import json
import subprocess
import sys

import pyarrow.parquet as pq
import pytest

import silkroad_data as sd
from silkroad_data import metadata as md
from silkroad_data.paths import RAW_DIR


def test_tables_lists_every_table_with_its_row_count():
    t = sd.tables().set_index("table")
    assert list(t.index) == list(md.RESOURCES)
    for name in md.RESOURCES:
        assert t.loc[name, "rows"] == pq.read_metadata(sd.parquet_path(name)).num_rows
    assert t.loc["trade", "rows"] > 0


def test_every_observation_table_has_the_shared_columns():
    required = ("obs_id table series_id indicator subject subject_code counterpart counterpart_code period_start "
                "period_end period_label value value_high qualifier unit measure status reported source_id locator "
                "quote cited_source note").split()
    for name in md.OBSERVATION_TABLES:
        df = sd.load(name)
        assert list(df.columns[: len(md.RESOURCES['trade'].fields)]) == md.RESOURCES['trade'].field_names
        assert set(required) <= set(df.columns)
        assert (df["table"] == name).all()


def test_load_returns_a_copy_the_cache_survives_edits():
    a = sd.load("trade")
    a.loc[:, "value"] = -1.0
    assert (sd.load("trade")["value"] != -1.0).any()


def test_unknown_table_names_close_matches():
    with pytest.raises(sd.DataError, match="Did you mean 'trade'"):
        sd.load("trades")
    with pytest.raises(sd.DataError):
        sd.load("../../etc/passwd")


def test_series_is_one_series_sorted_by_period_with_citations():
    s = sd.series("chn_lcn_trade_total")
    assert set(s["series_id"]) == {"chn_lcn_trade_total"}
    assert len(set(s["source_id"])) >= 2  # several papers report it
    ends = s["period_end"].dropna()
    assert ends.is_monotonic_increasing
    assert s["quote"].notna().all() and s["source_id"].notna().all()
    with pytest.raises(sd.DataError, match="Unknown series"):
        sd.series("chn_lcn_trade_totl")
    with pytest.raises(sd.DataError, match=r"sd\.catalog\('Brazil'\)"):   # words point to the catalog of series
        sd.series("Brazil")


def test_sources_have_full_records_and_citations():
    src = sd.sources().set_index("source_id")
    assert len(src) == len(list(RAW_DIR.glob("*.yaml")))  # one paper per raw file
    assert src["citation"].str.len().gt(20).all()
    assert src["text_sha256"].str.fullmatch(r"[0-9a-f]{64}").all()
    li = src[src["doi"] == "10.5281/zenodo.6186909"]
    assert len(li) == 1 and li["year"].iloc[0] == 2022


def test_references_resolve_from_figures():
    refs = set(sd.references()["reference_id"])
    obs = sd.observations()
    linked = obs["reference_id"].dropna()
    assert len(linked) > 0 and set(linked) <= refs


def test_cite_gives_paper_locator_quote_and_primary_source():
    trade = sd.load("trade")
    row = trade[trade["cited_source"].notna()].iloc[0]
    text = sd.cite(row["obs_id"])
    src = sd.sources().set_index("source_id").loc[row["source_id"]]
    assert src["title"] in text
    assert row["quote"] in text and row["reported"] in text
    assert "Primary source" in text
    bib = sd.cite(row["obs_id"], style="bibtex")
    assert bib.startswith("@") and row["obs_id"] in bib
    items = json.loads(sd.cite(row["obs_id"], style="csl-json"))  # the paper, then the primary source
    assert items[0]["id"] == row["source_id"]
    with pytest.raises(sd.DataError):
        sd.cite("nosuch.figure")


def test_search_requires_every_word():
    hits = sd.search("4G coverage")
    assert len(hits) >= 4
    assert hits["quote"].str.contains("4G").all()
    assert sd.search("4G zzzznotaword").empty


def test_search_ranks_what_a_figure_is_above_where_it_is_said():
    hits = sd.search("coverage")
    in_indicator = hits["indicator"].str.contains("coverage", case=False)
    assert in_indicator.iloc[0] and hits["score"].is_monotonic_decreasing
    # "BRA" is Brazil, not the letters b-r-a inside another word
    bra = sd.search("BRA")
    coded = bra["subject_code"].eq("BRA") | bra["counterpart_code"].eq("BRA")
    named = bra[["indicator", "subject", "counterpart", "quote", "note"]].apply(lambda c: c.str.contains("Brazil", na=False)).any(axis=1)
    assert len(bra) > 0 and (coded | named).all()


def test_loading_and_searching_do_not_import_pandera_matplotlib_or_yaml():
    code = ("import sys, silkroad_data as sd; sd.load('trade'); sd.series('chn_lcn_trade_total'); "
            "sd.search('4G coverage', area='Brasil'); "
            "print(sorted(m for m in ('pandera', 'matplotlib', 'yaml') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_loading_leaves_citations_and_series_code_for_when_they_are_used():
    code = ("import sys, silkroad_data as sd; sd.load('trade'); "
            "print(sorted(m for m in ('silkroad_data.citation', 'silkroad_data.timeseries', 'silkroad_data.releases', 'difflib', 'sqlite3', "
            "'silkroad_data.textsearch', 'silkroad_data.period') if m in sys.modules)); "
            "print(sd.cite('lou2019.trade_total_2014').startswith('Lou, X. (2019)'), callable(sd.cite), "
            "'silkroad_data.citation' in sys.modules, callable(sd.wide))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split("\n")
    assert out[:2] == ["[]", "True True True True"]
