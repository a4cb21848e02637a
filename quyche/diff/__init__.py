"""Compare two versions of a regulation article by article (`quyche diff`)."""
