from django.urls import path

from . import views

app_name = "reporting"

urlpatterns = [
    path("", views.index, name="index"),
    path("kommune/<slug:slug>/", views.municipality_answer, name="municipality"),
    path("kreis/<slug:slug>/", views.district_answer, name="district"),
    path("abfrage/", views.query, name="query"),
    path("abfrage/speichern/", views.save_query, name="save_query"),
    path("gespeichert/<uuid:key>/", views.saved_query, name="saved_query"),
]
