"""The board's pages: a service's board page and its sign-off queue."""

from django.urls import path

from board import views

app_name = "board"
urlpatterns = [
    path("services/<int:pk>/board/", views.board_page, name="board"),
    path("services/<int:pk>/board/sign-off/", views.sign_off_queue, name="sign-off-queue"),
    path(
        "services/<int:pk>/board/sign-off/<int:action_pk>/",
        views.sign_off_queue,
        name="sign-off-decision",
    ),
]
