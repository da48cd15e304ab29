from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils.html import format_html

from palg.people.selectors import FILTER_FIELDS

ANY = ""


class PersonFilterForm(forms.Form):
    """Search and filters for the directory. A value not on offer is left out of the search (and
    the field says why) rather than failing the page."""

    q = forms.CharField(
        label="Search",
        required=False,
        max_length=200,
        help_text="Name, email, id or team.",
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )

    def __init__(self, *args, options: dict[str, list[str]], **kwargs):
        super().__init__(*args, **kwargs)
        for name in FILTER_FIELDS:
            choices = [(ANY, "Any"), *((value, value) for value in options.get(name, []))]
            self.fields[name] = forms.ChoiceField(
                label=name.capitalize(), required=False, choices=choices
            )

    def search(self) -> tuple[str, dict[str, str]]:
        """The search text and the filters that hold a value on offer."""
        self.is_valid()
        data = self.cleaned_data
        filters = {name: data[name] for name in FILTER_FIELDS if data.get(name)}
        return data.get("q", ""), filters


class PersonImportForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        allow_empty_file=True,
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = format_html(
            "A UTF-8 CSV file with a header row: one row per person. "
            'See <a href="#columns">the columns</a> or download '
            '<a href="{}">an example file</a>.',
            reverse("person-import-example"),
        )

    def read_data(self) -> bytes:
        """The upload's bytes, reading at most one byte past the size limit."""
        upload = self.cleaned_data["file"]
        return upload.read(settings.IMPORT_MAX_BYTES + 1)
