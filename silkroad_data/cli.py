"""The command line: ``silkroad-data`` (or ``python -m silkroad_data``).

Example
-------
    silkroad-data tables
    silkroad-data show trade --limit 5
    silkroad-data search 4G coverage --area Brasil
    silkroad-data series trade total
    silkroad-data cite lou2019.trade_total_2014 --style bibtex
    silkroad-data build
    silkroad-data docs
    silkroad-data ledger --texts ../shared/seeds
    silkroad-data changes --since 0.1.0
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .citation import MARKUPS, STYLES
from .exports import FORMATS
from .metadata import OBSERVATION_TABLES, RESOURCES, VERDICTS
from .paths import DATA_DIR, RAW_DIR


def _table_help() -> str:
    width = max(len(n) for n in RESOURCES)
    return "tables:\n" + "\n".join(f"  {n:<{width}}  {t.description}" for n, t in RESOURCES.items())


_ROOMY = {"reported": 18, "time_period": 15, "first": 15, "last": 15, "unit": 12, "subject": 14, "papers": 16,
          "period_end": 10, "period_start": 10}
_WHOLE = ("obs_id", "series_id", "table", "project_id", "claim_id", "pair_id", "source_id")


def _fit(df, columns=None, limit=None, width=None, optional=()) -> str:
    """``df`` as a plain text table no wider than the terminal: the widest text columns are cut with '…' (ids never),
    and where that is not enough the ``optional`` columns are left out, in their order."""
    import shutil

    import pandas as pd

    view = df[columns] if columns else df
    if limit:
        view = view.head(limit)
    width = width or shutil.get_terminal_size((120, 24)).columns
    numeric = [pd.api.types.is_numeric_dtype(view[c]) and not pd.api.types.is_bool_dtype(view[c]) for c in view.columns]
    cells = [[("" if v is None or (not isinstance(v, str) and pd.isna(v)) else
               f"{v:.6g}" if isinstance(v, float) else str(v)).replace("\n", " ") for v in view[c]] for c in view.columns]
    widths = [max([len(str(c))] + [len(x) for x in col]) for c, col in zip(view.columns, cells)]
    for floors in (_ROOMY, {}):  # cut descriptions first; other columns only if the table is still too wide
        # ids are never cut (the sides of a pair too: obs_id_a, source_id_b)
        floor = [w if str(c).removesuffix("_a").removesuffix("_b") in _WHOLE else min(w, max(len(str(c)), floors.get(c, 8)))
                 for c, w in zip(view.columns, widths)]
        while sum(widths) + 2 * (len(widths) - 1) > width:
            cuttable = [i for i, w in enumerate(widths) if w > floor[i] and not numeric[i]]
            if not cuttable:
                break
            i = max(cuttable, key=lambda j: widths[j] - floor[j])
            widths[i] -= 1

    if sum(widths) + 2 * (len(widths) - 1) > width and optional:
        kept = [c for c in view.columns if c != optional[0]]
        return _fit(view, kept, None, width, tuple(optional[1:]))

    def cut(text: str, w: int) -> str:
        return text if len(text) <= w else text[: max(w - 1, 0)] + "…"

    lines = []
    for r in range(-1, len(view)):
        parts = []
        for i, c in enumerate(view.columns):
            text = cut(str(c) if r < 0 else cells[i][r], widths[i])
            parts.append(text.rjust(widths[i]) if numeric[i] else text.ljust(widths[i]))
        lines.append("  ".join(parts).rstrip())
    return "\n".join(lines)


def _print_fitted(df, columns=None, limit=None, optional=()) -> None:
    print(_fit(df, columns, limit, optional=optional))


def _cmd_tables(args) -> int:
    import silkroad_data as sd

    _print_fitted(sd.tables())
    return 0


def _cmd_show(args) -> int:
    import silkroad_data as sd

    df = sd.load(args.table)
    cols = [c.strip() for c in args.columns.split(",") if c.strip()] if args.columns else None
    unknown = [c for c in cols or [] if c not in df.columns]
    if unknown:
        import difflib

        from .errors import DataError

        close = difflib.get_close_matches(unknown[0], list(df.columns), n=3, cutoff=0.5)
        hint = f" Did you mean {', '.join(close)}?" if close else ""
        raise DataError(f"Table '{args.table}' has no column {unknown[0]!r}.{hint} Its columns: {', '.join(df.columns)}.")
    if cols is None and RESOURCES[args.table].kind == "observations":
        cols = ["obs_id", "subject", "time_period", "reported", "qualifier", "status", "source_id"]
    _print_fitted(df, cols, args.limit, optional=("qualifier", "status", "subject"))
    return 0


def _narrowing(args) -> str:
    said = [f"{k} {getattr(args, k)}" for k in ("table", "area", "source", "period") if getattr(args, k, None) is not None]
    return f" ({', '.join(said)})" if said else ""


def _cmd_search(args) -> int:
    import silkroad_data as sd

    text = " ".join(args.text)
    hits = sd.search(text, table=args.table, area=args.area, source=args.source, period=args.period)
    if hits.empty:
        hint = hits.attrs.get("did_you_mean")
        print(f"No figure matches {text!r}{_narrowing(args)}." + (f" Did you mean {hint!r}?" if hint else "")
              + f" Try fewer or other words; `silkroad-data series {text}` lists series instead of figures.")
        return 1
    _print_fitted(hits, ["obs_id", "table", "reported", "time_period", "subject", "indicator"], args.limit,
                  optional=("indicator", "subject", "time_period"))
    if args.limit and len(hits) > args.limit:
        print(f"… {len(hits) - args.limit} more of {len(hits)} figures; --limit 0 prints them all.")
    return 0


def _cmd_series(args) -> int:
    import silkroad_data as sd
    from .loader import manifest

    words = args.words or []
    if len(words) == 1 and words[0] in manifest()["series"] and not (args.table or args.area or args.source):
        _print_fitted(sd.series(words[0]), ["obs_id", "time_period", "period_label", "reported", "qualifier", "status", "source_id"],
                      optional=("qualifier", "period_label", "status"))
        return 0
    text = " ".join(words)
    cat = sd.catalog(text, table=args.table, area=args.area, source=args.source)
    if cat.empty:
        what = f" about {text!r}" if text else ""
        print(f"No series{what}{_narrowing(args)}. Try fewer or other words, or `silkroad-data search {text}` for figures.")
        return 1
    _print_fitted(cat, ["series_id", "unit", "first", "last", "figures", "papers", "indicator"], args.limit,
                  optional=("papers", "first", "indicator"))
    if args.limit and len(cat) > args.limit:
        print(f"… {len(cat) - args.limit} more of {len(cat)} series; --limit 0 prints them all.")
    return 0


def _cmd_cite(args) -> int:
    import silkroad_data as sd

    if args.dataset:
        print(sd.cite_dataset(style=args.style, markup=args.markup))
        return 0
    if args.obs_id:
        print(sd.cite(args.obs_id[0] if len(args.obs_id) == 1 else args.obs_id, style=args.style, markup=args.markup))
        return 0
    if not args.table and not args.series:
        raise SystemExit("Give observation id(s), or --table and/or --series for the bibliography of a set of figures, "
                         "or --dataset for the dataset itself.")
    figures = sd.series(args.series) if args.series else sd.load(args.table)
    if args.table:
        figures = figures[figures["table"] == args.table] if "table" in figures.columns else figures
    print(sd.cite(figures, style=args.style, markup=args.markup))
    return 0


def _cmd_conflicts(args) -> int:
    import silkroad_data as sd

    df = sd.corroborations() if args.agreeing else sd.revisions() if args.revisions else sd.conflicts()
    _print_fitted(df, ["series_id", "period_end", "obs_id_a", "reported_a", "obs_id_b", "reported_b", "difference", "difference_tolerance"])
    return 0


def _cmd_audit(args) -> int:
    import silkroad_data as sd

    df = sd.audit()
    if args.verdict:
        df = df[df["verdict"] == args.verdict]
    _print_fitted(df, ["claim_id", "claim_kind", "stated_reported", "recomputed", "recomputed_low", "recomputed_high", "verdict"])
    return 0


def _source_checkout_only(command: str, raw: Path) -> None:
    """Stop ``command`` with a message where there are no raw records to read (an installed copy)."""
    from .errors import DataError
    from .paths import SOURCE_CHECKOUT

    if raw == RAW_DIR and not SOURCE_CHECKOUT:
        raise DataError(f"This is an installed copy of silkroad-data: its tables ship built (see `silkroad-data tables`), "
                        f"and it holds no raw records to {command} from. `{command}` is for a source checkout of the "
                        "project: run it there, or pass --raw with the folder of raw/*.yaml records.")
    if not raw.is_dir():
        raise DataError(f"The raw folder {raw} does not exist; pass --raw with the folder holding the raw/*.yaml records.")


def _cmd_build(args) -> int:
    from .pipeline import build
    from .store import check_out

    _source_checkout_only("build", args.raw)
    check_out(args.out)  # before the records are read: a folder that may not be replaced is said at once
    counts = build(args.raw, args.out, layout=args.layout)
    print(f"Built {len(counts)} tables from {args.raw} into {args.out}:")
    for name, rows in counts.items():
        print(f"  {name:<24}{rows:>6} rows")
    return 0


def _cmd_docs(args) -> int:
    from .pipeline import assemble
    from .exports.docs import write_documents

    _source_checkout_only("docs", args.raw)
    tables, _ = assemble(args.raw)
    changed = write_documents(tables, args.root, parser())
    for path in changed:
        print(f"Wrote {path}")
    print(f"{len(changed)} document(s) changed under {args.root}.")
    return 0


def _cmd_validate(args) -> int:
    from .paths import SOURCE_CHECKOUT

    if args.raw == RAW_DIR and not SOURCE_CHECKOUT:
        return _validate_installed(args.data)
    from .pipeline import assemble
    from .pipeline.check.packaged import differences_from_packaged

    _source_checkout_only("validate", args.raw)
    # No cache: every raw file is read and checked afresh, so this is a check independent of the build's.
    tables, papers = assemble(args.raw, cache=False)
    print(f"{len(papers)} raw files valid: {sum(len(tables[t]) for t in OBSERVATION_TABLES)} observations, "
          f"{len(tables['projects'])} projects.")
    differences = differences_from_packaged(tables, args.data)
    for d in differences:
        print(f"  - {d}")
    if differences:
        print("The packaged tables differ from the raw records; run `silkroad-data build`.")
        return 1
    from .releases import gate_problem

    # The release gate is about the packaged tables; another data folder is not published.
    problem = gate_problem(args.data) if args.data.resolve() == DATA_DIR.resolve() else None
    if problem:
        print(problem)
        return 1
    print(f"The packaged tables in {args.data} match the raw records and their manifest.")
    return 0


def _validate_installed(data: Path) -> int:
    """An installed copy has no raw records: check its shipped files against their manifest."""
    from .pipeline.check.packaged import differences_from_manifest

    differences = differences_from_manifest(data)
    for d in differences:
        print(f"  - {d}")
    if differences:
        print(f"The shipped tables in {data} differ from their manifest; reinstall the package.")
        return 1
    print(f"This is an installed copy (no raw records to rebuild from): every shipped file in {data} matches "
          "its manifest.json (SHA-256, bytes and rows). A source checkout's `silkroad-data validate` also "
          "rebuilds the tables from the raw records and compares them.")
    return 0


def _cmd_check_raw(args) -> int:
    from .pipeline import assemble

    tables, papers = assemble([Path(f) for f in args.files])
    print(f"{len(papers)} file(s) valid: " + ", ".join(f"{n} {len(df)}" for n, df in tables.items() if len(df)))
    return 0


def _cmd_charts(args) -> int:
    _folder_to_write(args.out)
    from .charts import CATALOG, render_catalog

    paths = render_catalog(args.out)
    for name, (_, what) in CATALOG.items():
        print(f"  {name:<14}{what}")
    print(f"Wrote {len(paths)} files (SVG and PNG) to {args.out}")
    return 0


def _cmd_site(args) -> int:
    _folder_to_write(args.out)
    from .site import build

    built = build(args.out, base_url=args.base_url)
    print(f"Wrote {built.pages} pages to {built.out} in {built.seconds:.1f} s. To look at it: "
          f"python -m http.server --directory {built.out.parent} 8000, then open http://127.0.0.1:8000/{built.out.name}/")
    return 0


def _folder_to_write(out: Path) -> None:
    from .errors import DataError

    if out.exists() and not out.is_dir():
        raise DataError(f"--out {out} is a file, not a folder; give a folder to write into (it is made if missing).")


def _cmd_export(args) -> int:
    _folder_to_write(args.out)
    from .exports.files import export_tables

    paths = export_tables(args.format, args.out, [args.table] if args.table else None)
    for path in paths:
        print(f"Wrote {path}")
    return 0


def _papers_with_texts(args):
    from .pipeline.records import read_papers
    from .pipeline.check.quotes import match_texts

    papers, problems = read_papers(args.raw)
    if args.source:
        papers = [p for p in papers if p.source_id == args.source]
        if not papers:
            raise SystemExit(f"No raw file in {args.raw} has source id {args.source!r}.")
    texts, missing = match_texts(papers, Path(args.texts))
    return papers, texts, [str(p) for p in problems] + missing


def _cmd_verify_quotes(args) -> int:
    from .pipeline.check.quotes import verify_paper

    papers, texts, problems = _papers_with_texts(args)
    checked = 0
    for paper in papers:
        if paper.source_id in texts:
            problems += verify_paper(paper, texts[paper.source_id])
            checked += len(paper.observations) + len(paper.projects)
    for p in problems:
        print(p)
    print(f"{checked} quotes checked in {len(texts)} paper(s): {len(problems)} problem(s).")
    return 1 if problems else 0


def _cmd_ledger(args) -> int:
    from collections import Counter

    from .pipeline.check.ledger import ledger_for

    papers, texts, problems = _papers_with_texts(args)
    unaccounted = 0
    for paper in papers:
        if paper.source_id not in texts:
            continue
        entries, found = ledger_for(paper, texts[paper.source_id])
        counts = Counter(e.status for e in entries)
        print(f"{paper.source_id}: {len(entries)} numbers: " + ", ".join(f"{counts[k]} {k}" for k in ("captured", "period", "excluded", "unaccounted")))
        for e in entries:
            if args.all or e.status == "unaccounted":
                print(f"  line {e.line:>4}  {e.number:<12} {e.status:<11} {e.by:<40} …{e.context}…")
        problems += [f"{paper.file}: {p}" for p in found]
        unaccounted += counts["unaccounted"]
    for p in problems:
        print(p)
    print(f"{unaccounted} unaccounted number(s), {len(problems)} problem(s).")
    return 1 if unaccounted or problems else 0


def _cmd_review_sample(args) -> int:
    from .pipeline.check.sample import draw, review_sheet

    papers, texts, problems = _papers_with_texts(args)
    for p in problems:
        print(p, file=sys.stderr)
    print(f"# Review sample: {args.n} figures, seed {args.seed}, stratified by paper\n")
    print(review_sheet(draw(papers, args.n, args.seed), texts))
    return 0


def _cmd_changes(args) -> int:
    import silkroad_data as sd

    ch = sd.changes(since=args.since, until=args.until)
    if args.field:
        ch = ch[ch["field"] == args.field]
    if args.figure:
        ch = ch[ch["obs_id"] == args.figure]
    if ch.empty:
        print(f"No change since {args.since}" + (f" until {args.until}" if args.until else "") + ".")
        return 0
    _print_fitted(ch, ["version", "obs_id", "field", "old", "new", "reason"], args.limit, optional=("reason",))
    if args.limit and len(ch) > args.limit:
        print(f"… {len(ch) - args.limit} more of {len(ch)} changes; --limit 0 prints them all.")
    return 0


def _renamed_option(text: str) -> tuple[str, str, str]:
    table, sep, names = text.partition(":")
    old, sep2, new = names.partition("=")
    if not (sep and sep2 and table and old and new):
        raise argparse.ArgumentTypeError(f"{text!r} is not TABLE:OLD=NEW (e.g. observations:unit_multiplier=printed_scale)")
    return table, old, new


def _cmd_release(args) -> int:
    from .releases import gate_problem

    if args.check:
        problem = gate_problem(args.data)
        print(problem or "The packaged tables are those of the current version's release, or the version is new.")
        return 1 if problem else 0
    from .paths import SOURCE_CHECKOUT
    from .pipeline.release import record_release

    if not SOURCE_CHECKOUT:
        from .errors import DataError

        raise DataError("`silkroad-data release` records a release in a source checkout of the project; "
                        "this is an installed copy, whose releases are already recorded.")
    renamed: dict = {}
    for table, old, new in args.renamed or []:
        renamed.setdefault(table, {})[old] = new
    record = record_release(args.data, args.version, notes=args.notes or "", renamed=renamed or None)
    print(f"Release {record['version']} ({record['released']}) recorded: {len(record['tables'])} tables. "
          "CHANGELOG.md and .zenodo.json written from the release history.")
    return 0


def _narrowing_options(sp, period: bool = False) -> None:
    sp.add_argument("--table", choices=list(OBSERVATION_TABLES), metavar="TABLE", help="only this table's figures")
    sp.add_argument("--area", help="only figures about this area (subject or counterpart): BRA, Brazil, Brasil, LCN")
    sp.add_argument("--source", metavar="PAPER", help="only this paper's figures (its source id, e.g. li2022)")
    if period:
        sp.add_argument("--period", help="only figures whose period overlaps this one: 2019, 2019-S1, 2019-03, 2001/2016")


def parser() -> argparse.ArgumentParser:
    """The argument parser (its help and choices come from the metadata)."""
    p = argparse.ArgumentParser(prog="silkroad-data", description="Every quantitative figure of papers on China and "
                                "Latin America, each with its citation: load, search, cite, export, chart, and rebuild.",
                                epilog=_table_help(), formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name, func, help_text, **kw):
        sp = sub.add_parser(name, help=help_text, description=help_text, formatter_class=argparse.RawDescriptionHelpFormatter, **kw)
        sp.set_defaults(func=func)
        return sp

    add("tables", _cmd_tables, "list the tables with their row counts")
    sp = add("show", _cmd_show, "print a table", epilog=_table_help())
    sp.add_argument("table", choices=list(RESOURCES), metavar="TABLE")
    sp.add_argument("--limit", type=int, default=20, help="rows to print (default 20; 0 for all)")
    sp.add_argument("--columns", help="comma-separated columns to print")
    sp = add("search", _cmd_search, "find figures by words (best first; accents and case folded; Brazil, BRA or Brasil)")
    sp.add_argument("text", nargs="+", metavar="WORD", help="words to find, unquoted: silkroad-data search 4G coverage")
    _narrowing_options(sp, period=True)
    sp.add_argument("--limit", type=int, default=30, help="figures to print (default 30; 0 for all)")
    sp = add("series", _cmd_series, "the catalog of series, narrowed by words; or one series over time, given its id")
    sp.add_argument("words", nargs="*", metavar="WORD", help="a series id, or words of its id, indicator or areas")
    _narrowing_options(sp)
    sp.add_argument("--limit", type=int, default=0, help="series to print (default all)")
    sp = add("cite", _cmd_cite, "cite one exact figure, or give the bibliography of several figures, a table or a series")
    sp.add_argument("obs_id", nargs="*", help="one id: the figure's citation; several: their bibliography")
    sp.add_argument("--table", choices=list(OBSERVATION_TABLES), metavar="TABLE", help="bibliography of a table's figures")
    sp.add_argument("--series", help="bibliography of one series' figures")
    sp.add_argument("--dataset", action="store_true", help="cite the dataset itself")
    sp.add_argument("--style", default="apa", type=str.lower, choices=STYLES, help="citation style (any case)")
    sp.add_argument("--markup", default="text", choices=MARKUPS, help="italics for APA and Chicago: text, markdown or html")
    sp = add("conflicts", _cmd_conflicts, "figures of different papers that disagree (same series and period, or both undated)")
    which = sp.add_mutually_exclusive_group()
    which.add_argument("--agreeing", action="store_true", help="list the corroborations instead")
    which.add_argument("--revisions", action="store_true", help="list forecasts of different papers made at different dates")
    sp = add("audit", _cmd_audit, "the papers' arithmetic claims, recomputed")
    sp.add_argument("--verdict", choices=list(VERDICTS))
    sp = add("build", _cmd_build, "rebuild and validate every table from the raw records")
    sp.add_argument("--raw", type=Path, default=RAW_DIR, help=f"raw folder (default {RAW_DIR})")
    sp.add_argument("--out", type=Path, default=DATA_DIR, help=f"output folder (default {DATA_DIR})")
    sp.add_argument("--layout", choices=["single", "partitioned"], default="single",
                    help="single: one Parquet file per table (default); partitioned: a folder of a few large files per "
                         "table, papers bucketed by id and sorted (table/part-00000.parquet; see docs/layout.md)")
    sp = add("docs", _cmd_docs, "regenerate the documents of a source checkout: docs/codebook.md, the README's table "
             "list, raw/README.md's format reference and CITATION.cff")
    sp.add_argument("--raw", type=Path, default=RAW_DIR, help=f"raw folder (default {RAW_DIR})")
    sp.add_argument("--root", type=Path, default=RAW_DIR.parent, help=f"checkout holding README.md and raw/README.md (default {RAW_DIR.parent})")
    sp = add("validate", _cmd_validate, "validate the raw records and check the packaged tables against them")
    sp.add_argument("--raw", type=Path, default=RAW_DIR)
    sp.add_argument("--data", type=Path, default=DATA_DIR)
    sp = add("changes", _cmd_changes, "what changed between releases, figure by figure and field by field")
    sp.add_argument("--since", default="0.1.0", help="the earlier release (default 0.1.0)")
    sp.add_argument("--until", help="the later release (default: the current tables)")
    sp.add_argument("--field", help="only changes of this field (value, series_id, added, removed, column, ...)")
    sp.add_argument("--figure", metavar="OBS_ID", help="only this figure's changes")
    sp.add_argument("--limit", type=int, default=0, help="changes to print (default all)")
    sp = add("release", _cmd_release, "record the packaged tables as the release of the current version, and write "
             "CHANGELOG.md and .zenodo.json; --check: say whether the tables may ship under the current version")
    sp.add_argument("--check", action="store_true", help="only check: exit 1 when the tables changed but the version did not")
    sp.add_argument("--notes", help="what the release is, in words (kept in the history and CHANGELOG.md)")
    sp.add_argument("--renamed", action="append", type=_renamed_option, metavar="TABLE:OLD=NEW",
                    help="a column renamed with the same meaning since the last release (TABLE 'observations' for "
                         "every observation table); repeat for each")
    sp.add_argument("--data", type=Path, default=DATA_DIR, help=f"data folder to record (default {DATA_DIR})")
    sp.add_argument("--version", help="the version to record (default: the current one)")
    sp = add("charts", _cmd_charts, "render the chart catalog as SVG and PNG (byte-identical SVG from run to run)")
    sp.add_argument("--out", required=True, type=Path, help="folder to write into")
    sp = add("site", _cmd_site, "write the static site: a citable page per figure, with its quote, credit, cite box and "
             "downloads; pages per series, paper and table; an index with search")
    sp.add_argument("--out", required=True, type=Path, help="folder to write into (a site built there before is replaced)")
    sp.add_argument("--base-url", help="address the releases are published under, e.g. https://NAME.github.io/silkroad-data; "
                    "canonical addresses and sitemap.xml are then <base-url>/<release>/<page>")
    sp = add("export", _cmd_export, "export the tables as CSV (with datapackage.json), Excel, Stata, JSON, Parquet or Feather")
    sp.add_argument("--format", required=True, choices=FORMATS)
    sp.add_argument("--out", required=True, type=Path, help="folder to write into")
    sp.add_argument("--table", choices=list(RESOURCES), metavar="TABLE", help="one table (with sources and references); all by default")
    sp = add("check-raw", _cmd_check_raw, "validate some raw files on their own")
    sp.add_argument("files", nargs="+")
    for name, func, text in (("verify-quotes", _cmd_verify_quotes, "check that every quote is verbatim in its paper's text"),
                             ("ledger", _cmd_ledger, "account for every number of the papers' texts")):
        sp = add(name, func, text)
        sp.add_argument("--texts", required=True, help="folder holding the papers' plain-text editions (matched by SHA-256)")
        sp.add_argument("--raw", type=Path, default=RAW_DIR)
        sp.add_argument("--source", help="only this paper (source id)")
        if name == "ledger":
            sp.add_argument("--all", action="store_true", help="list every number, not only the unaccounted ones")
    sp = add("review-sample", _cmd_review_sample, "print a seeded random sample of figures beside their paragraphs, "
             "for a reviewer to check every field against the text")
    sp.add_argument("--texts", required=True, help="folder holding the papers' plain-text editions (matched by SHA-256)")
    sp.add_argument("--raw", type=Path, default=RAW_DIR)
    sp.add_argument("--source", help="only this paper (source id)")
    sp.add_argument("--n", type=int, default=50, help="figures to draw (default 50)")
    sp.add_argument("--seed", type=int, default=2026, help="random seed (default 2026)")
    return p


def _os_message(exc: OSError) -> str:
    """An operating-system error as a sentence: what, where, what to do."""
    import errno

    where = f" {exc.filename}" if exc.filename else ""
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        return (f"The disk is full (writing{where}). Whatever was being replaced is as it was; free some space "
                "and run the command again.")
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        why = "is on a read-only file system" if exc.errno == errno.EROFS else "may not be written by you"
        return (f"Cannot write{where}: it {why}. Nothing was changed there; write somewhere you may write "
                "(for example with --out DIR).")
    return f"{exc.strerror or exc}{':' + where if where else ''}. Check the path and run the command again."


# What the build's extra brings (pyproject.toml's [build]); the user's install has none of them.
BUILD_TOOLS = ("pandera", "yaml", "yaml_rs", "filelock", "regex")


def main(argv: list[str] | None = None) -> int:
    from .errors import BuildError, DataError

    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except (BuildError, DataError) as exc:
        print(str(exc), file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    except ModuleNotFoundError as exc:
        if exc.name not in BUILD_TOOLS:
            raise
        print(f"`silkroad-data {args.command}` rebuilds or checks the tables from the raw records, and needs the "
              f"build's tools ({exc.name} is not installed). Install them with pip install -e \".[build]\" in a "
              "checkout (or pip install \"silkroad-data[build]\"), then run the command again.", file=sys.stderr)
        return 2
    except FileNotFoundError as exc:
        print(str(exc) if not exc.filename else _os_message(exc), file=sys.stderr)
        return 2
    except OSError as exc:
        print(_os_message(exc), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("Interrupted; tables being written were left as they were.", file=sys.stderr)
        return 130
