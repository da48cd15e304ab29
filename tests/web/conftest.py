import pytest


@pytest.fixture
def programme_data():
    """Form data for a programme inside the method's norms."""
    return {
        "name": "Leading across boundaries",
        "focus_area": "Cross-functional change",
        "purpose": "Give senior leaders a confidential space to work on real problems.",
        "status": "draft",
        "start_date": "2030-01-14",
        "min_group_size": "5",
        "max_group_size": "7",
        "cadence_weeks": "5",
        "meeting_count": "6",
        "meeting_minutes": "180",
        "facilitation_model": "fading",
        "session_template": "revans-uk",
    }


# Design values that break every design norm: sets up to 10, 3 meetings, every 10 weeks.
OFF_NORM = {"max_group_size": 10, "meeting_count": 3, "cadence_weeks": 10}
