"""Across drafts: the folder index, action items, stats, related incidents and search.

Nothing here imports a user interface library; printing is left to ``cli.py`` and the doors.
"""
