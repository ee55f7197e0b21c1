from django.urls import path

from aanbod.views import offer, referrals

urlpatterns = [
    path("aanbod/", offer.offer_list, name="offer_list"),
    path("aanbod/<int:pk>/", offer.offer_location, name="offer_location"),
    path("aanbod.csv", offer.offer_csv, name="offer_csv"),
    path("aanbod.xlsx", offer.offer_xlsx, name="offer_xlsx"),
    path("aanbod.json", offer.offer_json, name="offer_json"),
    path("doorverwijzingen/", referrals.referral_list, name="referral_list"),
    path("doorverwijzingen/nieuw/", referrals.referral_create, name="referral_create"),
    path("doorverwijzingen/<int:pk>/", referrals.referral_detail, name="referral_detail"),
]
