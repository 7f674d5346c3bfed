"""Languages of the handout: English, Norwegian Bokmål and Swedish, through gettext.

exdose's own words in the handout are gettext messages (domain `exdose`); the catalogues live in
`exdose/report/locale/<lang>/LC_MESSAGES/exdose.po` (sources, edited by translators) and
`exdose.mo` (compiled with Babel, committed, so a fresh install needs no build step). A translator
adds a language by adding a catalogue (`docs/render.md` gives the pybabel commands) and its code
to `LANGUAGES`; no other code changes. A programme's own free text (names, cues, rules) is never
translated: it stays as the author wrote it.

Nothing here is global: each call gets its own `Translator`, so handouts in different languages
can be built at the same time (the web app does).
"""

from __future__ import annotations

import gettext
from dataclasses import dataclass
from importlib.resources import files

from exdose.errors import UsageError

DOMAIN = "exdose"
LANGUAGES: tuple[str, ...] = ("en", "nb", "sv")
"""Handout languages; the source messages are English."""
DEFAULT_LANGUAGE = "en"
DECIMAL_MARKS: dict[str, str] = {"nb": ",", "sv": ","}
"""The decimal mark of a language where it is not a point (7,5 kg in Norwegian and Swedish)."""


def locale_dir() -> str:
    """The folder holding the compiled catalogues (`<lang>/LC_MESSAGES/exdose.mo`)."""
    return str(files("exdose.report") / "locale")


@dataclass(frozen=True)
class Translator:
    """gettext for one language: `_` for a message, `n_` for one with singular and plural."""

    lang: str
    catalogue: gettext.NullTranslations

    @property
    def decimal(self) -> str:
        """The decimal mark of numbers in this language."""
        return DECIMAL_MARKS.get(self.lang, ".")

    def _(self, message: str) -> str:
        """The message in this language."""
        return self.catalogue.gettext(message)

    def n_(self, singular: str, plural: str, count: float) -> str:
        """The singular or plural message for `count`, in this language's plural rule."""
        whole = int(count) if float(count).is_integer() else 2  # 1.5 sets reads as plural
        return self.catalogue.ngettext(singular, plural, whole)


def translator(lang: str = DEFAULT_LANGUAGE) -> Translator:
    """The translator for a language code (en, nb or sv)."""
    if lang not in LANGUAGES:
        raise UsageError(f"no handout language {lang!r}", hint=f"use one of {', '.join(LANGUAGES)}")
    if lang == "en":
        return Translator(lang, gettext.NullTranslations())
    try:
        catalogue = gettext.translation(DOMAIN, localedir=locale_dir(), languages=[lang])
    except OSError as error:  # pragma: no cover - the catalogues ship with the package
        raise UsageError(
            f"the {lang} catalogue is missing from the installation ({error})",
            hint="reinstall exdose (make setup)",
        ) from None
    return Translator(lang, catalogue)


def library_messages() -> list[str]:
    """exdose's own patient names of library exercises: handout messages kept in the library
    data, not in code, so the template gets them from here (see `write_template`)."""
    from exdose.exercises import default_library

    return sorted({ex.display_name for ex in default_library() if ex.display_name})


def write_template(path: str | None = None) -> str:
    """Write the message template (`locale/exdose.pot`): every gettext call of the handout code,
    extracted as pybabel does, and the library's patient names. Needs Babel (the dev extra)."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_dir
    from babel.messages.pofile import write_po

    report = str(files("exdose.report"))
    catalog = Catalog(project="exdose", copyright_holder="exdose authors", domain=DOMAIN)
    for _file, _line, message, _comments, _context in extract_from_dir(
        report,
        method_map=[("handout.py", "python"), ("handout_words.py", "python")],
        keywords={"_": None, "n_": (1, 2)},
    ):
        catalog.add(message, flags=("python-format",) if "%" in str(message) else ())
    for name in library_messages():
        catalog.add(name, auto_comments=("an exercise's name for the patient (library data)",))
    target = path or str(files("exdose.report") / "locale" / "exdose.pot")
    with open(target, "wb") as handle:
        write_po(handle, catalog, width=100, sort_output=True, omit_header=False)
    return target
