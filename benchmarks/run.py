"""Benchmarks of silkroad-data: load against the floor, caching, build, scaling, charts.

Run from the project root:

    python benchmarks/run.py            # everything (a few minutes on 2 cores)
    python benchmarks/run.py --quick    # fewer repetitions, scaling up to 10,000 observations

Each timing is the median of several runs, each in a fresh process where it matters.
Nothing here asserts a time: the figures are printed and recorded in BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import json
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
    return {"table": table, "ours_s": statistics.median(a), "floor_s": statistics.median(b),
            "ratio": statistics.median(a) / statistics.median(b)}


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
            times.append(_python(f"from silkroad_data.build import build\nbuild(out={tmp!r} + '/data')"))
    return statistics.median(times)


def synthetic_corpus(folder: Path, n_obs: int, per_file: int = 1000) -> None:
    """A raw corpus of ``n_obs`` valid observations in files of ``per_file`` (not committed)."""
    import yaml

    folder.mkdir(parents=True, exist_ok=True)
    units = [("USD", "billion", "level_flow", "US${v} billion"), ("percent", None, "growth_rate", "{v}%"),
             ("count", None, "level_stock", "{v} countries")]
    for f in range(max(1, n_obs // per_file)):
        sid = f"syn{f:05d}"
        obs = []
        for i in range(min(per_file, n_obs)):
            unit, scale, measure, fmt = units[i % 3]
            v = round(1 + (i * 7919 % 1000) / 10, 1)
            reported = fmt.format(v=v)
            rec = {"id": f"{sid}.o{i:06d}", "table": ["trade", "investment", "ecommerce"][i % 3],
                   "series_id": f"{sid}_s{i % 50}_{i % 3}", "indicator": f"Synthetic indicator {i % 50} {i % 3}",
                   "subject_code": "CHN", "counterpart_code": "LCN", "period": str(2000 + i % 20),
                   "period_label": f"in {2000 + i % 20}", "reported": reported, "value": v, "unit": unit,
                   "measure": measure, "qualifier": "exact", "status": "reported",
                   "quote": f"In {2000 + i % 20} the figure reached {reported} according to the paper.",
                   "section": "Synthetic"}
            if scale:
                rec["scale"] = scale
            obs.append(rec)
        doc = {"source": {"id": sid, "type": "report", "authors": [], "title": f"Synthetic paper {f}",
                          "year": 2020, "text_sha256": "0" * 64}, "references": [], "observations": obs, "exclusions": []}
        (folder / f"{sid}.yaml").write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")


def scaling(sizes: list[int]) -> list[dict]:
    """Build time and peak memory for synthetic corpora of each size, in a fresh process each."""
    rows = []
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            raw = Path(tmp) / "raw"
            synthetic_corpus(raw, n)
            code = textwrap.dedent(f"""
                import json, resource, time
                from silkroad_data.build import build
                s = time.perf_counter()
                counts = build({str(raw)!r}, {tmp!r} + '/data')
                took = time.perf_counter() - s
                peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
                print(json.dumps({{"seconds": took, "peak_mib": peak, "rows": sum(counts[t] for t in ("trade", "investment", "ecommerce"))}}))
            """)
            out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
            result = json.loads(out.stdout.strip().splitlines()[-1])
            rows.append({"observations": n, **result, "us_per_obs": 1e6 * result["seconds"] / n})
    return rows


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


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true")
    args = p.parse_args()
    runs = 5 if args.quick else 15
    import pandas
    import pyarrow

    print(f"# machine: {platform.platform()}, {platform.processor() or platform.machine()}, "
          f"Python {platform.python_version()}, pandas {pandas.__version__}, pyarrow {pyarrow.__version__}")
    print("\n## import + load against the floor (fresh processes, median of", runs, "runs)")
    print("| table | silkroad_data (s) | pandas + pyarrow (s) | ratio |\n|---|---:|---:|---:|")
    for t in ("trade", "ecommerce"):
        r = load_vs_floor(t, runs)
        print(f"| {r['table']} | {r['ours_s']:.3f} | {r['floor_s']:.3f} | {r['ratio']:.3f} |")
    print("\n## in-process loads (median of", max(3, runs // 3), "processes)")
    print("| table | first load (ms) | cached load (ms) |\n|---|---:|---:|")
    for r in in_process_loads(max(3, runs // 3)):
        print(f"| {r['table']} | {r['first_ms']:.2f} | {r['cached_ms']:.2f} |")
    print(f"\n## full build with validation: {full_build(max(3, runs // 3)):.2f} s (median)")
    sizes = [1000, 10000] if args.quick else [1000, 10000, 100000]
    print("\n## build scaling on synthetic corpora")
    print("| observations | seconds | µs per observation | peak memory (MiB) |\n|---:|---:|---:|---:|")
    for r in scaling(sizes):
        print(f"| {r['observations']:,} | {r['seconds']:.2f} | {r['us_per_obs']:.0f} | {r['peak_mib']:.0f} |")
    c = charts(3)
    if c is not None:
        print(f"\n## chart catalog (SVG and PNG): {c:.2f} s (median of 3)")


if __name__ == "__main__":
    main()
