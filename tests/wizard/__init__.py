"""Wizard tests: Pilot-driven step editors and the app."""
