from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView
from django_otp.admin import OTPAdminSite

from vouchers.api import api as provider_api

# The admin also refuses any user without a verified second factor, on top of the
# middleware that sends such users to the second login step.
admin.site.__class__ = OTPAdminSite
admin.site.site_header = "Huiswerkbegeleiding Den Haag – beheer"
admin.site.site_title = "Beheer"
admin.site.index_title = "Backoffice"

urlpatterns = [
    path("beheer/login/", RedirectView.as_view(pattern_name="login", query_string=True)),
    path("beheer/", admin.site.urls),
    path("vouchers/", include("vouchers.urls")),
    path("api/v1/", provider_api.urls),
    path("betalingen/", include("betalingen.urls")),
    path("verantwoording/", include("verantwoording.urls")),
    path("", include("kern.urls")),
    path("", include("besluiten.urls")),
    path("", include("aanbod.urls")),
    path("", include("subsidie.urls")),
]
