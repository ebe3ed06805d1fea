"""`python -m silkroad_data` runs the command line."""

from .cli import main

raise SystemExit(main())
