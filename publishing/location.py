"""Where a place is, for every model that has a point (facilities and estates today): the three columns, the
database's rules for them, the queryset that finds the located ones, and what a row can say about its point.

A point is used for distances, directions, maps and coverage only once staff have verified it (`located()`,
`is_located`); an unverified point is kept, shown as "location not yet verified", and never measured from.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

LOCATED = Q(location_verified=True, latitude__isnull=False, longitude__isnull=False)


def location_fields(
    *,
    latitude_help_text: str = _("WGS-84 坐标（GPS 坐标，不是高德或百度坐标），例如 31.260000；不确定时请留空。"),
) -> tuple[models.DecimalField, models.DecimalField, models.BooleanField]:
    """`latitude, longitude, location_verified = location_fields()` in a model's body: one definition of the
    columns, each model keeping them where they stand in its forms, exports and history."""
    latitude = _degrees(_("纬度（WGS-84）"), limit=90, help_text=latitude_help_text)
    longitude = _degrees(
        _("经度（WGS-84）"), limit=180, help_text=_("WGS-84 坐标，例如 121.400000；与纬度同时填写或同时留空。")
    )
    location_verified = models.BooleanField(
        _("位置已核实"),
        default=False,
        help_text=_("未核实的位置不参与距离计算和生活圈覆盖统计。"),
    )
    return latitude, longitude, location_verified


def _degrees(label: str, *, limit: int, help_text: str) -> models.DecimalField:
    # Six decimals are about 0.1 m: finer than any entrance needs.
    return models.DecimalField(
        label,
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-limit), MaxValueValidator(limit)],
        help_text=help_text,
    )


def location_constraints(prefix: str) -> list[models.CheckConstraint]:
    """The database's rules for a place's point: latitude and longitude together or not at all, a verified
    location has a point, the point is on Earth and not 0,0."""
    return [
        models.CheckConstraint(
            condition=Q(latitude__isnull=True, longitude__isnull=True)
            | Q(latitude__isnull=False, longitude__isnull=False),
            name=f"{prefix}_coordinates_both_or_neither",
        ),
        models.CheckConstraint(
            condition=~Q(location_verified=True, latitude__isnull=True),
            name=f"{prefix}_verified_location_has_point",
        ),
        models.CheckConstraint(
            condition=Q(latitude__isnull=True)
            | Q(latitude__gte=-90, latitude__lte=90, longitude__gte=-180, longitude__lte=180),
            name=f"{prefix}_coordinates_in_range",
        ),
        models.CheckConstraint(condition=~Q(latitude=0, longitude=0), name=f"{prefix}_coordinates_not_null_island"),
    ]


class LocatedQuerySet(models.QuerySet):
    def located(self):
        """Only places whose location staff have verified: the only ones used for distances and coverage."""
        return self.filter(LOCATED)

    def unlocated(self):
        """Places listed apart as "location not yet verified"."""
        return self.exclude(LOCATED)

    def within(self, box):
        """Prefilter on the indexed latitude/longitude columns (`box` has min_/max_latitude and min_/max_longitude);
        exact distances are computed afterwards."""
        return self.filter(
            latitude__gte=box.min_latitude,
            latitude__lte=box.max_latitude,
            longitude__gte=box.min_longitude,
            longitude__lte=box.max_longitude,
        )


class Located(models.Model):
    """What a row with a point can say about it; the columns come from `location_fields()`."""

    class Meta:
        abstract = True

    @property
    def has_point(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    @property
    def is_located(self) -> bool:
        """True when the point may be used for distances, directions and coverage."""
        return self.location_verified and self.has_point

    @property
    def verified_coordinates(self) -> tuple[float, float] | None:
        """(latitude, longitude) as floats, for distances, or None when the location is not verified."""
        if not self.is_located:
            return None
        return float(self.latitude), float(self.longitude)

    def clean_location(self) -> None:
        """The form-level messages for the rules `location_constraints` holds in the database."""
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError(_("纬度和经度需同时填写或同时留空。"))
        if self.location_verified and self.latitude is None:
            raise ValidationError({"location_verified": _("没有坐标时不能标记为位置已核实。")})
