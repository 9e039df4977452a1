from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.start, name="start"),
    path("projekte/<slug:slug>/", views.project_detail, name="project"),
    path("kommunen/<slug:slug>/", views.municipality_detail, name="municipality"),
    path("quellen/<int:pk>/", views.source_document, name="source"),
]
