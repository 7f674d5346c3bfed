"""Forms: every field is validated here, and programme text by `exdose check` itself."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from exdose.web import services
from exdose.web.models import LANGUAGES


class LoginForm(forms.Form):
    """Email and password."""

    email = forms.EmailField(label=_("Email"))
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput)


class PatientForm(forms.Form):
    """A new patient."""

    name = forms.CharField(max_length=200, label=_("Name"))
    email = forms.EmailField(required=False, label=_("Email"))
    language = forms.ChoiceField(choices=LANGUAGES, initial="en", label=_("Language"))


class ProgrammeForm(forms.Form):
    """A programme file and its start date; the text must pass `exdose check`'s validation."""

    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 30, "spellcheck": "false"}),
        label=_("Programme file (YAML)"),
    )
    start_date = forms.DateField(
        widget=forms.DateInput(attrs={"type": "date"}), label=_("Start date")
    )
    what = forms.CharField(required=False, max_length=2000, label=_("What changed"))
    why = forms.CharField(required=False, max_length=2000, label=_("Why"))

    def clean_text(self) -> str:
        text: str = self.cleaned_data["text"].replace("\r\n", "\n")
        outcome = services.check_text(text)
        if not outcome.valid:
            self.problems = outcome.problems
            raise forms.ValidationError(
                [_line(p) for p in outcome.problems], code="invalid_programme"
            )
        return text


def _line(problem: dict[str, Any]) -> str:
    place = ""
    if problem.get("line") is not None:
        place = f"line {problem['line']}"
        if problem.get("column") is not None:
            place += f", column {problem['column']}"
        place += ": "
    return place + str(problem["message"])


class SetForm(forms.Form):
    """One performed set from the patient's phone."""

    client_key = forms.CharField(max_length=80)
    date = forms.DateField()
    session = forms.CharField(max_length=200, required=False)
    exercise = forms.CharField(max_length=200)
    exercise_name = forms.CharField(max_length=200)
    set_number = forms.IntegerField(min_value=1, max_value=100)
    reps = forms.IntegerField(min_value=0, max_value=1000, required=False, label=_("Reps"))
    load_kg = forms.FloatField(min_value=0, max_value=2000, required=False, label=_("kg"))
    rir = forms.FloatField(min_value=0, max_value=10, required=False, label=_("RIR"))
    rpe = forms.FloatField(min_value=0, max_value=10, required=False, label=_("RPE"))
    duration_s = forms.FloatField(min_value=0, max_value=86400, required=False)


def _rating(label: Any, top: int = 10) -> forms.FloatField:
    """An optional self-report from 0 to `top` (pain, stiffness and readiness scales)."""
    return forms.FloatField(min_value=0, max_value=top, required=False, label=label)


class PainForm(forms.Form):
    """Pain 0-10 during and after a session (or next morning)."""

    client_key = forms.CharField(max_length=80)
    date = forms.DateField()
    region = forms.CharField(max_length=100, required=False, label=_("Where"))
    during = _rating(_("Pain during (0-10)"))
    after = _rating(_("Pain after (0-10)"))
    next_morning = _rating(_("Pain this morning (0-10)"))
    stiffness = _rating(_("Stiffness this morning (0-10)"))
    red_flag = forms.BooleanField(
        required=False, label=_("Sudden sharp pain, numbness or weakness")
    )
    notes = forms.CharField(max_length=2000, required=False, label=_("Notes"))


class SetPasswordForm(forms.Form):
    """Choose a password (invite link, first clinic)."""

    password = forms.CharField(widget=forms.PasswordInput, label=_("New password"))
    password2 = forms.CharField(widget=forms.PasswordInput, label=_("Repeat the password"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password") != data.get("password2"):
            raise forms.ValidationError(_("The two passwords differ."))
        if data.get("password"):
            password_validation.validate_password(data["password"])
        return data


class SetupForm(SetPasswordForm):
    """The first clinic and its admin."""

    clinic = forms.CharField(max_length=200, label="Clinic name")
    email = forms.EmailField(label="Admin email")
    field_order = ("clinic", "email", "password", "password2")


class CheckinForm(forms.Form):
    """Today's readiness self-reports, each optional: sleep hours 0-24, the rest 0-10."""

    sleep_hours = _rating(_("Hours slept last night"), top=24)
    sleep_quality = _rating(_("Sleep quality (0 bad, 10 very good)"))
    stress = _rating(_("Stress (0 none, 10 worst)"))
    fatigue = _rating(_("Tiredness (0 none, 10 worst)"))
    soreness = _rating(_("Muscle soreness (0 none, 10 worst)"))
    mood = _rating(_("Mood (0 low, 10 very good)"))
