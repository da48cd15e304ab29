from palg.cli import app

app()
