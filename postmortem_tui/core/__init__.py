"""Below the front doors: the model, the store, the editing session, fields and times.

Nothing in this folder imports Textual, questionary or Jinja2 (a test imports each module in a
fresh interpreter and checks).
"""
