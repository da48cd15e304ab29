import os

from django.core.wsgi import get_wsgi_application

from palg.datadir import files_private

# Served by a gunicorn other than `palg serve`'s: files stay private all the same (palg.datadir).
files_private()
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "palg.settings")
application = get_wsgi_application()
