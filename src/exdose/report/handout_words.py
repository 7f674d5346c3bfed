"""A dose in the plain words of a handout, in the reader's language.

The methods text (`words.py`) writes for researchers in English; these phrases write for the
person training, through gettext (`i18n.Translator`): "3 sets of 15 repetitions on each side,
effort 7 out of 10, rest 2 minutes between sets". Every message here is in the catalogues.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from exdose.report.words import number

if TYPE_CHECKING:
    from exdose.program.expand import PlannedDose
    from exdose.program.notation import Dose, Intensity
    from exdose.report.i18n import Translator


def num(tr: Translator, value: float) -> str:
    """A number in the reader's way of writing it: 7.5 in English, 7,5 in Norwegian and Swedish."""
    return number(value).replace(".", tr.decimal)


def span(tr: Translator, low: float | None, high: float | None) -> str:
    """'8' or '8–12' (an en dash, as printed handouts write ranges)."""
    if low is None:
        return ""
    if high is None or high == low:
        return num(tr, low)
    return f"{num(tr, low)}–{num(tr, high)}"


def duration(tr: Translator, seconds: float, seconds_max: float | None = None) -> str:
    """'30 seconds', '2 minutes', '1 minute 30 seconds', '60–90 seconds', in words."""
    top = seconds_max if seconds_max is not None else seconds
    if top < 120 and (seconds % 60 or (seconds_max is not None and seconds_max % 60)):
        return tr.n_("%(n)s second", "%(n)s seconds", top) % {"n": span(tr, seconds, seconds_max)}
    if seconds % 60 == 0 and (seconds_max is None or seconds_max % 60 == 0):
        low, high = seconds / 60, (seconds_max / 60 if seconds_max is not None else None)
        return tr.n_("%(n)s minute", "%(n)s minutes", high or low) % {"n": span(tr, low, high)}
    minutes, rest = divmod(seconds, 60)
    text = tr.n_("%(n)s minute", "%(n)s minutes", minutes) % {"n": num(tr, minutes)}
    return text + " " + tr.n_("%(n)s second", "%(n)s seconds", rest) % {"n": num(tr, rest)}


def added_load(tr: Translator, kg: str, carrier: str | None) -> str:
    """Body weight and an added load (`kg` already written as a number) with what carries it, for
    the session's words: 'with your body weight + 5 kg in a backpack'. `carrier` is a kind of
    `exdose.program.kit.CARRIERS`; without one (the programme does not say) only the kilograms."""
    phrases = {
        "backpack": tr._("with your body weight + %(kg)s kg in a backpack"),
        "weight vest": tr._("with your body weight + %(kg)s kg in a weight vest"),
        "dumbbell": tr._("with your body weight + %(kg)s kg in dumbbells"),
        "kettlebell": tr._("with your body weight + a %(kg)s kg kettlebell"),
        "plates": tr._("with your body weight + a %(kg)s kg weight plate"),
        "medicine ball": tr._("with your body weight + a %(kg)s kg medicine ball"),
    }
    default = tr._("with your body weight + %(kg)s kg")
    return phrases.get(carrier or "", default) % {"kg": kg}


def added_load_cell(tr: Translator, kg: str, carrier: str | None) -> str:
    """The same for a tick-table cell: 'body weight + 5 kg in a backpack'."""
    phrases = {
        "backpack": tr._("body weight + %(kg)s kg in a backpack"),
        "weight vest": tr._("body weight + %(kg)s kg in a weight vest"),
        "dumbbell": tr._("body weight + %(kg)s kg in dumbbells"),
        "kettlebell": tr._("body weight + a %(kg)s kg kettlebell"),
        "plates": tr._("body weight + a %(kg)s kg weight plate"),
        "medicine ball": tr._("body weight + a %(kg)s kg medicine ball"),
    }
    default = tr._("body weight + %(kg)s kg")
    return phrases.get(carrier or "", default) % {"kg": kg}


def intensity_phrase(tr: Translator, item: Intensity, carrier: str | None = None) -> str:
    """How heavy or hard, e.g. 'with 60 kg', 'effort 7 out of 10 (RPE)', 'pain up to 5/10';
    `carrier` says what a load added to body weight is carried in (see `added_load`)."""
    value = span(tr, item.value, item.value_max)
    kind = str(item.kind)
    if kind in ("kg", "lb"):
        return tr._("with %(load)s") % {"load": f"{value} {kind}"}
    if kind == "pct_1rm":
        return tr._("at %(pct)s%% of the most you can lift once") % {"pct": value}
    if kind == "pct_e1rm":
        return tr._("at %(pct)s%% of your estimated one-lift maximum") % {"pct": value}
    if kind == "rpe":
        return tr._("effort %(value)s out of 10 (RPE)") % {"value": value}
    if kind == "rir":
        count = item.value_max if item.value_max is not None else (item.value or 0)
        return tr.n_(
            "stop with %(n)s repetition left in reserve (RIR %(n)s)",
            "stop with %(n)s repetitions left in reserve (RIR %(n)s)",
            count,
        ) % {"n": value}
    if kind == "pct_hrmax":
        return tr._("at %(pct)s%% of your maximum heart rate") % {"pct": value}
    if kind == "pct_hrr":
        return tr._("at %(pct)s%% of your heart-rate reserve") % {"pct": value}
    if kind == "bodyweight":
        added = item.added_kg
        if added is None:
            return tr._("with your own body weight")
        if added > 0:
            return added_load(tr, num(tr, added), carrier)
        return tr._("with your body weight, helped by %(kg)s kg") % {"kg": num(tr, -added)}
    if kind == "pain":
        return tr._("pain allowed up to %(value)s out of 10") % {"value": value}
    return tr._("with the %(colour)s elastic band") % {"colour": band_colour(tr, item.band or "")}


def band_colour(tr: Translator, colour: str) -> str:
    """A band colour in the reader's language (an unknown colour stays as written)."""
    colours = {
        "yellow": tr._("yellow"),
        "red": tr._("red"),
        "green": tr._("green"),
        "blue": tr._("blue"),
        "black": tr._("black"),
        "silver": tr._("silver"),
        "gold": tr._("gold"),
        "purple": tr._("purple"),
        "orange": tr._("orange"),
        "grey": tr._("grey"),
        "pink": tr._("pink"),
        "white": tr._("white"),
        "brown": tr._("brown"),
        "light": tr._("light"),
        "medium": tr._("medium"),
        "heavy": tr._("heavy"),
    }
    return colours.get(colour, colour)


def work_phrase(tr: Translator, dose: Dose) -> str:
    """One set's work: '15 repetitions', 'hold for 30 seconds', '3 breaths, then hold...'."""
    if dose.breaths is not None or dose.apnoea_s is not None:
        hold = duration(tr, dose.apnoea_s or 0, dose.apnoea_s_max)
        if dose.breaths is not None:
            return tr.n_(
                "%(n)s calm breath, then hold your breath for %(time)s",
                "%(n)s calm breaths, then hold your breath for %(time)s",
                dose.breaths,
            ) % {"n": dose.breaths, "time": hold}
        return tr._("hold your breath for %(time)s") % {"time": hold}
    if dose.amrap and dose.reps is not None:
        return tr._("as many repetitions as you can, at least %(n)s") % {"n": dose.reps}
    if dose.amrap:
        return tr._("as many repetitions as you can")
    if dose.reps is not None:
        return tr.n_("%(n)s repetition", "%(n)s repetitions", dose.reps_max or dose.reps) % {
            "n": span(tr, dose.reps, dose.reps_max)
        }
    if dose.seconds is not None:
        time = duration(tr, dose.seconds, dose.seconds_max)
        return tr._("hold for %(time)s") % {"time": time} if dose.hold else time
    metres = dose.distance_m or 0
    return f"{num(tr, metres / 1000)} km" if metres >= 1000 else f"{num(tr, metres)} m"


def dose_phrase(tr: Translator, dose: Dose, carrier: str | None = None) -> str:
    """A whole dose for the handout, e.g. '3 sets of 15 repetitions on each side, rest 1 minute
    between sets'; `carrier` as for `intensity_phrase`."""
    count = dose.sets_max or dose.sets
    sets = span(tr, dose.sets, dose.sets_max)
    if dose.hold and dose.seconds is not None and dose.breaths is None:
        text = tr.n_(
            "%(n)s set: hold for %(time)s", "%(n)s sets: hold for %(time)s each time", count
        ) % {"n": sets, "time": duration(tr, dose.seconds, dose.seconds_max)}
    else:
        text = tr.n_("%(n)s set of %(work)s", "%(n)s sets of %(work)s", count) % {
            "n": sets,
            "work": work_phrase(tr, dose),
        }
    if dose.per_side:
        text += " " + tr._("on each side")
    parts = [text, *(intensity_phrase(tr, item, carrier) for item in dose.intensity)]
    if dose.eccentric:
        parts.append(tr._("lowering only: use the other leg or both arms to come back up"))
    if dose.rest_s is not None:
        rest = duration(tr, dose.rest_s, dose.rest_s_max)
        parts.append(tr._("rest %(time)s between sets") % {"time": rest})
    if dose.tempo:
        parts.append(
            tr._("tempo %(tempo)s (seconds down, pause, up, pause)") % {"tempo": dose.tempo}
        )
    return ", ".join(parts)


def planned_cell(
    tr: Translator, planned: PlannedDose, scale: str = "rpe", carrier: str | None = None
) -> str:
    """One week's planned dose for the tick table: '3×10 · 60 kg · RIR 3'; `carrier` as for
    `intensity_phrase`."""
    if planned.level is not None:
        return f"{planned.level}: {planned.load_text}"
    if planned.reps is not None:
        work = str(planned.reps)
    elif planned.duration_s is not None:
        work = f"{num(tr, planned.duration_s)} s"
    elif planned.distance_m is not None:
        work = f"{num(tr, planned.distance_m)} m"
    else:
        work = ""
    loose = -1  # the index of a part that may wrap inside, if any
    if work:
        parts = [f"{planned.sets}×{work}"]
    else:
        parts = [tr.n_("%(n)s set", "%(n)s sets", planned.sets) % {"n": planned.sets}]
    # "on each side" is in the session's words; the narrow cell leaves it out.
    if planned.load_unit == "bodyweight":
        # "bodyweight+5kg" / "bodyweight-20kg" (assisted) / "bodyweight"
        added = (planned.load_text or "").removeprefix("bodyweight").removesuffix("kg")
        added = added.replace(".", tr.decimal)
        if added.startswith("+"):
            # The load and what carries it may wrap between words; "5 kg" stays whole.
            kg = f"{added[1:]}\u00a0kg"
            loose = len(parts)
            parts.append(added_load_cell(tr, added[1:], carrier).replace(f"{added[1:]} kg", kg))
        elif added.startswith("-"):
            parts.append(tr._("body weight, helped by %(kg)s kg") % {"kg": added[1:]})
        else:
            parts.append(tr._("body weight"))
    elif planned.load_kg is not None:
        parts.append(f"{num(tr, planned.load_kg)} kg")
    elif planned.load_unit in ("%1RM", "%e1RM") and planned.load_value is not None:
        parts.append(f"{num(tr, planned.load_value)}{planned.load_unit}")
    elif planned.load_unit == "band" and planned.load_text:
        colour = planned.load_text.removesuffix(" band").strip()
        parts.append(tr._("%(colour)s band") % {"colour": band_colour(tr, colour)})
    if scale == "rir" and planned.rir is not None:
        parts.append(f"RIR {num(tr, planned.rir)}")
    elif planned.rpe is not None:
        parts.append(f"RPE {num(tr, planned.rpe)}")
    # Non-breaking spaces keep "60 kg" and "RIR 2" whole when a narrow table cell wraps.
    return " · ".join(
        part if index == loose else part.replace(" ", "\u00a0") for index, part in enumerate(parts)
    )
