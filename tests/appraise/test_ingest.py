"""Ingesting reports: formats from content, sections, sentence offsets, every kind of bad input."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from exdose.appraise.ingest import (
    detect_format,
    iter_report_paths,
    parse_report,
    read_report,
    split_sentences,
)
from exdose.errors import IngestError


def test_markdown_sections_and_offsets(knee_md: Path) -> None:
    document = read_report(knee_md)
    assert document.format == "text"
    assert document.title.startswith("Supervised strength training for knee osteoarthritis")
    kinds = {s.heading: s.kind for s in document.sections}
    assert kinds["Exercise intervention"] == "intervention"
    assert kinds["Control group"] == "other_arm"
    assert kinds["Acknowledgements"] == "backmatter"
    assert kinds["Results"] == "results"
    for sentence in document.sentences:
        assert document.text[sentence.start : sentence.end] == sentence.text
    texts = [s.text for s in document.sentences]
    assert (
        "Sessions lasted 60 minutes and were held in the physiotherapy gym of the city hospital."
        in texts
    )


def test_abbreviations_do_not_split_sentences() -> None:
    text = (
        "Load was set at 60% of 1RM, e.g. 20 kg for most. Smith et al. found similar results. "
        "Next one."
    )
    spans = list(split_sentences(text, 0, len(text)))
    assert [text[a:b] for a, b in spans] == [
        "Load was set at 60% of 1RM, e.g. 20 kg for most.",
        "Smith et al. found similar results.",
        "Next one.",
    ]


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=400))
def test_sentence_spans_are_ordered_and_inside_the_text(text: str) -> None:
    spans = list(split_sentences(text, 0, len(text)))
    last = 0
    for start, end in spans:
        assert last <= start < end <= len(text)
        assert text[start:end] == text[start:end].strip()
        last = end


@given(st.binary(max_size=300))
def test_arbitrary_bytes_never_crash(data: bytes) -> None:
    try:
        document = parse_report(data, name="junk.bin")
    except IngestError:
        return
    for sentence in document.sentences:
        assert document.text[sentence.start : sentence.end] == sentence.text


def test_jats_is_read_with_sections(balance_xml: Path) -> None:
    document = read_report(balance_xml)
    assert document.format == "jats"
    assert document.title.startswith("Home balance training to prevent falls")
    kinds = {s.heading: s.kind for s in document.sections}
    assert kinds["Intervention: home balance programme"] == "intervention"
    assert kinds["Control group"] == "other_arm"
    for sentence in document.sentences:
        assert document.text[sentence.start : sentence.end] == sentence.text


def test_pdf_text_layer_is_read(knee_pdf: Path) -> None:
    document = read_report(knee_pdf)
    assert document.format == "pdf"
    assert "cycle ergometer" in document.text
    assert any(s.kind == "results" for s in document.sections)


def test_docx_is_read_with_headings(knee_docx: Path) -> None:
    document = read_report(knee_docx)
    assert document.format == "docx"
    assert {"Exercise intervention", "Control group"} <= {s.heading for s in document.sections}


def test_format_is_detected_from_content_not_name(tmp_path: Path, knee_pdf: Path) -> None:
    disguised = tmp_path / "report.txt"
    disguised.write_bytes(knee_pdf.read_bytes())
    assert read_report(disguised).format == "pdf"
    assert detect_format(b"<?xml version='1.0'?><article/>") == "jats"
    assert detect_format(b"Title\n\n## Methods\nText.") == "text"


def test_folders_are_read_recursively(tmp_path: Path, knee_md: Path, balance_xml: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "one.md").write_bytes(knee_md.read_bytes())
    (tmp_path / "two.xml").write_bytes(balance_xml.read_bytes())
    (tmp_path / "notes.csv").write_text("not a report")
    (tmp_path / "README.md").write_text("# About these files")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "x.txt").write_text("hidden")
    found = [p.relative_to(tmp_path).as_posix() for p in iter_report_paths([tmp_path])]
    assert found == ["a/b/one.md", "two.xml"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"   \n\t ", "empty"),
        (b"\x00\x01\x02garbage\x00" * 50, "binary"),
        (bytes(range(256)) * 8, "binary"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "binary"),
        (b"%PDF-1.7\n1 0 obj << /Type /Catalog", "PDF"),
        (b"PK\x03\x04truncated zip", "zip"),
        (b"<?xml version='1.0'?><article><body><p>unclosed", "does not parse"),
        (b"<?xml version='1.0'?><html><body/></html>", "not a JATS"),
    ],
)
def test_bad_inputs_get_a_clear_error(data: bytes, message: str) -> None:
    with pytest.raises(IngestError, match=message):
        parse_report(data, name="bad")


def test_truncated_pdf_is_an_error(knee_pdf: Path) -> None:
    data = knee_pdf.read_bytes()
    with pytest.raises(IngestError, match="PDF"):
        parse_report(data[: len(data) // 3], name="cut.pdf")


def test_xml_external_entity_is_refused() -> None:
    payload = (
        b'<?xml version="1.0"?><!DOCTYPE article [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        b"<article><body><sec><title>Methods</title><p>&xxe;</p></sec></body></article>"
    )
    with pytest.raises(IngestError, match="unsafe XML"):
        parse_report(payload, name="xxe.xml")


def test_billion_laughs_is_refused() -> None:
    entities = "".join(f'<!ENTITY l{i} "{("&l" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
    payload = (
        f'<?xml version="1.0"?><!DOCTYPE article [<!ENTITY l0 "ha">{entities}]>'
        "<article><body><p>&l9;</p></body></article>"
    ).encode()
    with pytest.raises(IngestError, match="unsafe XML"):
        parse_report(payload, name="laughs.xml")


def test_a_200_mb_file_is_refused_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "huge.txt"
    with big.open("wb") as handle:
        handle.truncate(200 * 1024 * 1024)  # sparse: costs no disk
    with pytest.raises(IngestError, match="over the size bound"):
        read_report(big)


def test_size_bound_is_configurable(knee_md: Path) -> None:
    with pytest.raises(IngestError, match="size bound"):
        read_report(knee_md, max_bytes=1000)


def test_docx_zip_bomb_is_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"<w:document>" + b" " * 30_000_000)
    with pytest.raises(IngestError, match="zip bomb"):
        parse_report(buffer.getvalue(), name="bomb.docx")


def test_zip_that_is_not_docx() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(IngestError, match="not a DOCX"):
        parse_report(buffer.getvalue(), name="other.zip")
