"""``python -m build_tools`` runs the ``sourcetrace`` command line."""

from build_tools.cli import run

run()
