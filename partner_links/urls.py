"""The update link page, and where it lands once used."""

from django.urls import path

from partner_links import views

app_name = "partner_links"
urlpatterns = [
    path("<str:token>/", views.update_page, name="update"),
    path("<str:token>/thanks/", views.thanks_page, name="thanks"),
]
