"""Shared fixtures: a small paper made on the spot, with its raw record, and helpers."""

from __future__ import annotations

import hashlib
import textwrap
from pathlib import Path

import pytest

import silkroad_data
from silkroad_data import loader as load_module

MINI_TEXT = textwrap.dedent("""\
    ## Trade

    In 2014 trade between China and the region reached US\\$263.6 billion, and it
    grew by *4.1%* over 2013.<sup>1</sup> Brazil signed a memorandum in 2016.

    <sup>1</sup> Ministry of Commerce, Statistics 2015, p. 12.
    """)


def mini_record(sha: str) -> str:
    return textwrap.dedent(f"""\
        source:
          id: mini
          type: article-journal
          authors: [{{family: Doe, given: Jane}}]
          title: A small paper
          container_title: Journal of Tests
          year: 2020
          volume: "1"
          issue: "2"
          pages: 1-9
          doi: 10.1234/mini
          language: en
          text_sha256: {sha}
        references:
          - id: mini.fn1
            kind: footnote
            label: "1"
            text: Ministry of Commerce, Statistics 2015, p. 12.
            type: report
            authors:
              - {{name: Ministry of Commerce}}
            title: Statistics 2015
            pinpoint: p. 12
        observations:
          - id: mini.trade_2014
            table: trade
            series_id: chn_lcn_trade_total
            concept: trade_total
            statistic: true
            indicator: China-Latin America trade in goods, total
            subject_code: CHN
            counterpart_code: LCN
            period: "2014"
            period_label: In 2014
            reported: US$263.6 billion
            value: 263.6
            scale: billion
            unit: USD
            measure: level_flow
            qualifier: exact
            status: reported
            quote: In 2014 trade between China and the region reached US$263.6 billion
            section: Trade
            footnote: "1"
            reference: mini.fn1
          - id: mini.trade_growth_2014
            table: trade
            series_id: chn_lcn_trade_total_growth
            concept: trade_total_growth
            statistic: true
            indicator: China-Latin America trade in goods, growth over the previous year
            subject_code: CHN
            counterpart_code: LCN
            period: "2014"
            period_label: over 2013
            reported: 4.1%
            value: 4.1
            unit: percent
            measure: growth_rate
            qualifier: exact
            status: reported
            quote: US$263.6 billion, and it grew by 4.1% over 2013.
            section: Trade
        exclusions:
          - reason: footnote_marker
            pattern: '<sup>\\d+</sup>'
          - reason: event_date
            context: Brazil signed a memorandum in 2016
          - reason: bibliographic
            pattern: '(?m)^<sup>1</sup>.*$'
        """)


@pytest.fixture
def mini(tmp_path: Path) -> dict[str, Path]:
    """A folder with one paper's text and a folder with its raw record."""
    texts, raw = tmp_path / "texts", tmp_path / "raw"
    texts.mkdir()
    raw.mkdir()
    text = texts / "paper.txt"
    text.write_text(MINI_TEXT, encoding="utf-8")
    sha = hashlib.sha256(text.read_bytes()).hexdigest()
    (raw / "mini.yaml").write_text(mini_record(sha), encoding="utf-8")
    return {"texts": texts, "raw": raw, "record": raw / "mini.yaml", "out": tmp_path / "data"}


@pytest.fixture
def data_dir(monkeypatch, tmp_path: Path):
    """Point the loader at a copy of the packaged data folder (caches cleared around the test)."""
    import shutil

    copy = tmp_path / "data"
    shutil.copytree(Path(silkroad_data.__file__).parent / "data", copy)
    monkeypatch.setattr(load_module, "DATA_DIR", copy)
    _clear_caches()
    yield copy
    _clear_caches()


def _clear_caches():
    load_module.manifest.cache_clear()
    load_module._checked.cache_clear()
    load_module._frame.cache_clear()
