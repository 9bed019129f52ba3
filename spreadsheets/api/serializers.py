"""The shapes of the plan import and export requests and of the import's report."""

from rest_framework import serializers

from spreadsheets.columns import COLUMN_KEYS, IGNORE

FORMATS = ("xlsx", "csv")


class FormBooleanField(serializers.BooleanField):
    """DRF's boolean (true/false, 1/0; anything else is a 400), whose default holds when a
    multipart form leaves it out (DRF's own reads a missing form field as false)."""

    default_empty_html = serializers.empty


class PlanImportRequestSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="The plan: an .xlsx workbook or a .csv file.")
    dry_run = FormBooleanField(
        required=False,
        default=True,
        help_text="true (the default): report what would happen and write nothing; false: import.",
    )
    create_owners = FormBooleanField(
        required=False,
        default=False,
        help_text="Create owners named by an email address who are not yet users, as plan "
        "owners of the service, and invite them by email.",
    )
    mapping = serializers.JSONField(
        required=False,
        default=dict,
        help_text="Headings yjtracker does not recognise mapped to a column: "
        '{"Heading": "owner"}, or "ignore".',
    )

    def validate_mapping(self, value):
        if not isinstance(value, dict) or not all(
            isinstance(k, str) and v in (*COLUMN_KEYS, IGNORE) for k, v in value.items()
        ):
            raise serializers.ValidationError(
                f"Give an object of heading → column, the columns being {', '.join(COLUMN_KEYS)} "
                "or ignore."
            )
        return value


class ProblemSerializer(serializers.Serializer):
    row = serializers.IntegerField(
        allow_null=True, help_text="The file's row number (1 is the first)."
    )
    column = serializers.CharField(allow_null=True)
    message = serializers.CharField()


class RowOutcomeSerializer(serializers.Serializer):
    row = serializers.IntegerField()
    outcome = serializers.ChoiceField(choices=["create", "update", "unchanged", "error"])
    summary = serializers.CharField()


class CreatedSerializer(serializers.Serializer):
    recommendations = serializers.IntegerField()
    actions = serializers.IntegerField()
    progress_updates = serializers.IntegerField()
    owners = serializers.IntegerField()


class UpdatedSerializer(serializers.Serializer):
    recommendations = serializers.IntegerField()
    actions = serializers.IntegerField()


class PlanImportReportSerializer(serializers.Serializer):
    created = CreatedSerializer()
    updated = UpdatedSerializer()
    unchanged = serializers.IntegerField()
    # A declared field (DRF moves it off the class), not the "errors" property it shadows here.
    errors = ProblemSerializer(many=True)  # type: ignore[assignment]
    warnings = ProblemSerializer(many=True)
    unrecognised_columns = serializers.ListField(child=serializers.CharField())
    rows = RowOutcomeSerializer(many=True)


class PlanExportQuerySerializer(serializers.Serializer):
    format = serializers.ChoiceField(choices=FORMATS, default="xlsx", required=False)
