"""The works the papers credit, cited by type: goldens written by hand from the style guides.

APA: Publication Manual, 7th ed. (9.8 names, 9.12 no author, 9.14 dates, 9.16 no retrieval date,
9.21 and 10.9 bracketed descriptions, 9.29 publisher not repeated, 9.38 translated titles, 9.47 year
letters, 10.1 journal, magazine and newspaper articles, 10.4 reports, 10.5 conference documents,
10.9 data sets, 10.16 web pages, 8.6 "as cited in", 8.13 pinpoints). Chicago: Manual of Style,
17th ed., author-date (15.9 names, 15.18-19 order and year letters, 15.22 pinpoints, 15.46-53 by
type, 14.98 translated titles, 8.159 headline style). Markdown: *italics*.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest

import silkroad_data as sd
from silkroad_data.api import _works
from silkroad_data.citation import Work, format_work
from silkroad_data.citation.names import Name

XIE = "中拉挖掘数字技术合作潜力"
GEOPOLITICS = "https://www.bnamericas.com/en/analysis/how-geopolitics-shaped-chiles-trans-pacific-cable-route"
GOLDENS = {  # key: (APA, Chicago), one work of each type the papers credit
    "xie2024china": (  # newspaper article (APA 10.1 ex. 16, print; CMOS 15.47), Chinese title with the paper's translation
        f"Xie, J., & Chen, H. (2024, August 1). {XIE} [China and Latin America tap the potential of digital technology "
        "cooperation]. *People’s Daily (International Edition)*, 17.",
        f"Xie, J., and H. Chen. 2024. “{XIE}” [China and Latin America tap the potential of digital technology "
        "cooperation]. *People’s Daily (International Edition)*, August 1, 2024."),
    "uriegas2019chinese": (  # magazine article (APA 10.1 ex. 15; CMOS 15.47)
        "Uriegas, F. (2019, April 15). The Chinese Brands Latin Americans Love. *Americas Quarterly*. "
        "https://www.americasquarterly.org/article/the-chinese-brands-latin-americans-love/",
        "Uriegas, Fernanda. 2019. “The Chinese Brands Latin Americans Love.” *Americas Quarterly*, April 15, 2019. "
        "https://www.americasquarterly.org/article/the-chinese-brands-latin-americans-love/."),
    "yang202310th": (  # journal article (APA 10.1; CMOS 15.46): a quotation in the title takes double, then single marks
        "Yang, Z. M., Lu, S. H., & Lin, B. (2023). The 10th Anniversary of Joint Building of the “Belt and Road”: The "
        "Construction of China–Latin America Interconnection Partnership from the Perspective of Public Goods. "
        "*Journal of Latin American Studies*, *45*(3), 47–70.",
        "Yang, Z. M., S. H. Lu, and B. Lin. 2023. “The 10th Anniversary of Joint Building of the ‘Belt and Road’: The "
        "Construction of China–Latin America Interconnection Partnership from the Perspective of Public Goods.” "
        "*Journal of Latin American Studies* 45 (3): 47–70."),
    "howgeopolitics2020": (  # web page with no author (APA 10.16 ex. 112, 9.12; CMOS 15.32, 15.51)
        f"*How Geopolitics Shaped Chile’s Trans-Pacific Cable Route*. (2020, July 31). Bnamericas. {GEOPOLITICS}",
        f"“How Geopolitics Shaped Chile’s Trans-Pacific Cable Route.” 2020. Bnamericas. July 31, 2020. {GEOPOLITICS}."),
    "rodriguez2018how": (  # web page of a news site, with an author (APA 10.16 ex. 110)
        "Rodríguez, A. (2018, December 18). *How China is Becoming a Key Source of Tech Investments in Latin America*. "
        "Nearshore Americas. https://nearshoreamericas.com/?p=69508",
        "Rodríguez, Andrés. 2018. “How China Is Becoming a Key Source of Tech Investments in Latin America.” Nearshore "
        "Americas. December 18, 2018. https://nearshoreamericas.com/?p=69508."),
    "werner2020outlook": (  # blog post (APA 10.1 ex. 17; CMOS 15.51)
        "Werner, A. (2020, June 26). Outlook for Latin America and the Caribbean: An Intensifying Pandemic. *IMF Blog*. "
        "https://blogs.imf.org/?p=29959",
        "Werner, Alejandro. 2020. “Outlook for Latin America and the Caribbean: An Intensifying Pandemic.” *IMF Blog* "
        "(blog). June 26, 2020. https://blogs.imf.org/?p=29959."),
    "cepal2018estado": (  # report by an organisation, in Spanish (APA 10.4 ex. 50, the year alone; CMOS 15.50 place: publisher)
        "CEPAL. (2018). *Estado de la banda ancha en América Latina y el Caribe 2017*. "
        "https://repositorio.cepal.org/bitstream/handle/11362/43365/1/S1800083_es.pdf",
        "CEPAL. 2018. *Estado de la banda ancha en América Latina y el Caribe 2017*. Santiago, Chile: CEPAL. "
        "https://repositorio.cepal.org/bitstream/handle/11362/43365/1/S1800083_es.pdf."),
    "dutta2019global": (  # report by persons, published by an organisation (APA 10.4 ex. 52)
        "Dutta, S., Lanvin, B., & Wunsch-Vincent, S. (2019). *Global Innovation Index 2019*. WIPO. "
        "https://www.globalinnovationindex.org/gii-2019-report",
        "Dutta, Soumitra, Bruno Lanvin, and Sacha Wunsch-Vincent. 2019. *Global Innovation Index 2019*. WIPO. "
        "https://www.globalinnovationindex.org/gii-2019-report."),
    "americanenterprisendchina": (  # data set (APA 10.9 ex. 75)
        "The American Enterprise Institute. (n.d.). *The China Global Investment Tracker Database* [Data set]. "
        "http://www.aei.org/china-global-investment-tracker/",
        "The American Enterprise Institute. n.d. *The China Global Investment Tracker Database*. "
        "http://www.aei.org/china-global-investment-tracker/."),
    "worldbankndstatistics": (  # statistics named without a title (APA 9.21: a description in brackets)
        "World Bank. (n.d.). [Statistics].", "World Bank. n.d. Statistics."),
    "cepal2018agenda": (  # document of a conference, dated by the conference's days (APA 10.5 ex. 60)
        "CEPAL. (2018, April 18–20). *Agenda Digital para América Latina y el Caribe (eLAC2020)* [Conference document]. "
        "Sexta Conferencia Ministerial sobre la Sociedad de la Información de América Latina y el Caribe, Cartagena de "
        "Indias (Colombia).",
        "CEPAL. 2018. “Agenda Digital para América Latina y el Caribe (eLAC2020).” Sexta Conferencia Ministerial sobre "
        "la Sociedad de la Información de América Latina y el Caribe, Cartagena de Indias (Colombia), April 18–20, 2018."),
    "zhangndview": (  # a statement named with no publication: the paper's description
        "Zhang, R. (n.d.). [View of the outcomes of the visit].", "Zhang, Run. n.d. View of the outcomes of the visit."),
}


@pytest.fixture(scope="module")
def works():
    return _works()


@pytest.mark.parametrize("key", sorted(GOLDENS))
def test_each_type_of_credited_work_in_apa_and_chicago(works, key):
    apa, chicago = GOLDENS[key]
    assert format_work(works[key], "apa", "markdown") == apa
    assert format_work(works[key], "chicago", "markdown") == chicago
    assert format_work(works[key], "apa") == apa.replace("*", "")


def test_book_and_chapter_by_the_manuals():
    book = Work("roe2021", "book", (Name("Roe", "Richard"),), "Ports and cables", publisher="Routledge", issued="2021",
                language="en")
    chapter = Work("doe2020", "chapter", (Name("Doe", "Jane"),), "Cables", container_title="China and the Americas",
                   pages="45-67", publisher="Routledge", issued="2020", language="en")
    assert format_work(book, "apa", "markdown") == "Roe, R. (2021). *Ports and cables*. Routledge."
    assert format_work(book, "chicago", "markdown") == "Roe, Richard. 2021. *Ports and Cables*. Routledge."
    assert format_work(chapter, "apa", "markdown") == "Doe, J. (2020). Cables. In *China and the Americas* (pp. 45–67). Routledge."
    assert format_work(chapter, "chicago", "markdown") == "Doe, Jane. 2020. “Cables.” In *China and the Americas*, 45–67. Routledge."


def test_html_escapes_and_links():
    w = Work("x2019", "webpage", (Name(literal="A & B"),), "Trade <growth>", container_title="Site", issued="2019-05",
             url="https://example.org/a?b=1&c=2")
    assert format_work(w, "apa", "html") == ('A &amp; B. (2019, May). <i>Trade &lt;growth&gt;</i>. Site. '
                                             '<a href="https://example.org/a?b=1&amp;c=2">https://example.org/a?b=1&amp;c=2</a>')


def test_in_text_as_cited_in_with_the_notes_pinpoint():
    def in_text(obs_id, style):
        return sd.cite(obs_id, style=style).splitlines()[1]
    # APA 8.6 and 8.13; CMOS 15.22 and 15.52
    assert in_text("lou2019.fdi_stock_ict_2016", "apa") == "In text: (Ministry of Commerce of China, n.d., p. 122, as cited in Lou, 2019)"
    assert in_text("lou2019.fdi_stock_ict_2016", "chicago") == "In text: (Ministry of Commerce of China n.d., 122, quoted in Lou 2019)"
    no_author = next(i for i in sd.load("digital_infrastructure")["obs_id"] if i.startswith("malena.")
                     and sd.load("digital_infrastructure").set_index("obs_id").loc[i, "reference_id"] == "malena.fn36")
    assert in_text(no_author, "apa") == "In text: (How Geopolitics Shaped Chile’s Trans-Pacific Cable Route, 2020, as cited in Malena, n.d.)"


def test_a_reference_list_tells_one_authors_works_of_a_year_apart():
    lou = pd.concat([sd.load(t) for t in ("digital_infrastructure", "ecommerce", "macro", "investment", "trade", "cooperation")])
    bib = sd.cite(lou[lou["source_id"] == "lou2019"], style="apa")
    # APA 9.47: the year as shown, then the title; a year alone before a full date
    assert bib.index("CEPAL. (2018a). Estado") < bib.index("CEPAL. (2018b). Explorando") < bib.index("CEPAL. (2018c). Monitoreo") \
        < bib.index("CEPAL. (2018d, April 18–20). Agenda")
    assert "UNCTAD. (2017a). UNCTAD B2C E-Commerce Index 2017 (UNCTAD Technical Notes on ICT for Development)." in bib


def test_bibtex_and_biblatex_types_and_one_date(works):
    from pybtex.database import parse_string

    classic = parse_string("\n\n".join(format_work(w, "bibtex") for w in works), "bibtex").entries
    modern = parse_string("\n\n".join(format_work(w, "biblatex") for w in works), "bibtex").entries
    assert classic["yang202310th"].type == "article" and classic["yang202310th"].fields["number"] == "3"
    assert classic["dutta2019global"].type == "techreport" and classic["dutta2019global"].fields["institution"] == "WIPO"
    assert classic["rodriguez2018how"].type == "misc" and classic["rodriguez2018how"].fields["howpublished"] == "Nearshore Americas"
    assert classic["rodriguez2018how"].fields["month"] == "December" and "2018" not in classic["rodriguez2018how"].fields["howpublished"]
    assert modern["rodriguez2018how"].type == "online" and modern["rodriguez2018how"].fields["organization"] == "Nearshore Americas"
    assert modern["rodriguez2018how"].fields["date"] == "2018-12-18" and "year" not in modern["rodriguez2018how"].fields
    assert modern["xie2024china"].type == "article" and modern["xie2024china"].fields["entrysubtype"] == "nonacademic"
    assert modern["americanenterprisendchina"].type == "dataset" and modern["cepal2018estado"].type == "report"
    for entries in (classic, modern):
        for key, entry in entries.items():
            printed = " ".join(v for k, v in entry.fields.items() if k not in ("origtitle", "usera"))
            assert not any("\u4e00" <= ch <= "\u9fff" for ch in printed), key   # pdflatex sets every printed field
            assert "howpublished" not in entry.fields or entry.type == "misc", key
    assert modern["xie2024china"].fields["usera"] == XIE and "China and Latin America" in modern["xie2024china"].fields["title"]


def test_csl_json_and_ris_carry_the_records(works):
    import rispy

    item = json.loads(format_work(works["xie2024china"], "csl-json"))
    assert item == {"id": "xie2024china", "type": "article-newspaper",
                    "author": [{"family": "Xie", "given": "J."}, {"family": "Chen", "given": "H."}],
                    "title": f"{XIE} [China and Latin America tap the potential of digital technology cooperation]",
                    "container-title": "People's Daily (International Edition)", "page": "17",
                    "issued": {"date-parts": [[2024, 8, 1]]}}
    assert json.loads(format_work(works["cepal2018agenda"], "csl-json"))["issued"] == {"date-parts": [[2018, 4, 18], [2018, 4, 20]]}
    ris = rispy.loads(format_work(works["rodriguez2018how"], "ris"))[0]
    assert (ris["type_of_reference"], ris["secondary_title"], ris["date"]) == ("ELEC", "Nearshore Americas", "2018/12/18/")
    types = {w.key: rispy.loads(format_work(w, "ris"))[0]["type_of_reference"] for w in works}
    assert (types["xie2024china"], types["cepal2018estado"], types["americanenterprisendchina"]) == ("NEWS", "RPRT", "DATA")
    rpt = format_work(works["dutta2019global"], "ris")
    assert "PB  - WIPO" in rpt and "DA  - 2019/07/24/" in rpt
    documents = [w for w in works if w.type == "document"]
    assert len(documents) <= 0.1 * len(works)


def test_source_date_is_the_credited_works_date_not_the_figures_period():
    obs = sd.load("digital_infrastructure").set_index("obs_id").loc["malena.per_4g_population_coverage"]
    assert pd.Timestamp(obs["source_date"]).date().isoformat() == "2018-12-18" and obs["source_date_precision"] == "day"
    assert pd.isna(obs["period_start"]) and pd.isna(obs["period_end"])   # the figure itself stays undated
    report = sd.load("digital_infrastructure")
    monthly = report[report["reference_id"] == "lou2019.fn9"].iloc[0]
    assert pd.Timestamp(monthly["source_date"]).date().isoformat() == "2018-03-01" and monthly["source_date_precision"] == "month"


def test_the_map_of_works_is_built_once_per_data_version():
    assert _works() is _works()


def test_the_citing_page_shows_real_output():
    from pathlib import Path

    page = (Path(__file__).resolve().parents[1] / "docs" / "citing.md").read_text(encoding="utf-8")
    lines = sd.cite("malena.per_4g_population_coverage").splitlines()
    assert lines[1] in page and lines[3] in page
