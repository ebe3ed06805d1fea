"""Benchmarks of silkroad-data: load against the floor, caching, build, scaling, charts.

Run from the project root:

    python benchmarks/run.py            # everything (a few minutes on 2 cores)
    python benchmarks/run.py --quick    # fewer repetitions, scaling up to 10,000 observations
    python benchmarks/run.py --scale-only --sizes 1000,10000,100000,1000000   # the build figures only
    python benchmarks/run.py --layout-only                 # the two layouts side by side, the build against its floor
    python benchmarks/run.py --layout-only --layouts 1000x100,10000x100 --floor-sizes 100000,1000000
    python benchmarks/run.py --floor-only --floor-sizes 100000,1000000   # the build against its floor, the rebuild

Each timing is the median of several runs, each in a fresh process where it matters.
Nothing here asserts a time: the figures are printed and recorded in BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _python(code: str) -> float:
    """Wall time of a fresh interpreter running ``code``, reported by itself."""
    wrapped = f"import time as _t; _s = _t.perf_counter()\n{code}\nprint(_t.perf_counter() - _s)"
    out = subprocess.run([sys.executable, "-c", wrapped], capture_output=True, text=True, check=True, cwd=ROOT)
    return float(out.stdout.strip().splitlines()[-1])


def load_vs_floor(table: str, runs: int) -> dict:
    """``import silkroad_data; sd.load(table)`` against importing pandas and reading the file with pyarrow."""
    import silkroad_data as sd

    path = str(sd.parquet_path(table))
    ours = f"import silkroad_data as sd\nsd.load({table!r})"
    floor = f"import pandas\nimport pyarrow.parquet as pq\npq.read_table({path!r}).to_pandas()"
    a, b = [], []
    for _ in range(runs):  # interleaved, so drift on the machine hits both alike
        a.append(_python(ours))
        b.append(_python(floor))
    # Fresh interpreters vary by tens of milliseconds from run to run: the ratio of the minima
    # (each side's cost without the machine's noise) is reported beside the ratio of the medians.
    return {"table": table, "ours_s": statistics.median(a), "floor_s": statistics.median(b),
            "ratio": statistics.median(a) / statistics.median(b), "ratio_min": min(a) / min(b)}


def in_process_loads(runs: int) -> list[dict]:
    """First load of each table in a fresh process, and the second (cached) load."""
    code = textwrap.dedent("""
        import json, time, silkroad_data as sd
        from silkroad_data import metadata as md
        out = {}
        for t in md.RESOURCES:
            s = time.perf_counter(); sd.load(t); first = time.perf_counter() - s
            s = time.perf_counter(); sd.load(t); second = time.perf_counter() - s
            out[t] = (first, second)
        print(json.dumps(out))
    """)
    samples = []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
        samples.append(json.loads(out.stdout))
    return [{"table": t, "first_ms": 1000 * statistics.median(s[t][0] for s in samples),
             "cached_ms": 1000 * statistics.median(s[t][1] for s in samples)} for t in samples[0]]


def full_build(runs: int) -> float:
    """Median seconds of a full build (read, normalize, validate, write) in a fresh process."""
    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            times.append(_python(f"from silkroad_data.pipeline import build\nbuild(out={tmp!r} + '/data')"))
    return statistics.median(times)


def synthetic_corpus(folder: Path, n_obs: int, per_file: int = 1000) -> None:
    """A raw corpus of ``n_obs`` valid observations in files of ``per_file`` (not committed)."""
    import yaml

    folder.mkdir(parents=True, exist_ok=True)
    units = [("USD", "billion", "level_flow", "US${v} billion"), ("percent", None, "growth_rate", "{v}%"),
             ("count", None, "level_stock", "{v} countries")]
    concepts = {"level_flow": "exports", "growth_rate": "gdp_growth", "level_stock": "ecommerce_mou_countries"}  # declared ones
    for f in range(max(1, n_obs // per_file)):
        sid = f"syn{f:05d}"
        obs = []
        for i in range(min(per_file, n_obs)):
            unit, scale, measure, fmt = units[i % 3]
            v = round(1 + (i * 7919 % 1000) / 10, 1)
            reported = fmt.format(v=v)
            rec = {"id": f"{sid}.o{i:06d}", "table": ["trade", "investment", "ecommerce"][i % 3],
                   "series_id": f"{sid}_s{i % 50}_{i % 3}", "concept": concepts[measure], "statistic": True, "indicator": f"Synthetic indicator {i % 50} {i % 3}",
                   "subject_code": "CHN", "counterpart_code": "LCN", "period": str(2000 + i % 20),
                   "period_label": f"in {2000 + i % 20}", "reported": reported, "value": v, "unit": unit,
                   "measure": measure, "qualifier": "exact", "status": "reported",
                   "quote": f"In {2000 + i % 20} the figure reached {reported} according to the paper.",
                   "section": "Synthetic"}
            if scale:
                rec["scale"] = scale
            obs.append(rec)
        doc = {"source": {"id": sid, "type": "report", "authors": [], "title": f"Synthetic paper {f}",
                          "year": 2020, "url": f"https://example.org/{sid}", "text_sha256": "0" * 64}, "references": [], "observations": obs, "exclusions": []}
        dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
        (folder / f"{sid}.yaml").write_text(yaml.dump(doc, Dumper=dumper, sort_keys=False), encoding="utf-8")


_BUILD = """
import json, resource, time
from silkroad_data.pipeline import build
s = time.perf_counter()
counts = build({raw!r}, {out!r})
took = time.perf_counter() - s
own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(json.dumps({{"seconds": took, "peak_mib": own, "worker_peak_mib": workers,
                  "rows": sum(counts[t] for t in ("trade", "investment", "ecommerce"))}}))
"""


def _build(raw: Path, out: Path) -> dict:
    """One build in a fresh process: seconds, its peak memory and its parsing workers' peak (MiB, as
    the kernel reports them: after a fork from a large process they include that process's size),
    and the peak of its whole process tree, sampled (``tree_peak_mib``)."""
    report, peak = _watched(_BUILD.format(raw=str(raw), out=str(out)))
    return dict(report, tree_peak_mib=peak)


def scaling(sizes: list[int]):
    """Build time and peak memory for synthetic corpora of each size, in a fresh process each:
    a cold build (nothing cached), a build after the code changed (the row cache is of other
    code, so every file is normalized and checked again; the parse cache still holds every
    file) and a build with nothing changed (every file's rows in the row cache)."""
    import shutil

    for n in sizes:  # one row at a time, so the small corpora are reported while the large ones run
        with tempfile.TemporaryDirectory() as tmp:
            raw = Path(tmp) / "raw"
            synthetic_corpus(raw, n)
            cold = _build(raw, Path(tmp) / "data")
            for rows in raw.glob(".cache/rows-*"):
                shutil.rmtree(rows)
            parsed = _build(raw, Path(tmp) / "data")
            again = _build(raw, Path(tmp) / "data")
            yield {"observations": n, "cold": cold, "parsed": parsed, "again": again, "us_per_obs": 1e6 * cold["seconds"] / n}


def incremental(papers: int = 10000, per_paper: int = 10) -> dict:
    """A corpus of ``papers`` papers: full build, then one paper edited and the corpus rebuilt;
    the rebuilt files are compared with those of a full build from nothing (no cache)."""
    import shutil

    with tempfile.TemporaryDirectory() as tmp:
        raw, out = Path(tmp) / "raw", Path(tmp) / "data"
        synthetic_corpus(raw, papers * per_paper, per_file=per_paper)
        full = _build(raw, out)
        edited = raw / "syn00042.yaml"
        edited.write_text(edited.read_text(encoding="utf-8").replace("Synthetic paper 42", "Synthetic paper 42, revised"),
                          encoding="utf-8")
        again = _build(raw, out)
        shutil.rmtree(raw / ".cache")
        _build(raw, Path(tmp) / "scratch")
        identical = all(p.read_bytes() == (out / p.name).read_bytes() for p in (Path(tmp) / "scratch").iterdir())
        return {"papers": papers, "observations": papers * per_paper, "full": full, "rebuild": again,
                "identical": identical}


# --- The two layouts side by side -------------------------------------------------------------------------

def _files_and_bytes(folder: Path) -> tuple[int, int, int, int]:
    """Parquet files, all files, the bytes of the Parquet files and of all files under ``folder``."""
    every = [p for p in folder.rglob("*") if p.is_file()]
    parquet = [p for p in every if p.suffix == ".parquet"]
    return len(parquet), len(every), sum(p.stat().st_size for p in parquet), sum(p.stat().st_size for p in every)


def _queries(paper: str, year: int) -> dict[str, str]:
    """The queries timed on each layout, as DuckDB SQL over ``{src}`` (a file or a glob)."""
    return {
        "a paper's rows (count)": f"SELECT count(*) FROM read_parquet('{{src}}') WHERE source_id = '{paper}'",
        "a year's rows (count)": f"SELECT count(*) FROM read_parquet('{{src}}') WHERE period_start >= DATE '{year}-01-01' "
                                 f"AND period_start < DATE '{year + 1}-01-01'",
        "full scan (sum of value)": "SELECT count(*), sum(value) FROM read_parquet('{src}')",
    }


def _duckdb_time(sql: str) -> tuple[float, object]:
    import time

    import duckdb

    con = duckdb.connect()  # a new database each time: no metadata cached between runs
    s = time.perf_counter()
    result = con.execute(sql).fetchall()
    took = time.perf_counter() - s
    con.close()
    return took, result


def _polars_time(kind: str, src: str, paper: str, year: int) -> tuple[float, object]:
    import datetime
    import time

    import polars as pl

    s = time.perf_counter()
    scan = pl.scan_parquet(src, hive_partitioning=True)  # only the hive folders have key=value parts
    if kind.startswith("a paper"):
        result = scan.filter(pl.col("source_id") == paper).select(pl.len()).collect().item()
    elif kind.startswith("a year"):
        result = scan.filter((pl.col("period_start") >= datetime.date(year, 1, 1))
                             & (pl.col("period_start") < datetime.date(year + 1, 1, 1))).select(pl.len()).collect().item()
    else:
        result = scan.select(pl.len(), pl.col("value").sum()).collect().row(0)
    return time.perf_counter() - s, result


def _hive_trade(tables: dict, folder: Path) -> None:
    """The trade table as the layout before this one wrote it: hive folders, one per paper
    (``trade/source_id=<id>/part-0.parquet``), each file citing its own paper only."""
    import pyarrow.parquet as pq

    from silkroad_data.pipeline.write import arrow_schema, to_arrow

    citation_of = dict(zip(tables["sources"]["source_id"], tables["sources"]["citation"]))
    for sid, rows in tables["trade"].groupby("source_id", sort=True):
        t = to_arrow("trade", rows.reset_index(drop=True), [citation_of[sid]])
        path = folder / "trade" / f"source_id={sid}" / "part-0.parquet"
        path.parent.mkdir(parents=True)
        pq.write_table(t.drop_columns("source_id"), path, compression="zstd")


def layouts(papers: int, per_paper: int, runs: int, hive_max: int = 1000) -> dict:
    """Both layouts of one synthetic corpus: files, bytes, and DuckDB and Polars query times on the
    trade table, each query run ``runs`` times on each layout, interleaved (the order alternates).
    Up to ``hive_max`` papers, the trade table is also written with one hive folder per paper."""
    from silkroad_data.pipeline import assemble
    from silkroad_data.pipeline.partitioned import write_partitioned
    from silkroad_data.pipeline.write import write_tables

    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "raw"
        synthetic_corpus(raw, papers * per_paper, per_file=per_paper)
        tables = assemble(raw, cache=False)[0]
        single, part, hive = Path(tmp) / "single", Path(tmp) / "partitioned", Path(tmp) / "hive"
        write_tables(tables, single)
        write_partitioned(tables, part)
        sources = {"single": (single / "trade.parquet").as_posix(), "partitioned": (part / "trade" / "*.parquet").as_posix()}
        out = {"papers": papers, "per_paper": per_paper, "single": _files_and_bytes(single),
               "partitioned": _files_and_bytes(part), "queries": []}
        if papers <= hive_max:
            _hive_trade(tables, hive)
            sources["hive"] = (hive / "trade" / "*" / "*.parquet").as_posix()
            out["hive_trade"] = _files_and_bytes(hive)
            out["single_trade_bytes"] = (single / "trade.parquet").stat().st_size
            out["partitioned_trade"] = _files_and_bytes(part / "trade")
        del tables
        paper, year = f"syn{papers // 2:05d}", 2010
        names = list(sources)
        for engine in ("duckdb", "polars"):
            for kind, sql in _queries(paper, year).items():
                times = {name: [] for name in names}
                results = {}
                for n in range(runs + 1):
                    for layout in (names if n % 2 else names[::-1]):
                        src = sources[layout]
                        took, res = _duckdb_time(sql.format(src=src)) if engine == "duckdb" else \
                            _polars_time(kind, src, paper, year)
                        if n:  # the first round warms the page cache and the imports
                            times[layout].append(took)
                        results[layout] = res
                assert len(set(map(repr, results.values()))) == 1, (engine, kind, results)
                single_ms = 1000 * statistics.median(times["single"])
                row = {"engine": engine, "query": kind, "single_ms": single_ms}
                for name in names[1:]:
                    row[f"{name}_ms"] = 1000 * statistics.median(times[name])
                    row[f"{name}_ratio"] = row[f"{name}_ms"] / single_ms
                out["queries"].append(row)
        return out


# --- The build against its floor --------------------------------------------------------------------------

_FLOOR = """
import json, os, time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

def parse(paths):
    import yaml_rs
    n = 0
    for p in paths:
        n += len(yaml_rs.loads(Path(p).read_bytes().decode("utf-8"), parse_datetime=False)["observations"])
    return n

files = sorted(str(p) for p in Path({raw!r}).glob("*.yaml"))
cores = os.cpu_count() or 1
chunks = [files[i::4 * cores] for i in range(4 * cores)]
s = time.perf_counter()
with ProcessPoolExecutor(max_workers=cores) as pool:
    n = sum(pool.map(parse, chunks))
print(json.dumps({{"seconds": time.perf_counter() - s, "observations": n}}))
"""


def _tree_rss(pid: int) -> int:
    """Resident bytes of the process ``pid`` and all its descendants (Linux /proc; 0 elsewhere)."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/statm") as fh:
                total += int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    todo += [int(c) for c in fh.read().split()]
        except (OSError, ValueError):
            pass
    return total


def _watched(code: str) -> tuple[dict, float]:
    """Run ``code`` in a fresh process; its JSON report and the peak resident MiB of its whole process tree
    (sampled every 20 ms)."""
    import time

    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, _tree_rss(proc.pid))
        time.sleep(0.02)
    out, err = proc.communicate()
    if proc.returncode:
        raise RuntimeError(err)
    return json.loads(out.strip().splitlines()[-1]), peak / 2**20


def build_vs_floor(n_obs: int, runs: int) -> dict:
    """A cold build (nothing cached, single layout) against the floor, parsing every raw file with
    yaml_rs on every core, interleaved ``runs`` times in the same corpus; medians and peaks."""
    import shutil

    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "raw"
        synthetic_corpus(raw, n_obs)
        builds, floors, peaks = [], [], []
        for _ in range(runs):
            floor, _ = _watched(_FLOOR.format(raw=str(raw)))
            floors.append(floor["seconds"])
            shutil.rmtree(raw / ".cache", ignore_errors=True)
            shutil.rmtree(Path(tmp) / "data", ignore_errors=True)
            build, peak = _watched(_BUILD.format(raw=str(raw), out=str(Path(tmp) / "data")))
            builds.append(build["seconds"])
            peaks.append(peak)
        return {"observations": n_obs, "build_s": statistics.median(builds), "floor_s": statistics.median(floors),
                "ratio": statistics.median(builds) / statistics.median(floors), "tree_peak_mib": max(peaks),
                "us_per_obs": 1e6 * statistics.median(builds) / n_obs, "runs": runs}


def report_layouts(specs: list[tuple[int, int]], floor_sizes: list[int], runs: int) -> None:
    print("\n## the two layouts side by side (synthetic corpora; trade table queried; medians of", runs,
          "interleaved runs, in process, a new DuckDB connection each run)")
    for papers, per_paper in specs:
        r = layouts(papers, per_paper, runs)
        (sp, sf, sqb, sb), (pp, pf, pqb, pb) = r["single"], r["partitioned"]
        print(f"\n### {papers:,} papers x {per_paper} figures\n")
        print(f"files: single {sf} ({sp} Parquet), partitioned {pf} ({pp} Parquet); bytes of every file: single {sb:,}, "
              f"partitioned {pb:,}, ratio {pb / sb:.3f}; of the Parquet files: single {sqb:,}, partitioned {pqb:,}, "
              f"ratio {pqb / sqb:.3f}\n")
        if "hive_trade" in r:
            hp, _, hb, _ = r["hive_trade"]
            tp, _, tb, _ = r["partitioned_trade"]
            print(f"the trade table alone: single 1 file, {r['single_trade_bytes']:,} bytes; partitioned {tp} files, "
                  f"{tb:,} bytes; one hive folder per paper {hp} files, {hb:,} bytes (ratio {hb / r['single_trade_bytes']:.2f})\n")
        hive = "hive_ms" in r["queries"][0]
        print("| engine | query | single file (ms) | partitioned (ms) | ratio |" + (" hive by paper (ms) | ratio |" if hive else "")
              + "\n|---|---|---:|---:|---:|" + ("---:|---:|" if hive else ""))
        for q in r["queries"]:
            print(f"| {q['engine']} | {q['query']} | {q['single_ms']:.1f} | {q['partitioned_ms']:.1f} | {q['partitioned_ratio']:.2f} |"
                  + (f" {q['hive_ms']:.1f} | {q['hive_ratio']:.2f} |" if hive else ""), flush=True)
    report_floor(floor_sizes)


def report_floor(floor_sizes: list[int]) -> None:
    print("\n## a cold build against its floor (the floor: every raw file parsed by yaml_rs on every core; "
          "interleaved, fresh processes; peak: the whole process tree, sampled)")
    print("| observations | runs | build (s) | floor (s) | ratio | µs per observation | peak MiB (tree) |\n"
          "|---:|---:|---:|---:|---:|---:|---:|", flush=True)
    for n in floor_sizes:
        r = build_vs_floor(n, 1 if n >= 1_000_000 else 3)
        print(f"| {n:,} | {r['runs']} | {r['build_s']:.2f} | {r['floor_s']:.2f} | {r['ratio']:.2f} | {r['us_per_obs']:.0f} | "
              f"{r['tree_peak_mib']:.0f} |", flush=True)


def charts(runs: int) -> float | None:
    """Median seconds to render the whole chart catalog (SVG and PNG) in a fresh process."""
    try:
        import silkroad_data.plot  # noqa: F401
    except ImportError:
        return None
    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            times.append(_python(f"from silkroad_data.charts import render_catalog\nrender_catalog({tmp!r})"))
    return statistics.median(times)


def report_incremental(papers: int) -> None:
    inc = incremental(papers)
    print(f"\n## one paper edited in a corpus of {inc['papers']:,} papers ({inc['observations']:,} observations)")
    print(f"full build {inc['full']['seconds']:.2f} s; rebuild after the edit {inc['rebuild']['seconds']:.2f} s "
          f"(peak of the process tree {inc['rebuild']['tree_peak_mib']:.0f} MiB); byte-identical to a build from nothing: "
          f"{'yes' if inc['identical'] else 'NO'}", flush=True)


def _versions() -> str:
    from importlib.metadata import PackageNotFoundError, version

    found = []
    for name in ("duckdb", "polars", "PyYAML", "yaml-rs"):
        try:
            found.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            pass
    return ", ".join(found)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true")
    p.add_argument("--scale-only", action="store_true", help="only the build figures (scaling and the incremental rebuild)")
    p.add_argument("--sizes", help="observations of the synthetic corpora, comma-separated (default 1000,10000,100000)")
    p.add_argument("--layout-only", action="store_true", help="only the two layouts and the build against its floor")
    p.add_argument("--layouts", default="1000x100,10000x10",
                   help="corpora of the layout comparison, PAPERSxFIGURES comma-separated (default 1000x100,10000x10)")
    p.add_argument("--floor-only", action="store_true", help="only the build against its floor and the incremental rebuild")
    p.add_argument("--floor-sizes", default="100000", help="observations of the build against its floor (default 100000)")
    args = p.parse_args()
    runs = 5 if args.quick else 31
    import pandas
    import pyarrow

    print(f"# machine: {platform.platform()}, {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}, pandas {pandas.__version__}, pyarrow {pyarrow.__version__}, "
          f"{_versions()}", flush=True)
    specs = [tuple(int(x) for x in spec.split("x")) for spec in args.layouts.split(",")]
    floor_sizes = [int(x) for x in args.floor_sizes.split(",")]
    if args.floor_only:
        report_floor(floor_sizes)
        report_incremental(1000 if args.quick else 10000)
        return
    if args.layout_only:
        report_layouts(specs, floor_sizes, 10 if args.quick else 30)
        report_incremental(1000 if args.quick else 10000)
        return
    if not args.scale_only:
        print("\n## import + load against the floor (fresh processes, interleaved, median of", runs, "runs)")
        print("| table | silkroad_data (s) | pandas + pyarrow (s) | ratio of medians | ratio of minima |\n|---|---:|---:|---:|---:|")
        for t in ("trade", "ecommerce"):
            r = load_vs_floor(t, runs)
            print(f"| {r['table']} | {r['ours_s']:.3f} | {r['floor_s']:.3f} | {r['ratio']:.3f} | {r['ratio_min']:.3f} |")
        print("\n## in-process loads (median of", max(3, runs // 3), "processes)")
        print("| table | first load (ms) | cached load (ms) |\n|---|---:|---:|")
        for r in in_process_loads(max(3, runs // 3)):
            print(f"| {r['table']} | {r['first_ms']:.2f} | {r['cached_ms']:.2f} |")
        print(f"\n## full build with validation: {full_build(max(3, runs // 3)):.2f} s (median)")
    report_incremental(1000 if args.quick else 10000)
    sizes = [int(x) for x in args.sizes.split(",")] if args.sizes else [1000, 10000] if args.quick else [1000, 10000, 100000]
    print("\n## build scaling on synthetic corpora (one run each; cold: nothing cached; code changed: every file in the "
          "parse cache, none in the row cache; unchanged: every file in the row cache)")
    print("| observations | cold (s) | µs per observation | peak MiB (build) | peak MiB (a worker) | code changed (s) | "
          "unchanged (s) | peak MiB (unchanged) |\n|---:|---:|---:|---:|---:|---:|---:|---:|", flush=True)
    for r in scaling(sizes):
        c, p, a = r["cold"], r["parsed"], r["again"]
        print(f"| {r['observations']:,} | {c['seconds']:.2f} | {r['us_per_obs']:.0f} | {c['peak_mib']:.0f} | "
              f"{c['worker_peak_mib']:.0f} | {p['seconds']:.2f} | {a['seconds']:.2f} | {a['peak_mib']:.0f} |", flush=True)
    if args.scale_only:
        return
    report_layouts(specs, floor_sizes, 10 if args.quick else 30)
    c = charts(3)
    if c is not None:
        print(f"\n## chart catalog (SVG and PNG): {c:.2f} s (median of 3)")


if __name__ == "__main__":
    main()
