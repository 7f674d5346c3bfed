"""The three tailoring items rated as the different questions they are.

- CERT 14a: whether the exercise is generic (the same for everyone) or tailored - a statement
  either way.
- CERT 14b: how it is tailored - the decision rule for the individual level (what is measured,
  the criterion, what changes), or what is adapted and on what basis; a generic programme
  counts (docs/checklists.md: nothing more to describe).
- TIDieR 9: whether and how the intervention is personalised, titrated or adapted (what, on what
  basis), or that it is not: "individually tailored" alone does not say how.

Every sentence and report here is written by the project from the rules in docs/checklists.md.
Each table sentence is placed alone in the exercise arm of a small report with a usual-care
control arm and rated through the public API (`exdose.appraise`).
"""

from __future__ import annotations

from pathlib import Path

import pytest

import exdose
from exdose.appraise.models import Appraisal, ItemRating

_FILLER = (
    "Participants were adults aged 50 to 75 years with chronic low back pain, recruited from "
    "physiotherapy waiting lists in one region. "
) * 25


def _report(
    arm_text: str,
    *,
    control: str = "Participants continued their usual care.",
    extra_methods: str = "",
) -> str:
    return (
        "Strength training for chronic low back pain: a randomised controlled trial\n\n"
        "## Abstract\n\nAdults with back pain were randomised to strength training or usual "
        "care.\n\n"
        f"## Methods\n\n{_FILLER}\n\n{extra_methods}\n\n"
        f"### Exercise group\n\n{arm_text}\n\n"
        f"### Control group\n\n{control}\n\n"
        "## Results\n\nSixty participants were randomised and 54 completed the trial.\n"
    )  # fmt: skip


def _appraise(arm_text: str, **kwargs: str) -> Appraisal:
    appraisal = exdose.appraise(_report(arm_text, **kwargs))
    assert appraisal.arm is not None and "exercise" in appraisal.arm.lower()
    return appraisal


def _items(appraisal: Appraisal) -> dict[str, ItemRating]:
    assert appraisal.cert is not None and appraisal.tidier is not None
    return {
        "14a": appraisal.cert.item("14a"),
        "14b": appraisal.cert.item("14b"),
        "T9": appraisal.tidier.item("9"),
    }


def _rated(sentence: str) -> dict[str, bool]:
    return {key: rating.reported for key, rating in _items(_appraise(sentence)).items()}


# (sentence, CERT 14a, CERT 14b, TIDieR 9)
TABLE = [
    # --- whether only: tailored, but not how (CERT 14a; TIDieR 9 asks whether and how, and a
    # reviewer rates the whether as an answer; CERT 14b needs the how) ----------------------
    ("The exercise programme was individually tailored.", True, False, True),
    ("Exercises were personalised for each participant.", True, False, True),
    ("Training was individualised by the physiotherapist.", True, False, True),
    ("Each participant received a customised exercise plan.", True, False, True),
    ("The exercise prescription was set on an individual basis.", True, False, True),
    ("Participants walked at their own pace.", True, False, True),
    # --- generic: the same for everyone reports all three -------------------------------------
    ("All participants followed the same exercise programme.", True, True, True),
    ("The same programme was used for every participant.", True, True, True),
    ("The exercises were identical for all participants.", True, True, True),
    ("A standardised exercise protocol was delivered to all participants.", True, True, True),
    ("The exercise programme was not tailored to the individual.", True, True, True),
    ("There was no individual tailoring of the exercises.", True, True, True),
    # --- how: adapted to the person, with what and on what basis -----------------------------
    ("Exercises were chosen for each participant according to their goals and preferences.",
     True, True, True),
    ("The exercises were adapted to each participant's functional capacity.", True, True, True),
    ("Exercise intensity was titrated to each participant's symptoms.", True, True, True),
    ("Resistance was adjusted according to each participant's perceived exertion (Borg 12-14).",
     True, True, True),
    ("Exercises were adapted for participants with limited mobility by performing them seated.",
     True, True, True),
    ("The number of repetitions was individualised according to the results of the baseline "
     "sit-to-stand test.", True, True, True),
    # --- decision rules for the individual level (what is measured, criterion, what changes);
    # a rule for the person's level also says the exercise is tailored (CERT 14a) -------------
    ("The load was increased by 5% when the participant completed all repetitions with an RPE "
     "below 6.", True, True, True),
    ("Participants progressed to the next level when pain during the exercise did not exceed "
     "3/10.", True, True, True),
    ("When a participant had more than two repetitions in reserve at the end of a set, the "
     "weight was increased.", True, True, True),
    ("Exercises were regressed if symptoms increased for more than 24 hours.", True, True, True),
    ("Walking speed was adjusted to keep the heart rate between 60% and 70% of heart rate "
     "reserve.", True, True, True),  # adjusted to the person's response: tailored, and how
    ("Intensity was set at 60% of each participant's 1RM, which was re-tested every four weeks "
     "and the load adjusted.", True, True, True),
    ("Once a participant could perform 15 repetitions with good technique, resistance was "
     "raised by one band colour.", True, True, True),
    # --- look-alikes that say nothing of tailoring --------------------------------------------
    ("Exercise was delivered in individual sessions with a physiotherapist.", False, False, False),
    ("Participants trained on an individual basis.", False, False, False),
    ("Participants could choose the time of day at which they exercised.", False, False, False),
    ("Session times were adjusted to the participants' work schedules.", False, False, False),
    ("Tailored recruitment letters were sent to eligible patients.", False, False, False),
    ("The dose of metformin was adjusted according to fasting glucose levels.",
     False, False, False),
    ("Analgesic medication was titrated by the general practitioner according to pain.",
     False, False, False),
    ("Grip strength was measured using a standardised protocol.", False, False, False),
    ("The questionnaires were adapted to the participants' reading level.", False, False, False),
    ("Each participant's heart rate was recorded during the sessions.", False, False, False),
    ("Exercises were progressed as tolerated.", False, False, False),  # no rule, no basis
    ("A mean of 36 training sessions were planned for each participant.", False, False, False),
]  # fmt: skip


@pytest.mark.parametrize(("sentence", "whether", "how", "tidier"), TABLE)
def test_each_tailoring_item_answers_its_own_question(
    sentence: str, whether: bool, how: bool, tidier: bool
) -> None:
    rated = _rated(sentence)
    assert (rated["14a"], rated["14b"], rated["T9"]) == (whether, how, tidier), sentence


# Statistics sentences stand in the methods, where the arm's sentences are looked for too.
STATISTICS = [
    "The between-group analysis was adjusted for baseline values.",
    "Differences were adjusted according to baseline pain and individual age.",
    "The sample size was increased when the dropout rate exceeded 20%.",
    "Linear mixed models were individualised with a random intercept for each participant.",
]


@pytest.mark.parametrize("sentence", STATISTICS)
def test_statistics_are_not_tailoring(sentence: str) -> None:
    appraisal = _appraise("Participants performed squats.", extra_methods=sentence)
    assert not any(rating.reported for rating in _items(appraisal).values()), sentence


# Tailoring said only of a non-exercise component: TIDieR 9 rates the intervention as a whole,
# CERT rates the exercise.
def test_tailored_advice_is_tidier_tailoring_not_cert() -> None:
    rated = _rated("Dietary advice was tailored to each participant's goals and preferences.")
    assert rated == {"14a": False, "14b": False, "T9": True}


def test_tailored_messages_are_tidier_tailoring_not_cert() -> None:
    rated = _rated("Participants received individually tailored text messages each week.")
    assert rated == {"14a": False, "14b": False, "T9": True}


# --- whole reports, end to end ---------------------------------------------------------------

WHETHER_ONLY = (
    "Participants attended two supervised sessions a week for 12 weeks. The exercises were "
    "individually tailored by the physiotherapist. Each session lasted 45 minutes and included "
    "squats, bridges, planks and bird dogs."
)


def test_a_whether_sentence_alone_answers_14a_and_tidier_9_not_14b() -> None:
    """CERT 14b needs the how; TIDieR 9 (whether and how) takes the whether, with 14a's
    sentence as its evidence because there is no other."""
    items = _items(_appraise(WHETHER_ONLY))
    assert items["14a"].reported
    assert items["14a"].evidence[0].text == (
        "The exercises were individually tailored by the physiotherapist."
    )
    assert not items["14b"].reported and not items["14b"].evidence
    assert items["T9"].reported
    assert [e.text for e in items["T9"].evidence] == [items["14a"].evidence[0].text]


WHETHER_AND_HOW = (
    "The programme was individually tailored. Participants attended two supervised sessions a "
    "week for 12 weeks. The load was increased by 2 kg when the participant completed three "
    "sets of 10 repetitions at an RPE below 7. Exercises were adapted to each participant's "
    "pain and goals."
)


def test_each_item_leads_with_its_own_sentence() -> None:
    items = _items(_appraise(WHETHER_AND_HOW))
    assert all(rating.reported for rating in items.values())
    assert items["14a"].evidence[0].text == "The programme was individually tailored."
    # 14b: the decision rule first; never 14a's sentence first
    assert items["14b"].evidence[0].text.startswith("The load was increased by 2 kg when")
    # TIDieR 9: what is tailored and on what basis, not 14a's bare statement
    assert items["T9"].evidence[0].text.startswith(("Exercises were adapted", "The load was"))
    assert all(e.text != "The programme was individually tailored." for e in items["14b"].evidence)
    # ... which it may still list, after the how (a reviewer sees the how first)
    assert items["T9"].evidence[0].text != "The programme was individually tailored."


# Four sentences that answer both 14a and 14b, and a decision rule after them: 14a shows the
# first three; 14b must find the rule after them rather than copy 14a's evidence.
MANY_ADAPTED = (
    "Squats were adapted to each participant's pain. Bridges were adapted to each participant's "
    "capacity. Planks were adapted to each participant's tolerance. Participants attended three "
    "sessions a week. Resistance was raised by one band colour when a participant reported "
    "pain below 3/10 for two sessions."
)


def test_how_tailored_never_just_copies_the_whether_evidence() -> None:
    items = _items(_appraise(MANY_ADAPTED))
    shown = {e.start for e in items["14a"].evidence}
    assert len(shown) == 3
    assert items["14b"].reported
    assert items["14b"].evidence[0].start not in shown
    assert items["14b"].evidence[0].text.startswith("Resistance was raised")
    assert items["T9"].evidence[0].start not in shown


GENERIC = (
    "All participants performed the same standardised programme of six exercises twice a week "
    "for eight weeks."
)


def test_a_generic_programme_reports_all_three() -> None:
    items = _items(_appraise(GENERIC))
    assert all(rating.reported for rating in items.values())
    assert {r.evidence[0].text for r in items.values()} == {GENERIC}


LOOK_ALIKES = (
    "Exercise was delivered in individual sessions. Participants could choose the time of day "
    "of their sessions. Tailored invitation letters were posted to all eligible patients. "
    "Participants performed squats and lunges twice a week."
)


def test_a_report_of_look_alikes_reports_no_tailoring() -> None:
    items = _items(
        _appraise(
            LOOK_ALIKES,
            extra_methods="All analyses were adjusted for baseline values and individual age.",
        )
    )
    assert not any(rating.reported for rating in items.values())


def test_the_control_arms_tailoring_is_not_the_exercise_arms() -> None:
    items = _items(
        _appraise(
            "Participants performed squats and lunges twice a week.",
            control=(
                "Participants received advice, individually tailored according to each "
                "participant's pain and goals."
            ),
        )
    )
    assert not any(rating.reported for rating in items.values())


def test_read_report_then_appraise(tmp_path: Path) -> None:
    path = tmp_path / "tailored.md"
    path.write_text(_report(WHETHER_AND_HOW), encoding="utf-8")
    document = exdose.read_report(path)
    items = _items(exdose.appraise(document))
    assert all(rating.reported for rating in items.values())
    assert items["14b"].evidence[0].text.startswith("The load was increased")
