"""The API for providers' own systems, on django-ninja: typed schemas, the OpenAPI document
generated from this module, errors as RFC 7807 problem details.

Authentication is a provider's key in `Authorization: Bearer <key>`; cookies are ignored, so
the operations need no CSRF token. Every answer is about the key's own provider only: another
provider's enrolment is a 404, as if it did not exist.
"""

from datetime import date
from decimal import Decimal
from typing import Annotated

from django.core.exceptions import ValidationError as Refused
from ninja import Field, Header, NinjaAPI, Schema, Status
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as BadRequest
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.security import HttpBearer
from pydantic import WithJsonSchema

from vouchers.models import OPEN_ENROLMENT, Enrolment, EnrolmentState
from vouchers.services import api_keys
from vouchers.services import sessions as booking

PROBLEM = "application/problem+json"


class ProviderKey(HttpBearer):
    def authenticate(self, request, token):
        api_token = api_keys.token_for(token.strip())
        if api_token is not None:
            # The transition log names the key of every change made in this request.
            request.api_key_prefix = api_token.prefix
        return api_token


class ProblemAPI(NinjaAPI):
    """Error answers are problem details (RFC 7807), in the schema as in the responses."""

    def get_openapi_schema(self, **kwargs):
        schema = super().get_openapi_schema(**kwargs)
        for item in schema["paths"].values():
            for operation in item.values():
                for status, response in operation["responses"].items():
                    if int(status) >= 400 and "content" in response:
                        response["content"] = {PROBLEM: response["content"].popitem()[1]}
        return schema


api = ProblemAPI(
    title="Huiswerkbegeleiding Den Haag – API voor aanbieders",
    version="1.0.0",
    description="Vouchers controleren, eigen inschrijvingen ophalen en uren boeken.",
    auth=ProviderKey(),
    urls_namespace="api_v1",
    docs_url=None,
)


class Problem(Schema):
    type: str = "about:blank"
    title: str
    status: int
    detail: str


def problem(request, status, title, detail, headers=()):
    response = api.create_response(
        request,
        {"type": "about:blank", "title": title, "status": status, "detail": detail},
        status=status,
    )
    response["Content-Type"] = PROBLEM
    for name, value in headers:
        response[name] = value
    return response


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    return problem(
        request,
        401,
        "Niet aangemeld",
        "Geen geldige API-sleutel.",
        headers=[("WWW-Authenticate", "Bearer")],
    )


@api.exception_handler(BadRequest)
def _bad_request(request, exc):
    fields = ", ".join(".".join(str(part) for part in error["loc"]) for error in exc.errors)
    return problem(
        request,
        400,
        "Verzoek niet goed",
        f"Deze gegevens in het verzoek kloppen niet: {fields}. Zie /api/v1/openapi.json.",
    )


@api.exception_handler(HttpError)
def _unreadable(request, exc):
    return problem(request, exc.status_code, "Verzoek niet goed", str(exc))


@api.exception_handler(Enrolment.DoesNotExist)
def _not_found(request, exc):
    return problem(request, 404, "Niet gevonden", "Geen inschrijving van deze aanbieder.")


@api.exception_handler(Refused)
def _refused(request, exc):
    return problem(request, 422, "Niet geboekt", " ".join(exc.messages))


UNAUTHENTICATED = {401: Problem}
REFUSED = {400: Problem, 401: Problem}

# Answers that ninja never gives itself: no such path, a method the path does not have, and a
# crash. Under /api/ they are problem details too (ProblemsOutsideOperations).
_TITLES = {
    404: ("Niet gevonden", "Dit adres bestaat niet in de API. Zie /api/v1/openapi.json."),
    405: ("Methode niet toegestaan", "Dit adres kent deze methode niet."),
    500: ("Fout op de server", "Er ging iets mis bij ons. Probeer het later opnieuw."),
}


class ProblemsOutsideOperations:
    """Middleware: a 404, 405 or 500 under /api/ that is not yet a problem becomes one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        status = response.status_code
        if not request.path.startswith("/api/") or status not in _TITLES:
            return response
        if response.get("Content-Type") == PROBLEM:
            return response
        allowed = [("Allow", response["Allow"])] if response.has_header("Allow") else []
        return problem(request, status, *_TITLES[status], headers=allowed)


class Pages(LimitOffsetPagination):
    """Bounded, so no number a client sends can reach the database as an overflow."""

    class Input(Schema):
        limit: int = Field(100, ge=1, le=500)
        offset: int = Field(0, ge=0, le=1_000_000)


class ProviderOut(Schema):
    provider: str
    kvk: str


class VoucherCheckOut(Schema):
    code: str
    usable: bool
    enrolled_here: bool | None = None
    child: str | None = None
    balance: Decimal | None = None
    enrolment: int | None = None


class EnrolmentOut(Schema):
    id: int
    child: str = Field(alias="voucher.pass_holder.name")
    location: str = Field(alias="location.name")
    state: EnrolmentState
    balance: Decimal = Field(alias="voucher.balance")


# Hours as a JSON number or a decimal string, from 0.01 to 99.99 (the service allows up to 8).
Hours = Annotated[
    Decimal,
    Field(gt=0, max_digits=4, decimal_places=2),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "number", "exclusiveMinimum": 0, "maximum": 99.99, "multipleOf": 0.01},
                {
                    "type": "string",
                    "pattern": r"^(0\.(0[1-9]|[1-9][0-9]?)|[1-9][0-9]?(\.[0-9]{1,2})?)$",
                },
            ]
        }
    ),
]


class SessionIn(Schema):
    day: date
    hours: Hours


class SessionOut(Schema):
    id: int
    day: date
    hours: Decimal
    amount: Decimal
    balance: Decimal


@api.get(
    "/me", response={200: ProviderOut, **UNAUTHENTICATED}, summary="De aanbieder bij deze sleutel"
)
def me(request):
    return {"provider": request.auth.provider.name, "kvk": request.auth.provider.kvk_number}


class VoucherCheckIn(Schema):
    code: str = Field(max_length=40)


@api.post(
    "/vouchers/check",
    response={200: VoucherCheckOut, **REFUSED},
    summary="Een vouchercode controleren",
    description=(
        "Of de voucher te gebruiken is; bij een eigen inschrijving ook naam en saldo. De code "
        "gaat in de body, niet in de URL, zodat geen toegangslog hem bewaart."
    ),
    exclude_none=True,
)
def voucher(request, body: VoucherCheckIn):
    return api_keys.voucher_check(request.auth.provider, body.code)


@api.get(
    "/enrolments",
    response={200: list[EnrolmentOut], **REFUSED},
    summary="De open inschrijvingen bij deze aanbieder",
)
@paginate(Pages)
def enrolments(request):
    return (
        Enrolment.objects.filter(
            admission__provider=request.auth.provider, state__in=OPEN_ENROLMENT
        )
        .select_related("voucher__pass_holder", "location")
        .order_by("pk")
    )


@api.post(
    "/enrolments/{enrolment_id}/sessions",
    response={200: SessionOut, 201: SessionOut, 404: Problem, 422: Problem, **REFUSED},
    summary="Uren boeken (idempotent)",
    description=(
        "Met dezelfde Idempotency-Key geeft een herhaald verzoek hetzelfde moment terug (200) "
        "in plaats van opnieuw te boeken."
    ),
)
def sessions(
    request,
    enrolment_id: int,
    body: SessionIn,
    idempotency_key: str = Header(alias="Idempotency-Key", min_length=1, max_length=64),
):
    session, created = booking.record_session(
        request.auth.created_by,
        enrolment_id,
        body.day,
        body.hours,
        idempotency_key.strip(),
        api_token=request.auth,
    )
    # The session holds the voucher as booked (or, for a replay, as it is now); no
    # refresh_from_db, which in django-fsm-2 races between threads of a worker.
    return Status(
        201 if created else 200,
        {
            "id": session.pk,
            "day": session.day,
            "hours": session.hours,
            "amount": session.amount,
            "balance": session.voucher.balance,
        },
    )
