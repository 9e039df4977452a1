"""URLs under /anfragen/: the answer per municipality or district for everyone, the office's ad-hoc query and
saved queries, and the Kleine Anfragen under /anfragen/kleine-anfragen/."""

from django.urls import path

from . import place_views, views

app_name = "answers"

urlpatterns = [
    # per place (answers.place_views)
    path("", place_views.index, name="index"),
    path("kommune/<slug:slug>/", place_views.municipality_answer, name="municipality"),
    path("kreis/<slug:slug>/", place_views.district_answer, name="district"),
    path("abfrage/", place_views.query, name="query"),
    path("abfrage/speichern/", place_views.save_query, name="save_query"),
    path("gespeichert/<uuid:key>/", place_views.saved_query, name="saved_query"),
    # Kleine Anfragen (answers.views)
    path("kleine-anfragen/", views.question_list, name="list"),
    path("kleine-anfragen/neu/", views.register, name="register"),
    path("kleine-anfragen/<int:pk>/", views.draft, name="detail"),
    path("kleine-anfragen/<int:pk>/antwort.<str:fmt>", views.document, name="document"),
    path("kleine-anfragen/<int:pk>/versenden/", views.send, name="send"),
    path("kleine-anfragen/<int:pk>/zurueckgezogen/", views.withdraw, name="withdraw"),
    path("kleine-anfragen/wp<int:term>/<int:number>/", views.public_answer, name="public"),
    path("kleine-anfragen/wp<int:term>/<int:number>/antwort.<str:fmt>", views.public_document, name="public_document"),
]
