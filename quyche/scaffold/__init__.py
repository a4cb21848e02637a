"""`quyche new`: model regulations (templates) rendered into a ready-to-use git repository.

locate.py finds templates (installed package or source checkout), template.py reads
template.yaml, sandbox.py renders Jinja safely, answers.py collects and validates the answers,
scaffold.py writes the repository.
"""
