"""The handout a patient reads: merged sessions, scales only when used, pictures, tick tables,
and the same handout in Norwegian Bokmål and Swedish through complete gettext catalogues."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from typer.testing import CliRunner

from exdose.cli import app
from exdose.errors import UsageError
from exdose.program.io import LoadedProgram, load_program, load_program_bytes
from exdose.report import i18n
from exdose.report.document import Image
from exdose.report.render import build_document, render_file, to_html, to_markdown

ROOT = Path(__file__).resolve().parents[2]
REPORT = ROOT / "src" / "exdose" / "report"
LOCALE = REPORT / "locale"
DATA = ROOT / "tests" / "data" / "report"
DAILY = DATA / "daily-heel-drops.yaml"
HIP = ROOT / "examples" / "hip-thrust.yaml"
ACHILLES = ROOT / "examples" / "achilles-alfredson.yaml"
KNEE = ROOT / "examples" / "knee-oa.yaml"
LOADED = DATA / "loaded-bodyweight.yaml"
HANDOUT_CASES = [path for path in (HIP, DAILY, ACHILLES, KNEE) if path.exists()]
TRANSLATED = ("nb", "sv")


def _handout(loaded: LoadedProgram, lang: str = "en") -> str:
    return to_markdown(build_document(loaded, "handout", lang))


# --- the catalogues -------------------------------------------------------------------------


def _catalogue(path: Path):  # type: ignore[no-untyped-def]
    with path.open("rb") as handle:
        return read_po(handle)


def _source_ids() -> set[str]:
    """Every message the handout code asks gettext for, extracted as pybabel does."""
    found: set[str] = set()
    for filename, _line, message, _comments, _context in extract_from_dir(
        str(REPORT),
        method_map=[("handout.py", "python"), ("handout_words.py", "python")],
        keywords={"_": None, "n_": (1, 2)},
    ):
        assert filename in ("handout.py", "handout_words.py")
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def test_the_template_holds_every_message_of_the_code() -> None:
    template = {m.id if isinstance(m.id, str) else m.id[0] for m in _catalogue(
        LOCALE / "exdose.pot"
    ) if m.id}  # fmt: skip
    assert _source_ids() | set(i18n.library_messages()) == template


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_message_is_translated(lang: str) -> None:
    template = [m for m in _catalogue(LOCALE / "exdose.pot") if m.id]
    catalogue = _catalogue(LOCALE / lang / "LC_MESSAGES" / "exdose.po")
    assert catalogue.plural_forms == "nplurals=2; plural=(n != 1);"
    for message in template:
        translated = catalogue.get(message.id)
        assert translated is not None, (lang, message.id)
        assert not translated.fuzzy, (lang, message.id)
        strings = (
            translated.string if isinstance(translated.string, tuple) else (translated.string,)
        )
        assert all(strings), (lang, message.id)
        # The placeholders survive translation, so no handout line can lose a number.
        wanted = set(re.findall(r"%\(\w+\)s", str(message.id)))
        for string in strings:
            assert set(re.findall(r"%\(\w+\)s", string)) == wanted, (lang, message.id, string)


@pytest.mark.parametrize("lang", TRANSLATED)
def test_the_compiled_catalogue_is_the_source_compiled(lang: str) -> None:
    folder = LOCALE / lang / "LC_MESSAGES"
    compiled = io.BytesIO()
    write_mo(compiled, _catalogue(folder / "exdose.po"))
    assert (folder / "exdose.mo").read_bytes() == compiled.getvalue(), (
        "recompile: pybabel compile -d src/exdose/report/locale -D exdose"
    )


def test_an_unknown_language_is_refused() -> None:
    with pytest.raises(UsageError, match="no handout language 'de'"):
        i18n.translator("de")
    with pytest.raises(UsageError, match="English only"):
        build_document(load_program(HIP), "methods", "nb")


def _english_fragments() -> list[str]:
    """Runs of three or more words from exdose's English messages (placeholders cut out)."""
    fragments: list[str] = []
    for message in _catalogue(LOCALE / "exdose.pot"):
        if not message.id:
            continue
        for text in message.id if isinstance(message.id, tuple) else (message.id,):
            for piece in re.split(r"%\(\w+\)s|[.:;,()]", text):
                words = piece.split()
                if len(words) >= 3:
                    fragments.append(" ".join(words))
    return fragments


@pytest.mark.parametrize("lang", TRANSLATED)
@pytest.mark.parametrize("path", HANDOUT_CASES, ids=lambda p: p.stem)
def test_translated_handouts_have_no_english_sentence_of_exdoses_own(lang: str, path: Path) -> None:
    text = _handout(load_program(path), lang)
    english = _handout(load_program(path), "en")
    fragments = _english_fragments()
    assert any(fragment in english for fragment in fragments)  # the check can see English
    left = [fragment for fragment in fragments if fragment in text]
    assert left == []


def test_norwegian_and_swedish_read_as_written_by_a_clinician() -> None:
    daily = load_program(DAILY)
    nb, sv = _handout(daily, "nb"), _handout(daily, "sv")
    assert "Gjør denne økten to ganger om dagen, hver dag." in nb
    assert "Gör det här passet två gånger om dagen, varje dag." in sv
    assert "3 sett med 15 repetisjoner, med egen kroppsvekt + 5 kg" in nb
    assert "smerte er greit opp til 5 av 10" in nb
    assert "smärta är tillåten upp till 5 av 10" in sv
    assert "vila 60–90 sekunder mellan seten" in sv
    # Decimal commas, as Norwegian and Swedish write numbers.
    hip_sv = _handout(load_program(HIP), "sv")
    assert "2×12 · 7,5\u00a0kg · RIR\u00a02" in hip_sv and "7.5" not in hip_sv.split("## ")[-1]
    assert "2×12 · 7.5\u00a0kg · RIR\u00a02" in _handout(load_program(HIP))
    # The programme's own words stay as written.
    assert "Heel drop, straight knee" in nb and "Lower over three seconds." in sv


@pytest.mark.skipif(not ACHILLES.exists(), reason="the Alfredson example is not in this tree yet")
def test_exdoses_patient_names_are_translated_and_the_programmes_are_not() -> None:
    loaded = load_program(ACHILLES)
    assert "Heel lowering off a step, knee straight" in _handout(loaded)
    assert "Senk hælen fra trappetrinnet, strakt kne" in _handout(loaded, "nb")
    assert "Sänk hälen från trappsteget, böjt knä" in _handout(loaded, "sv")
    text = DAILY.read_text(encoding="utf-8").replace(
        "    name: Heel drop, straight knee\n",
        "    name: Heel drop, straight knee\n    display_name: Min hælsenkning\n",
    )
    own = load_program_bytes(text.encode("utf-8"), str(DAILY))
    assert "### Min hælsenkning" in _handout(own, "sv")


# --- content -----------------------------------------------------------------------------------


def test_a_session_twice_a_day_every_day_is_written_once_with_a_tick_for_each() -> None:
    text = _handout(load_program(DAILY))
    assert text.count("### Session Heel drops") == 1
    assert "Do this session twice a day, every day." in text
    rows = [line for line in text.splitlines() if line.startswith("| 1 |")]
    # seven day columns, two boxes a day: 14 sessions a week
    assert rows == ["| 1 |" + " ☐ ☐ |" * 7]


def test_identical_sessions_are_merged() -> None:
    text = (DATA / "double-progression.yaml").read_text(encoding="utf-8")
    session = text[text.index("      - name: A") : text.index("deload:")]
    twin = session.replace("name: A", "name: B").replace("day: Monday", "day: Thursday")
    loaded = load_program_bytes(text.replace(session, session + twin).encode(), "twins.yaml")
    handout = _handout(loaded)
    assert "### Session A + B · about 45 minutes" in handout
    assert "Do this session 2 times a week (Monday, Thursday)." in handout
    assert "### Session B" not in handout
    # one row per week, two boxes to tick
    assert "| 1 | 3×8 · 60\u00a0kg · RIR\u00a02 | ☐ ☐ |" in handout


def test_scales_are_explained_only_when_used() -> None:
    daily = _handout(load_program(DAILY))
    assert "Pain (0 to 10):" in daily
    assert "RPE" not in daily and "RIR" not in daily
    hip = _handout(load_program(HIP))
    assert "Repetitions in reserve (RIR):" in hip and "Pain (0 to 10):" not in hip


def test_each_exercise_is_described_once(tmp_path: Path) -> None:
    hip = load_program(HIP)
    text = _handout(hip)
    for exercise in hip.program.exercises.values():
        for cue in exercise.cues:
            assert text.count(cue) == 1, cue


# --- loads added to body weight ------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "loaded", "unloaded"),
    [
        ("en", "with your body weight + 5 kg in a backpack,", "with your own body weight,"),
        ("nb", "med egen kroppsvekt + 5 kg i en ryggsekk,", "med egen kroppsvekt,"),
        ("sv", "med egen kroppsvikt + 5 kg i en ryggsäck,", "med egen kroppsvikt,"),
    ],
)
def test_an_added_load_says_what_it_is_carried_in(lang: str, loaded: str, unloaded: str) -> None:
    # Alfredson: both heel drops have `kit: Backpack` (an equipment entry of kind backpack); in
    # weeks 5-12 they are done with 5 kg in it, in weeks 1-4 with body weight alone.
    text = _handout(load_program(ACHILLES), lang)
    weeks_5_12 = text[
        text.index({"en": "Weeks 5–12", "nb": "Uke 5–12", "sv": "Vecka 5–12"}[lang]) :
    ]
    assert weeks_5_12.count(loaded) == 2
    assert text.count(loaded) == 2
    assert text.count(unloaded) == 2 and unloaded not in weeks_5_12


@pytest.mark.parametrize(
    ("lang", "phrase", "carrier"),
    [
        ("en", "with your body weight + 5 kg, pain allowed", "backpack"),
        ("nb", "med egen kroppsvekt + 5 kg, smerte", "ryggsekk"),
        ("sv", "med egen kroppsvikt + 5 kg, smärta", "ryggsäck"),
    ],
)
def test_an_added_load_without_kit_names_no_carrier(lang: str, phrase: str, carrier: str) -> None:
    # The daily heel-drop fixture adds 5 kg but names no equipment: the kilograms alone.
    text = _handout(load_program(DAILY), lang)
    assert text.count(phrase) == 2
    assert carrier not in text


@pytest.mark.parametrize(
    ("lang", "row"),
    [
        (
            "en",
            "| 1 | 3×10 · body weight + 4 kg in a weight vest · RPE 7"
            " | 3×8 · body weight + 10 kg in dumbbells · RPE 7"
            " | 3×12 · body weight + 2.5 kg in a weight vest · RPE 8 | ☐ ☐ |",
        ),
        (
            "nb",
            "| 1 | 3×10 · kroppsvekt + 4 kg i en vektvest · RPE 7"
            " | 3×8 · kroppsvekt + 10 kg i manualer · RPE 7"
            " | 3×12 · kroppsvekt + 2,5 kg i en vektvest · RPE 8 | ☐ ☐ |",
        ),
        (
            "sv",
            "| 1 | 3×10 · kroppsvikt + 4 kg i en viktväst · RPE 7"
            " | 3×8 · kroppsvikt + 10 kg i hantlar · RPE 7"
            " | 3×12 · kroppsvikt + 2,5 kg i en viktväst · RPE 8 | ☐ ☐ |",
        ),
    ],
)
def test_the_tick_table_names_the_carrier_and_may_wrap_inside_it(lang: str, row: str) -> None:
    text = _handout(load_program(LOADED), lang)
    [week_1] = [line for line in text.splitlines() if line.startswith("| 1 |")]
    # "4 kg" and "RPE 7" stay whole (no-break spaces); the carrier's words may wrap.
    assert week_1.replace("\u00a0", " ") == row
    assert "4\u00a0kg" in week_1 and "RPE\u00a07" in week_1
    assert (" in a weight vest" if lang == "en" else " i ") in week_1
    sentence = {"en": "with your body weight + 10 kg in dumbbells,", "nb": "+ 10 kg i manualer,"}
    assert sentence.get(lang, "+ 10 kg i hantlar,") in text


# --- pictures -------------------------------------------------------------------------------


def test_pictures_from_media_are_embedded(tmp_path: Path) -> None:
    loaded = load_program(DAILY)
    png = (DATA / "heel-drop.png").read_bytes()
    document = build_document(loaded, "handout")
    images = [b for b in document.blocks if isinstance(b, Image)]
    assert images == []  # pictures sit with their exercise, inside its group
    html = to_html(document)
    import base64

    assert "data:image/png;base64," + base64.b64encode(png).decode("ascii") in html
    docx_path = tmp_path / "h.docx"
    render_file(loaded, docx_path, "handout")
    import zipfile

    with zipfile.ZipFile(docx_path) as archive:
        media = [n for n in archive.namelist() if n.startswith("word/media/")]
        assert [archive.read(n) for n in media] == [png]
    # A web video stays a link.
    assert "**Video:** https://example.org/heel-drop.mp4" in _handout(loaded)


def test_a_missing_picture_is_an_error_naming_it(tmp_path: Path) -> None:
    text = DAILY.read_text(encoding="utf-8").replace("heel-drop.png", "missing.png")
    path = tmp_path / "p.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UsageError, match=re.escape("'missing.png' of 'Heel drop, straight knee'")):
        build_document(load_program(path), "handout")


# --- paper ----------------------------------------------------------------------------------


def _pages(path: Path) -> int:
    import pypdfium2 as pdfium

    return len(pdfium.PdfDocument(str(path)))


def test_hip_thrust_handout_fits_eight_pages(tmp_path: Path) -> None:
    out = tmp_path / "hip.pdf"
    render_file(load_program(HIP), out, "handout")
    assert _pages(out) <= 8


@pytest.mark.skipif(not ACHILLES.exists(), reason="the Alfredson example is not in this tree yet")
def test_alfredson_handout_fits_four_pages(tmp_path: Path) -> None:
    out = tmp_path / "achilles.pdf"
    render_file(load_program(ACHILLES), out, "handout", "nb")
    assert _pages(out) <= 4


def _page_texts(path: Path) -> list[str]:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    return [page.get_textpage().get_text_range() for page in pdf]


def _pages_with(pages: list[str], text: str) -> list[int]:
    """The 1-based numbers of the pages holding `text` (line breaks read as spaces)."""
    return [n for n, page in enumerate(pages, 1) if text in " ".join(page.split())]


@pytest.mark.parametrize("lang", ["en", "nb"])
def test_the_first_phase_follows_the_exercises_on_their_last_page(
    tmp_path: Path, lang: str
) -> None:
    # Page 1 holds the rules and the first exercise; the second exercise is kept whole and goes
    # to page 2, which the first phase (about half a page) then shares instead of page 2 being
    # left with one exercise on it. The second phase starts a page of its own: 3 pages, not 4.
    out = tmp_path / "achilles.pdf"
    render_file(load_program(ACHILLES), out, "handout", lang)
    pages = _page_texts(out)
    words = {
        "en": ("Heel lowering off a step, knee", "Weeks 1–4", "Weeks 5–12"),
        "nb": ("Senk hælen fra trappetrinnet,", "Uke 1–4", "Uke 5–12"),
    }
    exercise, first, second = words[lang]
    straight, bent = {"en": ("straight", "bent"), "nb": ("strakt kne", "bøyd kne")}[lang]
    assert len(pages) == 3
    # Each exercise is named where it is described, and again in both phases' sessions.
    assert _pages_with(pages, f"{exercise} {straight}") == [1, 2, 3]
    assert _pages_with(pages, f"{exercise} {bent}") == [2, 3]
    assert _pages_with(pages, first) == [2]
    assert _pages_with(pages, second) == [3]


def test_a_phase_that_fits_a_page_is_not_split_and_each_starts_a_page(tmp_path: Path) -> None:
    # Each of the hip-thrust programme's three phases fits one page: its two session boxes and
    # both tick tables are on the page its heading is on, and no two phases share a page.
    out = tmp_path / "hip.pdf"
    render_file(load_program(HIP), out, "handout")
    pages = _page_texts(out)
    starts = [_pages_with(pages, f"Weeks {weeks}") for weeks in ("1–4", "5–8", "9–12")]
    assert starts == [[4], [5], [6]]
    for [page] in starts:
        assert _pages_with(pages, "Session A: your planned sets").count(page) == 1
        assert _pages_with(pages, "Session B: your planned sets").count(page) == 1


def test_a_phase_taller_than_a_page_keeps_its_heading_with_its_session(tmp_path: Path) -> None:
    # The hypopressive session box (three exercises with four levels each) is taller than a page:
    # it starts under the phase heading and breaks onto the next page, so the heading is not
    # left alone on a page.
    out = tmp_path / "hypopressive.pdf"
    render_file(load_program(ROOT / "examples" / "hypopressive.yaml"), out, "handout")
    pages = _page_texts(out)
    [heading] = _pages_with(pages, "Your sessions")
    assert _pages_with(pages, "Session A + B · about 30 minutes") == [heading]
    assert _pages_with(pages, "Cool-down:") == [heading + 1]


def test_word_keeps_a_kept_block_together(tmp_path: Path) -> None:
    import docx

    out = tmp_path / "achilles.docx"
    render_file(load_program(ACHILLES), out, "handout")
    paragraphs = docx.Document(str(out)).paragraphs
    texts = [p.text for p in paragraphs]
    keep = [bool(p.paragraph_format.keep_with_next) for p in paragraphs]
    # An exercise: its name and every line but the last keep with the next line.
    name = texts.index("Heel lowering off a step, knee bent")
    last = texts.index("Too hard? Both legs lowering together, knees bent.")
    assert keep[name:last] == [True] * (last - name) and not keep[last]
    # A phase: its heading, session and tick table's caption keep with what follows them.
    phase = texts.index("Weeks 1–4: Body weight")
    caption = next(i for i, t in enumerate(texts) if t.startswith("Session Heel drops: tick"))
    assert keep[phase : caption + 1] == [True] * (caption + 1 - phase)
    table = docx.Document(str(out)).tables[0]
    rows = [
        [bool(c.paragraphs[0].paragraph_format.keep_with_next) for c in r.cells] for r in table.rows
    ]
    assert all(all(row) for row in rows)  # the table's rows keep with the paragraph after it


def test_cli_render_takes_a_language(tmp_path: Path) -> None:
    out = tmp_path / "sv.md"
    args = ["render", str(DAILY), "-o", str(out), "--audience", "handout", "--lang", "sv"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("# Ditt träningsprogram:")
    bad = CliRunner().invoke(app, [*args[:-1], "de"])
    assert bad.exit_code == 2 and "no handout language 'de'" in bad.output
