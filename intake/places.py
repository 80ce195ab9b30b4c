"""Place pools: a limited number of places (beds, childcare places, seats at an activity) taken by the rows that
hold one. Free places are counted from those rows, never stored, so they cannot drift; and every change to who
holds a place locks the pool row first, so two staff taking the last place at once are served one after the
other and the second sees it gone.

An app's pool model uses `PlacePoolMixin` (it has a `capacity` field) and a queryset subclassing
`PlacePoolQuerySet` that says how the places are counted (`place_counts`); everything else is here."""

from django.db import models


class PlacePoolQuerySet(models.QuerySet):
    """`place_counts()` gives the aggregates, relative to the pool: `held` (places taken) at least, and
    optionally `pending` (promised to rows waiting for a decision) and `waiting` (on the waiting list)."""

    def place_counts(self) -> dict[str, models.Aggregate]:
        raise NotImplementedError("a place pool's queryset says how its places are counted")

    def with_places(self):
        """Each pool with its counts, so `free_places` and `unpromised_places` cost no query of their own."""
        return self.annotate(**self.place_counts())

    def lock_places(self, pk) -> models.Model:
        """The pool row, locked until the end of the transaction, with its counts read after the lock: what
        the caller decides from them (take a place, queue a row, move the waiting list up) holds until commit.

        Two queries: PostgreSQL refuses FOR UPDATE together with the GROUP BY of the counts."""
        pool = self.select_for_update().get(pk=pk)
        counts = self.place_counts()
        vars(pool).update(self.model._default_manager.filter(pk=pk).annotate(**counts).values(*counts).get())
        return pool


class PlacePoolMixin:
    """The free places of a pool, from the counts `with_places()` or `lock_places()` put on it: a snapshot, like
    any annotation. A pool fetched without them counts afresh, with one query, each time it is asked."""

    def _counts(self) -> dict[str, int]:
        if "held" in vars(self):
            return vars(self)
        manager = type(self)._default_manager
        return manager.with_places().filter(pk=self.pk).values(*manager.place_counts()).get()

    @property
    def held_places(self) -> int:
        return self._counts()["held"]

    @property
    def free_places(self) -> int:
        """Capacity minus the places held (never below zero)."""
        return max((self.capacity or 0) - self._counts()["held"], 0)

    @property
    def unpromised_places(self) -> int:
        """Free places not already promised to a row waiting for a decision."""
        counts = self._counts()
        return max((self.capacity or 0) - counts["held"] - counts.get("pending", 0), 0)
