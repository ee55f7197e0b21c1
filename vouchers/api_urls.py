from django.urls import path

from vouchers import api

urlpatterns = [
    path("openapi.json", api.openapi, name="api_openapi"),
    path("me", api.me, name="api_me"),
    path("vouchers/<str:code>", api.voucher, name="api_voucher"),
    path("enrolments", api.enrolments, name="api_enrolments"),
    path("enrolments/<int:pk>/sessions", api.sessions, name="api_sessions"),
]
