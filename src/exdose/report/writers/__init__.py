"""One writer per format: each turns a `exdose.report.document.Document` into a file's content.

`markdown.to_markdown`, `html.to_html`, `pdf.to_pdf` and `docx.to_docx` read only the document
model (and, for the formats that carry pictures, the figures' PNG bytes by key).
"""
