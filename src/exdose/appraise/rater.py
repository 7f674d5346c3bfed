"""The rater's public entry points (kept here for callers of the former single module).

The work is done in four modules: `cues` (compiling data/cues.yaml), `arms` (finding the arms),
`matcher` (matching cue rules against sentences) and `rating` (rating a report item by item).
"""

from __future__ import annotations

from exdose.appraise.arms import detect_arm
from exdose.appraise.cues import load_cues
from exdose.appraise.rating import appraise_document, detect_doc_type

__all__ = ["appraise_document", "detect_arm", "detect_doc_type", "load_cues"]
