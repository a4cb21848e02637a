"""Edits that rewrite a regulation's own text while keeping every byte around them: renumber."""
