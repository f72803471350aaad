"""Widgets shared by the step editors: validated fields (``fields``) and the list editor
(``list_editor``). Import from the modules: this package imports nothing, so loading one step
does not load the rest."""
