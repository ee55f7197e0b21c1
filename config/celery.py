import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("huiswerksubsidie")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# shared_task resolves to the current app, which is per thread: without this, a thread
# other than the importing one (threaded web servers, worker pools) would send tasks
# through Celery's fallback app and its default broker instead of ours.
app.set_default()
