"""Checks of the records against the papers' texts (quotes, ledger) and of the packaged tables against the records."""
