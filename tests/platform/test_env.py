"""palg.env: typed settings from the environment, with NAME_FILE secrets that fail loudly."""

import pytest

from palg.env import envbool, envint, envlist, envstr


def test_it_uses_the_default_when_a_variable_is_unset(monkeypatch):
    monkeypatch.delenv("PALG_TEST_VALUE", raising=False)
    monkeypatch.delenv("PALG_TEST_VALUE_FILE", raising=False)
    assert envstr("PALG_TEST_VALUE", "fallback") == "fallback"
    assert envbool("PALG_TEST_VALUE", True) is True
    assert envint("PALG_TEST_VALUE", 7) == 7
    assert envlist("PALG_TEST_VALUE", "a,b") == ["a", "b"]


@pytest.mark.parametrize("raw", ["1", "true", "YES", " on "])
def test_it_reads_true_values(monkeypatch, raw):
    monkeypatch.setenv("PALG_TEST_FLAG", raw)
    assert envbool("PALG_TEST_FLAG") is True


@pytest.mark.parametrize("raw", ["0", "false", "No", "off", ""])
def test_it_reads_false_values(monkeypatch, raw):
    monkeypatch.setenv("PALG_TEST_FLAG", raw)
    assert envbool("PALG_TEST_FLAG", True) is False


def test_it_rejects_a_bad_boolean_naming_the_variable_and_value(monkeypatch):
    monkeypatch.setenv("PALG_TEST_FLAG", "maybe")
    with pytest.raises(RuntimeError, match=r"PALG_TEST_FLAG must be one of .*got 'maybe'"):
        envbool("PALG_TEST_FLAG")


def test_it_rejects_a_bad_whole_number(monkeypatch):
    monkeypatch.setenv("PALG_TEST_NUMBER", "12 weeks")
    with pytest.raises(
        RuntimeError, match=r"PALG_TEST_NUMBER must be a whole number; got '12 weeks'"
    ):
        envint("PALG_TEST_NUMBER", 1)


def test_it_splits_lists_and_drops_blanks(monkeypatch):
    monkeypatch.setenv("PALG_TEST_LIST", " palg.example, ,www.palg.example ,")
    assert envlist("PALG_TEST_LIST") == ["palg.example", "www.palg.example"]


def test_it_reads_a_secret_from_name_file(monkeypatch, tmp_path):
    secret = tmp_path / "secret_key"
    secret.write_text("s3cret-from-a-file\n")
    monkeypatch.setenv("PALG_TEST_SECRET", "from-the-environment")
    monkeypatch.setenv("PALG_TEST_SECRET_FILE", str(secret))
    assert envstr("PALG_TEST_SECRET", "default") == "s3cret-from-a-file"


def test_name_file_works_for_typed_values_too(monkeypatch, tmp_path):
    (tmp_path / "port").write_text("6543\n")
    monkeypatch.setenv("PALG_TEST_PORT_FILE", str(tmp_path / "port"))
    assert envint("PALG_TEST_PORT", 5432) == 6543


def test_a_missing_name_file_fails_loudly(monkeypatch, tmp_path):
    missing = tmp_path / "nowhere" / "secret"
    monkeypatch.setenv("PALG_TEST_SECRET_FILE", str(missing))
    with pytest.raises(RuntimeError, match=f"PALG_TEST_SECRET_FILE points at {missing}"):
        envstr("PALG_TEST_SECRET", "default")


def test_a_name_file_that_is_a_folder_fails_loudly(monkeypatch, tmp_path):
    monkeypatch.setenv("PALG_TEST_SECRET_FILE", str(tmp_path))
    with pytest.raises(RuntimeError, match="not a readable file"):
        envstr("PALG_TEST_SECRET")
