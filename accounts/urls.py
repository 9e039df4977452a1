"""The office's people pages under /konto/ (beside Django's log-in, log-out and password pages; the ministries'
pages under /konto/ressorts/ are the registry's, programmes/urls.py)."""

from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.account, name="account"),
    path("personen/", views.people, name="people"),
    path("personen/<int:pk>/", views.person, name="person"),
    path("vertretungen/", views.deputies, name="deputies"),
]
