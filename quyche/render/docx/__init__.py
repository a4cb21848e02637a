"""DOCX output in the Party layout; base.py holds what every document shares."""
