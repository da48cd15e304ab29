"""`palg` commands that work on files alone, without the database."""
