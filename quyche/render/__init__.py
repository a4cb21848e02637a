"""Model → output: canonical Markdown, JSON, SARIF, DOCX."""
