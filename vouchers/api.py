"""A small JSON API for providers' own systems, described by the OpenAPI schema below.

Authentication is a provider's key in `Authorization: Bearer <key>`; cookies are ignored, so
the views need no CSRF token. Every answer is about the key's own provider only: another
provider's enrolment is a 404, as if it did not exist.
"""

import json
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import wraps

from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from vouchers.models import OPEN_ENROLMENT, Enrolment
from vouchers.services import api_keys
from vouchers.services import sessions as booking


def _error(status, message):
    return JsonResponse({"error": message}, status=status)


def token_required(view):
    @wraps(view)
    @csrf_exempt
    def wrapper(request, *args, **kwargs):
        scheme, _, key = request.headers.get("Authorization", "").partition(" ")
        token = api_keys.token_for(key.strip()) if scheme.lower() == "bearer" and key else None
        if token is None:
            response = _error(401, "Geen geldige API-sleutel.")
            response["WWW-Authenticate"] = "Bearer"
            return response
        return view(request, token, *args, **kwargs)

    return wrapper


@require_GET
@token_required
def me(request, token):
    return JsonResponse({"provider": token.provider.name, "kvk": token.provider.kvk_number})


@require_GET
@token_required
def voucher(request, token, code):
    return JsonResponse(api_keys.voucher_check(token.provider, code))


def _enrolment_json(enrolment):
    return {
        "id": enrolment.pk,
        "child": enrolment.voucher.pass_holder.name,
        "location": enrolment.location.name,
        "state": enrolment.state,
        "balance": str(enrolment.voucher.balance),
    }


@require_GET
@token_required
def enrolments(request, token):
    items = (
        Enrolment.objects.filter(admission__provider=token.provider, state__in=OPEN_ENROLMENT)
        .select_related("voucher__pass_holder", "location")
        .order_by("pk")
    )
    return JsonResponse({"results": [_enrolment_json(item) for item in items]})


@require_POST
@token_required
def sessions(request, token, pk):
    enrolment = get_object_or_404(
        Enrolment.objects.select_related("admission__provider", "voucher"),
        pk=pk,
        admission__provider=token.provider,
    )
    key = request.headers.get("Idempotency-Key", "").strip()
    if not 1 <= len(key) <= 64:
        return _error(400, "Stuur een Idempotency-Key van 1 tot 64 tekens mee.")
    try:
        body = json.loads(request.body or b"{}")
        day, hours = date.fromisoformat(body["day"]), Decimal(str(body["hours"]))
    except (ValueError, KeyError, TypeError, InvalidOperation):
        return _error(400, 'Stuur JSON zoals {"day": "2026-11-20", "hours": "1.5"}.')
    try:
        session, created = booking.record_session(token.created_by, enrolment, day, hours, key)
    except ValidationError as error:
        return _error(422, " ".join(error.messages))
    # The session holds the voucher as booked (or, for a replay, as it is now); no
    # refresh_from_db, which in django-fsm-2 races between threads of a worker.
    balance = session.voucher.balance
    return JsonResponse(
        {
            "id": session.pk,
            "day": session.day.isoformat(),
            "hours": str(session.hours),
            "amount": str(session.amount),
            "balance": str(balance),
        },
        status=201 if created else 200,
    )


def _error_response(description):
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


SCHEMA = {
    "openapi": "3.1.0",
    "info": {
        "title": "Huiswerkbegeleiding Den Haag – API voor aanbieders",
        "version": "1.0.0",
        "description": "Vouchers controleren, eigen inschrijvingen ophalen en uren boeken.",
    },
    "servers": [{"url": "/api/v1"}],
    "security": [{"bearer": []}],
    "components": {
        "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        "schemas": {
            "Error": {"type": "object", "properties": {"error": {"type": "string"}}},
            "Enrolment": {
                "type": "object",
                "properties": {
                    "id": {"type": "integer"},
                    "child": {"type": "string"},
                    "location": {"type": "string"},
                    "state": {"type": "string"},
                    "balance": {"type": "string", "format": "decimal"},
                },
            },
        },
    },
    "paths": {
        "/me": {
            "get": {
                "summary": "De aanbieder bij deze sleutel",
                "responses": {
                    "200": {"description": "De aanbieder"},
                    "401": _error_response("Geen geldige sleutel"),
                },
            }
        },
        "/vouchers/{code}": {
            "get": {
                "summary": "Een vouchercode controleren",
                "parameters": [
                    {"name": "code", "in": "path", "required": True, "schema": {"type": "string"}}
                ],
                "responses": {
                    "200": {
                        "description": (
                            "Of de voucher te gebruiken is; bij een eigen inschrijving ook "
                            "naam en saldo"
                        )
                    },
                    "401": _error_response("Geen geldige sleutel"),
                },
            }
        },
        "/enrolments": {
            "get": {
                "summary": "De open inschrijvingen bij deze aanbieder",
                "responses": {
                    "200": {
                        "description": "Inschrijvingen",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "properties": {
                                        "results": {
                                            "type": "array",
                                            "items": {"$ref": "#/components/schemas/Enrolment"},
                                        }
                                    },
                                }
                            }
                        },
                    },
                    "401": _error_response("Geen geldige sleutel"),
                },
            }
        },
        "/enrolments/{id}/sessions": {
            "post": {
                "summary": "Uren boeken (idempotent)",
                "parameters": [
                    {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}},
                    {
                        "name": "Idempotency-Key",
                        "in": "header",
                        "required": True,
                        "schema": {"type": "string", "maxLength": 64},
                    },
                ],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "required": ["day", "hours"],
                                "properties": {
                                    "day": {"type": "string", "format": "date"},
                                    "hours": {"type": "string", "format": "decimal"},
                                },
                            }
                        }
                    },
                },
                "responses": {
                    "201": {"description": "Geboekt"},
                    "200": {"description": "Al geboekt met deze sleutel; hetzelfde antwoord"},
                    "400": _error_response("Verzoek niet goed"),
                    "401": _error_response("Geen geldige sleutel"),
                    "404": _error_response("Geen inschrijving van deze aanbieder"),
                    "422": _error_response("Niet geboekt, met de reden"),
                },
            }
        },
    },
}


@require_GET
def openapi(request):
    return JsonResponse(SCHEMA, json_dumps_params={"ensure_ascii": False})
