"""Plan import and export over the API: one view per route, each finding its object among the
user's (another service's is a 404), validating the request's shape and calling one function."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.text import slugify
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import parsers, status
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.response import Response
from rest_framework.views import APIView

from inspections.models import Inspection
from spreadsheets import exporting
from spreadsheets.api.serializers import (
    FORMATS,
    PlanExportQuerySerializer,
    PlanImportReportSerializer,
    PlanImportRequestSerializer,
)
from spreadsheets.operations import import_plan, preview_plan_import
from spreadsheets.plan import Preview
from spreadsheets.reading import FileRefused, upload_content
from spreadsheets.rows import Problem
from tenancy.models import YouthJusticeService
from tenancy.rules import require


class FileFormatNegotiation(DefaultContentNegotiation):
    """``?format=`` chooses the file written (xlsx or csv), not DRF's renderer: answers other
    than the file (errors) are JSON."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class PlanImportView(APIView):
    """Preview (``dry_run=true``, the default) or import a plan file into the inspection."""

    parser_classes = [parsers.MultiPartParser]

    @extend_schema(
        request={"multipart/form-data": PlanImportRequestSerializer},
        responses={
            200: PlanImportReportSerializer,
            400: OpenApiResponse(
                OpenApiTypes.OBJECT,
                description="The file has errors: the report, as for 200, and nothing was written. "
                'Or the request is malformed: messages per field (`{"file": ["..."]}`).',
            ),
        },
    )
    def post(self, request, pk: int):
        inspection = get_object_or_404(Inspection.objects.visible_to(request.user), pk=pk)
        require(request.user, "inspections.import_plan", inspection)
        request_data = PlanImportRequestSerializer(data=request.data)
        request_data.is_valid(raise_exception=True)
        preview = self._run(inspection, request_data.validated_data)
        answer = status.HTTP_400_BAD_REQUEST if preview.errors else status.HTTP_200_OK
        return Response(PlanImportReportSerializer(preview.report()).data, status=answer)

    def _run(self, inspection, data) -> Preview:
        upload = data["file"]
        try:
            content = upload_content(upload)
        except FileRefused as refused:
            return Preview(errors=[Problem(None, None, str(refused))])
        run = preview_plan_import if data["dry_run"] else import_plan
        return run(
            inspection=inspection,
            actor=self.request.user,
            content=content,
            file_name=upload.name,
            mapping=data["mapping"],
            create_owners=data["create_owners"],
        )


FORMAT_PARAMETER = OpenApiParameter(
    "format", str, enum=list(FORMATS), description="xlsx (the default) or csv."
)
FILE_RESPONSES = {
    (200, exporting.XLSX_TYPE): OpenApiTypes.BINARY,
    (200, "text/csv"): OpenApiTypes.STR,
}


class PlanExportView(APIView):
    """The plan in the template's columns (see ``spreadsheets.columns``), as XLSX or CSV."""

    content_negotiation_class = FileFormatNegotiation
    with_actions = True

    def recommendations(self, pk: int):
        inspection = get_object_or_404(Inspection.objects.visible_to(self.request.user), pk=pk)
        return inspection, exporting.inspection_recommendations(inspection), False

    @extend_schema(
        parameters=[FORMAT_PARAMETER],
        responses={
            **FILE_RESPONSES,
            400: OpenApiResponse(
                OpenApiTypes.OBJECT, description='An unknown format: {"format": [...]}.'
            ),
        },
    )
    def get(self, request, pk: int):
        subject, recommendations, with_inspection = self.recommendations(pk)
        query = PlanExportQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        return file_response(
            recommendations,
            query.validated_data["format"],
            slugify(str(subject)) + ("-plan" if self.with_actions else "-plan-template"),
            with_inspection=with_inspection,
            with_actions=self.with_actions,
        )


class PlanTemplateView(PlanExportView):
    """The template: the plan's columns, its recommendations, and (XLSX) what each column means."""

    with_actions = False


class ServicePlanExportView(PlanExportView):
    """Every inspection's plan of the service in one file, with an Inspection column first."""

    def recommendations(self, pk: int):
        service = get_object_or_404(
            YouthJusticeService.objects.visible_to(self.request.user), pk=pk
        )
        return service, exporting.service_recommendations(service), True


def file_response(recommendations, file_format: str, stem: str, **options) -> HttpResponse:
    """The plan as a download of ``file_format`` (xlsx or csv), named ``stem``."""
    if file_format == "csv":
        body, content_type = exporting.write_csv(recommendations, **options), exporting.CSV_TYPE
    else:
        body, content_type = exporting.write_xlsx(recommendations, **options), exporting.XLSX_TYPE
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{stem}.{file_format}"'
    return response
