"""Update links in the back office: a manager sends one (the add page) and sees the audit trail
of every link of their services (who sent it, to whom, when, from which round, when used and the
update it recorded); links are never edited, only withdrawn."""

from django import forms
from django.contrib import admin, messages

from core import clock
from partner_links.models import UpdateLink
from partner_links.operations import revoke_update_links, send_update_link
from tenancy.admin_base import ServiceScopedAdmin, in_services


class SendLinkForm(forms.ModelForm):
    """Whom to send the link to: the action's owner, or a named contact with an email address."""

    to_owner = forms.BooleanField(
        label="Send it to the action's owner",
        required=False,
        help_text="Otherwise give the contact's name and email address below.",
    )

    class Meta:
        model = UpdateLink
        fields = ["action", "to_owner", "contact_name", "contact_email"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The add page's; the change page shows every field read-only, so has none of them.
        for name in ("contact_name", "contact_email"):
            if name in self.fields:
                self.fields[name].required = False

    def clean(self):
        data = super().clean()
        action = data.get("action")
        if data.get("to_owner") and action is not None:
            owner = action.owner
            data["contact"] = owner
            data["contact_name"] = owner.get_full_name() or owner.get_username()
            data["contact_email"] = owner.email
            if not owner.email:
                self.add_error("to_owner", "The owner has no email address.")
            return data
        data["contact"] = None
        for name, message in (
            ("contact_name", "Give the contact's name."),
            ("contact_email", "Give the contact's email address."),
        ):
            if not data.get(name) and name not in self.errors:
                self.add_error(name, message)
        return data


@admin.register(UpdateLink)
class UpdateLinkAdmin(ServiceScopedAdmin):
    form = SendLinkForm
    list_display = [
        "created_at",
        "action",
        "contact_name",
        "contact_email",
        "round",
        "sent_by",
        "expires_at",
        "used_at",
        "revoked_at",
    ]
    list_filter = ["round"]
    list_select_related = ["action", "sent_by"]
    search_fields = ["contact_name", "contact_email", "action__reference", "round"]
    readonly_fields = [
        "action",
        "contact_name",
        "contact_email",
        "contact",
        "round",
        "sent_by",
        "created_at",
        "expires_at",
        "used_at",
        "revoked_at",
        "progress_update",
    ]
    actions = ["revoke"]

    def get_queryset(self, request):
        # Who was sent a link, and what they wrote, is the managers' to see.
        links = super().get_queryset(request)
        if request.user.is_superuser:
            return links
        return in_services(links, self.editable_service_ids(request))

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj is not None else []

    def get_fields(self, request, obj=None):
        return self.readonly_fields if obj is not None else SendLinkForm.Meta.fields

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_revoke_permission(self, request):
        return request.user.has_perm("partner_links.revoke_updatelink")

    def save_form(self, request, form, change):
        # The link is written by ``send_update_link`` in ``save_model``, not by the form.
        return form.instance

    def save_related(self, request, form, formsets, change):
        pass  # a link has no related rows to save

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        link = send_update_link(
            action=data["action"],
            contact_name=data["contact_name"],
            contact_email=data["contact_email"],
            contact=data["contact"],
            sent_by=request.user,
            now=clock.now(),
        )
        vars(obj).update(vars(link))
        messages.success(request, f"An update link was emailed to {link.contact_email}.")

    @admin.action(description="Withdraw the selected links", permissions=["revoke"])
    def revoke(self, request, queryset):
        count = revoke_update_links(queryset, now=clock.now())
        self.message_user(request, f"{count} link(s) withdrawn.", messages.SUCCESS)
