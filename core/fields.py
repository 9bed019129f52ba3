"""Model fields shared by the apps."""

from django.core import validators
from django.db import models


class BoundedTextField(models.TextField):
    """Free text whose ``max_length`` is enforced (a plain ``TextField`` only sizes the widget):
    ``full_clean()``, the admin's form and the API's serializer all refuse longer text, and
    NUL characters, which PostgreSQL cannot store."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        assert self.max_length is not None, "A BoundedTextField needs its max_length."
        self.validators.append(validators.MaxLengthValidator(self.max_length))
        self.validators.append(validators.ProhibitNullCharactersValidator())
