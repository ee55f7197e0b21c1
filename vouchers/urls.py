from django.urls import path

from vouchers import views

urlpatterns = [
    path("pashouders/inlezen/", views.import_list, name="passholder_imports"),
    path("pashouders/inlezen/<int:pk>/", views.import_detail, name="passholder_import"),
    path("pashouders/inlezen/<int:pk>/start/", views.import_start, name="passholder_import_start"),
]
