"""Template tags of the pages: the RAG tag, people's names, first lines."""

from django import template
from django.utils.html import format_html

from pages import display

register = template.Library()


@register.simple_tag
def rag_tag(rag: str):
    """A GOV.UK tag in the RAG's colour carrying its word."""
    return format_html(
        '<strong class="govuk-tag {}">{}</strong>',
        display.RAG_TAG_CLASSES.get(rag, ""),
        display.rag_label(rag),
    )


register.filter("person", display.person)
register.filter("first_line", display.first_line)
register.filter("moment", display.moment)
