"""URLs of the programme indicators' editor for the programme office, under /kennzahlen/leitstelle/."""

from django.urls import path

from . import views

app_name = "programmes"

urlpatterns = [
    path("", views.indicator_manage, name="indicator_manage"),
    path("neu/", views.indicator_edit, name="indicator_create"),
    path("<slug:slug>/", views.indicator_edit, name="indicator_edit"),
    path("<slug:slug>/loeschen/", views.indicator_delete, name="indicator_delete"),
]
