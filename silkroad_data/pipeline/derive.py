"""What the build derives from valid figures: pairs across papers, the audit of the papers' arithmetic, implied wholes.

Both rest on one idea: a printed number stands for an interval. "US$263.6 billion" means
anything that rounds to it, 263.55 to 263.65 billion; "more than 40%" means above 40. Two
figures *conflict* when their intervals do not meet; a recomputed claim *holds* when the
interval of the recomputation meets the interval of the stated value.

Example
-------
>>> from silkroad_data.pipeline.derive import interval
>>> interval({"reported": "US$263.6 billion", "value": 263.6e9, "value_high": None,
...           "qualifier": "exact", "printed_scale": 9, "unit": "USD"})
(263550000000.0, 263650000000.0)
"""

from __future__ import annotations

import calendar
import math
import re
from datetime import date
from decimal import Decimal
from itertools import combinations

import pandas as pd

from ..prose import numbers_in
from ..metadata import QUALIFIERS, RESOURCES
from ..metadata.fields import PAIR_SIDE_FIELDS
from ..values import plain_records
from .kinds import derives


def half_unit(reported: str, multiplier: int, value: float | None = None) -> float:
    """Half a unit of the last printed digit, in base units (0 for numbers in words).

    With ``value`` (base units), the printed token that states it is used; a value that no
    token states (a corrected OCR misreading such as "15O.35") takes its own digits.

    >>> half_unit("US$14.94 billion", 9, 14.94e9), half_unit("$15O.35 billion", 9, 150.35e9)
    (5000000.0, 5000000.0)
    """
    tokens = [t.replace(",", "") for t in numbers_in(reported or "")]
    if not tokens:
        return 0.0
    token, printed = tokens[0], True
    if value is not None:
        number = abs(float(value)) / 10**multiplier
        matching = [t for t in tokens if math.isclose(float(t), number, rel_tol=1e-9)]
        token, printed = (matching[0], True) if matching else (repr(round(number, 10)), False)
    decimals = len(token.split(".")[1]) if "." in token else 0
    if not printed and token.endswith(".0"):
        decimals = 0  # repr(150.0) is "150.0": no decimals of its own
    return 0.5 * 10 ** (multiplier - decimals)


def tolerance(row) -> float:
    """How far the true value may lie from a figure's value, given its printed digits.

    Counts and ranks printed in full are whole numbers and exact ("19 countries"); other
    figures, and counts with a scale word ("872 million"), are good to half a unit of their
    last printed digit.
    """
    if row["unit"] in ("count", "rank") and not row["printed_scale"]:
        return 0.0
    return half_unit(row["reported"], int(row["printed_scale"] or 0), row["value"])


def interval(row) -> tuple[float, float]:
    """The values a printed figure allows, as (low, high); open ends are infinite (see the qualifier vocabulary)."""
    high = row["value_high"] if row["qualifier"] == "range" else None
    high = float(high) if high is not None and high == high else None
    return QUALIFIERS[row["qualifier"]].bounds(float(row["value"]), tolerance(row), high)


def _meet(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def _minus(x: float, y: float) -> float:
    """x - y in decimal, so 1.7 - 0.1 is 1.6 and not 1.5999999999999999."""
    return float(Decimal(repr(float(x))) - Decimal(repr(float(y))))


def _side(row, suffix: str) -> dict:
    return {f"{k}_{suffix}": row[k] for k in PAIR_SIDE_FIELDS}


def made_span(made) -> tuple[date, date] | None:
    """The first and last day ``made`` allows at its precision; None for a text that is no date.

    >>> made_span("2019"), made_span("2019-01")
    ((datetime.date(2019, 1, 1), datetime.date(2019, 12, 31)), (datetime.date(2019, 1, 1), datetime.date(2019, 1, 31)))
    """
    parts = str(made or "").split("-")
    try:
        year = int(parts[0])
        if len(parts) == 1:
            return date(year, 1, 1), date(year, 12, 31)
        month = int(parts[1])
        if len(parts) == 2:
            return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
        day = date(year, month, int(parts[2]))
        return day, day
    except (ValueError, IndexError):
        return None


def _in_order(a: dict, b: dict) -> tuple[dict, dict, str | None, str]:
    """(earlier, later, the later's obs_id, how the order was told) of two forecasts by their made at its precision;
    where one's span does not end before the other's begins, the order cannot be told and the pair keeps its id order."""
    sa, sb = made_span(a["made"]), made_span(b["made"])
    if sa and sb and sb[1] < sa[0]:
        a, b, sa, sb = b, a, sb, sa
    if sa and sb and sa[1] < sb[0]:
        return a, b, b["obs_id"], f"{a['obs_id']} made {a['made']}, before {b['obs_id']} made {b['made']}"
    return a, b, None, (f"cannot be told: {a['obs_id']} made {a['made']} and {b['obs_id']} made {b['made']} overlap at the "
                        "precision the papers give")


def _work(cited) -> str | None:
    """A credited work as a key: letters and digits only, case folded (None where nothing is credited)."""
    if cited is None or cited != cited:
        return None
    return re.sub(r"[\W_]+", "", str(cited).casefold()) or None


def work_keys(references) -> dict[str, str]:
    """The work each reference entry credits, as a key: its DOI, else its address, else None.

    An entry that repeats another (``same_as``) credits that entry's work. Two papers that print one
    article under two translations of its title and one address credit one work.
    """
    if references is None or len(references) == 0:
        return {}
    rows = {r["reference_id"]: r for r in _records(references)}

    def key(r, depth=0):
        if r.get("same_as") and r["same_as"] in rows and depth < 5:
            return key(rows[r["same_as"]], depth + 1)
        if r.get("doi"):
            return "doi:" + str(r["doi"]).casefold()
        if r.get("url"):  # letters and digits only: a text edition loses hyphens at line ends
            return "url:" + re.sub(r"[\W_]+", "", re.sub(r"^https?://(www\.)?", "", str(r["url"]).casefold()))
        return None

    return {rid: k for rid, r in rows.items() if (k := key(r))}


def _credited_works(r: dict, works: dict[str, str]) -> set[str]:
    """What identifies the work a figure credits: its reference entry's DOI or address, and its credit's words."""
    return {k for k in (works.get(r.get("reference_id")), _work(r.get("cited_source"))) if k}


def _vintages_differ(a: dict, b: dict) -> bool:
    """Two forecasts (or targets) made at different dates: the later revises the earlier."""
    ahead = ("forecast", "target")
    return a["status"] in ahead and b["status"] in ahead and a["made"] != b["made"]


def _records(obs, keep=None) -> list[dict]:
    """Observations as plain rows (missing values as None): a list of dicts is used as it is; of a
    DataFrame only the rows where ``keep`` (a boolean Series) holds are converted."""
    if not isinstance(obs, pd.DataFrame):
        return obs
    return plain_records(obs if keep is None else obs.loc[keep])


def _by_id(obs, ids: set[str]) -> dict[str, dict]:
    """The observations whose ids are in ``ids``, by id (the last of an id used twice)."""
    if not ids:
        return {}
    keep = obs["obs_id"].isin(ids) if isinstance(obs, pd.DataFrame) else None
    return {r["obs_id"]: r for r in _records(obs, keep) if r["obs_id"] in ids}


def _in_shared_groups(obs):
    """The rows of series and periods that figures of two papers or more share: the only ones that pair."""
    if not isinstance(obs, pd.DataFrame) or obs.empty:
        return obs
    papers = obs.groupby(["series_id", "period_start", "period_end"], dropna=False, sort=False)["source_id"]
    return obs.loc[papers.transform("nunique").to_numpy() > 1]


def pair_papers(obs, references=None) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Conflicts, corroborations and revisions: pairs of figures from different papers, same series and period.

    Undated figures pair with undated figures of the same series (the papers state them
    without a date, often from the same credited source). Forecasts or targets made at
    different dates are revisions, neither conflicts nor corroborations, ordered earlier to
    later by ``made`` at its precision; two that credit the same work are that work's one
    forecast, whatever date each paper gives it, and pair as any two figures do, flagged
    ``same_primary_source`` (the same work: one DOI or address of the ``references`` entries they
    are credited to, else the same credit in words). ``obs`` is a
    DataFrame of observations or a list of their rows (dicts). One hash-grouping pass: the
    work grows with the number of figures, and pairs are formed only within a group.
    """
    conflicts, corroborations, revisions = [], [], []
    works = work_keys(references)
    groups: dict[tuple, list[dict]] = {}
    shared: dict[tuple, set] = {}
    for r in _records(_in_shared_groups(obs)):  # one pass in plain Python: groups are many and tiny
        start = r["period_start"] if pd.notna(r["period_start"]) else None
        end = r["period_end"] if pd.notna(r["period_end"]) else None
        key = (r["series_id"], str(start), str(end))
        groups.setdefault(key, []).append(r)
        shared.setdefault(key, set()).add(r["source_id"])
    for key in sorted(k for k, sources in shared.items() if len(sources) > 1):
        rows = sorted(groups[key], key=lambda r: r["obs_id"])
        for a, b in combinations(rows, 2):
            if a["source_id"] == b["source_id"]:
                continue
            ia, ib = interval(a), interval(b)
            tol = tolerance(a) + tolerance(b)
            same_work = bool(_credited_works(a, works) & _credited_works(b, works))
            # One credited work gives one forecast: papers that date it differently do not make it two vintages.
            revision = _vintages_differ(a, b) and not same_work
            if revision:
                a, b, later, order = _in_order(a, b)
            pair = {"pair_id": f"{a['obs_id']}~{b['obs_id']}", "series_id": a["series_id"], "indicator": a["indicator"],
                    "unit": a["unit"], "period_start": a["period_start"], "period_end": a["period_end"],
                    **_side(a, "a"), **_side(b, "b"), "difference": _minus(b["value"], a["value"]), "difference_tolerance": tol,
                    "same_primary_source": same_work,
                    "undated": key[1] == key[2] == "None"}
            if revision:
                revisions.append({**pair, "later_obs_id": later, "order_note": order})
            else:
                (corroborations if _meet(ia, ib) else conflicts).append(pair)
    return _typed("conflicts", conflicts), _typed("corroborations", corroborations), _typed("revisions", revisions)


def _typed(table: str, rows: list[dict]) -> pd.DataFrame:
    """Rows as a DataFrame typed by the registry (the same typing as every other table)."""
    from .columns import frame

    return frame(table, rows)[RESOURCES[table].field_names]


def _years_between(earlier, later) -> float:
    return float(pd.Timestamp(later["period_end"]).year - pd.Timestamp(earlier["period_end"]).year)


def _recompute(kind: str, parts: list[dict], bounds: list[tuple[float, float]]):
    """(value, low, high, formula) of a claim recomputed from its parts and their intervals."""
    vals = [float(p["value"]) for p in parts]
    if kind == "sum":
        return sum(vals), sum(b[0] for b in bounds), sum(b[1] for b in bounds), " + ".join(p["obs_id"] for p in parts)
    (e, l), ((e_lo, e_hi), (l_lo, l_hi)) = vals, bounds
    if kind == "difference":
        return l - e, l_lo - e_hi, l_hi - e_lo, f"{parts[1]['obs_id']} - {parts[0]['obs_id']}"
    if kind == "share":
        return 100 * e / l, 100 * e_lo / l_hi, 100 * e_hi / l_lo, f"100 * {parts[0]['obs_id']} / {parts[1]['obs_id']}"
    if kind == "growth":
        return 100 * (l / e - 1), 100 * (l_lo / e_hi - 1), 100 * (l_hi / e_lo - 1), f"100 * ({parts[1]['obs_id']} / {parts[0]['obs_id']} - 1)"
    if kind == "multiple":
        return l / e, l_lo / e_hi, l_hi / e_lo, f"{parts[1]['obs_id']} / {parts[0]['obs_id']}"
    if kind == "average_growth":
        n = _years_between(parts[0], parts[1])
        f = lambda a, b: 100 * ((b / a) ** (1 / n) - 1)  # noqa: E731
        return f(e, l), f(e_hi, l_lo), f(e_lo, l_hi), f"100 * (({parts[1]['obs_id']} / {parts[0]['obs_id']}) ** (1/{n:g}) - 1)"
    raise ValueError(kind)


def audit_claims(obs, claims: list[dict]) -> pd.DataFrame:
    """Recompute every curated claim (``claims`` rows: id, kind, claim, parts, note) from ``obs``
    (a DataFrame of observations or a list of their rows); a lookup by id per part."""
    by_id = _by_id(obs, {c["obs_id"] for c in claims} | {p for c in claims for p in c["parts"]})
    rows = []
    for c in sorted(claims, key=lambda c: c["claim_id"]):
        stated = by_id[c["obs_id"]]
        parts = [by_id[p] for p in c["parts"]]
        bounds = [interval(p) for p in parts]
        value = low = high = None
        try:
            value, low, high, formula = _recompute(c["claim_kind"], parts, bounds)
        except (ZeroDivisionError, ValueError, OverflowError):
            formula = f"{c['claim_kind']} of " + ", ".join(c["parts"])
        s_lo, s_hi = interval(stated)
        if low is None or not all(math.isfinite(x) for x in (low, high)):
            verdict, low, high = "cannot_check", None, None
        else:
            verdict = "holds" if _meet((low, high), (s_lo, s_hi)) else "off"
        rows.append({
            "claim_id": c["claim_id"], "claim_kind": c["claim_kind"], "obs_id": stated["obs_id"], "source_id": stated["source_id"],
            "quote": stated["quote"], "stated_reported": stated["reported"], "stated": float(stated["value"]),
            "parts": ", ".join(c["parts"]),
            "part_values": "; ".join(f"{p['obs_id']} = {p['reported']}" for p in parts),
            "formula": formula, "recomputed": value if value is not None and math.isfinite(value) else None,
            "recomputed_low": low, "recomputed_high": high,
            "stated_tolerance": tolerance(stated),
            "verdict": verdict, "note": c.get("note"),
        })
    return _typed("claims_audit", rows)


def implied_figures(obs, implied: list[dict]) -> pd.DataFrame:
    """Wholes implied by a reported part and its reported share: part / share * 100.

    These are derived figures, never reported by the papers; they stay in their own table.
    The bounds divide the part's interval by the share's, a share lying in (0, 100]. A share
    of 0 implies no whole, and a share open below ("nearly 40%", "less than 40%") or a part
    open at either end ("more than $2 billion") leaves the whole unbounded: each is refused
    with its record.
    """
    from ..errors import BuildError, Problem

    by_id = _by_id(obs, {d["part_obs_id"] for d in implied} | {d["share_obs_id"] for d in implied})
    rows, problems = [], []
    for d in sorted(implied, key=lambda d: d["derived_id"]):
        part, share = by_id[d["part_obs_id"]], by_id[d["share_obs_id"]]
        (p_lo, p_hi), (s_lo, s_hi) = interval(part), interval(share)
        s_lo, s_hi = max(s_lo, 0.0), min(s_hi, 100.0)  # a share lies in (0, 100]
        low = p_lo / s_hi * 100 if s_hi > 0 else math.nan
        high = p_hi / s_lo * 100 if s_lo > 0 else math.inf
        if not float(share["value"]) > 0:
            field, why = "share", f"'{share['obs_id']}' is {share['reported']}: a share of 0 implies no whole"
        elif not s_lo > 0:
            field, why = "share", (f"'{share['obs_id']}' is {share['reported']}, which allows any smaller share, so "
                                   "the whole has no upper bound")
        elif not (math.isfinite(low) and math.isfinite(high)):
            field, why = "part", (f"'{part['obs_id']}' is {part['reported']}, which has no "
                                  f"{'upper' if not math.isfinite(high) else 'lower'} bound, so neither has the whole")
        else:
            field = why = None
        if why:
            problems.append(Problem(d.get("_file", part["source_id"]), d["derived_id"], field,
                                    f"{why}; imply the whole from exact or approximate figures, or remove this implied figure"))
            continue
        value = float(part["value"]) / float(share["value"]) * 100
        rows.append({
            "derived_id": d["derived_id"], "indicator": d["indicator"],
            "formula": f"{part['obs_id']} / {share['obs_id']} * 100", "value": value,
            "bound_low": low, "bound_high": high, "unit": part["unit"],
            "period_start": part["period_start"], "period_end": part["period_end"],
            "part_obs_id": part["obs_id"], "share_obs_id": share["obs_id"], "source_id": part["source_id"],
            "note": d.get("note"),
        })
    if problems:
        raise BuildError(problems)
    return _typed("derived", rows)


# The derived tables, from the checked rows of each kind (see silkroad_data.pipeline.kinds).
@derives("conflicts", "corroborations", "revisions")
def _pairs(frames, rows):
    return pair_papers(frames["observations"], frames["references"])


@derives("claims_audit")
def _audit(frames, rows):
    return (audit_claims(frames["observations"], rows["claims"]),)


@derives("derived")
def _implied(frames, rows):
    return (implied_figures(frames["observations"], rows["implied"]),)
