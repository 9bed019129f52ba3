"""The board's pages: a service's board page and its sign-off queue."""

from django.urls import path

from board import views

app_name = "board"
urlpatterns = [
    path("services/<int:pk>/board/", views.board_page, name="board"),
]
