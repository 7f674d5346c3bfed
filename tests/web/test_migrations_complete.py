"""The web app's migrations describe its models: a model change without its migration fails here
(makemigrations --check), before it can reach a clinic's database."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_no_model_change_lacks_a_migration(capsys: Any) -> None:
    try:
        call_command("makemigrations", "exdose_web", check=True, dry_run=True, verbosity=1)
    except SystemExit:  # --check exits non-zero when a migration is missing
        out = capsys.readouterr().out
        pytest.fail(f"models changed without a migration:\n{out}")
    assert "No changes detected" in capsys.readouterr().out
