"""Physical-activity interventions built on walking and step counts are rated like exercise
programmes (docs/checklists.md, "Step-count interventions"): the tracker or pedometer is the
arm's equipment, text-message, app or voice coaching its mode of delivery, device data checked
against the goal its adherence measure, a daily step goal with how much its unsupervised
component, a step goal from the person's own baseline its starting level and tailoring, a fixed
ramp of the goal its planned progression and a goal moved on a criterion its progression rule.

Look-alikes count for none of these: steps as an outcome only, an accelerometer worn only at
the assessments, "physical activity" as a covariate, a drug's dose ramp. The reports and
sentences are written for these tests (tests/data/appraise/step_goals), end to end through
`exdose.read_report` and `exdose.appraise`."""

from __future__ import annotations

from pathlib import Path

import pytest

import exdose

DATA = Path(__file__).resolve().parents[1] / "data" / "appraise" / "step_goals"


def _reported(appraisal: exdose.Appraisal, checklist: str) -> set[str]:
    rating = appraisal.cert if checklist == "cert" else appraisal.tidier
    return {item.id for item in rating.items if item.reported}


# report, rated arm, CERT items reported, CERT items not reported, TIDieR reported, not reported
_REPORTS = [
    (
        "gamification_jama_results.md",
        "gamification arm",
        {"1", "4", "5", "6", "7b", "8", "9", "11", "13", "14a", "14b", "15", "16a", "16b"},
        {"3", "7a", "12"},
        {"1", "3", "4", "6", "8", "9", "11", "12"},
        {"7"},
    ),
    (
        "pedometer_bmc_protocol.md",
        "Intervention arm",
        {"1", "4", "5", "6", "7a", "8", "9", "11", "12", "13", "14a", "14b", "15", "16a"},
        {"7b", "16b"},
        {"3", "4", "6", "7", "8", "9", "11"},
        {"10", "12"},
    ),
    (
        "app_plain_results.md",
        "Intervention",
        {"1", "3", "5", "6", "7b", "8", "9", "11", "13", "14a", "14b", "15", "16a", "16b"},
        {"7a", "12"},
        {"3", "4", "8", "9", "11", "12"},
        {"7"},
    ),
    (
        "support_arm_results.md",
        "support arm",
        {"1", "4", "6", "7b", "8", "9", "11", "12", "14a", "14b", "15"},
        {"7a", "13"},  # a comfortable pace is no intensity: the dose is incomplete
        {"3", "4", "6", "7", "9"},
        set(),
    ),
]


@pytest.mark.parametrize(
    ("name", "arm", "cert_yes", "cert_no", "tidier_yes", "tidier_no"),
    _REPORTS,
    ids=[row[0] for row in _REPORTS],
)
def test_step_goal_reports_are_rated_as_exercise_programmes(
    name: str,
    arm: str,
    cert_yes: set[str],
    cert_no: set[str],
    tidier_yes: set[str],
    tidier_no: set[str],
) -> None:
    appraisal = exdose.appraise(exdose.read_report(DATA / name))
    assert appraisal.arm == arm, appraisal.arm_reason
    cert = _reported(appraisal, "cert")
    tidier = _reported(appraisal, "tidier")
    assert cert_yes <= cert, sorted(cert_yes - cert)
    assert not cert_no & cert, sorted(cert_no & cert)
    assert tidier_yes <= tidier, sorted(tidier_yes - tidier)
    assert not tidier_no & tidier, sorted(tidier_no & tidier)


def test_a_drug_trial_that_counts_steps_as_an_outcome_has_no_exercise_arm() -> None:
    """Steps as a secondary outcome, an accelerometer at baseline and 12 months, physical
    activity as a covariate and a dose ramp of metformin: not a physical-activity trial."""
    appraisal = exdose.appraise(exdose.read_report(DATA / "metformin_lookalike.md"))
    assert appraisal.arm is None, appraisal.arm_reason
    assert appraisal.cert.score == 0 and appraisal.tidier.score == 0


# One sentence put into a short step-goal report: where it stands, and the items it reports.
_TITLE = "A walking intervention for adults with hypertension: a randomised trial"
_ABSTRACT = (
    "Adults with hypertension were randomised to a physical activity intervention or to usual "
    "care for 12 months."
)


def _report(sentence: str, where: str) -> str:
    intervention = "Participants in the intervention group took part in the study."
    outcomes = "The primary outcome was systolic blood pressure at 12 months."
    results = "Of 100 participants, 90 completed the trial."
    if where == "intervention":
        intervention += " " + sentence
    elif where == "outcomes":
        outcomes += " " + sentence
    else:
        results += " " + sentence
    return (
        f"{_TITLE}\n\n## Abstract\n\n{_ABSTRACT}\n\n## Methods\n\n"
        f"### Intervention group\n\n{intervention}\n\n"
        "### Control group\n\nParticipants in the control group received usual care.\n\n"
        f"### Outcomes\n\n{outcomes}\n\n## Results\n\n{results}\n"
    )


def _evidence(tmp_path: Path, sentence: str, where: str) -> dict[str, set[str]]:
    """Per item ("cert 9", "tidier 3"), the evidence texts of the rating."""
    path = tmp_path / "report.md"
    path.write_text(_report(sentence, where), encoding="utf-8")
    appraisal = exdose.appraise(exdose.read_report(path))
    assert appraisal.arm == "Intervention group", appraisal.arm_reason
    found: dict[str, set[str]] = {}
    for checklist, rating in (("cert", appraisal.cert), ("tidier", appraisal.tidier)):
        for item in rating.items:
            found[f"{checklist} {item.id}"] = {e.text for e in item.evidence}
    return found


_SHOULD_COUNT = [
    # equipment and materials: the arm's own device
    ("Participants received a Fitbit Charge 4 wrist-worn activity tracker to monitor their "
     "daily steps.", "intervention", ["cert 1", "tidier 3"]),
    ("Each participant was given a pedometer and a step diary.", "intervention",
     ["cert 1", "tidier 3"]),
    # mode of delivery: coaching by text message, voice assistant or app
    ("Participants received automated text-message coaching twice a week.", "intervention",
     ["cert 4", "tidier 6"]),
    ("Coaching was delivered through a voice assistant on the participant's smartphone.",
     "intervention", ["cert 4", "tidier 6"]),
    # adherence: device data checked against the goal
    ("Goal attainment was monitored each week from the tracker data.", "intervention",
     ["cert 5", "cert 16a", "tidier 11"]),
    ("Step counts from the app were used to check whether participants met their daily goal.",
     "intervention", ["cert 5", "cert 16a", "tidier 11"]),
    # progression: a rule on a criterion, a fixed ramp
    ("If the goal was met on 5 of 7 days, the goal was raised by 10% for the next week.",
     "intervention", ["cert 7a"]),
    ("The daily step goal was increased by 25% per week over the first 4 weeks and was then "
     "maintained.", "intervention", ["cert 7b"]),
    ("The step target rose by 500 steps every two weeks until week 12.", "intervention",
     ["cert 7b"]),
    # the unsupervised component: a step goal with how much
    ("Participants were asked to walk at least 8000 steps per day.", "intervention",
     ["cert 9", "tidier 4"]),
    ("The daily step goal was 10,000 steps.", "intervention", ["cert 9"]),
    ("Participants aimed for 150 minutes of moderate-to-vigorous physical activity a week.",
     "intervention", ["cert 9"]),
    # where: a type of place named
    ("Participants walked outdoors or in a park near their home.", "intervention",
     ["cert 12", "tidier 7"]),
    # starting level and tailoring: a goal from the person's own baseline
    ("Each participant's daily step goal was set at 1500 steps above his or her baseline mean.",
     "intervention", ["cert 15", "cert 14a", "cert 14b", "tidier 9", "cert 9"]),
    ("The step goal was set from the participant's own run-in week average.", "intervention",
     ["cert 15", "cert 14a", "tidier 9"]),
    ("The starting goal was the baseline mean plus 33%.", "intervention", ["cert 15"]),
    # how well, actual: goal attainment in numbers
    ("Participants in the intervention group met their daily step goal on 68% of days.",
     "results", ["cert 16b", "tidier 12"]),
]  # fmt: skip

_MUST_NOT_COUNT = [
    # steps as an outcome only
    ("The secondary outcome was mean daily steps measured with the tracker.", "outcomes",
     ["cert 9", "cert 13", "cert 15", "tidier 8"]),
    ("Mean daily steps rose by 1200 steps in both groups.", "results",
     ["cert 9", "cert 7b", "cert 16b", "tidier 12"]),
    # an accelerometer worn only at the assessments
    ("Physical activity was measured with a waist-worn accelerometer worn for 7 days at "
     "baseline and at 12 months.", "outcomes",
     ["cert 1", "tidier 3", "cert 5", "cert 16a", "tidier 11"]),
    ("Participants wore an ActiGraph accelerometer at baseline and follow-up to measure the "
     "primary outcome.", "outcomes", ["cert 1", "cert 5", "cert 16a", "tidier 11"]),
    # a drug's dose ramp in the same arm
    ("Participants continued their medication, and the dose of metformin was increased by "
     "500 mg per week over the first 4 weeks until 2000 mg daily was reached.", "intervention",
     ["cert 7a", "cert 7b", "cert 15", "cert 14b"]),
    # no place named
    ("Physical activity was remotely monitored in daily life.", "intervention",
     ["cert 12", "tidier 7"]),
    # "alone" said of a device, not of how the exercise is done
    ("Wearable devices alone rarely change behaviour.", "intervention", ["cert 3", "tidier 6"]),
    # feedback when the goal is met is not a rule that moves the goal
    ("The app showed progress towards the goal and sent praise when the goal was met.",
     "intervention", ["cert 7a"]),
    # the statistics
    ("Analyses were adjusted for baseline steps.", "intervention",
     ["cert 14a", "cert 15", "tidier 9"]),
    ("The aim of the study was to increase daily steps.", "intervention", ["cert 9"]),
]  # fmt: skip


def test_the_bare_report_reports_none_of_the_tested_items(tmp_path: Path) -> None:
    """Without a tested sentence the short report gives none of these items (so each row of
    the tables below is about its own sentence)."""
    found = _evidence(tmp_path, "", "intervention")
    items = {item for _, _, listed in _SHOULD_COUNT + _MUST_NOT_COUNT for item in listed}
    assert not {item for item in items if found[item]}


@pytest.mark.parametrize(("sentence", "where", "items"), _SHOULD_COUNT)
def test_step_goal_sentences_that_count(
    tmp_path: Path, sentence: str, where: str, items: list[str]
) -> None:
    found = _evidence(tmp_path, sentence, where)
    missing = [item for item in items if not any(sentence in text for text in found[item])]
    assert not missing, missing


@pytest.mark.parametrize(("sentence", "where", "items"), _MUST_NOT_COUNT)
def test_step_count_look_alikes_that_do_not_count(
    tmp_path: Path, sentence: str, where: str, items: list[str]
) -> None:
    found = _evidence(tmp_path, sentence, where)
    counted = [item for item in items if any(sentence in text for text in found[item])]
    assert not counted, counted
