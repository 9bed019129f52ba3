"""One claimable-job primitive, for every table of work that must be done once: the event outbox
and the delivery ledger.

A row is work to do. A worker takes it with one conditional UPDATE (``claim``): only a row that
is pending and due, or claimed longer ago than its lease (its worker died), can be taken, and of
two workers racing for it only one UPDATE matches. The worker then settles it: done, failed, or
pending again with ``next_attempt_at`` pushed back by the row's ``RetryPolicy``. An attempt
counts when it ends: a claim whose worker died mid-way is taken over without spending one. A row the queue lost (broker down, worker killed) is found by
``left_behind`` and queued again by the periodic sweep; queuing a row twice is harmless because
only one claim can win.

A model takes part by using ``ClaimableQuerySet`` as its manager and naming its status field and
the two statuses the primitive moves between (``STATUS_FIELD``, ``PENDING``, ``CLAIMED``), with
``attempts``, ``claimed_at`` and ``next_attempt_at`` columns and a ``lease()`` class method.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import models
from django.db.models import F, Q

# How long a due row may wait in the queue before the sweep queues it again.
SWEEP_AFTER = timedelta(seconds=60)
SWEEP_BATCH_SIZE = 1000


@dataclass(frozen=True)
class RetryPolicy:
    """When to try again after a failed attempt: base x 2^(attempts - 1) seconds, capped, until
    ``max_attempts`` attempts have been made."""

    base_seconds: float
    max_seconds: float
    max_attempts: int

    def delay(self, attempts: int) -> timedelta:
        """The wait after the ``attempts``-th failed attempt."""
        exponent = max(attempts - 1, 0)
        return timedelta(seconds=min(self.base_seconds * 2**exponent, self.max_seconds))

    def next_attempt_at(self, now: datetime, attempts: int) -> datetime:
        return now + self.delay(attempts)

    def exhausted(self, attempts: int) -> bool:
        """Whether ``attempts`` attempts are all this policy allows."""
        return attempts >= self.max_attempts


class ClaimableQuerySet(models.QuerySet):
    """Claiming, settling and sweeping rows of a model that declares the names listed above."""

    @property
    def job(self) -> Any:
        # The model, as the table of work that declares STATUS_FIELD, PENDING, CLAIMED, lease().
        return self.model

    def _in_status(self, status: str) -> Q:
        return Q(**{self.job.STATUS_FIELD: status})

    def _lease_over(self, now: datetime) -> Q:
        return self._in_status(self.job.CLAIMED) & Q(claimed_at__lt=now - self.job.lease())

    def claimable(self, now: datetime):
        """Rows a worker may take now: pending and due, or claimed past their lease."""
        due = self._in_status(self.job.PENDING) & Q(next_attempt_at__lte=now)
        return self.filter(due | self._lease_over(now))

    def claim(self, pk: int, *, now: datetime) -> bool:
        """Take row ``pk`` for one attempt: True if this UPDATE took it, False if it is not ours.

        The UPDATE filters on the row's own columns only: with a join Django would write
        ``WHERE id IN (subquery)``, and PostgreSQL does not re-check a subquery after waiting
        for a competing UPDATE, so two workers could both win.
        """
        taken = self.claimable(now).filter(pk=pk)
        return taken.update(**{self.job.STATUS_FIELD: self.job.CLAIMED}, claimed_at=now) == 1

    def settle(self, pk: int, status: str, *, attempted: bool = True, **fields) -> int:
        """Record an attempt's outcome on row ``pk``, counting the attempt if one was made; the
        claim is released."""
        if attempted:
            fields["attempts"] = F("attempts") + 1
        return self.filter(pk=pk).update(
            **{self.job.STATUS_FIELD: status}, claimed_at=None, **fields
        )

    def retry_later(
        self, pk: int, *, attempts: int, policy: RetryPolicy, now: datetime, **fields
    ) -> datetime:
        """Return row ``pk`` to pending after its ``attempts``-th attempt failed, due after the
        policy's wait; returns when it is due."""
        due_at = policy.next_attempt_at(now, attempts)
        self.settle(pk, self.job.PENDING, next_attempt_at=due_at, **fields)
        return due_at

    def left_behind(self, now: datetime):
        """Rows the queue should have delivered by now: pending and due for longer than
        ``SWEEP_AFTER``, or claimed past their lease (their worker died). Oldest due first."""
        late = self._in_status(self.job.PENDING) & Q(next_attempt_at__lt=now - SWEEP_AFTER)
        return self.filter(late | self._lease_over(now)).order_by("next_attempt_at", "pk")

    def left_behind_ids(self, now: datetime, limit: int = SWEEP_BATCH_SIZE) -> list[int]:
        return list(self.left_behind(now).values_list("pk", flat=True)[:limit])
