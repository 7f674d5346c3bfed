"""Common ways exercise-trial reports say what an item asks, and look-alikes that say nothing.

Each sentence is written by the project (not taken from a report) and placed alone in the
exercise arm's section of a small report with a usual-care comparator; the expectation is what
docs/checklists.md makes of that sentence on its own.
"""

from __future__ import annotations

import pytest

from exdose.appraise.batch import appraise_text

_FILLER = (
    "Participants were adults aged 60 to 80 years with knee osteoarthritis recruited from "
    "general practices in two cities. "
) * 30


def _ratings(sentence: str) -> dict[str, bool]:
    text = (
        "Exercise for knee osteoarthritis: a randomised trial\n\n"
        "## Abstract\n\nAdults with knee pain were randomised to exercise or usual care.\n\n"
        f"## Methods\n\n{_FILLER}\n\n"
        f"### Exercise group\n\n{sentence}\n\n"
        "### Control group\n\nParticipants continued usual care from their general "
        "practitioner.\n\n"
        "## Results\n\nEighty participants were randomised.\n"
    )
    appraisal = appraise_text(text, name="phrasing.md")
    assert appraisal.cert is not None and appraisal.tidier is not None
    rated = {f"cert {i.id}": i.reported for i in appraisal.cert.items}
    rated.update({f"tidier {i.id}": i.reported for i in appraisal.tidier.items})
    return rated


SAYS_IT = [
    ("cert 1", "Heart rate was kept in the target zone during sessions with a heart rate monitor."),
    ("tidier 3", "Each participant was given a pedometer to count daily steps."),
    ("cert 3", "Each participant trained individually with a therapist."),
    ("cert 5", "Participants recorded their home exercise in a diary."),
    ("cert 7b", "The number of sets increased from one to three over the first four weeks."),
    ("cert 7b", "The programme progressed from low to moderate intensity over 12 weeks."),
    ("cert 10", "No other co-interventions were provided."),
    ("cert 4", "Sessions were delivered online by video call."),
    ("cert 12", "Participants exercised at home."),
    ("cert 14b", "All participants performed the same standardised programme."),
    ("cert 16a", "The physiotherapists completed a checklist after each session of the exercises "
     "delivered."),
    ("tidier 11", "The physiotherapists completed a checklist after each session of the exercises "
     "delivered."),
    ("cert 1", "Exercises were performed on a mat using a chair for support."),
    ("cert 6", "Participants who missed a session were contacted by telephone."),
    ("cert 7b", "Weeks 1-6 focused on strength and weeks 7-12 on power."),
    ("cert 7b", "The programme had three phases: a 4-week familiarisation phase, a 4-week strength "
     "phase and a 4-week maintenance phase."),
    ("cert 9", "In addition, participants were instructed to walk for 30 minutes on two further "
     "days each week."),
    ("cert 14b", "Intensity was individualised using the heart rate reserve from the baseline "
     "exercise test."),
    ("cert 16a", "Physiotherapists recorded the exercises, sets, repetitions and load at every "
     "session."),
    ("tidier 5", "The physiotherapists attended a two-day workshop on the intervention before the "
     "trial."),
    ("tidier 8", "The programme ran for 12 weeks with two 1-hour sessions per week at an intensity "
     "of 70% of maximum heart rate."),
    ("cert 13", "The programme ran for 12 weeks with two 1-hour sessions per week at an intensity "
     "of 70% of maximum heart rate."),
    ("cert 5", "Attendance at the exercise sessions was recorded."),
    ("cert 9", "Participants were asked not to exercise outside the supervised sessions."),
    ("tidier 10", "The intervention was delivered as planned without modifications."),
    ("cert 12", "Classes were held at a local YMCA."),
    ("cert 2", "The exercise sessions were conducted by a certified strength and conditioning "
     "specialist."),
    ("tidier 2", "We hypothesised that strengthening the hip muscles would reduce knee load."),
    ("tidier 4", "Participants walked on the treadmill for 30 minutes."),
    ("cert 3", "Classes had eight to ten participants."),
    # already understood before; kept as a guard
    ("cert 7a", "The load was increased by 5% when the participant could complete three sets of "
     "12 repetitions."),
    ("cert 15", "The starting load was set at 60% of the baseline one repetition maximum."),
    ("cert 12", "The classes were held in community centres."),
]  # fmt: skip

SAYS_NOTHING = [
    ("cert 1", "Physical activity was measured with a pedometer for seven days at baseline."),
    ("cert 3", "Participants were randomised individually to the two groups."),
    ("cert 5", "Pain was recorded in a pain diary at baseline."),
    ("cert 7b", "Pain decreased from 6 to 3 over the first four weeks."),
    ("cert 10", "No other adverse events occurred."),
    ("cert 12", "Patients are encouraged to continue exercises at home."),
    ("cert 14b", "All participants gave written informed consent to the same protocol."),
    ("cert 16a", "A checklist of eligibility criteria was completed at screening."),
    ("cert 12", "Participants were recruited from three hospitals."),
    ("tidier 7", "Assessments were carried out at the hospital."),
    ("cert 4", "Data were stored on a secure online server."),
    ("cert 7b", "Outcomes were assessed in weeks 1-2 and weeks 12-13."),
    ("cert 7b", "The study consisted of three phases over 24 months."),
    ("cert 9", "Blood samples were taken on two other days."),
    ("cert 6", "Participants who missed the follow-up visit were contacted by telephone."),
    ("cert 16a", "Nurses recorded the dose of analgesics at every visit."),
    # adherence to something else than the exercise is no adherence measure of it
    ("cert 5", "Adherence to the physical activity guidelines was assessed with accelerometers."),
    ("cert 5", "Attendance at the follow-up assessments was recorded."),
    ("cert 16a", "Medication adherence was measured with pill counts."),
    ("tidier 11", "Compliance with the dietary recommendations was assessed by a food diary."),
    ("tidier 6", "The questionnaires were completed online."),
]


@pytest.mark.parametrize(("item", "sentence"), SAYS_IT)
def test_a_sentence_that_says_it_reports_the_item(item: str, sentence: str) -> None:
    assert _ratings(sentence)[item], sentence


@pytest.mark.parametrize(("item", "sentence"), SAYS_NOTHING)
def test_a_look_alike_reports_nothing(item: str, sentence: str) -> None:
    assert not _ratings(sentence)[item], sentence


# Tailoring: whether it is tailored (CERT 14a), how and on what basis (CERT 14b; a programme
# the same for everyone counts), and TIDieR 9 (whether and how: either answers it).
# More in test_tailoring_items.py.
TAILORING = [
    ("The physiotherapist chose the exercises for each patient from a menu of 20 exercises, "
     "based on the initial assessment.", True, True),
    ("Exercises were adapted for participants with limited mobility by performing them seated.",
     True, True),
    ("The exercise programme was standardised.", True, True),
    ("Exercise difficulty was individually progressed when participants could perform an "
     "exercise correctly for three sets of ten repetitions.", True, True),
    ("The programme was personalised.", True, False),  # whether, not how
    ("The outcome assessment was standardised across sites.", False, False),
]  # fmt: skip


@pytest.mark.parametrize(("sentence", "tailored", "how"), TAILORING)
def test_tailoring_and_how(sentence: str, tailored: bool, how: bool) -> None:
    rated = _ratings(sentence)
    assert (rated["cert 14a"], rated["cert 14b"]) == (tailored, how), sentence
    assert rated["tidier 9"] == tailored, sentence


def test_sessions_planned_for_each_participant_are_no_tailoring() -> None:
    rated = _ratings("A mean of 48 training sessions were planned for each participant.")
    assert not rated["cert 14a"] and not rated["tidier 9"]


@pytest.mark.parametrize(
    ("item", "sentence", "reported"),
    [
        ("cert 15", "The initial walking speed was the participant's comfortable speed measured "
         "at baseline.", True),
        ("cert 7a", "Progression followed predefined criteria: pain below 3/10 and full range of "
         "motion.", True),
        ("cert 7a", "Exercises were progressed as tolerated.", False),  # no rule
        ("cert 16b", "The mean attendance was 75% (SD 20).", True),
        ("tidier 12", "Of the 30 participants in the exercise group, 25 completed the programme.",
         True),
        ("cert 16b", "Medication adherence was 90%.", False),
        ("cert 16b", "Previous studies reported an attendance of 60%.", False),
    ],
)  # fmt: skip
def test_starting_level_progression_rule_and_delivery(
    item: str, sentence: str, reported: bool
) -> None:
    assert _ratings(sentence)[item] is reported, sentence
