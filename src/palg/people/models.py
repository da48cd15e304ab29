from django.db import models
from django.db.models.functions import Lower


class Organisation(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name


class Person(models.Model):
    """A leader (or anyone else) in the organisation's directory, keyed by the HR system's id."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="people")
    external_id = models.CharField(max_length=100)
    name = models.CharField(max_length=200)
    email = models.EmailField()
    manager = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="reports"
    )
    team = models.CharField(max_length=200, blank=True)
    function = models.CharField(max_length=200, blank=True)
    department = models.CharField(max_length=200, blank=True)
    location = models.CharField(max_length=200, blank=True)
    seniority = models.CharField(max_length=100, blank=True)
    gender = models.CharField(max_length=100, blank=True)
    tenure_years = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    # Canonical slot codes from palg.people.slots, e.g. ["mon-am", "thu-pm"].
    availability = models.JSONField(default=list, blank=True)
    # Any further CSV columns, kept verbatim for grouping criteria and reports.
    attributes = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "external_id"], name="person_unique_external_id"
            ),
            models.UniqueConstraint("organisation", Lower("email"), name="person_unique_email_ci"),
        ]
        indexes = [models.Index(fields=["organisation", "name"])]

    def __str__(self) -> str:
        return self.name


class Conflict(models.Model):
    """Two people who must never share a set (a dispute, a close relative, a formal case).

    Declared by L&D staff and kept organisation-wide, so every programme's forming respects it.
    No reason is stored: the pair is all the grouping needs, and a reason would be sensitive.
    `first` has the lower primary key, so each pair is stored once.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="conflicts"
    )
    first = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["first__name", "second__name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="conflict_unique_pair"),
            models.CheckConstraint(
                condition=models.Q(first__lt=models.F("second")), name="conflict_ordered_pair"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first} and {self.second} kept apart"
