"""gunicorn in production: `gunicorn -c config/gunicorn.conf.py config.wsgi`.

Worker processes, not threads, carry the load: threads of one process take turns on
Python's interpreter lock, and at every database round trip a thread hands the lock over,
which costs CPU under load. gunicorn's own rule of thumb sets the processes (two per core
plus one); two threads each keep a process busy while the other waits for the database.
`WEB_CONCURRENCY` sets the number of processes, gunicorn's own `GUNICORN_CMD_ARGS` any
other setting (for example `--bind`).
"""

import multiprocessing
import os

wsgi_app = "config.wsgi"
bind = "127.0.0.1:8000"
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count() + 1))
worker_class = "gthread"
threads = 2
