"""The loader never serves damaged data."""

from __future__ import annotations

import pytest

import silkroad_data as sd


def test_intact_copy_loads(data_dir):
    assert len(sd.load("trade")) > 0


def test_edited_file_is_refused_with_a_way_to_restore(data_dir):
    path = data_dir / "trade.parquet"
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(sd.DataError, match="does not match the manifest") as info:
        sd.load("trade")
    assert "trade.parquet" in str(info.value) and "silkroad-data build" in str(info.value)


def test_truncated_file_is_refused(data_dir):
    path = data_dir / "investment.parquet"
    path.write_bytes(path.read_bytes()[:100])
    with pytest.raises(sd.DataError, match="investment"):
        sd.load("investment")


def test_missing_file_and_manifest_are_named(data_dir):
    (data_dir / "macro.parquet").unlink()
    with pytest.raises(sd.DataError, match="missing"):
        sd.load("macro")
    (data_dir / "manifest.json").unlink()
    from silkroad_data import loader as load_module

    load_module.manifest.cache_clear()
    with pytest.raises(sd.DataError, match="manifest"):
        sd.load("trade")
