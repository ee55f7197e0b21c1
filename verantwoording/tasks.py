from celery import shared_task
from django.utils import timezone

from verantwoording import notifications


@shared_task
def watch_reports():
    """Daily: open the reports of new awards, mark late ones overdue, send reminders, and
    ask for the settlement of awards whose period ended."""
    from verantwoording.services import reports  # the services import this module

    today = timezone.localdate()
    reports.open_reports()
    reports.expect_reports(today)
    reports.mark_overdue(today)
    reports.remind(today)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_report_mail(report_id, kind):
    notifications.send_report_mail(report_id, kind)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_overdue_mail(report_ids):
    notifications.send_overdue_mail(report_ids)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_notice_mail(notice_id):
    notifications.send_notice_mail(notice_id)


@shared_task
def settle_run(run_id):
    """A year-end round of direct settlement; safe to run again after a crash."""
    from verantwoording.services import direct

    direct.settle_run(run_id)


@shared_task
def build_workbook(workbook_id):
    from verantwoording.services import workbooks

    workbooks.build(workbook_id)
