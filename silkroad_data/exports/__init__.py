"""Exports: the files users take elsewhere (CSV, Excel, Stata, JSON, Parquet, Feather), the data-package descriptor, and the documents.

``FORMATS`` lives here, light to import, for the command line; the writers are in :mod:`.files`.
"""

FORMATS = ("csv", "xlsx", "dta", "json", "parquet", "feather")
