from django.urls import path

from . import views

app_name = "answers"

urlpatterns = [
    path("", views.question_list, name="list"),
    path("neu/", views.register, name="register"),
    path("<int:pk>/", views.draft, name="detail"),
    path("<int:pk>/antwort.<str:fmt>", views.document, name="document"),
    path("<int:pk>/versenden/", views.send, name="send"),
    path("<int:pk>/zurueckgezogen/", views.withdraw, name="withdraw"),
    path("wp<int:term>/<int:number>/", views.public_answer, name="public"),
    path("wp<int:term>/<int:number>/antwort.<str:fmt>", views.public_document, name="public_document"),
]
