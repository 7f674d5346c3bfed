"""Multi-arm trials whose arms have plain headings, no comparator heading, or no heading at all.

End to end through the public API (`exdose.read_report`, `exdose.appraise`): every arm the report
describes is listed, one exercise arm is rated with the reason said, the other arms' own
descriptions are out of the rated scope, and `--arm` still wins. The reports are written for
these tests from the rating rules (rate the main exercise arm; of several exercise arms the one
the title names, else the first described).
"""

from __future__ import annotations

from pathlib import Path

import pytest

import exdose
from exdose.appraise.models import Appraisal

_FILLER = (
    "Participants were community-dwelling adults aged 50 to 75 years recruited through "
    "newspaper advertisements and general practices. Assessors unaware of the allocation "
    "measured the outcomes at baseline and after 16 weeks. "
) * 10

_LOOK_ALIKES_BACKGROUND = (
    "## Background\n\n"
    "In an earlier trial the exercise group improved more than the control group, and in "
    "another the yoga group and the walking group did not differ. The FIT trial compared a "
    "dance group with a waiting-list group.\n\n"
)

_LOOK_ALIKES_ANALYSIS = (
    "### Statistical analysis\n\n"
    "Linear mixed models compared each arm with the control group, with the baseline value as "
    "covariate. In the subgroup of women, and in the subgroup of participants over 65, the "
    "models were repeated. The per-protocol group included participants who attended 70% of "
    "the sessions.\n\n"
    "## Results\n\n"
    "Table 2. Outcomes by group at 16 weeks\n\n"
    "Of 150 participants randomised, 139 completed the trial. The control group reported "
    "fewer adverse events than the training groups.\n\n"
    "## Discussion\n\n"
    "As in the earlier trials, the exercise group improved most.\n"
)

THREE_HEADINGS = (
    "Resistance or aerobic training for chronic low back pain in middle-aged adults: a "
    "randomised trial\n\n"
    "## Abstract\n\n"
    "Adults with chronic low back pain were randomised to resistance training, aerobic "
    "training or stretching and relaxation for 16 weeks.\n\n"
    + _LOOK_ALIKES_BACKGROUND
    + "## Methods\n\n"
    "### Participants and allocation\n\n"
    f"{_FILLER}\n\n"
    "Participants were randomised (1:1:1) to resistance training, aerobic training or a "
    "stretching control, stratified by sex.\n\n"
    "### Interventions\n\n"
    "All arms met in the university sports centre for 16 weeks.\n\n"
    "#### Resistance training\n\n"
    "Participants performed eight machine-based strengthening exercises for the trunk and legs, "
    "three sets of ten repetitions at 70% of the one-repetition maximum, three times a week. "
    "A physiotherapist supervised every session. The load was increased by 5% when all sets "
    "were completed.\n\n"
    "#### Aerobic training\n\n"
    "Participants walked on a treadmill or cycled on an ergometer for 40 minutes at 60% to 75% "
    "of heart rate reserve, three times a week, supervised by an exercise physiologist.\n\n"
    "#### Stretching and relaxation\n\n"
    "Participants did gentle whole-body stretching and progressive muscle relaxation for 40 "
    "minutes once a week with a yoga teacher, using foam mats and a relaxation audio "
    "recording.\n\n" + _LOOK_ALIKES_ANALYSIS
)

PARAGRAPHS = (
    "High-intensity interval training or moderate-intensity training in heart failure: a "
    "randomised trial\n\n"
    "## Abstract\n\n"
    "Patients with heart failure were randomised to high-intensity interval training, "
    "moderate-intensity continuous training or usual activities.\n\n"
    + _LOOK_ALIKES_BACKGROUND
    + "## Methods\n\n"
    f"{_FILLER}\n\n"
    "Patients were randomly assigned to a high-intensity group, a moderate-intensity group or "
    "a control group.\n\n"
    "### Interventions\n\n"
    "The high-intensity group performed four 4-minute intervals at 85% to 95% of peak heart "
    "rate on a treadmill, three times a week for 12 weeks. Each interval was followed by 3 "
    "minutes of active recovery. A physiotherapist supervised every session in the hospital "
    "gym.\n\n"
    "Participants in the moderate-intensity group walked continuously on a treadmill at 60% to "
    "70% of peak heart rate for 47 minutes, three times a week. They exercised at home with a "
    "heart rate monitor and a printed diary.\n\n"
    "The control group continued usual activities. They received a leaflet on healthy eating "
    "from a dietitian.\n\n" + _LOOK_ALIKES_ANALYSIS
)

LABELLED = (
    "Supervised or home exercise after total knee replacement: a randomised trial\n\n"
    "## Abstract\n\n"
    "Patients after knee replacement were randomised to supervised exercise, home exercise or "
    "usual care.\n\n" + _LOOK_ALIKES_BACKGROUND + "## Methods\n\n"
    f"{_FILLER}\n\n"
    "Patients were randomised to three groups.\n\n"
    "### Interventions\n\n"
    "Group A (n = 40): supervised exercise. Patients attended strengthening and balance "
    "exercise classes led by a physiotherapist twice a week for 8 weeks in the outpatient "
    "gym.\n\n"
    "Group B (n = 40): home exercise. Patients did the same exercises at home with a booklet "
    "and an elastic band, and a nurse phoned them every fortnight.\n\n"
    "Group C (n = 40): usual care. Patients saw their surgeon at 6 weeks and received a "
    "pamphlet from the ward pharmacist.\n\n" + _LOOK_ALIKES_ANALYSIS
)

NUMBERED = (
    "Exercise after breast cancer surgery: a three-arm randomised trial\n\n"
    "## Abstract\n\n"
    "Women after breast cancer surgery were randomised to one of three arms.\n\n"
    + _LOOK_ALIKES_BACKGROUND
    + "## Methods\n\n"
    f"{_FILLER}\n\n"
    "Women were randomised to one of three arms:\n\n"
    "1. Arm 1: waiting list. Women were offered the programme after the final assessment and "
    "were given a relaxation compact disc by a psychologist.\n"
    "2. Arm 2: home exercise. Women did shoulder mobility and strengthening exercises at home "
    "every day, with a DVD and a diary.\n"
    "3. Arm 3: supervised exercise. Women attended circuit exercise classes with a "
    "physiotherapist twice a week for 12 weeks in the hospital gym.\n\n" + _LOOK_ALIKES_ANALYSIS
)

DOSE = (
    "{title}\n\n"
    "## Abstract\n\n"
    "Sedentary adults with hypertension were randomised to 150 or 75 minutes of aerobic "
    "exercise a week.\n\n"
    "## Methods\n\n"
    f"{_FILLER}\n\n"
    "Participants were randomly allocated to a high-dose or a low-dose exercise programme.\n\n"
    "### Interventions\n\n"
    "#### High-dose exercise\n\n"
    "Participants walked briskly or cycled for 50 minutes three times a week at 65% of heart "
    "rate reserve, supervised by an exercise physiologist in a community gym.\n\n"
    "#### Low-dose exercise\n\n"
    "Participants walked briskly or cycled for 25 minutes three times a week at 65% of heart "
    "rate reserve, supervised by an exercise physiologist in a community gym.\n\n"
    "### Statistical analysis\n\n"
    "The groups were compared with mixed models.\n"
)
DOSE_UNTITLED = DOSE.format(
    title="Aerobic exercise dose and blood pressure in sedentary adults: a randomised trial"
)
DOSE_TITLED = DOSE.format(
    title="Is low-dose aerobic exercise enough to lower blood pressure? A randomised trial"
)


def _appraise(text: str, tmp_path: Path, arm: str | None = None) -> Appraisal:
    path = tmp_path / "report.md"
    path.write_text(text, encoding="utf-8")
    exdose.read_report(path)  # the public reader takes it
    return exdose.appraise(path, arm=arm)


def _evidence(appraisal: Appraisal) -> list[str]:
    quoted = []
    for checklist in (appraisal.cert, appraisal.tidier):
        assert checklist is not None
        quoted += [e.text for item in checklist.items for e in item.evidence]
    return quoted


_NOT_ARMS = (
    "exercise group", "yoga group", "walking group", "dance group", "waiting-list group",
    "per-protocol group", "subgroup", "outcomes by group", "training groups",
)  # fmt: skip


def _no_look_alikes(appraisal: Appraisal) -> None:
    names = [name.lower() for name in appraisal.arms]
    assert not [n for n in names if any(bad in n for bad in _NOT_ARMS)], names


# --- 1. three plain headings, the control named in the allocation sentence ----------------------


def test_three_plain_headings_are_three_arms_and_the_control_is_not_rated(
    tmp_path: Path,
) -> None:
    appraisal = _appraise(THREE_HEADINGS, tmp_path)
    assert appraisal.arms[:3] == [
        "Resistance training",
        "Aerobic training",
        "Stretching and relaxation",
    ]
    _no_look_alikes(appraisal)
    assert appraisal.arm == "Resistance training"
    assert "'Resistance training'" in appraisal.arm_reason
    assert "exercise points" in appraisal.arm_reason
    assert "first named of 2 exercise arms" in appraisal.arm_reason
    assert "'Stretching and relaxation'" in appraisal.arm_reason  # said to be the comparator
    quoted = _evidence(appraisal)
    # the other arms' own descriptions are out of the rated scope
    assert not any("yoga teacher" in q or "relaxation audio" in q for q in quoted)
    assert not any("exercise physiologist" in q for q in quoted)
    assert any("physiotherapist supervised" in q for q in quoted)


def test_the_comparator_named_by_the_allocation_sentence_is_never_rated(tmp_path: Path) -> None:
    # the stretching arm described first and at length is still the control
    text = THREE_HEADINGS.replace(
        "#### Stretching and relaxation",
        "#### Stretching and relaxation\n\nStretching and "
        "flexibility exercise for the whole body, with stretching exercises for the back.\n\n"
        "#### Stretching (cont.)",
    )
    appraisal = _appraise(text, tmp_path)
    assert appraisal.arm == "Resistance training"


def test_parts_of_one_intervention_are_still_not_arms(tmp_path: Path) -> None:
    # two sub-headings of one programme, an allocation sentence that names neither
    text = (
        "Group exercise for older adults: a randomised trial\n\n"
        "## Methods\n\n" + _FILLER + "\n\n"
        "Participants were randomised to the exercise programme or usual care.\n\n"
        "### Interventions\n\n"
        "#### Warm-up and aerobic part\n\n"
        "Each exercise session began with ten minutes of walking.\n\n"
        "#### Strength part\n\n"
        "Participants then did strengthening exercises with weights.\n"
    )
    appraisal = _appraise(text, tmp_path)
    assert "Strength part" not in appraisal.arms
    assert appraisal.arm != "Strength part"


# --- 2. arms described by paragraphs that begin with their name --------------------------------


def test_paragraphs_that_begin_with_a_group_name_describe_that_arm(tmp_path: Path) -> None:
    appraisal = _appraise(PARAGRAPHS, tmp_path)
    assert appraisal.arms[:3] == ["high-intensity group", "moderate-intensity group",
                                  "control group"]  # fmt: skip
    _no_look_alikes(appraisal)
    assert appraisal.arm == "high-intensity group"
    assert "first named of 2 exercise arms" in appraisal.arm_reason
    quoted = _evidence(appraisal)
    # the moderate arm's and the control's later sentences are theirs, not the rated arm's
    assert not any("heart rate monitor" in q or "printed diary" in q for q in quoted)
    assert not any("dietitian" in q or "leaflet" in q for q in quoted)
    assert any("physiotherapist supervised every session" in q for q in quoted)


# --- 3. labelled groups and a numbered list of arms --------------------------------------------


def test_lettered_groups_are_arms_named_by_their_content(tmp_path: Path) -> None:
    appraisal = _appraise(LABELLED, tmp_path)
    assert appraisal.arms[:3] == [
        "Group A: supervised exercise",
        "Group B: home exercise",
        "Group C: usual care",
    ]
    _no_look_alikes(appraisal)
    assert appraisal.arm == "Group A: supervised exercise"
    quoted = _evidence(appraisal)
    assert not any("booklet" in q or "nurse" in q for q in quoted)
    assert not any("pharmacist" in q or "surgeon" in q for q in quoted)
    assert any("physiotherapist" in q for q in quoted)


def test_a_numbered_list_of_arms(tmp_path: Path) -> None:
    appraisal = _appraise(NUMBERED, tmp_path)
    assert appraisal.arms[:3] == [
        "Arm 1: waiting list",
        "Arm 2: home exercise",
        "Arm 3: supervised exercise",
    ]
    _no_look_alikes(appraisal)
    # both exercise arms: the first described of them (the waiting list is the comparator)
    assert appraisal.arm == "Arm 2: home exercise"
    assert "first named of 2 exercise arms" in appraisal.arm_reason
    quoted = _evidence(appraisal)
    assert not any("psychologist" in q or "compact disc" in q for q in quoted)
    assert not any("circuit" in q for q in quoted)
    assert any("DVD" in q for q in quoted)


def test_a_numbered_list_of_arms_without_labels(tmp_path: Path) -> None:
    text = (
        "Walking or cycling for knee osteoarthritis: a randomised trial\n\n## Methods\n\n"
        + _FILLER
        + "\n\nParticipants were randomly allocated to one of three groups:\n"
        "1. Usual care: participants kept seeing their general practitioner, who gave them a "
        "leaflet.\n"
        "2. Walking programme: participants walked briskly for 30 minutes five times a week "
        "with a pedometer.\n"
        "3. Cycling programme: participants did cycling exercise on a stationary bike for 30 "
        "minutes three times a week.\n\n"
        "### Statistical analysis\n\nThe control group was the reference.\n"
    )
    appraisal = _appraise(text, tmp_path)
    assert appraisal.arms == ["Usual care", "Walking programme", "Cycling programme"]
    assert appraisal.arm == "Walking programme"
    assert not any("leaflet" in q or "stationary bike" in q for q in _evidence(appraisal))


def test_an_enumerated_allocation_sentence_names_the_heading_arms(tmp_path: Path) -> None:
    text = (
        "Tai chi or qigong for balance in older adults: a randomised trial\n\n## Methods\n\n"
        + _FILLER
        + "\n\nParticipants were randomised to (1) tai chi, (2) qigong or (3) a health "
        "education control.\n\n"
        "### Interventions\n\n"
        "#### Tai chi\n\nParticipants practised Yang-style tai chi in groups twice a week for "
        "60 minutes with an instructor.\n\n"
        "#### Qigong\n\nParticipants practised Baduanjin qigong exercise twice a week at home "
        "with a video.\n\n"
        "#### Health education\n\nParticipants attended monthly talks on healthy ageing given "
        "by a nurse.\n"
    )
    appraisal = _appraise(text, tmp_path)
    assert appraisal.arms == ["Tai chi", "Qigong", "Health education"]
    # the title names both exercise arms ("Tai chi" by its whole name): the first is rated
    assert appraisal.arm == "Tai chi"
    assert "first named of 2 exercise arms" in appraisal.arm_reason


def test_table_rows_and_a_two_arm_paragraph_report(tmp_path: Path) -> None:
    text = (
        "Walking for depression: a randomised trial\n\n## Methods\n\n" + _FILLER + "\n\n"
        "Table 1. Walking programme by week\n\nGroup 1; weeks 1-4; 20 minutes.\n\n"
        "Group 2; weeks 5-8; 30 minutes.\n\n"
        "### Interventions\n\n"
        "The walking group walked briskly for 30 minutes five times a week. A physiotherapist "
        "led the walks.\n\n"
        "The control group kept their usual activities. A psychologist phoned them monthly.\n"
    )
    appraisal = _appraise(text, tmp_path)
    assert appraisal.arms == ["walking group", "control group"]  # no "Group 1", "Group 2"
    assert appraisal.arm == "walking group"
    quoted = _evidence(appraisal)
    assert any("physiotherapist" in q for q in quoted)
    assert not any("psychologist" in q for q in quoted)


# --- 4. dose comparison: two exercise arms, no control -----------------------------------------


def test_of_two_doses_the_first_described_is_rated_and_both_listed(tmp_path: Path) -> None:
    appraisal = _appraise(DOSE_UNTITLED, tmp_path)
    assert appraisal.arms[:2] == ["High-dose exercise", "Low-dose exercise"]
    assert appraisal.arm == "High-dose exercise"
    assert "first named of 2 exercise arms" in appraisal.arm_reason


def test_of_two_doses_the_one_the_title_names_is_rated(tmp_path: Path) -> None:
    appraisal = _appraise(DOSE_TITLED, tmp_path)
    assert appraisal.arms[:2] == ["High-dose exercise", "Low-dose exercise"]
    assert appraisal.arm == "Low-dose exercise"
    assert "the one of 2 exercise arms the title names" in appraisal.arm_reason
    assert appraisal.tidier is not None
    quoted = _evidence(appraisal)
    assert any("25 minutes" in q for q in quoted)
    assert not any("50 minutes" in q for q in quoted)


# --- 5. the reviewer's --arm wins -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "hint", "rated", "own", "others"),
    [
        (THREE_HEADINGS, "aerobic", "Aerobic training", "exercise physiologist", "yoga"),
        (THREE_HEADINGS, "stretching", "Stretching and relaxation", "yoga teacher", "treadmill"),
        (PARAGRAPHS, "moderate", "moderate-intensity group", "heart rate monitor", "4-minute"),
        (LABELLED, "home exercise", "Group B: home exercise", "booklet", "outpatient gym"),
        (LABELLED, "Group C", "Group C: usual care", "", "physiotherapist"),
        (NUMBERED, "supervised", "Arm 3: supervised exercise", "circuit", "DVD"),
        (DOSE_TITLED, "high-dose", "High-dose exercise", "50 minutes", "25 minutes"),
    ],
)
def test_the_reviewer_names_the_arm(
    tmp_path: Path, text: str, hint: str, rated: str, own: str, others: str
) -> None:
    appraisal = _appraise(text, tmp_path, arm=hint)
    assert appraisal.arm == rated
    assert appraisal.arm_reason.startswith("named by the reviewer")
    quoted = _evidence(appraisal)
    assert any(own in q for q in quoted)
    assert not any(others in q for q in quoted)  # the arm the rules would have rated is out


def test_a_list_that_is_not_a_list_of_arms(tmp_path: Path) -> None:
    text = DOSE_UNTITLED.replace(
        "### Interventions",
        "Participants were assigned to a session time according to the following criteria:\n"
        "- Morning: participants who worked shifts.\n"
        "- Evening: participants with daytime jobs.\n\n### Interventions",
    )
    appraisal = _appraise(text, tmp_path)
    assert appraisal.arms == ["High-dose exercise", "Low-dose exercise"]
