"""The command line, run as users run it."""

from __future__ import annotations

import subprocess
import sys

import pytest

import silkroad_data as sd
from silkroad_data.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_tables_prints_every_table_with_rows(capsys):
    code, out, _ = run(capsys, "tables")
    assert code == 0
    for row in sd.tables().itertuples():
        assert row.table in out
    assert str(sd.tables().set_index("table").loc["trade", "rows"]) in out


def test_show_prints_rows_of_a_table(capsys):
    code, out, _ = run(capsys, "show", "trade", "--limit", "3")
    assert code == 0
    first = sd.load("trade")["obs_id"].iloc[0]
    assert first in out


def test_show_rejects_an_unknown_table(capsys):
    with pytest.raises(SystemExit):
        main(["show", "nosuch"])
    assert "invalid choice" in capsys.readouterr().err


def test_search_and_cite(capsys):
    code, out, _ = run(capsys, "search", "4G")
    assert code == 0 and "digital_infrastructure" in out
    obs_id = sd.search("4G")["obs_id"].iloc[0]
    code, out, _ = run(capsys, "cite", obs_id, "--style", "bibtex")
    assert code == 0 and out.startswith("@") and obs_id in out
    code, _, err = run(capsys, "cite", "nosuch.figure")
    assert code == 2 and "Unknown observation id" in err


def test_series_prints_a_series(capsys):
    code, out, _ = run(capsys, "series", "chn_lcn_trade_total")
    assert code == 0 and "chn_lcn_trade_total" not in out.splitlines()[0]
    assert len(out.splitlines()) == 1 + len(sd.series("chn_lcn_trade_total"))


def test_build_validate_and_check_raw_on_a_small_paper(capsys, mini):
    code, out, _ = run(capsys, "build", "--raw", str(mini["raw"]), "--out", str(mini["out"]))
    assert code == 0 and "trade" in out and "2 rows" in out
    code, out, _ = run(capsys, "validate", "--raw", str(mini["raw"]), "--data", str(mini["out"]))
    assert code == 0 and "match" in out
    code, out, _ = run(capsys, "check-raw", str(mini["record"]))
    assert code == 0
    text = mini["record"].read_text().replace("unit: USD", "unit: dollars")
    mini["record"].write_text(text)
    code, out, err = run(capsys, "check-raw", str(mini["record"]))
    assert code == 2 and "mini.yaml: record mini.trade_2014, field 'unit'" in err
    code, out, err = run(capsys, "validate", "--raw", str(mini["raw"]), "--data", str(mini["out"]))
    assert code == 2


def test_validate_detects_stale_packaged_tables(capsys, mini):
    main(["build", "--raw", str(mini["raw"]), "--out", str(mini["out"])])
    text = mini["record"].read_text().replace("value: 4.1", "value: 4.1\n    note: added later")
    mini["record"].write_text(text)
    capsys.readouterr()
    code, out, _ = run(capsys, "validate", "--raw", str(mini["raw"]), "--data", str(mini["out"]))
    assert code == 1 and "trade: rows differ" in out


def test_module_entry_point_and_help_come_from_the_registry():
    out = subprocess.run([sys.executable, "-m", "silkroad_data", "--help"], capture_output=True, text=True, check=True).stdout
    from silkroad_data import metadata as md

    for name, table in md.RESOURCES.items():
        assert name in out and table.description in out
