"""The dataset itself: its name, title, licence and the words every output describes it with."""

from __future__ import annotations

NAME = "silkroad-data"
TITLE = "silkroad-data: figures of five papers on China and Latin America"
DESCRIPTION = ("Every quantitative figure of five papers on China-Latin America trade, investment, "
               "e-commerce and digital infrastructure, each with its citation and verbatim quote.")
LICENSE = {"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0",
           "path": "https://creativecommons.org/licenses/by/4.0/"}
HOW_TO_CITE = "Cite the paper each figure comes from and the primary source it credits."
