"""A structured abstract (Importance, Objective, Interventions, Results, Conclusions) is the
abstract when exdose decides what a report is about: its Objective and Conclusions parts take
the kinds "background" and "discussion" for rating, but a report whose title names neither
exercise nor physical activity and whose Objective does is a physical-activity trial, not a
report without an exercise arm. Written for this test in the shape of a journal's structured
abstract."""

from __future__ import annotations

from pathlib import Path

import exdose
from exdose.appraise.document import in_abstract

_METHODS = (
    "## Methods\n\n"
    "### Participants\n\n"
    + (
        "Adults aged 40 to 70 years with type 2 diabetes were recruited from primary care "
        "practices and screened by telephone before the baseline visit. "
    )
    * 12
    + "\n\n### Interventions\n\n"
    "Participants in the intervention arm wore a wrist-worn activity tracker and received a "
    "daily step goal 2000 steps above their baseline, raised by 500 steps each fortnight. "
    "They walked at a brisk pace on at least five days a week for 12 months and received "
    "weekly feedback on their physical activity by text message. Participants in the control "
    "arm wore the tracker but received no goal and no feedback.\n\n"
    "## Results\n\n"
    "Of 200 participants, 180 completed the trial.\n"
)


def _report(objective: str) -> str:
    return (
        "Effect of Remotely Delivered Incentives on Glycaemic Control Among Adults With Type 2 "
        "Diabetes\n\n"
        "## Abstract\n\n"
        "### Importance\n\n"
        "Few adults with diabetes meet the recommendations.\n\n"
        f"### Objective\n\n{objective}\n\n"
        "### Results\n\n"
        "HbA1c fell by 0.3 percentage points more than in the control arm.\n\n"
        "### Conclusions and Relevance\n\n"
        "Incentives were effective over one year.\n\n" + _METHODS
    )


def test_the_objective_of_a_structured_abstract_is_part_of_the_abstract(tmp_path: Path) -> None:
    path = tmp_path / "trial.md"
    path.write_text(
        _report("To test whether incentives increase physical activity and lower HbA1c."),
        encoding="utf-8",
    )
    document = exdose.read_report(path)
    objective = next(s for s in document.sections if s.heading == "Objective")
    assert objective.kind == "background"  # rated as background ...
    assert in_abstract(objective)  # ... but still the abstract
    methods = next(s for s in document.sections if s.heading == "Interventions")
    assert not in_abstract(methods)
    appraisal = exdose.appraise(document)
    assert appraisal.arm is not None, appraisal.arm_reason
    assert "not speak of exercise" not in appraisal.arm_reason


def test_without_exercise_in_title_or_abstract_there_is_no_exercise_arm(tmp_path: Path) -> None:
    """The same report whose abstract promises only glycaemic control stays without an arm:
    the abstract is read, not searched for any activity word."""
    path = tmp_path / "trial.md"
    path.write_text(_report("To test whether incentives lower HbA1c."), encoding="utf-8")
    appraisal = exdose.appraise(exdose.read_report(path))
    assert appraisal.arm is None
    assert "title and abstract do not speak of exercise" in appraisal.arm_reason
