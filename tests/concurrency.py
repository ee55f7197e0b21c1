"""Running calls at the same moment in threads, each on its own database connection."""

import threading

from django.core.exceptions import ValidationError
from django.db import connection


def at_once(calls, refused=(ValidationError,)):
    """Starts every call together; returns what the calls returned and what they refused."""
    start = threading.Barrier(len(calls))
    done, refusals = [], []

    def run(call):
        try:
            start.wait()
            done.append(call())
        except refused as error:
            refusals.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return done, refusals
