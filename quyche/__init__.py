"""quyche: working regulations (quy chế làm việc) kept as plain text in git."""

__version__ = "0.1.0"
PROJECT_URL = "https://github.com/quyche/quyche"
"""Where quyche is published (pyproject's [project.urls]); rule docs live under docs/ there."""
