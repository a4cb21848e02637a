"""quyche: working regulations (quy chế làm việc) kept as plain text in git."""

__version__ = "0.1.0"
