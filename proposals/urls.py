from django.urls import path

from . import views

app_name = "proposals"

urlpatterns = [
    path("", views.proposal_list, name="list"),
    path("matrix/", views.matrix, name="matrix"),
    path("einreichen/", views.submit, name="submit"),
    path("einreichen/danke/", views.thanks, name="thanks"),
    path("stand/<str:token>/", views.status, name="status"),
    path("leitstelle/", views.office_index, name="office_index"),
    path("leitstelle/<int:pk>/", views.office_review, name="office_review"),
    path("leitstelle/<int:pk>/freigabe/", views.office_moderate, name="office_moderate"),
    path("leitstelle/<int:pk>/bewertung/", views.office_evaluate, name="office_evaluate"),
    path("leitstelle/<int:pk>/ergebnis/", views.office_decide, name="office_decide"),
    path("leitstelle/<int:pk>/zuordnung/<str:code>/", views.office_match, name="office_match"),
    path("leitstelle/<int:pk>/kontakt-loeschen/", views.office_delete_contact, name="office_delete_contact"),
    path("<slug:source>/<int:number>/", views.proposal_detail, name="detail"),
]
