"""The HTML writer: one self-contained page (CSS inline, figures as base64 PNG).

The Jinja template escapes every piece of text from the document, so a programme's own words
(names, cues, notes) can never become markup.
"""

from __future__ import annotations

import base64

from exdose.report.document import Block, Document


def _template_env() -> object:
    import jinja2

    return jinja2.Environment(
        loader=jinja2.PackageLoader("exdose.report", "templates"),
        autoescape=True,  # every text from the document is escaped
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _stylesheet() -> str:
    from importlib.resources import files

    return (files("exdose.report") / "templates" / "render.css").read_text(encoding="utf-8")


def to_html(document: Document, figures: dict[str, bytes] | None = None) -> str:
    """The document as one self-contained HTML page (CSS inline, figures as base64 PNG)."""
    import jinja2

    env = _template_env()
    assert isinstance(env, jinja2.Environment)
    images = {
        key: "data:image/png;base64," + base64.b64encode(png).decode("ascii")
        for key, png in (figures or {}).items()
    }
    template = env.get_template("document.html.j2")
    return template.render(
        document=document,
        css=_stylesheet(),
        images=images,
        audience=document.audience,
        lang=document.lang,
        kind=_kind,
        data_uri=_data_uri,
    )


def _kind(block: Block) -> str:
    return type(block).__name__.lower()


def _data_uri(block: Block) -> str:
    """An Image block's picture as a data: URI (the page carries its pictures)."""
    data = getattr(block, "data", b"")
    mime = getattr(block, "mime", "image/png")
    return f"data:{mime};base64," + base64.b64encode(data).decode("ascii")
