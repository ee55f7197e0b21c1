"""Small pieces every view module uses: refusals as messages, and file downloads."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse

from kern.permissions import require
from kern.roles import is_municipal_staff

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def report_errors(request, error):
    """Shows each message of a refused operation (a ValidationError) to the user."""
    for message in error.messages:
        messages.error(request, message)


def attempt(request, operation, success):
    """Runs a service call (`operation` takes no arguments). A refusal (a ValidationError)
    shows its messages, otherwise `success` is shown; returns whether it went through."""
    try:
        operation()
    except ValidationError as error:
        report_errors(request, error)
        return False
    messages.success(request, success)
    return True


def made(request, operation, success):
    """Like `attempt`, for an operation that makes a record: returns the record, or None
    when it was refused (its messages shown)."""
    try:
        record = operation()
    except ValidationError as error:
        report_errors(request, error)
        return None
    messages.success(request, success)
    return record


def download(content, content_type, filename):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def permission_required(permission):
    """A view for whoever holds `permission`; others get the 403 page saying why, before any
    form is shown that its service would refuse."""

    def decorate(view):
        @wraps(view)
        @login_required
        def wrapper(request, *args, **kwargs):
            require(request.user, permission)
            return view(request, *args, **kwargs)

        return wrapper

    return decorate


def staff_only(view):
    """A view for municipal staff of any role; others get 403."""

    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        if not is_municipal_staff(request.user):
            raise PermissionDenied("Deze pagina is voor medewerkers van de gemeente.")
        return view(request, *args, **kwargs)

    return wrapper


def by_state(request, rows, choices, default, page_size=25):
    """A list filtered on `?status=` (one of `choices`, or "alle"), a page at a time: the
    context of `kern/_state_filter.html` and the pagination."""
    shown = request.GET.get("status", default)
    if shown in dict(choices):
        rows = rows.filter(state=shown)
    return {
        "page": Paginator(rows, page_size).get_page(request.GET.get("pagina")),
        "shown": shown,
        "states": choices,
        "query": f"status={shown}",
    }
