"""The JSON API fuzzed from its own OpenAPI document with schemathesis: no request, however
malformed, may make the server answer 5xx.

Schemathesis reads `/api/v1/openapi.json` from the app itself and, for every operation (the
patients routes and the review routes mounted under `/api/v1/reviews`), generates requests from
the schema: valid ones and ones that break it (wrong types, missing fields, odd strings, other
methods). They go through the WSGI app in this process, so they hit the test database of
pytest-django with a bearer token of a test clinic. Ids in the path are pointed at the clinic's
real patient and review (a made-up id would only ever reach the 404 branch), so the bodies reach
the code behind it: storing sets and pain, computing load, fidelity and the proposal, accepting
it.

Bounded for CI: `EXDOSE_FUZZ_EXAMPLES` examples per operation (default 10). A longer run:
`EXDOSE_FUZZ_EXAMPLES=300 pytest -p no:xdist tests/web/test_api_fuzz.py`.
"""

from __future__ import annotations

import os
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from exdose.web.wsgi import application

EXAMPLES = int(os.environ.get("EXDOSE_FUZZ_EXAMPLES", "10"))

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture
def _connection_kept() -> Any:
    """Requests go through the WSGI app, whose end-of-request handler would close the database
    connection that holds the test's transaction (PostgreSQL then answers every later query
    with "the connection is closed"); Django's own test client unhooks it the same way."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def fuzz_clinic(_connection_kept: Any, patient_a: Any, week_one: Any) -> dict[str, Any]:
    """Clinic A's token, its patient (week 1 logged, so load, fidelity and the proposal have
    something to compute) and a review project of its clinician."""
    from exdose.web import records
    from exdose.web.models import ApiToken
    from exdose.web.review import records as review_records

    records.record_sets(patient_a, week_one(patient_a), None)
    user = patient_a.clinic.user
    project = review_records.create_project(user, "Fuzz review", clinic=patient_a.clinic)
    return {
        "token": ApiToken.issue(user, patient_a.clinic)[1],
        "ids": {"patient_id": patient_a.pk, "review_id": project.pk},
    }


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    # the fixture's rows are rolled back once per operation, not per example: that is the point
    # (later examples see what earlier ones stored)
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_answers_no_5xx(case: Any, fuzz_clinic: dict[str, Any]) -> None:
    for name, value in fuzz_clinic["ids"].items():
        if case.path_parameters and name in case.path_parameters:
            case.path_parameters[name] = value
    response = case.call(headers={"Authorization": f"Bearer {fuzz_clinic['token']}"})
    case.validate_response(response, checks=[not_a_server_error])
