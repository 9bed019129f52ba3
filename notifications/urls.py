"""Links that arrive by email: digest frequency and one-click unsubscribe (no login needed)."""

from django.urls import path

from notifications import views

app_name = "notifications"
urlpatterns = [
    path(
        "digests/<str:token>/",
        views.digest_preferences,
        name="digest-preferences",
    ),
    path(
        "digests/<str:token>/unsubscribe/",
        views.digest_unsubscribe,
        name="digest-unsubscribe",
    ),
    path("emails/<str:token>/stop/", views.workflow_stop, name="workflow-stop"),
]
