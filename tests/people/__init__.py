import pytest

# The shared helpers assert that failed imports wrote nothing; show the details when they fail.
pytest.register_assert_rewrite("tests.people.helpers")
