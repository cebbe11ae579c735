"""``python -m renketsu ...``: the ``renketsu`` command (what ``bench/import_time.py`` measures)."""

from renketsu.cli.main import main

main()
