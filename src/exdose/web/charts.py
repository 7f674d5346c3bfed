"""Small server-rendered SVG charts (no script, no inline style: they pass the CSP)."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from django.utils.translation import gettext as _

WIDTH, HEIGHT = 640, 220
LEFT, RIGHT, TOP, BOTTOM = 52, 12, 26, 36


def _tick(value: float) -> str:
    return f"{value:,.0f}" if value >= 100 else f"{value:g}"


def _axis(ymax: float, label: str) -> list[str]:
    parts = [
        f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{HEIGHT - BOTTOM}" class="axis"/>',
        f'<line x1="{LEFT}" y1="{HEIGHT - BOTTOM}" x2="{WIDTH - RIGHT}" y2="{HEIGHT - BOTTOM}" '
        'class="axis"/>',
        f'<text x="4" y="12" class="label">{escape(label)}</text>',
    ]
    for tick in range(0, 5):
        value = ymax * tick / 4
        y = HEIGHT - BOTTOM - (HEIGHT - TOP - BOTTOM) * tick / 4
        parts.append(
            f'<line x1="{LEFT - 3}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" class="grid"/>'
        )
        parts.append(
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" class="tick" text-anchor="end">'
            f"{_tick(value)}</text>"
        )
    return parts


def bars(
    title: str,
    labels: Sequence[str],
    planned: Sequence[float] | None,
    done: Sequence[float],
    unit: str,
) -> str:
    """Planned against done, one pair of bars per label (e.g. per programme week)."""
    n = max(len(labels), 1)
    pairs = ((planned, "planned"), (done, "done")) if planned is not None else ((done, "done"),)
    ymax = max([*(planned or []), *done, 1.0])
    ymax = _nice(ymax * 1.1)
    span = (WIDTH - LEFT - RIGHT) / n
    bar = max(min(span * 0.35, 28), 2)
    plot_h = HEIGHT - TOP - BOTTOM
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="{escape(title)}" class="chart">',
        f"<title>{escape(title)}</title>",
        *_axis(ymax, unit),
    ]
    for i, label in enumerate(labels):
        x0 = LEFT + span * i + span / 2 - bar * len(pairs) / 2
        for j, (values, cls) in enumerate(pairs):
            series = _("planned") if cls == "planned" else _("done")
            value = values[i] if i < len(values) else 0.0
            h = plot_h * value / ymax
            x = x0 + j * bar
            parts.append(
                f'<rect x="{x:.1f}" y="{HEIGHT - BOTTOM - h:.1f}" width="{bar - 1:.1f}" '
                f'height="{h:.1f}" class="{cls}">'
                f"<title>{escape(label)} {escape(series)}: {value:g}</title></rect>"
            )
        parts.append(
            f'<text x="{LEFT + span * i + span / 2:.1f}" y="{HEIGHT - BOTTOM + 14}" class="tick" '
            f'text-anchor="middle">{escape(label)}</text>'
        )
    if planned is not None:
        parts.append(
            f'<rect x="{WIDTH - 170}" y="{HEIGHT - 16}" width="10" height="10" class="planned"/>'
            f'<text x="{WIDTH - 156}" y="{HEIGHT - 7}" class="tick">{escape(_("planned"))}</text>'
            f'<rect x="{WIDTH - 96}" y="{HEIGHT - 16}" width="10" height="10" class="done"/>'
            f'<text x="{WIDTH - 82}" y="{HEIGHT - 7}" class="tick">{escape(_("done"))}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _nice(value: float) -> float:
    """A round axis maximum at or above `value` (1, 2, 2.5 or 5 times a power of ten, x4)."""
    import math

    step = value / 4
    power = 10 ** math.floor(math.log10(step)) if step > 0 else 1
    for factor in (1, 2, 2.5, 5, 10):
        if factor * power >= step:
            return float(factor * power * 4)
    return float(value)  # pragma: no cover - the loop always returns


def lines(title: str, labels: Sequence[str], series: dict[str, Sequence[float | None]]) -> str:
    """Pain (0-10) by date: one line per kind (during, after, next morning) on its own axis."""
    n = max(len(labels), 1)
    ymax = 10.0
    span = (WIDTH - LEFT - RIGHT) / max(n - 1, 1)
    plot_h = HEIGHT - TOP - BOTTOM
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="{escape(title)}" class="chart">',
        f"<title>{escape(title)}</title>",
        *_axis(ymax, "0-10"),
    ]
    for k, (name, values) in enumerate(series.items()):
        points = []
        for i, value in enumerate(values):
            if value is None:
                continue
            x = LEFT + span * i if n > 1 else (WIDTH - LEFT - RIGHT) / 2 + LEFT
            y = HEIGHT - BOTTOM - plot_h * value / ymax
            points.append((x, y, value, labels[i]))
        if len(points) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y, _, _ in points)
            parts.append(f'<polyline points="{path}" class="series s{k}"/>')
        for x, y, value, label in points:
            parts.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" class="dot s{k}">'
                f"<title>{escape(label)} {escape(name)}: {value:g}</title></circle>"
            )
        parts.append(
            f'<circle cx="{WIDTH - 300 + k * 100}" cy="{HEIGHT - 10}" r="4" class="dot s{k}"/>'
            f'<text x="{WIDTH - 292 + k * 100}" y="{HEIGHT - 6}" class="tick">{escape(name)}</text>'
        )
    step = max(1, n // 8)
    for i, label in enumerate(labels):
        if i % step == 0:
            x = LEFT + span * i if n > 1 else (WIDTH - LEFT - RIGHT) / 2 + LEFT
            parts.append(
                f'<text x="{x:.1f}" y="{HEIGHT - BOTTOM + 14}" class="tick" '
                f'text-anchor="middle">{escape(label)}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)
