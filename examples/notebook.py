"""Every job of the README through `import exdose` only, the way a notebook would do them.

    python examples/notebook.py [OUT_FOLDER]      # default: out/notebook/

Each cell is one job; the figures cell is skipped with EXDOSE_NOTEBOOK_FIGURES=0. Run from the
repository root (the paths are those of the bundled examples).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import exdose

out = Path(sys.argv[1] if len(sys.argv) > 1 else "out/notebook")
out.mkdir(parents=True, exist_ok=True)

# %% check: CERT and TIDieR completeness of every bundled programme
programmes = {
    path.stem: exdose.load_program(path) for path in sorted(Path("examples").glob("*.yaml"))
}
for name, programme in programmes.items():
    result = exdose.check(programme)
    missing = [f"CERT {i.id}" for i in result.cert.missing()]
    missing += [f"TIDieR {i.id}" for i in result.tidier.missing()]
    print(f"{name}: CERT {result.cert.score}/19, TIDieR {result.tidier.score}/12", *missing[:4])

# %% render: the methods section in every format, the handout as HTML and PDF
hip = programmes["hip-thrust"]
for suffix in ("md", "html", "pdf", "docx"):
    exdose.render(hip, out / f"hip-thrust.methods.{suffix}")
for suffix in ("html", "pdf"):
    exdose.render(hip, out / f"hip-thrust.handout.{suffix}", audience="handout")

# %% expand: the planned sets, one row per set
planned = exdose.expand(programmes["strength-block"])
planned.write_csv(out / "strength-block.planned.csv")
print(f"strength-block: {planned.height} planned sets over {planned['week'].max()} weeks")

# %% dose: the planned dose per week
dose = exdose.planned_dose(programmes["strength-block"])
(out / "strength-block.dose.json").write_text(dose.model_dump_json(indent=2), encoding="utf-8")
flagged = [f"week {w.week}: {flag}" for w in dose.weeks for flag in w.flags]
print(f"strength-block: {len(dose.weeks)} weeks, {len(flagged)} change flag(s)")

# %% schema and exercises: for writing programme files
(out / "program.schema.json").write_text(exdose.program_schema(), encoding="utf-8")
glutes = exdose.find_exercises("thrust", muscle="glutes")
print("exercises for the glutes with 'thrust':", ", ".join(e.name for e in glutes))

# %% load: every log format, with the programme's exercises and the pain diary
pain = exdose.read_pain("examples/logs/pain_diary.csv")
logs = {}
for fmt in ("strong", "hevy", "fitnotes", "exdose"):
    logs[fmt] = exdose.read_log(
        f"examples/logs/{fmt}.csv", mapping="examples/logs/mapping.yaml", library=hip
    )
    load = exdose.load_report(logs[fmt], pain=pain)
    (out / f"{fmt}.load.json").write_text(load.model_dump_json(indent=2), encoding="utf-8")
    top = max(load.weeks, key=lambda w: w.sets_per_muscle.get("glutes", 0.0))
    print(f"{fmt}: {logs[fmt].sets.height} sets read; most glute sets in the week of "
          f"{top.week_start} ({top.sets_per_muscle['glutes']:g})")  # fmt: skip

# %% fidelity: planned against performed (CERT 16b / TIDieR 12)
report = exdose.fidelity(hip, logs["strong"])
print(report.sentence)

# %% adjust: replay the decision at the pain episode, then judge the end
at_pain = exdose.propose_adjustment(hip, logs["strong"], pain, week=5)
print(f"week 5 -> week {at_pain.next_week}: {at_pain.decision}")
after_pain = exdose.next_program(hip, at_pain)
exdose.save_program(after_pain, out / "next-week6.yaml")
at_end = exdose.propose_adjustment(after_pain, logs["strong"], pain)
print(f"end -> week {at_end.next_week}: {at_end.decision}")
if at_end.decision != "refer":
    exdose.save_program(exdose.next_program(after_pain, at_end), out / "next-week13.yaml")

# %% appraise: the bundled trial reports, then agreement with the reference raters
appraisals = list(exdose.appraise_many("examples/reports/documents"))
for appraisal in appraisals:
    assert appraisal.cert is not None and appraisal.tidier is not None, appraisal.error
    print(f"{appraisal.document}: CERT {appraisal.cert.score}/19, "
          f"TIDieR {appraisal.tidier.score}/12")  # fmt: skip
agreement = exdose.agreement(appraisals, "examples/reports/reference.csv")
print(
    f"agreement with the reference: {agreement.overall.percent}%, kappa {agreement.overall.kappa}"
)

# %% figures: the dose, the coach's load figure and the review heatmap, saved by the caller
if os.environ.get("EXDOSE_NOTEBOOK_FIGURES", "1") != "0":
    exdose.dose_figure(dose).savefig(out / "strength-block.dose.png", dpi=150)
    exdose.load_figure(exdose.load_report(logs["strong"], pain=pain)).savefig(
        out / "strong.load.png", dpi=150
    )
    exdose.review_heatmap(appraisals).savefig(out / "review-heatmap.png", dpi=110)

print(f"wrote {len(list(out.iterdir()))} files in {out}")
