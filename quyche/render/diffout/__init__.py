"""Outputs of `quyche diff`: terminal text, JSON, Markdown, HTML (the DOCX table is in render/docx)."""
