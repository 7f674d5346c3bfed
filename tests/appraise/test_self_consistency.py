"""Rating the methods text that exdose renders must agree with `exdose check` on the programme.

This guards both directions at once: `render` must say in prose what the programme file holds,
and `appraise` must read it back (issue 3, part 5: at least 95% of items over the examples).
"""

from __future__ import annotations

from pathlib import Path

from exdose.appraise.batch import appraise_text
from exdose.checklists import score
from exdose.program import io
from exdose.report import methods as render

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _example_files() -> list[Path]:
    return sorted(EXAMPLES.glob("*.yaml"))


def test_appraising_rendered_methods_agrees_with_check() -> None:
    assert len(_example_files()) >= 4  # the bundled examples are part of the guarantee
    agree = total = 0
    disagreements: list[str] = []
    for path in _example_files():
        loaded = io.load_program(path)
        text = render.render_methods_markdown(loaded)
        checked = score.score_program(loaded.program, str(path))
        appraised = appraise_text(text, name=f"{path.stem}.md")
        assert appraised.error is None
        for name in ("cert", "tidier"):
            rating = appraised.cert if name == "cert" else appraised.tidier
            assert rating is not None
            ours = {item.id: item.reported for item in rating.items}
            for item in getattr(checked, name).items:
                total += 1
                if ours[item.id] == item.reported:
                    agree += 1
                else:
                    disagreements.append(f"{path.name} {name} {item.id}: check={item.reported}")
    assert total >= 31
    assert agree / total >= 0.95, disagreements


def test_rendered_markdown_and_docx_are_rated_alike(tmp_path: Path) -> None:
    """The same methods text in two formats gets the same ratings (headings survive in DOCX)."""
    from exdose.appraise.batch import appraise_paths
    from exdose.report.render import render_file

    loaded = io.load_program(EXAMPLES / "typical-trial.yaml")
    paths = [tmp_path / "methods.md", tmp_path / "methods.docx"]
    for path in paths:
        render_file(loaded, path, "methods")
    ratings = []
    for appraisal in appraise_paths(paths):
        assert appraisal.error is None and appraisal.cert and appraisal.tidier
        ratings.append(
            [(item.id, item.reported) for item in appraisal.cert.items + appraisal.tidier.items]
        )
    assert ratings[0] == ratings[1]
