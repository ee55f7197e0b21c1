from django.urls import path

from besluiten.views import hearings, objections

urlpatterns = [
    path("zienswijze/<int:pk>/", hearings.hearing_detail, name="hearing_detail"),
    path("bezwaren/", objections.objection_list, name="objection_list"),
    path("bezwaren/excel/", objections.objection_export, name="objection_export"),
    path("bezwaren/zoek-besluit/", objections.objection_find, name="objection_find"),
    path(
        "bezwaren/nieuw/<int:content_type_id>/<int:object_id>/",
        objections.objection_register,
        name="objection_register",
    ),
    path("bezwaren/<int:pk>/", objections.objection_detail, name="objection_detail"),
    path("bezwaren/<int:pk>/beslissen/", objections.objection_decide, name="objection_decide"),
    path("bezwaren/<int:pk>/beslissing.pdf", objections.objection_letter, name="objection_letter"),
    path(
        "bezwaren/<int:pk>/bezwaarschrift/",
        objections.objection_grounds,
        name="objection_grounds",
    ),
    path("bezwaren/<int:pk>/<slug:step>/", objections.objection_step, name="objection_step"),
]
