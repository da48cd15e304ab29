"""The organisation's change events, the C of Revans's L >= C.

A lead, sponsor or organisation admin logs what changed around the programme (a restructure, a
new strategy, a system go-live) with the day it happened and a rough size. palg sets learning
cycles per member-month against change events per month, weighted by size, as a heuristic
(palg.impact.selectors.lc_series). The weights are a convention, not a measurement:
small 1, medium 2, large 3.
"""

from django.db import models

from palg.dates import validate_day
from palg.people.models import Organisation, Person
from palg.programmes.models import Programme


class ChangeEvent(models.Model):
    class Size(models.TextChoices):
        SMALL = "small", "Small (weight 1): one team's tools or routines"
        MEDIUM = "medium", "Medium (weight 2): a department's structure or process"
        LARGE = "large", "Large (weight 3): a restructure, a new strategy, a major go-live"

    WEIGHTS = {Size.SMALL: 1, Size.MEDIUM: 2, Size.LARGE: 3}

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="change_events"
    )
    # Empty: the change concerns the whole organisation, so every programme's L >= C counts it.
    programme = models.ForeignKey(
        Programme, null=True, blank=True, on_delete=models.CASCADE, related_name="change_events"
    )
    happened_on = models.DateField(validators=[validate_day])
    title = models.CharField(max_length=200)
    size = models.CharField(max_length=10, choices=Size.choices)
    logged_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-happened_on", "-id"]

    def __str__(self) -> str:
        return f"{self.title} ({self.happened_on}, {self.size})"

    @property
    def weight(self) -> int:
        return self.WEIGHTS[self.size]
