"""Every user path of an install with no extras: load, search, cite, export, chart; the build says what it needs.

Run as ``python tests/light_install_check.py OUT_DIR [--block]``. With ``--block`` the build's
tools are made unimportable first, as in a fresh ``pip install silkroad-data``; without it the
script checks an environment that really lacks them (`.ci/run` makes one).
"""

from __future__ import annotations

import importlib.util
import io
import sys
from contextlib import redirect_stderr
from pathlib import Path

BUILD_TOOLS = ("pandera", "yaml", "yaml_rs", "filelock", "regex")

out = Path(sys.argv[1])
if "--block" in sys.argv:
    for name in BUILD_TOOLS:
        sys.modules[name] = None  # `import name` now fails as if it were not installed
else:
    present = [name for name in BUILD_TOOLS if importlib.util.find_spec(name) is not None]
    assert not present, f"this environment has build tools installed: {present}"

import matplotlib

matplotlib.use("Agg")

import silkroad_data as sd  # noqa: E402
from silkroad_data import plot  # noqa: E402
from silkroad_data.cli import main  # noqa: E402

trade = sd.load("trade")
assert len(trade) and "value" in trade
assert len(sd.search("trade total")), "search found nothing"
assert "lou2019" in sd.cite("lou2019.trade_total_2014", style="bibtex")
assert sd.cite("lou2019.trade_total_2014").strip()
assert sd.cite_dataset().strip()
assert len(sd.wide("chn_lcn_trade_total")) and len(sd.catalog("trade"))
for suffix in ("csv", "xlsx", "dta", "json"):
    path = sd.export(trade, out / f"trade.{suffix}")
    assert Path(path).stat().st_size > 0, suffix
fig, ax = plot.plot_trade()
fig.savefig(out / "trade.png")
assert (out / "trade.png").stat().st_size > 0

# What needs the build's tools says so, with the command to install them, and no traceback.
try:
    sd.schema("trade")
except sd.DataError as exc:
    assert "silkroad-data[schema]" in str(exc), exc
else:
    raise AssertionError("sd.schema worked without pandera")
(out / "paper.yaml").write_text("source:\n  id: paper\n", encoding="utf-8")
err = io.StringIO()
with redirect_stderr(err):
    code = main(["check-raw", str(out / "paper.yaml")])
assert code == 2 and "[build]" in err.getvalue() and "Traceback" not in err.getvalue(), err.getvalue()

print("light install: every user path works")
