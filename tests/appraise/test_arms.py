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


def _methods(*parts: str) -> str:
    return (
        "Exercise for older adults: a randomised trial\n\n"
        "## Abstract\n\nOlder adults were randomised to exercise or control.\n\n"
        "## Methods\n\n" + _FILLER + "\n\n" + "\n\n".join(parts) + "\n"
    )


def test_a_heading_over_the_arm_headings_is_not_an_arm() -> None:
    text = _methods(
        "### Description of the intervention",
        "Both groups were seen by their general practitioner.",
        "#### Intervention group",
        "Participants did balance exercises and strength training twice a week.",
        "### Control group",
        "Participants received usual care.",
    )
    choice = find_arms(parse_report(text.encode(), name="t.md"))
    assert choice.name == "Intervention group"
    assert "Description of the intervention" not in [a.name for a in choice.arms]


def test_a_group_phrase_of_the_statistics_names_no_arm() -> None:
    text = _methods(
        "### Intervention",
        "Participants walked on a treadmill three times a week for 12 weeks.",
        "### Statistical analysis",
        "A mixed model with a time by treatment group interaction compared the active "
        "intervention arm with the other arms.",
    )
    choice = find_arms(parse_report(text.encode(), name="t.md"))
    assert "active intervention arm" not in [a.name for a in choice.arms]
    assert choice.name == "Intervention"


def test_the_arm_another_arm_adds_to_is_its_comparator() -> None:
    text = _methods(
        "### Interventions",
        "#### Feedback group (FB)",
        "Participants wore an accelerometer and received feedback on their physical activity, "
        "their daily steps and their exercise minutes every week.",
        "#### Coaching group (COACH + FB)",
        "Participants received the feedback and six coaching sessions on physical activity.",
    )
    document = parse_report(text.encode(), name="t.md")
    choice = find_arms(document)
    assert choice.name == "Coaching group (COACH + FB)"
    assert "adds to 'Feedback group (FB)'" in choice.reason
    # what the coaching arm receives of the feedback arm is not comparator vocabulary
    _, stems = comparator_pattern(document, choice)
    assert "feedback" not in stems


def test_arm_headings_named_by_the_group_phrases_and_the_first_exercise_arm() -> None:
    text = _methods(
        "Participants were randomised to the Nordic arm, the aquajog arm or the control arm. "
        "Sessions of the Nordic arm and of the aquajog arm started in the same week.",
        "### Interventions",
        "#### Nordic walking",
        "Participants did Nordic walking exercise with poles in a park, three sessions a week.",
        "#### Deep-water aquajog",
        "Participants did aquatic exercise in a pool, running in deep water, three sessions a "
        "week for 12 weeks.",
    )
    choice = find_arms(parse_report(text.encode(), name="t.md"))
    headings = [a.name for a in choice.arms if a.source == "heading"]
    assert headings == ["Nordic walking", "Deep-water aquajog"]
    assert choice.name == "Nordic walking"  # both are exercise arms: the first named is rated
    assert "first named of 2 exercise arms" in choice.reason


def test_an_active_comparator_named_without_control_is_not_rated() -> None:
    text = _methods(
        "### Exercise group",
        "Participants did circuit exercise classes twice a week.",
        "### Advice only group",
        "Participants got an advice leaflet on exercise, walking and physical activity, and a "
        "phone call about exercise, stretching and physical activity after six weeks.",
    )
    choice = find_arms(parse_report(text.encode(), name="t.md"))
    assert choice.name == "Exercise group"
    assert [a.comparator for a in choice.arms if a.source == "heading"] == [False, True]


def test_numbered_headings_name_the_same_arms() -> None:
    text = _methods(
        "### 2.3. Table 2 Stages of the exercise programme",
        "Stage 1: aerobic exercise on a treadmill; stage 2: strength training.",
        "### 2.4. Exercise group",
        "Participants did strength training and treadmill walking three times a week.",
        "### 2.5. Control group",
        "Participants kept their usual activities.",
    )
    choice = find_arms(parse_report(text.encode(), name="t.md"))
    assert choice.name == "Exercise group"
    assert [a.name for a in choice.arms if a.source == "heading"] == [
        "Exercise group",
        "Control group",
    ]


def test_words_the_arms_share_are_not_comparator_words() -> None:
    text = _methods(
        "### Exercise group",
        "Sessions were led by physical education professionals in the university gym, three "
        "times a week.",
        "### Health education sessions",
        "Participants attended monthly health education sessions with a nurse.",
    )
    document = parse_report(text.encode(), name="t.md")
    choice = find_arms(document)
    assert choice.name == "Exercise group"
    _, stems = comparator_pattern(document, choice)
    # "education" of "Health education" is the comparator phrase's, and the exercise arm's
    # sessions are its own: neither strikes "physical education professionals" or "sessions"
    assert not {"educatio", "sessions", "health"} & set(stems)
    cert = appraise_text(text, name="t.md").cert
    assert cert is not None and cert.item("2").reported


def test_of_several_exercise_arms_the_one_the_title_names_is_rated() -> None:
    text = (
        "Values-based coaching for a physically active life: a randomised trial\n\n"
        "## Abstract\n\nInactive adults were randomised to coaching or feedback on activity.\n\n"
        "## Methods\n\n" + _FILLER + "\n\n"
        "### Feedback group\n\nParticipants wore an accelerometer and got weekly feedback on "
        "their physical activity, walking and exercise.\n\n"
        "### Values coaching group\n\nParticipants attended six group sessions on physical "
        "activity and their own values, with walking exercise between sessions.\n"
    )
    choice = find_arms(parse_report(text.encode(), name="t.md"))
    assert choice.name == "Values coaching group"
    assert "the title names" in choice.reason


def test_exercise_added_to_usual_care_is_the_exercise_arm() -> None:
    text = _methods(
        "### Usual care plus exercise",
        "Participants kept their usual care and did strength training twice a week.",
        "### Usual care",
        "Participants received usual care from their general practitioner.",
    )
    choice = find_arms(parse_report(text.encode(), name="t.md"))
    assert choice.name == "Usual care plus exercise"
    assert [a.comparator for a in choice.arms if a.source == "heading"] == [False, True]
    appraisal = appraise_text(text, name="t.md")
    cert = _rated(appraisal, "cert")
    assert cert["13"] is False  # no dose said; but the arm's own sentence about its care counts:
    assert appraisal.tidier is not None
    assert any("strength training" in e.text for i in appraisal.tidier.items for e in i.evidence)


def test_an_abstract_without_its_own_heading_still_says_what_the_trial_is_about() -> None:
    text = (
        "Falls prevention in older adults: a randomised trial\n\n"
        "## Background:\n\nFalls are common in older adults.\n\n"
        "### Methods:\n\nWe randomised 200 adults to a balance exercise programme or usual care."
        "\n\n## Methods\n\n" + _FILLER + "\n\n"
        "### Exercise group\n\nParticipants did balance exercises and strength training in "
        "groups twice a week.\n\n"
        "### Control group\n\nUsual care.\n"
    )
    choice = find_arms(parse_report(text.encode(), name="t.md"))
    assert choice.name == "Exercise group"


def test_an_allocation_sentence_that_describes_the_control_counts_for_no_arm() -> None:
    text = _methods(
        "After randomisation, adults will be allocated into either one of two groups: control, "
        "who will be advised to keep their usual activities and given dietary advice, or "
        "exercise, who will train three times a week.",
        "### Exercise group",
        "Participants will do strength training with elastic bands.",
        "### Control group",
        "Usual care.",
    )
    appraisal = appraise_text(text, name="t.md")
    assert appraisal.arm == "Exercise group"
    assert not _rated(appraisal, "cert")["10"]  # the dietary advice is the control's
