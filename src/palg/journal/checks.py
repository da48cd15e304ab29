"""System checks for journal encryption keys (`palg manage check`, and `--deploy`)."""

from django.core.checks import Error, Tags, Warning, register

from palg.journal import crypto

MSG_DERIVED = (
    "PALG_JOURNAL_KEYS is not set, so private journals are encrypted with a key derived from "
    "PALG_SECRET_KEY: they are only as safe as the secret key, and changing the secret key "
    "makes them unreadable."
)
HINT_DERIVED = (
    "Set PALG_JOURNAL_KEYS (or PALG_JOURNAL_KEYS_FILE) to a Fernet key, then run "
    "`palg journal-rotate-key --from-secret-key` (README: Private journals)."
)


@register(Tags.security)
def journal_keys_are_fernet_keys(app_configs, **kwargs):
    return [
        Error(crypto.MSG_BAD_KEY.format(position=position), id="palg.journal.E001")
        for position in crypto.bad_key_positions()
    ]


@register(Tags.security, deploy=True)
def journal_keys_are_set(app_configs, **kwargs):
    if crypto.configured_keys():
        return []
    return [Warning(MSG_DERIVED, hint=HINT_DERIVED, id="palg.journal.W001")]
