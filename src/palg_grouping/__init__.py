"""palg_grouping: diverse, constrained group formation (no Django)."""
