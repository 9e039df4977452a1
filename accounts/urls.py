"""The office's people pages under /konto/ (beside Django's log-in, log-out and password pages)."""

from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.account, name="account"),
    path("personen/", views.people, name="people"),
    path("personen/<int:pk>/", views.person, name="person"),
    path("vertretungen/", views.deputies, name="deputies"),
    path("ressorts/", views.ministries, name="ministries"),
    path("ressorts/<int:pk>/", views.ministry, name="ministry"),
]
