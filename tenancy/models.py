"""Who is who: services, the authorities they serve, partner agencies, boards and roles."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q

from tenancy.choices import AgencyKind, BoardRole, DigestChoice, DigestSchedule, ServiceRole

# Visibility: no user ever sees another service's data. Every model that belongs to a service
# names the lookup from itself to the service in ``SERVICE_PATH``; ``visible_to(user)`` is then the
# one definition used by the admin, the API, autocompletes and exports.


def visible_service_ids(user):
    """A subquery of the ids of the services ``user`` holds a role in (empty when anonymous)."""
    if not user.is_authenticated:
        return ServiceMembership.objects.none().values("service")
    return ServiceMembership.objects.filter(user=user).values("service")


class ServiceScopedQuerySet(models.QuerySet):
    """QuerySet of a model that belongs to one service through ``model.SERVICE_PATH``."""

    def visible_to(self, user):
        """Rows of the services ``user`` may see; everything for a superuser."""
        if user.is_superuser:
            return self
        return self.filter(**{f"{self.model.SERVICE_PATH}__in": visible_service_ids(user)})

    def in_service(self, service):
        """Rows that belong to ``service`` (an instance or id)."""
        return self.filter(**{self.model.SERVICE_PATH: service})


def default_reminder_days() -> list[int]:
    return [14, 3, 0]


def validate_reminder_days(value) -> None:
    """A list of distinct whole days before a deadline, each between 0 and 365."""
    if not isinstance(value, list) or not all(
        isinstance(day, int) and not isinstance(day, bool) and 0 <= day <= 365 for day in value
    ):
        raise ValidationError("Give a list of whole days between 0 and 365, e.g. [14, 3, 0].")
    if len(set(value)) != len(value):
        raise ValidationError("Each day may appear only once.")


class LocalAuthority(models.Model):
    """A council area. A youth justice service may serve several jointly."""

    name = models.CharField(max_length=120, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "local authorities"

    def __str__(self) -> str:
        return self.name


class YouthJusticeServiceQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The services whose data ``user`` may see: all for a superuser, else where they hold a role."""
        return self.filter(pk__in=visible_service_ids(user)) if not user.is_superuser else self


class YouthJusticeService(models.Model):
    """A youth justice service (YJS/YOT), with the RAG thresholds its board has chosen."""

    name = models.CharField(max_length=160, unique=True)
    local_authorities = models.ManyToManyField(LocalAuthority, related_name="services", blank=True)
    rag_due_soon_days = models.PositiveSmallIntegerField(
        "amber when due within (days)",
        default=30,
        help_text="An open action is Amber when its deadline is this many days away or fewer.",
    )
    rag_stale_after_days = models.PositiveSmallIntegerField(
        "amber when no update for (days)",
        default=42,
        help_text="An open action is Amber when it has had no progress update for this many days.",
    )
    reminder_days_before = models.JSONField(
        "remind owners this many days before the deadline",
        default=default_reminder_days,
        blank=True,
        validators=[validate_reminder_days],
        help_text="A list of whole days, e.g. [14, 3, 0]; 0 is the day itself; [] sends none.",
    )
    overdue_reminder_every_days = models.PositiveSmallIntegerField(
        "remind owners of an overdue action every (days)", default=7
    )
    escalate_to_manager_after_days = models.PositiveSmallIntegerField(
        "escalate to the service manager when overdue by (days)", default=7
    )
    escalate_to_chair_after_days = models.PositiveSmallIntegerField(
        "escalate to the board chair when overdue by (days)", default=28
    )
    update_request_after_days = models.PositiveSmallIntegerField(
        "ask for an update after no progress for (days)", default=42
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = YouthJusticeServiceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = "youth justice service"

    def __str__(self) -> str:
        return self.name


class ServiceMembershipQuerySet(models.QuerySet):
    def current(self):
        """Memberships of active people: the people who may be told about their service."""
        return self.filter(user__is_active=True)

    def holds_role(self, user_id: int, service_id: int) -> bool:
        """Whether the person is active and holds a role in the service, read now (not from a
        request's memoised roles): checked again when an email is sent."""
        return self.current().filter(user_id=user_id, service_id=service_id).exists()


class ServiceMembership(models.Model):
    """A user's role in a service. It scopes everything the user sees to that service."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="service_memberships"
    )
    service = models.ForeignKey(
        YouthJusticeService, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=20, choices=ServiceRole.choices)

    objects = ServiceMembershipQuerySet.as_manager()

    class Meta:
        ordering = ["service", "user"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "service"],
                name="one_role_per_user_per_service",
                violation_error_message="This user already has a role in this service.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.service}"


class PartnerAgency(models.Model):
    """A partner agency working with one service (e.g. the police force covering its area)."""

    service = models.ForeignKey(
        YouthJusticeService, on_delete=models.CASCADE, related_name="partner_agencies"
    )
    name = models.CharField(max_length=160)
    kind = models.CharField(max_length=30, choices=AgencyKind.choices)

    SERVICE_PATH = "service"
    objects = ServiceScopedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "partner agencies"
        constraints = [
            models.UniqueConstraint(
                fields=["service", "name"],
                name="unique_agency_name_per_service",
                violation_error_message="This service already has a partner agency of this name.",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Board(models.Model):
    """A service's Youth Justice Management Board, which reviews the plan and signs actions off."""

    service = models.OneToOneField(
        YouthJusticeService, on_delete=models.CASCADE, related_name="board"
    )
    name = models.CharField(max_length=160, default="Youth Justice Management Board")
    digest_schedule = models.CharField(
        max_length=20, choices=DigestSchedule.choices, default=DigestSchedule.WEEKLY
    )
    digest_days_before_meeting = models.PositiveSmallIntegerField(
        default=7, help_text="With the 'before each meeting' schedule: how many days before."
    )
    update_round_days_before_meeting = models.PositiveSmallIntegerField(
        "update round, days before each meeting",
        default=14,
        help_text="How many days before each meeting every owner is emailed a link to update "
        "each of their open actions.",
    )
    members_may_sign_off = models.BooleanField(
        "any member may sign off",
        default=False,
        help_text="Off: only the chair signs completed actions off. On: any board member may. "
        "Nobody signs off an action they completed themselves.",
    )

    SERVICE_PATH = "service"
    objects = ServiceScopedQuerySet.as_manager()

    class Meta:
        ordering = ["service__name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.service})"


class BoardMeeting(models.Model):
    """A date the board meets; digests can be timed before the next one."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="meetings")
    meets_on = models.DateField()

    class Meta:
        ordering = ["meets_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["board", "meets_on"],
                name="one_meeting_per_board_per_day",
                violation_error_message="This board already meets on this date.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.board.name} on {self.meets_on:%d %B %Y}"


class BoardMemberQuerySet(models.QuerySet):
    def current(self):
        """Seats of active people who still hold a role in the board's service: a seat alone
        does not entitle anyone to the service's digests and escalations."""
        holds_role = ServiceMembership.objects.filter(
            user=OuterRef("user_id"), service=OuterRef("board__service_id")
        )
        return self.filter(Exists(holds_role), user__is_active=True)

    def signers(self, board=None):
        """Current seats whose holder may sign actions off (of ``board``, or of any board): the
        chair, or every member where the board lets them (``Board.members_may_sign_off``)."""
        seats = self.current()
        if board is not None:
            seats = seats.filter(board=board)
        return seats.filter(Q(role=BoardRole.CHAIR) | Q(board__members_may_sign_off=True))


class BoardMember(models.Model):
    """A person on a board, for the agency they represent. Each board has at most one chair.

    The person must hold a role in the board's service, and the agency must be one of that
    service's partners (``clean``); a seat whose person later loses their role stays on record
    but receives nothing (``BoardMemberQuerySet.current``).
    """

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="board_memberships"
    )
    agency = models.ForeignKey(
        PartnerAgency, on_delete=models.PROTECT, null=True, blank=True, related_name="board_members"
    )
    role = models.CharField(max_length=10, choices=BoardRole.choices, default=BoardRole.MEMBER)
    job_title = models.CharField(max_length=160, blank=True)
    digest_choice = models.CharField(
        "digest frequency",
        max_length=20,
        choices=DigestChoice.choices,
        default=DigestChoice.BOARD_SCHEDULE,
        help_text="Members may choose their own frequency or unsubscribe from digests. "
        "The chair's escalations are sent regardless.",
    )

    objects = BoardMemberQuerySet.as_manager()

    class Meta:
        ordering = ["board", "-role", "user__last_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["board", "user"],
                name="one_seat_per_user_per_board",
                violation_error_message="This person is already a member of this board.",
            ),
            models.UniqueConstraint(
                fields=["board"],
                condition=Q(role=BoardRole.CHAIR),
                name="one_chair_per_board",
                violation_error_message="This board already has a chair.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user.get_full_name() or self.user} ({self.get_role_display()})"

    def clean(self) -> None:
        if self.board_id is None:
            return
        service_id = self.board.service_id
        errors = {}
        if (
            self.user_id
            and not ServiceMembership.objects.filter(
                user_id=self.user_id, service_id=service_id
            ).exists()
        ):
            errors["user"] = "Give this person a role in the board's service first."
        if self.agency is not None and self.agency.service_id != service_id:
            errors["agency"] = "Choose one of the board's service's partner agencies."
        if errors:
            raise ValidationError(errors)
