"""Sentences that look like evidence for an item but support it for the wrong reason.

- Outcome assessors are not the programme's providers: a physiotherapist blinded to the
  allocation who measured the outcomes says nothing of who delivered the exercise (CERT 2,
  TIDieR 5 and its training rule).
- Advice is not a motivation strategy: "encouraged to avoid painful positions" is an
  instruction; encouragement to exercise, phone calls, feedback and goal setting are (CERT 6).
- A sentence whose subject is the comparator ("children in the control group will practise the
  same actions as the experimental group") describes the comparator, not the exercise arm.
- A report's arm list names each arm once, and only the arms the trial has: "physiotherapy
  group" and "physiotherapy programme group" are one arm, "Intervention" and "intervention
  group" too, and a "sham surgery control arm" the background says was not used is none.

The sentences and reports are written for these tests (tests/data/appraise/look_alikes), rated
end to end through `exdose.read_report` and `exdose.appraise`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import exdose

DATA = Path(__file__).resolve().parents[1] / "data" / "appraise" / "look_alikes"


def _rate(tmp_path: Path, text: str, arm: str | None = None) -> exdose.Appraisal:
    path = tmp_path / "report.md"
    path.write_text(text, encoding="utf-8")
    return exdose.appraise(exdose.read_report(path), arm=arm)


def _report(sentence: str) -> str:
    """A two-arm trial whose exercise arm's own section ends with `sentence`."""
    return f"""Knee strengthening exercise for adults with osteoarthritis: a randomised trial

## Abstract

We randomly assigned 80 adults to an exercise group or a control group.

## Methods

### Exercise group

The exercise group attended a 12-week programme of knee strengthening exercises.
{sentence}

### Control group

The control group received no exercise.

## Results

Seventy participants completed the study.
"""


def _evidence_for(appraisal: exdose.Appraisal, checklist: str, item: str, text: str) -> bool:
    rating = appraisal.cert if checklist == "cert" else appraisal.tidier
    found = next(i for i in rating.items if i.id == item)
    return any(text[:40] in e.text for e in found.evidence)


_ASSESSORS = [
    "Assessments were performed by a physiotherapist blinded to group allocation.",
    "An experienced physiotherapist unaware of the allocation measured range of motion.",
    "Outcome assessors (physical therapists) were trained in the test procedures.",
    "All tests were carried out by two qualified physiotherapists masked to treatment allocation.",
]
_PROVIDERS = [
    "Exercise sessions were delivered by physiotherapists with at least 2 years' experience.",
    "Two certified personal trainers supervised the classes.",
    "The instructors attended a 2-day training course in the protocol.",
    "A nurse trained in motivational interviewing delivered the sessions.",
    "The sessions were delivered by a registered dietitian and an exercise physiologist.",
]


@pytest.mark.parametrize("sentence", _ASSESSORS)
def test_outcome_assessors_are_not_providers(tmp_path: Path, sentence: str) -> None:
    appraisal = _rate(tmp_path, _report(sentence))
    assert not _evidence_for(appraisal, "cert", "2", sentence)
    assert not _evidence_for(appraisal, "tidier", "5", sentence)


@pytest.mark.parametrize("sentence", _PROVIDERS)
def test_providers_still_count(tmp_path: Path, sentence: str) -> None:
    appraisal = _rate(tmp_path, _report(sentence))
    assert _evidence_for(appraisal, "cert", "2", sentence)
    assert _evidence_for(appraisal, "tidier", "5", sentence)


_ADVICE = [
    "Participants were encouraged to avoid painful positions.",
    "Patients were encouraged to continue their usual medication.",
    "Participants were advised to avoid strenuous activity before the tests.",
    "Participants were strongly encouraged not to start other treatments during the trial.",
    "Patients were encouraged to maintain their usual daily activities.",
]
_MOTIVATION = [
    "Participants were encouraged to exercise with a friend.",
    "Participants were encouraged by weekly phone calls.",
    "Participants were encouraged to keep an exercise diary and received feedback.",
    "Patients were encouraged to continue the exercises at home after the sessions ended.",
    "The therapist recorded the attainment of individual goals at each session.",
    "Participants followed a goal-based programme agreed with their physiotherapist.",
]


@pytest.mark.parametrize("sentence", _ADVICE)
def test_advice_is_not_motivation(tmp_path: Path, sentence: str) -> None:
    appraisal = _rate(tmp_path, _report(sentence))
    assert not _evidence_for(appraisal, "cert", "6", sentence)


@pytest.mark.parametrize("sentence", _MOTIVATION)
def test_motivation_strategies_count(tmp_path: Path, sentence: str) -> None:
    appraisal = _rate(tmp_path, _report(sentence))
    assert _evidence_for(appraisal, "cert", "6", sentence)


def test_goal_attainment_scaling_outcome_is_not_goal_setting(tmp_path: Path) -> None:
    sentence = "Goal attainment scaling was a secondary outcome."
    assert not _evidence_for(_rate(tmp_path, _report(sentence)), "cert", "6", sentence)


_CHILDREN = (DATA / "children_template.md").read_text(encoding="utf-8")
_COMPARATOR_SUBJECT = [
    "Children in the control group will practise the same tailored actions at home as the "
    "experimental group, supervised by a physiotherapist with a master's degree.",
    "The control group received the same education sessions as the experimental group, led by "
    "a certified instructor, but no exercise.",
]


@pytest.mark.parametrize("sentence", _COMPARATOR_SUBJECT)
@pytest.mark.parametrize("where", ["own", "other"])
def test_sentence_about_the_comparator_is_not_the_arms_evidence(
    tmp_path: Path, sentence: str, where: str
) -> None:
    text = _CHILDREN.format(
        own=sentence if where == "own" else "", other=sentence if where == "other" else ""
    )
    appraisal = _rate(tmp_path, text)
    assert appraisal.arm == "Experimental group"
    for rating in (appraisal.cert, appraisal.tidier):
        for item in rating.items:
            assert all(sentence[:40] not in e.text for e in item.evidence), item.id


def test_a_comparison_with_the_comparator_still_describes_the_arm(tmp_path: Path) -> None:
    sentence = (
        "Unlike the control group, the experimental group was supervised by a physiotherapist."
    )
    appraisal = _rate(tmp_path, _CHILDREN.format(own=sentence, other=""))
    assert _evidence_for(appraisal, "cert", "2", sentence)
    # "unlike the control group" is the control group, not an arm of its own
    assert appraisal.arms == ["Experimental group", "Control group"]


_HIP = (DATA / "hip_phrasings.md").read_text(encoding="utf-8")

_KNEE = (DATA / "knee_headings.md").read_text(encoding="utf-8")


def test_one_arm_under_two_phrasings_is_listed_once(tmp_path: Path) -> None:
    appraisal = _rate(tmp_path, _HIP)
    assert appraisal.arm == "physiotherapy programme group"
    assert appraisal.arms == ["physiotherapy programme group", "surgery group"]
    assert _rate(tmp_path, _HIP, arm="physiotherapy").arm == "physiotherapy programme group"
    assert _rate(tmp_path, _HIP, arm="surgery").arm == "surgery group"


def test_heading_and_its_group_phrase_are_one_arm(tmp_path: Path) -> None:
    appraisal = _rate(tmp_path, _KNEE)
    assert appraisal.arm == "Intervention"
    assert appraisal.arms == ["Intervention", "Control"]
    assert _rate(tmp_path, _KNEE, arm="intervention").arm == "Intervention"
    assert _rate(tmp_path, _KNEE, arm="control").arm == "Control"


@pytest.mark.parametrize(
    "said",
    [
        "Unlike earlier trials, we did not include a placebo group.",
        "There was no waiting list group, as all participants were offered exercise.",
    ],
)
def test_an_arm_the_trial_does_not_have_is_not_listed(tmp_path: Path, said: str) -> None:
    text = _KNEE.replace(
        "Participants in the intervention group performed",
        said + "\n\nParticipants in the intervention group performed",
    )
    appraisal = _rate(tmp_path, text)
    assert appraisal.arms == ["Intervention", "Control"]
