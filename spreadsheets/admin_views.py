"""The admin's plan import: upload → preview (what would change, every problem by row) →
confirm. The uploaded file is kept as a ``PlanImport`` between the steps; nothing of the plan is
written until the confirmation, which imports it through ``spreadsheets.operations``.

Each view finds the inspection among the user's (another service's is a 404), asks the one
rule (``inspections.import_plan``) and calls one function.
"""

import hashlib

from django.contrib import admin, messages
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse

from inspections.models import Inspection
from spreadsheets.forms import ColumnMappingForm, PlanUploadForm
from spreadsheets.models import PlanImport, PlanImportStatus
from spreadsheets.operations import import_plan, preview_plan_import
from spreadsheets.reading import FileRefused, upload_content
from tenancy.rules import require


def _inspection(request, pk: int) -> Inspection:
    inspection = get_object_or_404(
        Inspection.objects.visible_to(request.user).select_related("service"), pk=pk
    )
    require(request.user, "inspections.import_plan", inspection)
    return inspection


def _pending(request, inspection, import_id: int) -> PlanImport:
    return get_object_or_404(
        PlanImport.objects.filter(
            inspection=inspection, uploaded_by=request.user, status=PlanImportStatus.PREVIEWED
        ),
        pk=import_id,
    )


def upload_view(request, pk: int):
    """GET: the upload form. POST: keep the file and show its preview."""
    inspection = _inspection(request, pk)
    form = (
        PlanUploadForm(request.POST, request.FILES)
        if request.method == "POST"
        else PlanUploadForm()
    )
    if request.method == "POST" and form.is_valid():
        plan_import = _keep_upload(request, inspection, form)
        if plan_import is not None:
            return HttpResponseRedirect(_preview_url(inspection, plan_import))
    return _render(request, inspection, "spreadsheets/upload.html", {"form": form})


def _keep_upload(request, inspection, form) -> PlanImport | None:
    upload = form.cleaned_data["file"]
    try:
        content = upload_content(upload)
    except FileRefused as refused:
        form.add_error("file", str(refused))
        return None
    return PlanImport.objects.create(
        inspection=inspection,
        uploaded_by=request.user,
        file_name=upload.name[:255],
        content=content,
        sha256=hashlib.sha256(content).hexdigest(),
        create_owners=form.cleaned_data["create_owners"],
    )


def preview_view(request, pk: int, import_id: int):
    """GET: what importing the kept file would do. POST: map unrecognised columns, then again."""
    inspection = _inspection(request, pk)
    plan_import = _pending(request, inspection, import_id)
    preview = _preview(request, inspection, plan_import)
    mapping_form = ColumnMappingForm(
        request.POST if request.method == "POST" else None,
        headings=_mappable(preview, plan_import),
        mapping=plan_import.mapping,
    )
    if request.method == "POST" and mapping_form.is_valid():
        plan_import.mapping = mapping_form.mapping()
        plan_import.save(update_fields=["mapping"])
        return HttpResponseRedirect(_preview_url(inspection, plan_import))
    return _preview_page(request, inspection, plan_import, preview, mapping_form)


def _mappable(preview, plan_import) -> list[str]:
    return list(dict.fromkeys([*preview.unrecognised, *plan_import.mapping]))


def confirm_view(request, pk: int, import_id: int):
    """POST: import the kept file; on success back to the inspection, else the preview again."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    inspection = _inspection(request, pk)
    plan_import = _pending(request, inspection, import_id)
    result = import_plan(
        inspection=inspection,
        actor=request.user,
        content=bytes(plan_import.content),
        file_name=plan_import.file_name,
        mapping=plan_import.mapping,
        create_owners=plan_import.create_owners,
        plan_import=plan_import,
    )
    if result.errors:
        mapping_form = ColumnMappingForm(headings=_mappable(result, plan_import))
        return _preview_page(request, inspection, plan_import, result, mapping_form)
    messages.success(request, _imported_message(result))
    return HttpResponseRedirect(reverse("admin:inspections_inspection_change", args=[pk]))


def _imported_message(result) -> str:
    created, updated = result.created, result.updated
    return (
        f"Plan imported: {created['recommendations']} recommendations and {created['actions']} "
        f"actions created, {updated['recommendations']} recommendations and "
        f"{updated['actions']} actions updated, {created['progress_updates']} progress updates "
        f"recorded; {result.unchanged} rows unchanged."
    )


def _preview(request, inspection, plan_import):
    return preview_plan_import(
        inspection=inspection,
        actor=request.user,
        content=bytes(plan_import.content),
        file_name=plan_import.file_name,
        mapping=plan_import.mapping,
        create_owners=plan_import.create_owners,
    )


def _preview_page(request, inspection, plan_import, preview, mapping_form):
    context = {
        "plan_import": plan_import,
        "preview": preview,
        "mapping_form": mapping_form,
        "upload_form": PlanUploadForm(initial={"create_owners": plan_import.create_owners}),
        "changes": preview.created["actions"]
        + preview.updated["actions"]
        + preview.created["recommendations"]
        + preview.updated["recommendations"]
        + preview.created["progress_updates"],
    }
    return _render(request, inspection, "spreadsheets/preview.html", context)


def _preview_url(inspection, plan_import) -> str:
    return reverse("admin-plan-import-preview", args=[inspection.pk, plan_import.pk])


def _render(request, inspection, template: str, context: dict):
    return TemplateResponse(
        request,
        template,
        {
            **admin.site.each_context(request),
            "title": f"Import a plan into {inspection}",
            "inspection": inspection,
            "opts": Inspection._meta,
            "upload_url": reverse("admin-plan-import", args=[inspection.pk]),
            **context,
        },
    )
