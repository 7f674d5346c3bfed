"""`python -m exdose` runs the command line."""

from exdose.cli import main

main()
