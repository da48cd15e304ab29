"""Time the whole programme report for a large programme: 2,000 participants in 400 sets of 5,
two held meetings per set with attendance, an experiment card for each participant (half of
them reported back), change events, and level 4 inputs for 4 waves x 4 scales with 20% of the
respondent-waves missing, stored as palg.surveys stores them (answers encrypted at rest).

    .venv/bin/python bench/report.py [--people N] [--waves W] [--missing P] [--rounds R]

Everything comes from the database (SQLite in a temporary data directory) as in palg: level 4
through palg.impact.report.level4_inputs, which decrypts and scores every response.

It measures, after building the data: (1) the report computed (database queries, decrypting and
scoring the answers, palg_evaluation statistics, the floor and differencing control), (2) the
charts and HTML, (3) the PDF (WeasyPrint). Prints each step's best time over the rounds and the
peak memory (max RSS).
Targets: computed < 3 s; PDF < 10 s.
"""

import os
import platform
import resource
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from evaluation import best_of, cohort_arguments  # noqa: E402  (bench/evaluation.py, beside this)

TARGET_COMPUTE, TARGET_PDF = 3.0, 10.0
SCALES = ("cbi_personal", "cbi_work", "psych_safety", "ucla3")
WAVES = ("baseline", "mid", "end", "follow_up")
RANGES = {"cbi_personal": (0, 100), "cbi_work": (0, 100), "psych_safety": (1, 7), "ucla3": (3, 9)}


def setup_django(data_dir: str) -> None:
    os.environ["PALG_DATA_DIR"] = data_dir
    os.environ["DB"] = "sqlite"
    os.environ.pop("DB_NAME", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "palg.settings"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", "--no-input", "--verbosity", "0")


def build_programme(people: int):
    from palg.impact.models import ChangeEvent
    from palg.live.models import CardEntry, ExperimentCard
    from palg.people.models import Organisation, Person
    from palg.programmes.models import Attendance, Group, Meeting, Membership, Programme, Round

    org = Organisation.objects.create(name="Benchco", slug="benchco")
    programme = Programme.objects.create(
        organisation=org, name="Bench programme", status="active", start_date=date(2026, 1, 1)
    )
    round_ = Round.objects.create(programme=programme, number=1, status="published")
    persons = Person.objects.bulk_create(
        Person(organisation=org, external_id=f"P{i}", name=f"Person {i}",
               email=f"p{i}@benchco.example")
        for i in range(people)
    )  # fmt: skip
    groups = Group.objects.bulk_create(
        Group(round=round_, name=f"Set {i}") for i in range((people + 4) // 5)
    )
    joined = datetime(2025, 12, 1, 12, tzinfo=UTC)
    Membership.objects.bulk_create(
        Membership(group=groups[i // 5], person=p, joined_at=joined) for i, p in enumerate(persons)
    )
    meetings = Meeting.objects.bulk_create(
        Meeting(group=g, starts_at=datetime(2026, month, 15, 12, tzinfo=UTC), status="held")
        for g in groups
        for month in (1, 2)
    )
    Attendance.objects.bulk_create(
        Attendance(meeting=m, person=persons[j],
                   status="present" if (i + j) % 7 else "absent")
        for i, m in enumerate(meetings)
        for j in range((i // 2) * 5, min((i // 2) * 5 + 5, people))
    )  # fmt: skip
    cards = ExperimentCard.objects.bulk_create(
        ExperimentCard(owner=p, group=groups[i // 5], programme=programme, action="Try",
                       expectation="E", signal="S", due=date(2026, 4, 1),
                       status="done" if i % 2 else "planned")
        for i, p in enumerate(persons)
    )  # fmt: skip
    CardEntry.objects.bulk_create(
        CardEntry(card=c, kind=CardEntry.Kind.REPORT, did="Did it", learned="Learned",
                  status_before="planned", status_after="done")
        for c in cards[1::2]
    )  # fmt: skip
    for day, size in ((date(2026, 1, 20), "large"), (date(2026, 2, 3), "medium")):
        ChangeEvent.objects.create(organisation=org, happened_on=day, title="Change", size=size)
    return programme


def survey_waves(programme, people: int, waves: int, missing: float, seed: int = 1) -> int:
    """Waves that have opened, and a Response (answers encrypted at rest, as palg stores them)
    for each participant and wave, 20% of respondent-waves missing; every item answered, on a
    person's tendency plus a small drift per wave. Returns how many responses."""
    from datetime import timedelta

    import numpy as np
    from django.utils import timezone

    from palg.people.models import Person
    from palg.surveys.models import Respondent, Response, Wave
    from palg_evaluation import INSTRUMENTS

    rng = np.random.default_rng(seed)
    items = [item for key in ("cbi", "psych_safety", "ucla3") for item in INSTRUMENTS[key].items]
    today = timezone.localdate()
    made = Wave.objects.bulk_create(
        Wave(programme=programme, kind=kind, opens_on=today - timedelta(days=100 - 20 * i),
             closes_on=today - timedelta(days=90 - 20 * i) if i < waves - 1 else today,
             instruments=["cbi", "psych_safety", "ucla3"])
        for i, kind in enumerate(WAVES[:waves])
    )  # fmt: skip
    persons = list(Person.objects.filter(organisation=programme.organisation).order_by("pk"))
    respondents = Respondent.objects.bulk_create(
        Respondent(programme=programme, person=p) for p in persons[:people]
    )
    level = rng.normal(0, 1, people)
    responses = []
    for w, wave in enumerate(made):
        for i, respondent in enumerate(respondents):
            if rng.random() < missing:
                continue
            answers = {}
            for item in items:
                z = level[i] + 0.1 * w + rng.normal(0, 0.8)
                values = item.values
                position = int(np.clip(round((z + 2) / 4 * (len(values) - 1)), 0,
                                       len(values) - 1))  # fmt: skip
                answers[item.id] = values[position]
            response = Response(wave=wave, respondent=respondent, finished_at=timezone.now())
            response.answers = answers
            responses.append(response)
    Response.objects.bulk_create(responses, batch_size=1000)
    return len(responses)


def main() -> None:
    args = cohort_arguments(__doc__.split("\n\n")[0])

    with tempfile.TemporaryDirectory() as data_dir:
        setup_django(data_dir)
        from palg.impact import exports
        from palg.impact.floor import Audience
        from palg.impact.report import build_report, level4_inputs
        from palg_evaluation import paired_change

        paired_change(list(range(12)), [x**1.1 for x in range(12)])  # load scipy once
        started = time.perf_counter()
        programme = build_programme(args.people)
        responses = survey_waves(programme, args.people, args.waves, args.missing)
        build_seconds = time.perf_counter() - started
        today = date(2026, 6, 30)

        t_compute, report = best_of(
            args.rounds, lambda: build_report(programme, Audience.OVERSEER, today)
        )
        t_inputs, inputs = best_of(args.rounds, level4_inputs, programme)
        t_html, html = best_of(args.rounds, exports.pdf_html, report)
        t_pdf, pdf = best_of(max(1, args.rounds - 1), exports.pdf_bytes, report)
        csv = exports.csv_text(report)
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(
        f"Machine: {os.cpu_count()} cores, {platform.system()} {platform.release()} "
        f"{platform.machine()}, Python {platform.python_version()}"
    )
    print(
        f"Data: {args.people} participants in {(args.people + 4) // 5} sets, {args.waves} waves, "
        f"{args.missing:.0%} of respondent-waves missing; {responses} survey responses, "
        f"{len(inputs.scores)} scale scores; built in {build_seconds:.1f} s"
    )
    print(f"1. Report computed ({len(report.rows)} figures):      {t_compute:.3f} s")
    print(f"   of which reading and scoring the answers:  {t_inputs:.3f} s")
    print(f"2. Charts and HTML ({len(html) // 1024} KB):             {t_html:.3f} s")
    print(f"3. PDF ({len(pdf) // 1024} KB):                          {t_pdf:.3f} s")
    print(f"CSV: {len(csv.splitlines()) - 1} rows")
    print(
        f"Targets: computed < {TARGET_COMPUTE:.0f} s, PDF < {TARGET_PDF:.0f} s; "
        f"peak memory (max RSS): {peak_mb:.0f} MB"
    )
    sys.exit(0 if t_compute < TARGET_COMPUTE and t_pdf < TARGET_PDF else 1)


if __name__ == "__main__":
    main()
