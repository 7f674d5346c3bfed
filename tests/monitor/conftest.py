"""Fixtures of the monitor tests."""

from __future__ import annotations

import pytest
from monitor_logs import PROGRAM

from exdose.program.io import LoadedProgram, load_program


@pytest.fixture(scope="session")
def loaded() -> LoadedProgram:
    return load_program(PROGRAM)
