"""The release history: every release's tables, what changed between them, and since when a figure is as it is.

Each release of the dataset is recorded in ``silkroad_data/releases/history.json`` (its version,
day, notes, renamed columns and, for each table, the fingerprint of its content) and its tables in
``silkroad_data/releases/tables/``, one Parquet file per distinct table content (a table that did
not change between two releases is stored once). ``silkroad-data release`` records a release;
nothing here is written by hand.

Example
-------
>>> import silkroad_data as sd
>>> old = sd.load("digital_infrastructure", version="0.1.0")
>>> round(float(old.set_index("obs_id").loc["li2022.bra_4g_networks_huawei_share", "value"]), 3)
0.333
>>> ch = sd.changes(since="0.1.0")
>>> ch[(ch.obs_id == "li2022.bra_4g_networks_huawei_share") & (ch.field == "value")][["old", "new", "version"]]  # doctest: +SKIP
>>> from silkroad_data.releases import value_since
>>> value_since("lou2019.trade_total_2014")   # doctest: +SKIP
'0.1.0'
"""

from __future__ import annotations

import hashlib
import json
import math
from functools import lru_cache
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from .errors import DataError
from .paths import DATA_DIR, PACKAGE_DIR

HISTORY_DIR = PACKAGE_DIR / "releases"
HISTORY = HISTORY_DIR / "history.json"
OBJECTS = HISTORY_DIR / "tables"
# The columns of a figure that make its value as printed: when none of them changed, the
# figure's value is the same (its note or locator may have changed).
VALUE_FIELDS = ("reported", "value", "value_high", "unit", "printed_scale", "amount_reported", "amount", "share")
# How changes name the rows that are not a field change.
ADDED, REMOVED = "added", "removed"
_GATE = ("the tables changed but the version did not: set a new version in silkroad_data/_version.py "
         "(with its release day in RELEASED of silkroad_data/metadata/dataset.py) and record the release "
         "with `silkroad-data release`")


# --- the fingerprint of a table's content ---------------------------------------------------------

def content_key(table: pa.Table) -> str:
    """SHA-256 of a table's content: column names, types and values in row order, not its file's bytes.

    Two Parquet files of the same rows written with other metadata (a version number, a column
    description) or by another pyarrow have the same key.

    >>> import pyarrow as pa
    >>> a = pa.table({"x": [1, 2]}).replace_schema_metadata({"version": "1"})
    >>> content_key(a) == content_key(pa.table({"x": [1, 2]}))
    True
    """
    digest = hashlib.sha256(json.dumps([table.column_names, [str(t) for t in table.schema.types]]).encode())
    for row in table.to_pylist():
        digest.update(json.dumps(list(row.values()), default=str, ensure_ascii=False).encode())
        digest.update(b"\n")
    return digest.hexdigest()


def object_path(key: str) -> Path:
    """The file of the stored table content ``key`` in the history."""
    return OBJECTS / f"{key[:16]}.parquet"


# --- the history -----------------------------------------------------------------------------------

_CACHE: dict = {}


def history() -> dict:
    """The release history as recorded: ``{"releases": [{"version", "released", "notes", "tables", ...}]}``.

    >>> from silkroad_data.releases import history
    >>> history()["releases"][0]["version"]
    '0.1.0'
    """
    try:
        st = HISTORY.stat()
        stamp = (st.st_mtime_ns, st.st_size)
    except FileNotFoundError:
        return {"releases": []}
    if _CACHE.get("stamp") != stamp:
        try:
            doc = json.loads(HISTORY.read_text(encoding="utf-8"))
        except ValueError as exc:
            raise DataError(f"The release history {HISTORY} is damaged ({exc}). Restore it with "
                            "`git checkout -- silkroad_data/releases` or reinstall the package.") from None
        _CACHE.clear()
        _CACHE.update(stamp=stamp, doc=doc)
    return _CACHE["doc"]


def versions() -> list[str]:
    """The released versions, oldest first.

    >>> from silkroad_data.releases import versions
    >>> versions()[:2]
    ['0.1.0', '0.2.0']
    """
    return [r["version"] for r in history()["releases"]]


def release(version: str) -> dict:
    """The record of one release; an unknown version lists the known ones."""
    for r in history()["releases"]:
        if r["version"] == version:
            return r
    known = ", ".join(versions()) or "none"
    raise DataError(f"No release {version!r} in the release history; the releases are {known}"
                    f" (and the current version is {_current_version()}).")


def _current_version() -> str:
    from ._version import __version__

    return __version__


def _categorical(table: str, df: pd.DataFrame) -> pd.DataFrame:
    """Vocabulary columns as categoricals in the vocabulary's order, keeping codes an older release used."""
    from .metadata import RESOURCES

    resource = RESOURCES.get(table)
    for field in resource.fields if resource is not None else ():
        if field.vocabulary is not None and field.name in df.columns:
            codes = [t.code for t in field.vocabulary.terms]
            extra = sorted(set(df[field.name].dropna().astype(str)) - set(codes))
            df[field.name] = pd.Categorical(df[field.name], categories=codes + extra)
    return df


@lru_cache(maxsize=64)
def _object(key: str) -> pd.DataFrame:
    path = object_path(key)
    try:
        arrow = pq.read_table(path)
    except FileNotFoundError:
        raise DataError(f"The stored table {path} of the release history is missing. Restore it with "
                        "`git checkout -- silkroad_data/releases` or reinstall the package.") from None
    except (pa.ArrowException, OSError) as exc:
        raise DataError(f"The stored table {path} of the release history cannot be read ({exc}).") from None
    if content_key(arrow) != key:
        raise DataError(f"The stored table {path} does not hold the rows the release history records for it: "
                        "it is damaged or edited by hand. Restore it with `git checkout -- silkroad_data/releases`.")
    return arrow.to_pandas(date_as_object=False, types_mapper={pa.int64(): pd.Int64Dtype()}.get)


def is_current(version) -> bool:
    """True when ``version`` is the current version and the packaged tables are its release (or it is unreleased)."""
    return version == _current_version() and current_label() == version


def parquet_path(table: str, version: str) -> Path:
    """Path of the Parquet file of ``table`` as release ``version`` shipped it (rows only: the packaged
    file's column descriptions and citations are not kept in the history); the data folder's file
    for the current release.

    >>> import silkroad_data as sd
    >>> sd.parquet_path("trade", version="0.1.0").parent.name
    'tables'
    """
    from .loader import parquet_path as packaged_path

    if is_current(version):
        return packaged_path(table)
    entry = tables_of(version).get(table)
    if entry is None:
        load(table, version)  # raises the message naming the release's tables
    return object_path(entry["key"])


def load(table: str, version: str) -> pd.DataFrame:
    """The rows of ``table`` exactly as release ``version`` shipped them (its columns, its values).

    >>> import silkroad_data as sd
    >>> sd.load("digital_infrastructure", version="0.1.0").shape[0] > 0
    True
    """
    if is_current(version):
        from .loader import load as packaged

        return packaged(table)
    entry = release(version)["tables"].get(table) if isinstance(table, str) else None
    if entry is None:
        if not isinstance(table, str):
            raise DataError(f"A table is named by one string, such as sd.load('trade', version='0.1.0'); got {table!r}.")
        raise DataError(f"Release {version} has no table {table!r}; its tables are "
                        f"{', '.join(sorted(release(version)['tables']))}.")
    return _categorical(table, _object(entry["key"]).copy())


def tables_of(version: str) -> dict[str, dict]:
    """The tables of release ``version``: name -> {key, rows, kind, primary_key}."""
    return release(version)["tables"]


# --- the states compared: every release, then the packaged tables when they are not released ------

def _packaged_keys(folder: Path = DATA_DIR) -> dict[str, str]:
    """The content key of each table of the data folder ``folder`` (cached by the files' SHA-256)."""
    from .loader import read_manifest

    out = {}
    for name, entry in read_manifest(folder)["tables"].items():
        out[name] = _file_key(str(Path(folder) / entry["file"]), entry["sha256"])
    return out


@lru_cache(maxsize=128)
def _file_key(path: str, sha256: str) -> str:
    try:
        return content_key(pq.read_table(path))
    except (pa.ArrowException, OSError) as exc:
        raise DataError(f"The table file {path} cannot be read ({exc}). Rebuild the tables with "
                        "`silkroad-data build` or restore them with `git checkout -- silkroad_data/data`.") from None


def current_label() -> str | None:
    """The version the packaged tables are, or None when they are released under no version.

    The current version when its release holds exactly these tables, or when it is not released yet
    (its tables are what it will be released with); None when the current version is released with
    other tables (a build changed them without a new version).
    """
    v = _current_version()
    if v not in versions():
        return v
    return v if gate_problem() is None else None


def gate_problem(folder: Path = DATA_DIR, keys: dict[str, str] | None = None) -> str | None:
    """Why the tables may not be published under the current version, or None when they may.

    Under a released version the tables must be that release's tables; under a new version they are free.
    ``keys`` (table -> :func:`content_key`) are the tables to check; by default the data folder's.

    >>> from silkroad_data.releases import gate_problem
    >>> gate_problem() is None
    True
    """
    v = _current_version()
    if v not in versions():
        return None
    keys = _packaged_keys(folder) if keys is None else keys
    recorded = {name: e["key"] for name, e in tables_of(v).items()}
    differ = sorted(n for n in set(keys) | set(recorded) if keys.get(n) != recorded.get(n))
    if not differ:
        return None
    return f"Version {v} is released, and its tables {', '.join(differ)} differ from that release: {_GATE}."


def _states(until: str | None) -> list[tuple[str, dict]]:
    """(version, tables) of every release up to ``until``; for None, then the packaged tables if unreleased."""
    states = [(r["version"], r) for r in history()["releases"]]
    if until is not None:
        names = [v for v, _ in states]
        if until not in names:
            release(until)  # the message
        return states[: names.index(until) + 1]
    label = _current_version()
    if label in versions() and gate_problem() is None:
        return states
    # The packaged tables are not (yet) a release: compared as the release they will be.
    label = label if label not in versions() else f"{label}+unreleased"
    return states + [(label, {"version": label, "packaged": True, "renamed_columns": {}})]


def _frame_of(state: dict, table: str) -> pd.DataFrame | None:
    if state.get("packaged"):
        from .loader import _frame, manifest

        return _frame(table).copy() if table in manifest()["tables"] else None
    entry = state["tables"].get(table)
    return None if entry is None else _object(entry["key"]).copy()


def _table_names(state: dict) -> dict[str, str]:
    """name -> kind of the tables of a state."""
    if state.get("packaged"):
        from .loader import manifest

        return {n: e["kind"] for n, e in manifest()["tables"].items()}
    return {n: e["kind"] for n, e in state["tables"].items()}


# Rows compared by their id: the figures (all observation tables together, so a figure moved to
# another table is one figure), the projects, the papers and the credited works. The derived
# tables follow from these and are not compared row by row.
def _groups(state: dict) -> dict[str, tuple[pd.DataFrame, str]]:
    from .metadata import RESOURCES

    names = _table_names(state)
    groups: dict[str, tuple[pd.DataFrame, str]] = {}
    obs = [_frame_of(state, n) for n, kind in names.items() if kind == "observations"]
    obs = [df.assign(table=df["table"].astype(str)) if "table" in df.columns else df for df in obs if df is not None]
    if obs:
        groups["observations"] = (pd.concat(obs, ignore_index=True), "obs_id")
    for n, kind in names.items():
        if kind not in ("observations", "derived"):
            key = RESOURCES[n].primary_key if n in RESOURCES else None
            df = _frame_of(state, n)
            if df is not None and key in df.columns:
                groups[n] = (df, key)
    return groups


def _plain(v):
    """A cell as a plain Python value; every missing form as None."""
    if v is None or v is pd.NA or v is pd.NaT:
        return None
    if isinstance(v, float) and math.isnan(v):
        return None
    if hasattr(v, "item") and not isinstance(v, (str, bytes)):
        try:
            v = v.item()
        except (ValueError, AttributeError):
            pass
    if isinstance(v, pd.Timestamp):
        return v.date().isoformat() if v == v.normalize() else v.isoformat()
    if hasattr(v, "tolist"):
        return v.tolist()
    return v


def _same(a, b) -> bool:
    a, b = _plain(a), _plain(b)
    if isinstance(a, float) and isinstance(b, (int, float)) or isinstance(b, float) and isinstance(a, (int, float)):
        return float(a) == float(b)
    return a == b


def _label(row: dict) -> object:
    for col in ("reported", "amount_reported", "label", "title", "text"):
        if row.get(col) is not None:
            return row[col]
    return None


def _renames(state: dict, table: str) -> dict[str, str]:
    return dict((state.get("renamed_columns") or {}).get(table, {}))


def _column_rows(old: list[str], new: list[str], renames: dict[str, str], table: str, version: str) -> list[dict]:
    """Rows for the columns renamed (same meaning), added and dropped between two versions of a table."""
    renames = {o: n for o, n in renames.items() if o in old and n in new and o not in new}
    rows = [dict(obs_id=None, table=table, field="column", old=o, new=n, version=version, reason="renamed; same meaning")
            for o, n in renames.items()]
    now = [renames.get(c, c) for c in old]
    rows += [dict(obs_id=None, table=table, field="column", old=None, new=c, version=version, reason=None)
             for c in new if c not in now]
    rows += [dict(obs_id=None, table=table, field="column", old=c, new=None, version=version, reason=None)
             for c in now if c not in new]
    return rows


def _diff(old_state: dict, new_state: dict, version: str) -> list[dict]:
    rows: list[dict] = []
    old_names, new_names = _table_names(old_state), _table_names(new_state)
    for t in sorted(set(new_names) - set(old_names)):
        rows.append(dict(obs_id=None, table=t, field="table", old=None, new=t, version=version, reason=None))
    for t in sorted(set(old_names) - set(new_names)):
        rows.append(dict(obs_id=None, table=t, field="table", old=t, new=None, version=version, reason=None))
    old_groups, new_groups = _groups(old_state), _groups(new_state)
    # The derived tables: their columns compared (their rows follow from the figures').
    for t in sorted(n for n, kind in new_names.items() if kind == "derived" and old_names.get(n) == "derived"):
        a, b = _frame_of(old_state, t), _frame_of(new_state, t)
        rows += _column_rows(list(a.columns), list(b.columns), _renames(new_state, t), t, version)
    for group in [g for g in new_groups if g in old_groups]:
        (a, key), (b, _) = old_groups[group], new_groups[group]
        renames = {o: n for o, n in _renames(new_state, group).items() if o in a.columns and n in b.columns}
        rows += _column_rows(list(a.columns), list(b.columns), renames, group, version)
        a = a.rename(columns=renames)
        common = [c for c in b.columns if c in a.columns and c != key]
        old_rows = {r[key]: r for r in a.to_dict("records")}
        new_rows = {r[key]: r for r in b.to_dict("records")}
        for k in sorted(set(new_rows) - set(old_rows)):
            r = new_rows[k]
            rows.append(dict(obs_id=k, table=r.get("table", group), field=ADDED, old=None, new=_plain(_label(r)),
                             version=version, reason=None))
        for k in sorted(set(old_rows) - set(new_rows)):
            r = old_rows[k]
            rows.append(dict(obs_id=k, table=r.get("table", group), field=REMOVED, old=_plain(_label(r)), new=None,
                             version=version, reason=None))
        for k in sorted(set(new_rows) & set(old_rows)):
            o, n = old_rows[k], new_rows[k]
            changed = [c for c in common if not _same(o[c], n[c])]
            if not changed:
                continue
            # The reason the records give: the figure's correction, else its note where the note changed too.
            reason = _plain(n.get("correction")) or (_plain(n.get("note")) if "note" in changed else None)
            for c in changed:
                why = None if c in ("note", "correction") else reason
                rows.append(dict(obs_id=k, table=_plain(n.get("table", group)), field=c, old=_plain(o[c]),
                                 new=_plain(n[c]), version=version, reason=why))
    return rows


CHANGE_COLUMNS = ["obs_id", "field", "old", "new", "version", "reason", "table"]


def changes(since: str = "0.1.0", until: str | None = None) -> pd.DataFrame:
    """Every change of the tables between release ``since`` and release ``until`` (None: the current tables).

    One row per figure and field that changed (``obs_id``, ``field``, ``old``, ``new``), with the
    ``version`` it changed in and the ``reason`` where the records give one (the figure's
    correction, or its note where the note changed too). Figures added or removed have the field
    ``added`` or ``removed``; a column renamed, added or dropped has the field ``column`` (no
    ``obs_id``); a table added or dropped the field ``table``. A renamed series shows as the field
    ``series_id`` of each of its figures. ``table`` says where the row is. Papers (``sources``),
    credited works (``references``) and projects are compared like figures, by their ids.

    >>> import silkroad_data as sd
    >>> ch = sd.changes(since="0.1.0", until="0.2.0")
    >>> sorted(set(ch.columns)) == sorted(["obs_id", "field", "old", "new", "version", "reason", "table"])
    True
    >>> ch[ch.field == "series_id"][["obs_id", "old", "new"]]    # doctest: +SKIP
    """
    states = _states(until)
    names = [v for v, _ in states]
    if since not in names:
        if since in versions():
            raise DataError(f"Release {since} comes after {until}; give since= the earlier release.")
        release(since)  # the message
    start = names.index(since)
    rows: list[dict] = []
    for (_, old), (v, new) in zip(states[start:], states[start + 1:]):
        rows += _diff(old, new, v)
    df = pd.DataFrame(rows, columns=CHANGE_COLUMNS, dtype=object)
    for col in CHANGE_COLUMNS:  # a missing cell is None (no id, no old value), never a float NaN
        df[col] = pd.Series([r[col] for r in rows], dtype=object, index=df.index)
    return df


# --- a figure since when, and old names ------------------------------------------------------------

def _value_key() -> tuple:
    from .loader import manifest

    packaged = tuple(sorted((n, e["sha256"]) for n, e in manifest()["tables"].items()))
    return tuple(versions()), packaged, _current_version()


@lru_cache(maxsize=4)
def _value_index(key: tuple) -> tuple[list[str], dict[str, dict[str, dict]]]:
    """The states' versions, oldest first, and obs_id -> {version: its value fields then}."""
    renamed = _all_renames()
    order, index = [], {}
    for v, state in _states(None):
        order.append(v)
        for group, (df, id_col) in _groups(state).items():
            if group not in ("observations", "projects"):
                continue
            # a column renamed later is read under its name today
            df = df.rename(columns={o: n for o, n in renamed.items() if o in df.columns and n not in df.columns})
            cols = [c for c in VALUE_FIELDS if c in df.columns]
            for r in df[[id_col, *cols]].to_dict("records"):
                index.setdefault(r[id_col], {})[v] = {c: _plain(r[c]) for c in cols}
    return order, index


def _all_renames() -> dict[str, str]:
    out: dict[str, str] = {}
    for r in history()["releases"]:
        for table_renames in (r.get("renamed_columns") or {}).values():
            out.update(table_renames)
    return out


def _same_values(a: dict, b: dict) -> bool:
    # A column only one of the two has (added later) does not make the value differ.
    return all(_same(a[c], b[c]) for c in set(a) & set(b))


def value_since(obs_id: str) -> str:
    """The first release since which the figure's value is as it is now (its printed text, value and unit).

    A figure added in a release gives that release; one whose value changed gives the release it
    changed in. Under a version not yet released, a figure new or changed since the last release
    gives the current version.

    >>> from silkroad_data.releases import value_since
    >>> value_since("li2022.bra_4g_networks_huawei_share")   # 0.333 (a fraction) until 0.2.0
    '0.2.0'
    """
    order, index = _value_index(_value_key())
    seen = index.get(obs_id)
    if not seen:
        raise DataError(f"Unknown observation id {obs_id!r}. Find ids with sd.search(...) or sd.load(table).obs_id.")
    if order[-1] not in seen:
        raise DataError(f"The figure {obs_id!r} is not in the current tables (a later release removed it); "
                        "see sd.changes().")
    since = order[-1]
    for v in reversed(order[:-1]):
        if v in seen and _same_values(seen[v], seen[order[-1]]):
            since = v
        else:
            break
    return since


def release_words(obs: dict) -> str:
    """The words a figure's citation adds about the release: the current version and since when the value is so.

    >>> from silkroad_data.releases import release_words
    >>> release_words({"obs_id": "not.a.figure"})
    ''
    """
    fid = obs.get("obs_id") or obs.get("project_id")
    try:
        since = value_since(fid)
    except DataError:
        return ""
    label = current_label() or _current_version()
    return f"; silkroad-data {label}, value as printed since release {since}"


def _old_ids(series_id: str) -> set[str]:
    """The ids of the figures any release gave the series id ``series_id``."""
    obs_ids: set[str] = set()
    for r in history()["releases"]:
        for entry in r["tables"].values():
            if entry["kind"] == "observations":
                df = _object(entry["key"])
                if "series_id" in df.columns:
                    obs_ids |= set(df.loc[df["series_id"] == series_id, "obs_id"])
    return obs_ids


def _now(obs_ids: set[str]) -> pd.DataFrame:
    from .loader import _frame, manifest

    parts = [_frame(t) for t in sorted(set(manifest()["series"].values()))]
    df = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=["obs_id", "series_id"])
    return df[df["obs_id"].isin(obs_ids)]


def renamed_series(series_id: str) -> list[str]:
    """The series ids today of the figures an earlier release gave the series id ``series_id``.

    >>> from silkroad_data.releases import renamed_series
    >>> renamed_series("chn_lcn_bri_mou_countries")
    ['chn_lcn_bri_agreement_countries']
    """
    obs_ids = _old_ids(series_id)
    if not obs_ids:
        return []
    return sorted(set(_now(obs_ids)["series_id"].astype(str)) - {series_id})


def series(series_id: str, version: str) -> pd.DataFrame:
    """One series as release ``version`` shipped it, sorted by period (see :func:`silkroad_data.series`).

    >>> import silkroad_data as sd
    >>> sd.series("chn_lcn_bri_mou_countries", version="0.1.0").obs_id.tolist()
    ['clabri.bri_mou_countries']
    """
    parts = []
    for name, entry in tables_of(version).items():
        if entry["kind"] == "observations":
            df = load(name, version)
            if "series_id" in df.columns:
                parts.append(df[df["series_id"] == series_id])
    hits = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
    if hits.empty:
        raise DataError(f"Release {version} has no series {series_id!r}. Its series are in "
                        f"sd.load(table, version={version!r}).series_id.")
    order = [c for c in ("period_end", "period_start", "obs_id") if c in hits.columns]
    return hits.sort_values(order, na_position="last").reset_index(drop=True)


def old_series(series_id: str) -> pd.DataFrame | None:
    """The figures an earlier release gave the series id ``series_id``, as they are today, with a note naming
    their id today; or None when no release used that id.

    >>> from silkroad_data.releases import old_series
    >>> import warnings
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     old = old_series("chn_lcn_bri_mou_countries")
    >>> list(old.series_id.unique())
    ['chn_lcn_bri_agreement_countries']
    """
    import warnings

    obs_ids = _old_ids(series_id)
    new = renamed_series(series_id)
    if not new:
        return None
    from .loader import load, manifest

    index = manifest()["series"]
    df = pd.concat([load(index[s]).loc[lambda d, s=s: d["series_id"] == s] for s in new if s in index], ignore_index=True)
    df = df.sort_values(["period_end", "period_start", "obs_id"], na_position="last")
    others = int((~df["obs_id"].isin(obs_ids)).sum())
    df = df[df["obs_id"].isin(obs_ids)].reset_index(drop=True)
    note = (f"Series {series_id!r} of an earlier release is named {', '.join(repr(s) for s in new)} now "
            f"(see sd.changes()): these are its figures, under that id"
            + (f"; sd.series({new[0]!r}) has {others} more figure(s)." if others and len(new) == 1 else
               f"; that series has {others} more figure(s)." if others else "."))
    warnings.warn(note, RenamedSeriesWarning, stacklevel=3)
    df.attrs["note"] = note
    return df


class RenamedSeriesWarning(UserWarning):
    """A series asked for by an id an earlier release used; the note names its id today."""


def current_column(table: str, name: str) -> str:
    """The name today of a column an earlier release called ``name`` in ``table`` (the same meaning).

    >>> from silkroad_data.releases import current_column
    >>> current_column("trade", "unit_multiplier")
    'printed_scale'
    """
    from .metadata import RESOURCES

    group = "observations" if table in RESOURCES and RESOURCES[table].kind == "observations" else table
    for r in history()["releases"]:
        renames = _renames(r, group)
        if name in renames:
            name = renames[name]
    return name
