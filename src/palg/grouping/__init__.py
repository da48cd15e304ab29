"""Forming groups from an organisation's people: reading and writing the grouping CSV files.

The engine itself is the pure package `palg_grouping`; this package holds what depends on
palg's formats (the people import CSV, availability slot codes).
"""

# The columns `palg group` mixes within each group unless told otherwise.
DEFAULT_DIVERSIFY = ("function", "department", "location", "seniority")
