"""The API's renderers, apart from core.api: REST_FRAMEWORK names them, and DRF imports them
while its views module loads, so this module must not import anything that loads DRF's views."""

from csp.constants import UNSAFE_INLINE
from rest_framework import renderers


class BrowsableAPIRenderer(renderers.BrowsableAPIRenderer):
    """DRF's HTML pages, whose templates position buttons with ``style`` attributes: those pages
    alone let the Content-Security-Policy allow style attributes (never scripts or ``<style>``)."""

    def render(self, data, accepted_media_type=None, renderer_context=None):
        response = (renderer_context or {}).get("response")
        if response is not None:
            response._csp_update = {"style-src-attr": [UNSAFE_INLINE]}
        return super().render(data, accepted_media_type, renderer_context)
