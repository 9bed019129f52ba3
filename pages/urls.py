"""People's pages: each role's home at /, and the owner's action page."""

from django.urls import path

from pages import views

app_name = "pages"
urlpatterns = [
    path("", views.home, name="home"),
    path("actions/<int:pk>/", views.action_page, name="action"),
    path("deadline-changes/<int:pk>/", views.decide_deadline, name="decide-deadline"),
]
