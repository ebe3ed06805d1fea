"""The metadata is the one declaration: a column added there reaches every output; the declarations hold together."""

from __future__ import annotations

import dataclasses
import json

import pyarrow.parquet as pq
import pytest

import silkroad_data as sd
from silkroad_data import metadata as md
from silkroad_data.pipeline import build
from silkroad_data.pipeline import columns as columns_module
from silkroad_data.pipeline import validate as validate_module
from silkroad_data.pipeline.write import METADATA_KEY
from silkroad_data.errors import BuildError
from silkroad_data.exports.datapackage import table_schema
from silkroad_data.exports.docs import codebook_markdown, raw_format_markdown


@pytest.fixture
def registry_with_a_new_column(monkeypatch):
    """The metadata with one more observation column, 'reviewer', fed by the raw key 'reviewer'."""
    new = md.Field("reviewer", "string", "Who checked the figure against its paragraph", required=True)
    monkeypatch.setitem(md.FIELDS, new.name, new)
    for name in md.OBSERVATION_TABLES:
        res = md.RESOURCES[name]
        monkeypatch.setitem(md.RESOURCES, name, dataclasses.replace(res, fields=res.fields + (new,)))
    section = md.RAW_SECTIONS["observations"]
    monkeypatch.setitem(md.RAW_SECTIONS, "observations",
                        dataclasses.replace(section, keys=section.keys + (md.RawKey("reviewer", True, "reviewer"),)))
    validate_module.pandera_schema.cache_clear()
    yield new
    validate_module.pandera_schema.cache_clear()


def _with_reviewer(record, value="J. Doe"):
    text = record.read_text(encoding="utf-8")
    record.write_text(text.replace("    qualifier: exact\n", f"    qualifier: exact\n    reviewer: {value}\n"), encoding="utf-8")


def test_one_declaration_adds_a_column_to_every_output(mini, registry_with_a_new_column):
    field = registry_with_a_new_column
    _with_reviewer(mini["record"])
    build(mini["raw"], mini["out"])
    table = pq.read_table(mini["out"] / "trade.parquet")
    # The column, its values, its type and description in the Parquet file ...
    assert table.column("reviewer").to_pylist() == ["J. Doe", "J. Doe"]
    assert table.schema.field("reviewer").metadata[b"description"] == field.description.encode()
    assert not table.schema.field("reviewer").nullable
    # ... in the data package, the codebook, the raw format reference and the Stata labels.
    descriptor = json.loads((mini["out"] / "datapackage.json").read_text())
    trade = next(r for r in descriptor["resources"] if r["name"] == "trade")
    assert {"name": "reviewer", "type": "string", "description": field.description,
            "constraints": {"required": True}} in trade["schema"]["fields"]
    assert table_schema("trade")["fields"][-1]["name"] == "reviewer"
    tables = {n: pq.read_table(mini["out"] / f"{n}.parquet").to_pandas() for n in md.RESOURCES}
    assert "| `reviewer` | string |" in codebook_markdown(tables)
    assert "| `reviewer` | yes | `reviewer` |" in raw_format_markdown()
    assert field.stata_label() == field.description
    assert json.loads(table.schema.metadata[METADATA_KEY])["table"] == "trade"


def test_a_new_required_column_is_checked_like_every_other(mini, registry_with_a_new_column):
    with pytest.raises(BuildError) as info:
        build(mini["raw"], mini["out"])  # the records do not carry the new key yet
    assert {(p.record, p.field) for p in info.value.problems} >= {("mini.trade_2014", "reviewer")}


def test_a_column_nothing_produces_is_a_package_fault(mini, monkeypatch):
    new = md.Field("orphan", "string", "A column no raw key feeds and nothing computes")
    res = md.RESOURCES["trade"]
    monkeypatch.setitem(md.RESOURCES, "trade", dataclasses.replace(res, fields=res.fields + (new,)))
    with pytest.raises(RuntimeError, match="orphan"):
        build(mini["raw"], mini["out"])


def test_no_column_name_means_two_things():
    for res in md.RESOURCES.values():
        for f in res.fields:
            base = md.FIELDS.get(f.name)
            if base is not None:
                assert f == base, (res.name, f.name)


def test_every_raw_key_feeds_a_declared_column_and_every_vocabulary_is_registered():
    for section in md.RAW_SECTIONS.values():
        for key in section.keys:
            assert key.column is None or key.column in md.FIELDS, (section.name, key.name)
            assert key.column is not None or key.description, (section.name, key.name)
    for f in md.FIELDS.values():
        assert f.vocabulary is None or md.VOCABULARIES[f.vocabulary.name] is f.vocabulary


def test_foreign_keys_point_at_declared_keys():
    for res in md.RESOURCES.values():
        for fk in res.foreign_keys:
            assert md.RESOURCES[fk.resource].primary_key == fk.reference


def test_qualifier_bounds_words_and_signs_come_from_the_vocabulary():
    assert md.QUALIFIERS["more_than"].bounds(10.0, 0.5) == (9.5, float("inf"))
    assert md.QUALIFIERS["nearly"].bounds(10.0, 0.5) == (float("-inf"), 10.5)
    assert md.QUALIFIERS["range"].bounds(10.0, 0.5, 20.0) == (9.5, 20.5)
    assert md.QUALIFIERS["at_most"].words == "up to " and md.QUALIFIERS["at_least"].sign == "≥"
    assert md.UNITS["count"].implausible(-1, "change") is None
    assert md.UNITS["count"].implausible(-1, "level_stock") == "a count cannot be negative"
    assert md.UNITS["USD"].implausible(-1, "growth_rate") is None


def test_pandera_checks_dates_as_dates():
    from datetime import date

    row = {"derived_id": "x.d", "indicator": "i", "formula": "f", "value": 1.0, "bound_low": 0.5, "bound_high": 1.5,
           "unit": "USD", "part_obs_id": "x.a", "share_obs_id": "x.b", "source_id": "x", "_file": "x.yaml"}
    good = columns_module.frame("derived", [dict(row, period_start=date(2019, 1, 1))])
    bad = columns_module.frame("derived", [dict(row, period_start="2019-01-01")])
    assert validate_module._pandera_problems("derived", good, "derived_id") == []
    problems = validate_module._pandera_problems("derived", bad, "derived_id")
    assert [(p.field, "is not a date" in p.message) for p in problems] == [("period_start", True)]


def _damaged(table: str):
    """A few rows of a packaged table as the build holds them, with one fault of every kind the schema checks."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from silkroad_data.pipeline.columns import to_frame

    packaged = pq.read_table(sd.parquet_path(table))
    df = to_frame(packaged.take([i % packaged.num_rows for i in range(6)]))
    df["_file"] = [f"f{i}.yaml" for i in range(len(df))]
    resource = md.RESOURCES[table]
    key = resource.primary_key
    df[key] = [f"{v}_{i}" for i, v in enumerate(df[key])]
    df.loc[1, key] = df.loc[2, key]  # an id used twice
    for f in resource.fields:
        if f.vocabulary is not None:
            df[f.name] = df[f.name].astype(object)
            df.loc[3, f.name] = "not_a_code"
        elif f.pattern and f.name != key:
            df.loc[4, f.name] = "Not An Id\n"
        elif f.type == "float64":
            df.loc[5, f.name] = -2e16
        if resource.required(f) and f.name != key:
            df[f.name] = df[f.name].astype(object)
            df.loc[0, f.name] = None
    return df, pa.Table.from_pandas(df, preserve_index=False)


@pytest.mark.parametrize("table", ["trade", "projects", "references", "sources", "conflicts", "claims_audit"])
def test_the_build_checks_what_the_pandera_schema_checks(table):
    """The build runs the schema's checks with pyarrow.compute; pandera stays the declared schema: they agree."""
    df, columns = _damaged(table)
    key = md.RESOURCES[table].primary_key
    fast = validate_module.schema_problems(table, columns, key)
    assert fast and sorted(set(fast)) == sorted(set(validate_module._pandera_problems(table, df, key)))
    assert {p.field for p in fast} >= {key}
