"""Finding the arms: the exercise arm by its content, comparators only from their own names."""

from __future__ import annotations

from exdose.appraise.arms import comparator_pattern, find_arms
from exdose.appraise.batch import appraise_text
from exdose.appraise.ingest import parse_report
from exdose.appraise.models import Appraisal

_FILLER = (
    "Participants were adults aged 60 to 80 years with knee osteoarthritis recruited from "
    "general practices in two cities. Outcomes were assessed at baseline and after the "
    "programme by assessors unaware of the allocation. "
) * 12

HEALTH_EDUCATION_TRIAL = (
    "Strength training for knee osteoarthritis: a randomised trial\n\n"
    "## Methods\n\n"
    f"{_FILLER}\n\n"
    "Participants were randomly allocated to the exercise group or the health education group.\n\n"
    "### Health education group\n\n"
    "Participants attended six group talks on osteoarthritis and nutrition given by a nurse "
    "at the community centre. The talks were supervised by a nurse educator.\n\n"
    "### Exercise group\n\n"
    "Participants performed lower-limb strengthening exercises with elastic bands three times "
    "a week for 12 weeks, individually, at home. Each exercise session lasted 40 minutes.\n\n"
    "## Results\n\n"
    "Eighty participants were randomised.\n\n"
    "## Author information\n\n"
    "### Data Management, Analysis and Quality Control Center\n\n"
    "The center-based team managed the data.\n"
)

DRUG_TRIAL = (
    "Oral anticoagulant after valve surgery: protocol of a randomised trial\n\n"
    "## Methods\n\n"
    + (
        "Patients will be randomised to apixaban 5 mg twice daily or warfarin adjusted to an "
        "INR of 2 to 3. Blood samples will be taken at each visit. "
    )
    * 20
    + "\n\n### Trial oversight\n\nThe Steering Committee will hold online meetings every month "
    "and supervise the conduct of the trial.\n\n"
    "### Control group\n\nPatients will receive warfarin.\n\n"
    "### Intervention group\n\nPatients will receive apixaban for 12 months.\n"
)


def _rated(appraisal: Appraisal, checklist: str) -> dict[str, bool]:
    rating = appraisal.cert if checklist == "cert" else appraisal.tidier
    assert rating is not None
    return {item.id: item.reported for item in rating.items}


def test_exercise_arm_is_chosen_by_its_content_not_its_place() -> None:
    choice = find_arms(parse_report(HEALTH_EDUCATION_TRIAL.encode(), name="t.md"))
    assert choice.name == "Exercise group"
    assert [a.name for a in choice.arms if a.source == "heading"] == [
        "Health education group",
        "Exercise group",
    ]
    assert "exercise points" in choice.reason


def test_what_the_comparator_receives_is_not_credited() -> None:
    appraisal = appraise_text(HEALTH_EDUCATION_TRIAL, name="t.md")
    assert appraisal.arm == "Exercise group"
    cert = _rated(appraisal, "cert")
    assert cert["1"]  # elastic bands: the exercise arm's own equipment
    assert not cert["4"]  # the nurse supervises the talks, not the exercise
    assert not cert["10"]  # health education is the comparator, not a component of this arm
    assert appraisal.cert is not None
    evidence = [e.text for item in appraisal.cert.items for e in item.evidence]
    assert not any("nurse" in text or "allocated" in text for text in evidence)


def test_comparator_words_come_from_arm_names_not_the_back_matter() -> None:
    document = parse_report(HEALTH_EDUCATION_TRIAL.encode(), name="t.md")
    _, stems = comparator_pattern(document, find_arms(document))
    assert not {"data", "quality", "center", "analysis"} & set(stems)


def test_a_trial_without_exercise_arm_says_so_and_rates_nothing() -> None:
    appraisal = appraise_text(DRUG_TRIAL, name="drug.md")
    assert appraisal.arm is None
    assert appraisal.note is not None and "no exercise" in appraisal.note
    assert appraisal.cert is not None and appraisal.cert.score == 0
    assert not _rated(appraisal, "cert")["4"]  # the Steering Committee is not supervision
    assert appraisal.tidier is not None and appraisal.tidier.score == 0


WRITING_TRIAL = (
    "A brief writing exercise to improve adherence to blood pressure medication: a randomised "
    "trial\n\n"
    "## Abstract\n\nPatients wrote about their values before a clinic visit.\n\n"
    "## Methods\n\n"
    + (
        "Patients were randomised to a values-affirmation writing exercise or a control writing "
        "exercise. The values-affirmation exercise took 15 minutes; each cognitive exercise was "
        "done once before the visit. "
    )
    * 6
    + "\n\n### Intervention group\n\nPatients did the affirmation exercise in the waiting room."
    "\n\n### Control group\n\nPatients did the control writing exercise.\n"
)


def test_a_writing_exercise_is_not_an_exercise_arm() -> None:
    appraisal = appraise_text(WRITING_TRIAL, name="values.md")
    assert appraisal.arm is None
    assert "do not speak of exercise" in appraisal.arm_reason
    # the same trial with a walking programme in place of the writing task has an exercise arm
    walking = WRITING_TRIAL.replace("writing exercise", "walking exercise").replace(
        "affirmation exercise", "walking exercise"
    )
    assert appraise_text(walking, name="walking.md").arm == "Intervention group"


def test_the_reviewer_can_name_the_arm() -> None:
    appraisal = appraise_text(HEALTH_EDUCATION_TRIAL, name="t.md", arm_hint="health education")
    assert appraisal.arm == "Health education group"
    assert appraisal.arm_reason.startswith("named by the reviewer")
    assert _rated(appraisal, "cert")["4"]  # now the supervised talks are this arm's


DOSE_TRIAL = (
    "Aerobic training after myocardial infarction: a randomised trial\n\n"
    "## Methods\n\n"
    f"{_FILLER}\n\n"
    "Outcomes were assessed at baseline and at 3, 6 and 12 months of follow-up.\n\n"
    "### Exercise group\n\n"
    "Participants cycled on an ergometer three times a week. Each session lasted 30 minutes "
    "at 60% of heart rate reserve. The programme was tailored to each participant. "
    "Workload was increased by 10 W when the participant completed two sessions at an RPE "
    "below 13.\n\n"
    "### Control group\n\nUsual care.\n\n"
    "## Results\n\nAll participants completed the trial.\n"
)


def test_dose_parts_come_from_the_arm_not_the_follow_up_schedule() -> None:
    cert = appraise_text(DOSE_TRIAL, name="dose.md").cert
    assert cert is not None
    # frequency, duration and intensity are there, the programme length is not: "3, 6 and 12
    # months of follow-up" is the assessment schedule
    assert not cert.item("13").reported


def test_how_tailored_has_its_own_evidence() -> None:
    cert = appraise_text(DOSE_TRIAL, name="dose.md").cert
    assert cert is not None
    tailored, how = cert.item("14a"), cert.item("14b")
    assert tailored.reported and how.reported
    assert how.evidence[0].text.startswith("Workload was increased by 10 W when")
    assert tailored.evidence[0].text != how.evidence[0].text


def test_a_design_paper_is_a_protocol() -> None:
    text = DOSE_TRIAL.replace(": a randomised trial", ": design of a randomised trial")
    appraisal = appraise_text(text, name="design.md")
    assert appraisal.doc_type == "protocol"
    assert appraisal.tidier is not None and not appraisal.tidier.item("12").reported


def test_evidence_names_its_section_and_never_quotes_affiliations() -> None:
    text = (
        "Aerobic training after myocardial infarction: a randomised trial\n\n"
        "Anna Berg, Department of Physiotherapy, University Hospital, Oslo, Norway\n\n"
        "## Abstract\n\n### Electronic supplementary material\n\n"
        "The online version of this article contains supplementary material, which is "
        "available to authorized users at the hospital gym.\n\n"
        "## Methods\n\n"
        f"{_FILLER}\n\n"
        "### Exercise group\n\n"
        "Participants cycled on an ergometer in the hospital gym three times a week.\n\n"
        "### Control group\n\nUsual care.\n"
    )
    appraisal = appraise_text(text, name="t.md")
    assert appraisal.cert is not None
    setting = appraisal.cert.item("12")
    assert setting.reported
    assert [e.section for e in setting.evidence] == ["Methods > Exercise group"]
    assert all(e.page is None for e in setting.evidence)  # pages are for PDFs
    quoted = [e.text for item in appraisal.cert.items for e in item.evidence]
    assert not any("Department" in q or "supplementary" in q for q in quoted)
