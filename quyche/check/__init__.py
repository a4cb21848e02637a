"""`quyche check`: rules with codes over the document model."""
