"""exdose: exact exercise programmes — write, check, render, expand, monitor and appraise."""

__version__ = "0.1.0"
