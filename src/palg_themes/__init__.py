"""palg_themes: the pure (framework-free) core of cross-set theme mining."""
