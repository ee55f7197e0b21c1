"""Small pieces every view module uses: refusals as messages, and file downloads."""

from django.contrib import messages
from django.http import HttpResponse

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def report_errors(request, error):
    """Shows each message of a refused operation (a ValidationError) to the user."""
    for message in error.messages:
        messages.error(request, message)


def download(content, content_type, filename):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
