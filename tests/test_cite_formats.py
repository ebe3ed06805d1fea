"""Citations an author pastes as they are: goldens written by hand from the style guides, and the
formats read back by real parsers (pybtex, rispy, the CITATION.cff schema).

APA goldens follow the APA Publication Manual, 7th ed. (10.1 journal article, 10.1 ex. 17 blog
post, 10.16 webpage with no author and no date, 10.4 report, 10.3 chapter; 8.17 and 8.6 in
text); Chicago goldens the Chicago Manual of Style, 17th ed., author-date (15.9, 14.171 issue
without volume, 14.208 blog, 9.61 inclusive page numbers, 8.159-161 headline style).
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
import yaml

import silkroad_data as sd
from silkroad_data.citation import STYLES, figure_line, format_source
from silkroad_data.citation.tex import escape
from silkroad_data.values import plain_records

ROOT = Path(__file__).resolve().parents[1]
PRESS = "https://www.pressreader.com/china/china-international-studies-english/20190720/281505047885843"
CFR = "https://www.cfr.org/blog/extension-digital-silk-road-latin-america-advantages-and-potential-risks"
CEDPR = "https://cedpr.org/research/globalization/02312002-2"

APA = {  # Markdown: *italics*
    "lou2019": "Lou, X. (2019). Building China-Latin America Digital Silk Road: Challenges and roadmap. "
               f"*China International Studies*, (4). {PRESS}",
    "liu2025": "Liu, S. (2025). The global community of shared future and its influence mechanisms on China-Latin America "
               "e-commerce cooperation. *China Global Review*, *3*(6), 110–126. https://doi.org/10.53897/REvChinaGR.2025.06.04",
    "li2022": "Li, X., Wu, Y., Wang, Y., Wang, Y., & Wen, T. (2022). E-commerce connecting China and Latin America via "
              "digital silk-road. *Revista Cubana de Administración Pública y Empresarial*. https://doi.org/10.5281/zenodo.6186909",
    "malena": "Malena, J. (n.d.). The extension of the Digital Silk Road to Latin America: Advantages and potential risks. "
              f"*Asia Unbound*. {CFR}",
    "clabri": f"*China-Latin America Belt and Road cooperation*. (n.d.). {CEDPR}",
}
CHICAGO = {
    "lou2019": "Lou, Xiangfei. 2019. “Building China-Latin America Digital Silk Road: Challenges and Roadmap.” "
               f"*China International Studies*, no. 4. {PRESS}.",
    "liu2025": "Liu, Shiyang. 2025. “The Global Community of Shared Future and Its Influence Mechanisms on China-Latin "
               "America E-commerce Cooperation.” *China Global Review* 3 (6): 110–26. https://doi.org/10.53897/REvChinaGR.2025.06.04.",
    "li2022": "Li, Xiaoyu, Yajie Wu, Yifan Wang, Yuexuan Wang, and Tong Wen. 2022. “E-commerce Connecting China and Latin "
              "America via Digital Silk-Road.” *Revista Cubana de Administración Pública y Empresarial*. "
              "https://doi.org/10.5281/zenodo.6186909.",
    "malena": "Malena, Jorge. n.d. “The Extension of the Digital Silk Road to Latin America: Advantages and Potential Risks.” "
              f"*Asia Unbound* (blog), Council on Foreign Relations. {CFR}.",
    "clabri": f"“China-Latin America Belt and Road Cooperation.” n.d. {CEDPR}.",
}
REPORT = {"source_id": "doe2019", "type": "report", "authors": "Doe, Jane", "title": "Digital trade in Latin America",
          "publisher": "Inter-American Development Bank", "year": 2019, "url": "https://example.org/r"}
CHAPTER = {"source_id": "roe2021", "type": "chapter", "authors": "Roe, Richard", "title": "Ports and cables",
           "container_title": "China and the Americas", "pages": "45-67", "publisher": "Routledge", "year": 2021}


@pytest.fixture(scope="module")
def papers():
    return {r["source_id"]: r for r in plain_records(sd.sources())}


@pytest.fixture(scope="module")
def figures():
    return pd.concat([sd.observations(), sd.load("projects")], ignore_index=True)


@pytest.mark.parametrize("sid", sorted(APA))
def test_apa_and_chicago_by_source_type(papers, sid):
    assert format_source(papers[sid], "apa", "markdown") == APA[sid]
    assert format_source(papers[sid], "chicago", "markdown") == CHICAGO[sid]
    plain = format_source(papers[sid], "apa")
    assert plain == APA[sid].replace("*", "") and ".." not in plain and "n.d.." not in format_source(papers[sid], "chicago")


def test_report_chapter_and_html():
    assert format_source(REPORT, "apa", "markdown") == ("Doe, J. (2019). *Digital trade in Latin America*. "
                                                          "Inter-American Development Bank. https://example.org/r")
    assert format_source(REPORT, "chicago", "markdown") == ("Doe, Jane. 2019. *Digital Trade in Latin America*. "
                                                              "Inter-American Development Bank. https://example.org/r.")
    assert format_source(CHAPTER, "apa", "markdown") == ("Roe, R. (2021). Ports and cables. In *China and the Americas* "
                                                           "(pp. 45–67). Routledge.")
    assert format_source(CHAPTER, "chicago", "markdown") == ("Roe, Richard. 2021. “Ports and Cables.” In *China and the "
                                                               "Americas*, 45–67. Routledge.")
    assert format_source({**REPORT, "title": "Trade & <growth>"}, "apa", "html").startswith(
        "Doe, J. (2019). <i>Trade &amp; &lt;growth&gt;</i>. ")


def test_in_text_uses_surnames_and_years_of_the_primary_source():
    def in_text(obs_id, style):
        return sd.cite(obs_id, style=style).splitlines()[1]
    assert in_text("malena.per_4g_population_coverage", "apa") == "In text: (Rodríguez, 2018, as cited in Malena, n.d.)"
    assert in_text("malena.per_4g_population_coverage", "Chicago") == "In text: (Rodríguez 2018, quoted in Malena n.d.)"
    assert in_text("malena.huawei_5g_patent_share_2020_02", "apa") == "In text: (Kitson & Liew, 2019, as cited in Malena, n.d.)"
    assert in_text("malena.chl_gii_rank_2019", "apa") == "In text: (Dutta et al., 2019, p. xxxiv, as cited in Malena, n.d.)"
    assert in_text("malena.chl_gii_rank_2019", "chicago") == "In text: (Dutta, Lanvin, and Wunsch-Vincent 2019, xxxiv, quoted in Malena n.d.)"
    assert in_text("lou2019.fdi_stock_ict_2016", "apa") == "In text: (Ministry of Commerce of China, n.d., p. 122, as cited in Lou, 2019)"
    assert in_text("lou2019.fdi_stock_ict_2016", "chicago") == "In text: (Ministry of Commerce of China n.d., 122, quoted in Lou 2019)"
    clabri = sd.cite("clabri.imports_2019jan_nov", style="apa", markup="markdown").split("\n\n")[1]
    assert clabri == "In text: (*China-Latin America Belt and Road Cooperation*, n.d.)"


def test_figure_line_gives_the_corrected_value_areas_period_and_locator(figures):
    rows = {r["obs_id"]: r for r in plain_records(figures[figures["obs_id"].notna()])}
    assert figure_line(rows["clabri.imports_2019jan_nov"]) == (
        "clabri.imports_2019jan_nov: US$150.35 billion [printed “$15O.35 billion”] (China's imports of goods from Latin "
        "America; area: China, counterpart: Latin America & Caribbean; In the first eleven months of 2019); "
        "section 'Upgrading trade ties'")
    assert figure_line(rows["clabri.exports_2019jan_nov"]).startswith(
        "clabri.exports_2019jan_nov: US$136.48 billion [printed “$136.48”] (")
    line = figure_line(rows["malena.per_4g_population_coverage"])
    assert "83 percent coverage" in line and "area: Peru" in line and "footnote 25" in line
    assert "[printed" not in figure_line(rows["clabri.fdi_flow_share_2017"])  # the correction is in the words, not the value


def test_cite_takes_ids_lists_rows_and_frames_with_clear_errors(figures):
    one = sd.cite("lou2019.fdi_stock_ict_2016", style="APA")
    assert one == sd.cite(sd.search("38.02").iloc[0], style="apa")
    both = sd.cite(["lou2019.fdi_stock_ict_2016", "malena.per_4g_population_coverage"])
    assert "Lou, X. (2019)" in both and "Malena, J. (n.d.)" in both and "Rodríguez, A. (2018, December 18)" in both
    with pytest.raises(sd.DataError, match="unknown paper.*'nosuch'") as info:
        sd.cite(sd.load("trade").head(3).assign(source_id="nosuch"))
    assert "\n" not in str(info.value)
    with pytest.raises(sd.DataError, match="no obs_id") as info:
        sd.cite(pd.Series({"value": 1.0, "unit": "USD"}))
    assert "dtype" not in str(info.value) and "1.0" not in str(info.value)
    with pytest.raises(sd.DataError, match="list of observation ids"):
        sd.cite([1, 2])
    with pytest.raises(ValueError, match="use one of apa, chicago"):
        sd.cite("lou2019.fdi_stock_ict_2016", style="harvard")


def test_keys_never_stand_for_two_entries_and_bibtex_parses(figures):
    from pybtex import errors
    from pybtex.database import parse_string
    from pybtex.plugin import find_plugin

    bib = sd.cite(figures, style="bibtex")
    assert errors.strict                                        # pybtex's default: a warning is an error
    db = parse_string(bib, "bibtex")
    refs = sd.references()
    recorded = refs[refs["same_as"].isna()]
    works = {(r.authors, str(r.title if isinstance(r.title, str) else r.description).casefold(), r.issued) for r in recorded.itertuples()
             if r.reference_id in set(figures["reference_id"].dropna())
             or r.reference_id in set(refs.loc[refs["reference_id"].isin(figures["reference_id"]), "same_as"].dropna())}
    assert len(db.entries) == bib.count("\n@") + 1 == len(sd.sources()) + len(works)
    find_plugin("pybtex.style.formatting", "plain")().format_bibliography(db)
    for ident in ("lou2019.fdi_stock_ict_2016", "malena.per_4g_population_coverage", "clabri.imports_2019jan_nov"):
        for entry in sd.cite(ident, style="bibtex").split("\n\n"):
            if entry.startswith("@"):
                key = entry.split("{", 1)[1].split(",", 1)[0]
                assert entry in bib, key                        # the same key, the same entry, whatever is cited
    for entry in db.entries.values():
        assert all(str(v).strip() for v in entry.fields.values())       # no empty field
        assert not ("doi" in entry.fields and "url" in entry.fields)    # no URL repeating the DOI
    assert db.entries["malena"].type == "misc" and "Council on Foreign Relations" in db.entries["malena"].fields["howpublished"]
    # a work with no author: its title in the author's place, once (APA 9.12; plainnat drops the year of a `key` label)
    assert db.entries["clabri"].type == "misc" and "title" not in db.entries["clabri"].fields
    assert "key" not in db.entries["clabri"].fields
    latex = parse_string(sd.cite(figures, style="biblatex"), "bibtex")
    assert latex.entries["malena"].type == "online" and latex.entries["malena"].fields["organization"] == "Council on Foreign Relations"
    assert latex.entries["clabri"].type == "online"


def test_latex_specials_are_escaped_and_names_protected():
    assert escape(r"$15 & 10% of #1_a {b} ~c ^d \e") == (r"\$15 \& 10\% of \#1\_a \{b\} \textasciitilde{}c "
                                                          r"\textasciicircum{}d \textbackslash{}e")
    bib = sd.cite("malena.per_4g_population_coverage", style="bibtex")
    assert "title = {The Extension of the {Digital} {Silk} {Road} to {Latin} {America}: Advantages and Potential Risks}" in bib
    assert "year = {n.d.}" in bib and "author = {Rodr" in bib


def test_ris_reads_back_with_rispy(figures):
    import rispy

    records = rispy.loads(sd.cite(figures, style="ris"))
    kinds = {r["id"]: r["type_of_reference"] for r in records}
    assert kinds["lou2019"] == "JOUR" and kinds["malena"] == "BLOG" and kinds["clabri"] == "ELEC"
    liu = next(r for r in records if r["id"] == "liu2025")
    assert liu["authors"] == ["Liu, Shiyang"] and liu["start_page"] == "110" and liu["end_page"] == "126"
    assert len(records) == len(json.loads(sd.cite(figures, style="csl-json")))


def test_csl_types_and_every_style_name_any_case(figures):
    items = {i["id"]: i for i in json.loads(sd.cite(figures, style="CSL-JSON"))}
    assert items["malena"]["type"] == "post-weblog" and items["clabri"]["type"] == "webpage"
    assert items["malena"]["container-title"] == "Asia Unbound" and items["malena"]["publisher"] == "Council on Foreign Relations"
    assert "URL" not in items["liu2025"]                        # its URL is its DOI
    for style in STYLES:
        assert sd.cite("clabri.imports_2019jan_nov", style=style.upper())


def test_citation_cff_is_complete_and_valid():
    import jsonschema

    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    schema = json.loads((ROOT / "tests" / "data" / "cff-1.2.0.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(cff, schema)
    assert cff["date-released"] and cff["keywords"] and cff["license"] == "CC-BY-4.0" and cff["version"] == sd.__version__
    names = json.dumps(cff, ensure_ascii=False)
    assert "names no author" not in names and "example" not in names.lower()
    assert {r["type"] for r in cff["references"]} == {"article", "blog"}


def test_cite_dataset_in_every_style():
    assert sd.cite_dataset() == (f"silkroad-data contributors. (2026). silkroad-data: Figures of papers on China and "
                                 f"Latin America (Version {sd.__version__}) [Data set].")
    assert sd.cite_dataset("apa", "markdown").count("*") == 2
    assert sd.cite_dataset("BibLaTeX").startswith("@dataset{silkroaddata,")
    assert json.loads(sd.cite_dataset("csl-json"))["type"] == "dataset"
