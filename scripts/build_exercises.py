"""Build the package's exercise table from the public-domain free-exercise-db facts.

Usage: python scripts/build_exercises.py [SOURCE_JSON]
Keeps facts only (name, category, equipment, level, mechanic, force, muscles); no instruction text.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = ROOT.parent / "shared" / "data" / "exercises" / "free-exercise-db.facts.json"
TARGET = ROOT / "src" / "exdose" / "exercises" / "data" / "exercises.json"
FIELDS = ("id", "name", "category", "equipment", "force", "level", "mechanic")


def main() -> None:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_SOURCE
    raw = json.loads(source.read_text(encoding="utf-8"))
    rows = []
    for item in raw:
        row = {key: item.get(key) for key in FIELDS}
        row["primary"] = sorted(item.get("primaryMuscles") or [])
        row["secondary"] = sorted(
            m for m in (item.get("secondaryMuscles") or []) if m not in row["primary"]
        )
        rows.append(row)
    rows.sort(key=lambda r: r["id"])
    TARGET.write_text(json.dumps(rows, indent=0, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {len(rows)} exercises to {TARGET.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
