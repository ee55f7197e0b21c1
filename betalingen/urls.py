from django.urls import path

from betalingen import views

urlpatterns = [
    path("", views.payment_overview, name="payment_overview"),
    path("<int:pk>/", views.payment_batch, name="payment_batch"),
    path("<int:pk>/sepa/", views.payment_batch_sepa, name="payment_batch_sepa"),
    path("<int:pk>/excel/", views.payment_batch_excel, name="payment_batch_excel"),
    path("<int:pk>/betaald/", views.payment_batch_paid, name="payment_batch_paid"),
]
