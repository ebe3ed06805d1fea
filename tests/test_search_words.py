"""Search as words are written: plurals and other forms of a word, typos, where a word is said,
periods that are not periods, and texts too long to be a query."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

import silkroad_data as sd
from silkroad_data.cli import main
from silkroad_data.period import parse_period, period_bounds


def _ids(text, **narrowing) -> set:
    return set(sd.search(text, **narrowing)["obs_id"])


@pytest.mark.parametrize("plural, singular", [("investments", "investment"), ("agreements", "agreement"),
                                              ("cables", "cable"), ("networks", "network"), ("projects", "project"), ("users", "user"),
                                              ("exports", "export"), ("countries", "country")])
def test_a_plural_finds_at_least_nine_tenths_of_what_its_singular_finds(plural, singular):
    many, one = _ids(plural), _ids(singular)
    assert one and len(many & one) >= 0.9 * len(one)


def test_investments_finds_what_investment_finds():
    assert _ids("investments") == _ids("investment")


def test_a_word_only_in_a_credited_sources_title_ranks_below_the_same_word_in_an_indicator():
    obs = sd.observations()
    in_title = obs["cited_source"].str.contains("nvestment", na=False)
    elsewhere = obs[["indicator", "quote", "note", "series_id"]].apply(lambda c: c.str.contains("nvestment", case=False, na=False)).any(axis=1)
    only_title = set(obs.loc[in_title & ~elsewhere, "obs_id"])
    assert only_title  # the 4G coverage figures credit a report with "Investments" in its title
    hits = sd.search("investments")
    in_indicator = hits["indicator"].str.contains("nvestment", case=False, na=False)
    last_indicator = max(i for i, v in enumerate(in_indicator) if v)
    first_title = min(i for i, o in enumerate(hits["obs_id"]) if o in only_title)
    assert first_title > last_indicator
    assert hits["score"].is_monotonic_decreasing


def test_a_typo_gets_a_did_you_mean_from_the_index_and_finds_nothing_itself():
    with pytest.warns(UserWarning, match="did you mean '4G coverage'"):
        found = sd.search("4G covrage")
    assert found.empty and found.attrs["did_you_mean"] == "4G coverage"
    assert len(sd.search(found.attrs["did_you_mean"])) > 0
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a word no figure comes close to: no hint, no warning
        assert sd.search("qqqqzzzz").attrs.get("did_you_mean") is None


def test_the_shell_says_did_you_mean(capsys):
    with pytest.warns(UserWarning):
        assert main(["search", "Huawie"]) == 1
    assert "Did you mean 'Huawei'?" in capsys.readouterr().out


def test_prefixes_and_folded_accents_still_match():
    assert _ids("infra") >= _ids("infrastructure") and _ids("infrastructure")
    assert _ids("São Paulo") == _ids("Sao Paulo") == _ids("SAO PAULO") != set()
    assert _ids("Perú") == _ids("Peru") == _ids("PER")


@pytest.mark.parametrize("period, said", [
    ("2019-13", "is not a period"), ("2019/2018", "ends before it starts"), ("2019-Q5", "is not a period"),
    ("1850", "outside 1900-2100"), ("", "is not a period"), (["2019"], "is not a period"), (2019.5, "is not a period"),
    ("x" * 10_000, "is not a period"), (True, "is not a period"),
])
def test_a_bad_period_is_a_data_error_naming_the_argument_and_the_forms(period, said):
    with pytest.raises(sd.DataError, match=said) as caught:
        sd.search("trade", period=period)
    message = str(caught.value)
    assert message.startswith("period=") and len(message) < 300
    assert "2019-Q4" in message or "earlier period first" in message


def test_the_read_side_and_the_build_read_periods_alike():
    for text in ("2019", "2019-S1", "2019-Q4", "2019-03", "2016-12-31", "2001/2016", "2021-01-01/2021-06-30", "2019-S2/2020-Q1"):
        assert period_bounds(text) == parse_period(text)
    from silkroad_data.pipeline import normalize

    assert normalize.parse_period is parse_period


def test_the_shell_refuses_a_bad_period_with_a_message_and_exit_2(capsys):
    assert main(["search", "4G", "--period", "2019-99"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("period='2019-99' is not a period") and "Traceback" not in err


def test_a_search_text_past_the_bound_is_refused_at_once():
    with pytest.raises(sd.DataError, match="at most 500"):
        sd.search("trade " * 2_000_000)  # 12 MB
    with pytest.raises(sd.DataError, match="not words"):
        sd.search(["trade"])
    assert len(sd.search("trade " * 50)) > 0  # a long query within the bound is searched


def test_an_area_written_as_its_declared_name_is_that_area():
    """areas.csv's names as a reader types them: with "&" or a comma, six words long, or with its accents
    as characters of their own (decomposed text): each finds the figures about that area alone."""
    from silkroad_data.textsearch import score

    columns = ("indicator", "series_id", "subject", "counterpart", "period_label", "time_period", "reported", "section",
               "quote", "note", "correction", "cited_source")
    figures = pd.DataFrame([{"obs_id": f"p.x{i}", "table": "trade", "period_end": pd.NaT, "subject_code": code,
                             "counterpart_code": None, **{c: "Exports" for c in columns}}
                            for i, code in enumerate(["VIR", "USA", "LCN", "BRA"])])
    for text, area in [("Virgin Islands, U.S.", "VIR"), ("Islas Vírgenes de los Estados Unidos", "VIR"),
                       ("Islas Vi\u0301rgenes de los Estados Unidos", "VIR"), ("Latin America & Caribbean", "LCN"),
                       ("latin america & caribbean exports", "LCN"), ("Estados Unidos", "USA"), ("Bra\u0301sil", "BRA")]:
        assert (score(figures, text) > 0).tolist() == (figures["subject_code"] == area).tolist(), text
