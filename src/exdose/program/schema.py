"""The JSON Schema of programme files, for editors and validators."""

from __future__ import annotations

import json

from exdose.program.model import Program

SCHEMA_ID = "https://exdose.invalid/schema/program-1.json"


def program_json_schema() -> str:
    """The JSON Schema (draft 2020-12) of an exdose programme file, as text."""
    schema = Program.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = SCHEMA_ID
    schema["title"] = "exdose programme file (format 1)"
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
