"""The build: determinism, fidelity to the raw records, located errors, atomic writes."""

from __future__ import annotations

import hashlib
import math
from fractions import Fraction
from pathlib import Path

import pyarrow.parquet as pq
import pytest
import yaml

import silkroad_data as sd
from silkroad_data import metadata as md
from silkroad_data.pipeline import assemble, build
from silkroad_data.pipeline.check.packaged import differences_from_packaged
from silkroad_data.errors import BuildError
from silkroad_data.paths import RAW_DIR
from silkroad_data.pipeline.write import METADATA_KEY


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_two_builds_are_byte_identical(tmp_path):
    build(RAW_DIR, tmp_path / "a")
    build(RAW_DIR, tmp_path / "b")
    a, b = _digests(tmp_path / "a"), _digests(tmp_path / "b")
    assert a == b
    assert "manifest.json" in a and "trade.parquet" in a


def test_committed_tables_equal_a_fresh_build_in_content():
    tables, _ = assemble(RAW_DIR)
    assert differences_from_packaged(tables) == []


def test_loaded_values_equal_raw_values_after_normalization():
    raw = {}
    for path in sorted(RAW_DIR.glob("*.yaml")):
        for rec in yaml.safe_load(path.read_text(encoding="utf-8")).get("observations") or []:
            raw[rec["id"]] = rec
    loaded = sd.observations().set_index("obs_id")
    assert set(loaded.index) == set(raw)
    for oid, rec in raw.items():
        row = loaded.loc[oid]
        factor = 10 ** md.SCALES[rec["scale"]].power if rec.get("scale") else 1
        value = float(Fraction(rec["value"])) if isinstance(rec["value"], str) else rec["value"]  # "100/3"
        assert math.isclose(row["value"], value * factor, rel_tol=1e-12), oid
        assert row["reported"] == str(rec["reported"]).strip(), oid
        assert row["unit"] == rec["unit"] and row["table"] == rec["table"], oid
        assert " ".join(str(rec["quote"]).split()).replace("\\$", "$") == row["quote"], oid


def test_trade_figures_are_of_known_papers_with_quotes():
    trade = sd.load("trade")
    assert set(trade["source_id"]) <= set(sd.sources()["source_id"])
    assert len(sd.sources()) == len(list(RAW_DIR.glob("*.yaml")))  # one paper per raw file
    assert trade["quote"].str.len().gt(0).all()
    for row in trade.itertuples():
        assert row.reported in row.quote


def test_4g_coverage_by_country_is_in_digital_infrastructure():
    di = sd.load("digital_infrastructure")
    cov = di[di["series_id"].str.endswith("_4g_population_coverage")]
    assert {"PER", "MEX", "CRI", "ECU"} <= set(cov["subject_code"])
    peru = cov[cov["subject_code"] == "PER"].iloc[0]
    assert peru["value"] == 83 and peru["unit"] == "percent" and peru["measure"] == "share"


def test_parquet_metadata_describes_table_columns_and_citations():
    meta = pq.read_schema(sd.parquet_path("trade"))
    import json

    table_meta = json.loads(meta.metadata[METADATA_KEY])
    assert table_meta["table"] == "trade" and table_meta["version"] == sd.__version__
    assert len(table_meta["citations"]) == sd.load("trade")["source_id"].nunique()  # the papers of its rows
    assert meta.field("value").metadata[b"description"]
    assert meta.field("unit").metadata[b"vocabulary"].decode().split(",") == md.UNITS.codes()


def _mutate(record_path: Path, change) -> None:
    doc = yaml.safe_load(record_path.read_text(encoding="utf-8"))
    change(doc)
    record_path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")


@pytest.mark.parametrize(
    "change, field, words",
    [
        (lambda d: d["observations"][0].pop("unit"), "unit", "missing"),
        (lambda d: d["observations"][0].update(unit="dollars"), "unit", "unit"),
        (lambda d: d["observations"][0].update(quote="In 2014 trade between China and the region reached"), "quote", "US$263.6 billion"),
        (lambda d: d["observations"][0].update(reference="mini.fn9"), "reference", "mini.fn9"),
        (lambda d: d["observations"][0].update(period="2014-13"), "period", "2014-13"),
        (lambda d: d["observations"][0].update(value="lots"), "value", "number"),
        (lambda d: d["observations"][1].update(id="mini.trade_2014"), "obs_id", "more than once"),
    ],
)
def test_malformed_record_names_file_record_and_field(mini, change, field, words):
    _mutate(mini["record"], change)
    with pytest.raises(BuildError) as info:
        build(mini["raw"], mini["out"])
    located = [p for p in info.value.problems if p.field == field]
    assert located, str(info.value)
    p = located[0]
    assert p.file.endswith("mini.yaml") and p.record.startswith("mini.")
    assert words in p.message
    assert "mini.yaml" in str(info.value) and field in str(info.value)


def test_a_paper_with_neither_doi_nor_url_is_refused_by_the_build(mini):
    _mutate(mini["record"], lambda d: d["source"].pop("doi"))
    with pytest.raises(BuildError) as info:
        build(mini["raw"], mini["out"])
    located = [p for p in info.value.problems if p.field == "url"]
    assert located and located[0].record == "mini" and "DOI or a URL" in located[0].message, str(info.value)
    _mutate(mini["record"], lambda d: d["source"].update(url="https://example.org/mini"))
    build(mini["raw"], mini["out"])  # a URL alone is enough


def test_failed_build_leaves_previous_tables_untouched(mini):
    build(mini["raw"], mini["out"])
    before = _digests(mini["out"])
    _mutate(mini["record"], lambda d: d["observations"][0].update(unit="dollars"))
    with pytest.raises(BuildError):
        build(mini["raw"], mini["out"])
    assert _digests(mini["out"]) == before
    assert not [p for p in mini["out"].parent.iterdir() if ".tmp-" in p.name or ".old-" in p.name]


def test_interrupted_write_leaves_previous_tables_untouched(mini, monkeypatch):
    build(mini["raw"], mini["out"])
    before = _digests(mini["out"])
    import silkroad_data.pipeline.write as write

    def boom(*args, **kwargs):
        raise KeyboardInterrupt  # as if the user pressed Ctrl-C in the middle of writing

    monkeypatch.setattr(write.pq, "write_table", boom)
    with pytest.raises(KeyboardInterrupt):
        build(mini["raw"], mini["out"])
    assert _digests(mini["out"]) == before


def test_all_problems_are_reported_at_once(mini):
    def change(d):
        d["observations"][0]["unit"] = "dollars"
        d["observations"][1]["measure"] = "growth"
    _mutate(mini["record"], change)
    with pytest.raises(BuildError) as info:
        build(mini["raw"], mini["out"])
    fields = {(p.record, p.field) for p in info.value.problems}
    assert ("mini.trade_2014", "unit") in fields and ("mini.trade_growth_2014", "measure") in fields


def test_value_must_match_the_printed_number_unless_corrected(mini):
    _mutate(mini["record"], lambda d: d["observations"][0].update(value=236.6))
    with pytest.raises(BuildError, match="not the number printed"):
        build(mini["raw"], mini["out"])
    _mutate(mini["record"], lambda d: d["observations"][0].update(correction="test: a transposition the context proves"))
    assert build(mini["raw"], mini["out"])["trade"] == 2


def test_series_must_be_consistent(mini):
    _mutate(mini["record"], lambda d: d["observations"][1].update(series_id="chn_lcn_trade_total"))
    with pytest.raises(BuildError, match="series 'chn_lcn_trade_total'"):
        build(mini["raw"], mini["out"])


def test_values_are_scaled_to_base_units(mini):
    build(mini["raw"], mini["out"])
    t = pq.read_table(mini["out"] / "trade.parquet").to_pandas().set_index("obs_id")
    assert t.loc["mini.trade_2014", "value"] == 263.6e9
    assert t.loc["mini.trade_2014", "printed_scale"] == 9
    assert t.loc["mini.trade_growth_2014", "value"] == 4.1
    assert str(t.loc["mini.trade_2014", "period_end"]) == "2014-12-31"


@pytest.mark.parametrize(
    "change, field, words",
    [
        # The printed figure and the stored value must agree: scale word, currency, percent sign.
        (lambda d: d["observations"][0].update(scale="million"), "scale", "says billion, but scale is million"),
        (lambda d: d["observations"][0].update(unit="CNY"), "unit", "is in USD, but unit is CNY"),
        (lambda d: d["observations"][1].update(unit="count", measure="level_flow"), "unit", "is a percentage"),
        (lambda d: d["observations"][0].update(reported="US$263.6", quote="the region reached US$263.6"), "scale",
         "prints no scale word, but scale is billion"),
        # When forecasts were made, the direction of thresholds, ranks apart from ordinals.
        (lambda d: d["observations"][0].update(status="forecast"), "made", "needs the date it was made"),
        (lambda d: d["observations"][0].update(made="2014"), "made", "only a forecast or target"),
        (lambda d: d["observations"][1].update(measure="threshold"), "comparator", "needs its direction"),
        (lambda d: d["observations"][1].update(comparator=">"), "comparator", "only a threshold"),
        (lambda d: d["observations"][1].update(measure="ordinal"), "unit", "ordinal/ordinal"),
        (lambda d: d["observations"][0].update(precision="half"), "precision", "single day"),
        (lambda d: d["observations"][1].update(measure="threshold", comparator=">", alternative_to="mini.trade_2014"),
         "alternative_to", "both must be thresholds"),
    ],
)
def test_build_refuses_what_disagrees_with_the_printed_figure(mini, change, field, words):
    _mutate(mini["record"], change)
    with pytest.raises(BuildError) as info:
        build(mini["raw"], mini["out"])
    located = [p for p in info.value.problems if p.field == field and words in p.message]
    assert located, str(info.value)
    assert located[0].file.endswith("mini.yaml") and located[0].record.startswith("mini.")


def test_a_correction_lets_a_scale_from_the_sentence_through(mini):
    _mutate(mini["record"], lambda d: d["observations"][0].update(
        reported="US$263.6", quote="the region reached US$263.6", correction="billion comes from the sentence"))
    assert build(mini["raw"], mini["out"])["trade"] == 2


def test_a_key_given_twice_in_a_record_is_refused(mini):
    text = mini["record"].read_text(encoding="utf-8")
    mini["record"].write_text(text.replace("    unit: USD\n", "    unit: USD\n    unit: CNY\n", 1), encoding="utf-8")
    with pytest.raises(BuildError) as info:
        build(mini["raw"], mini["out"])
    [problem] = info.value.problems
    assert (problem.record, problem.field) == ("mini.trade_2014", "unit") and "given twice" in problem.message


def test_point_in_time_figures_keep_their_precision_and_forecasts_their_vintage(mini):
    def change(d):
        d["observations"][0].update(period="2014-06-30", precision="half", period_label="mid-2014", measure="level_stock",
                                    concept="fdi_stock", status="forecast", made="2013-10")
    _mutate(mini["record"], change)
    build(mini["raw"], mini["out"])
    row = pq.read_table(mini["out"] / "trade.parquet").to_pandas().set_index("obs_id").loc["mini.trade_2014"]
    assert (str(row["period_start"]), str(row["period_end"])) == ("2014-06-30", "2014-06-30")
    assert row["period_precision"] == "half" and row["made"] == "2013-10"
    growth = pq.read_table(mini["out"] / "trade.parquet").to_pandas().set_index("obs_id").loc["mini.trade_growth_2014"]
    assert growth["period_precision"] == "year"  # from the period's own form


def test_a_share_in_words_is_stored_in_percent_as_an_exact_fraction(mini):
    text = mini["record"].read_text(encoding="utf-8")
    _mutate(mini["record"], lambda d: d["observations"][1].update(reported="4.1%", value="41/10"))
    build(mini["raw"], mini["out"])
    assert pq.read_table(mini["out"] / "trade.parquet").to_pandas().set_index("obs_id").loc["mini.trade_growth_2014", "value"] == 4.1
    mini["record"].write_text(text, encoding="utf-8")


def test_every_share_of_the_papers_is_in_percent():
    obs = sd.observations()
    shares = obs[obs["measure"] == "share"]
    assert set(shares["unit"]) == {"percent"}
    assert "fraction" not in md.UNITS
    third = obs.set_index("obs_id").loc["li2022.bra_4g_networks_huawei_share"]
    assert third["reported"] == "one third" and math.isclose(third["value"], 100 / 3)


def test_no_credited_source_is_a_fragment_of_a_note():
    obs = sd.observations()
    cited = obs["cited_source"].dropna()
    assert not cited.str.match(r"^(Ibid|Since \d{4})").any()
    refs = set(sd.references()["text"])
    assert not set(cited) & refs - {t for t in refs if len(t) > 60}


def test_text_that_cannot_be_stored_or_is_too_long_is_located(mini):
    from silkroad_data.pipeline.columns import TEXT_MAX_CHARS, to_columns
    from silkroad_data.pipeline.normalize import normalize_papers
    from silkroad_data.pipeline.records import read_paper

    rows = normalize_papers([read_paper(mini["record"])[0]])[0]["observations"]
    rows[0]["note"] = "x" * (TEXT_MAX_CHARS + 1)
    rows[1]["indicator"] = "Exports \ud800"  # a lone surrogate, as a damaged file can give
    problems = []
    table = to_columns("observations", rows, problems)
    assert table.num_rows == 2
    assert {(p.record, p.field, p.message) for p in problems} == {
        ("mini.trade_2014", "note", f"is {TEXT_MAX_CHARS + 1} characters long; at most {TEXT_MAX_CHARS}"),
        ("mini.trade_growth_2014", "indicator", "holds characters that are not valid Unicode text (lone surrogates)"),
    }
    assert table["indicator"][1].as_py() is None and table["indicator"][0].as_py() == rows[0]["indicator"]
