"""Writing a matplotlib figure out: the caller's step, kept apart from building the figure.

The figure builders in this package return a `matplotlib.figure.Figure` made through the
object-oriented API (no pyplot, no backend switch), so a notebook or a web worker can restyle,
show or save it as it likes. These two helpers are what the CLI and `render` use to save one.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING

from exdose.errors import UsageError
from exdose.files import write_bytes_atomic

if TYPE_CHECKING:
    from matplotlib.figure import Figure

IMAGE_FORMATS: dict[str, str] = {".png": "png", ".svg": "svg"}


def figure_bytes(figure: Figure, fmt: str = "png", *, dpi: int = 150, tight: bool = False) -> bytes:
    """The figure encoded as PNG or SVG bytes (`tight` trims the white margin)."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format=fmt, dpi=dpi, bbox_inches="tight" if tight else None)
    return buffer.getvalue()


def save_figure(figure: Figure, out: Path, *, dpi: int = 150, tight: bool = False) -> Path:
    """Write the figure to OUT atomically: SVG when OUT ends in .svg, otherwise PNG."""
    out = Path(out)
    folder = out.parent if str(out.parent) else Path(".")
    if not folder.is_dir():
        raise UsageError(f"folder {folder} does not exist", file=out)
    fmt = IMAGE_FORMATS.get(out.suffix.lower(), "png")
    write_bytes_atomic(out, figure_bytes(figure, fmt, dpi=dpi, tight=tight))
    return out
