"""Background tasks (django.tasks, run by `palg worker`): one-line wrappers around services."""

from django.tasks import task

from palg.themes.services import themes_recluster


@task
def recluster(organisation_id: int) -> int:
    return themes_recluster(organisation_id=organisation_id)
