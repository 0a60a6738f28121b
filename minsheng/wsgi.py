import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minsheng.settings")
application = get_wsgi_application()

# Django's modules, models and settings, loaded now (in each gunicorn worker), live as long
# as the process: keep them out of the cyclic collector, whose full passes would otherwise
# walk them all again and again under load.
gc.freeze()
