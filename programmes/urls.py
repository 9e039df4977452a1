"""URLs of the registry's office pages: the programme indicators' editor under /kennzahlen/leitstelle/ and the
ministries under /konto/ressorts/, beside the people pages of accounts (whose /konto/ they share)."""

from django.urls import path

from . import views

app_name = "programmes"

urlpatterns = [
    path("kennzahlen/leitstelle/", views.indicator_manage, name="indicator_manage"),
    path("kennzahlen/leitstelle/neu/", views.indicator_edit, name="indicator_create"),
    path("kennzahlen/leitstelle/<slug:slug>/", views.indicator_edit, name="indicator_edit"),
    path("kennzahlen/leitstelle/<slug:slug>/loeschen/", views.indicator_delete, name="indicator_delete"),
    path("konto/ressorts/", views.ministries, name="ministries"),
    path("konto/ressorts/<int:pk>/", views.ministry, name="ministry"),
]
