"""The identifying-details check (palg_themes.identifying), on hand examples: pure, no Django."""

from palg_themes.identifying import find_identifying, highlight, name_tokens, rare_titles

NAMES = ["Ann Lee", "Bob O'Neill", "Priya Raman-Shah", "J Smith"]
SETS = ["Falcon", "Set 3", "7", "A"]
TITLES = ["Head of Treasury"] + ["Manager"] * 12 + ["Chief Nurse"] * 4 + ["Analyst"] * 5


def kinds(text: str, **kwargs) -> list[tuple[str, str]]:
    found = find_identifying(text, names=NAMES, set_names=SETS, titles=TITLES, **kwargs)
    return [(span.kind, span.text) for span in found]


def test_it_flags_first_and_last_names_as_whole_words_whatever_the_case():
    assert kinds("ann said LEE was right") == [("name", "ann"), ("name", "LEE")]
    assert kinds("Raman-Shah and O'Neill") == [("name", "Raman-Shah"), ("name", "O'Neill")]


def test_it_does_not_flag_a_name_inside_another_word():
    assert kinds("Annual planning bobs along, leeway is scarce") == []


def test_it_ignores_single_letter_initials():
    assert "j" not in name_tokens(NAMES)
    assert kinds("j. said so") == []


def test_it_flags_set_names_and_short_ones_only_with_set_before_them():
    assert kinds("as Falcon found") == [("set", "Falcon")]
    assert kinds("as set 3 and Set A found") == [("set", "set 3"), ("set", "Set A")]
    assert kinds("3 people and 7 teams, a plan") == []
    assert kinds("in set 7") == [("set", "set 7")]


def test_it_flags_emails_and_phone_numbers():
    text = "write to ann.lee@acme.example or call +44 20 7946 0000 or (020) 7946-0001"
    assert kinds(text) == [
        ("email", "ann.lee@acme.example"),
        ("phone", "+44 20 7946 0000"),
        ("phone", "(020) 7946-0001"),
    ]


def test_it_does_not_take_years_or_short_numbers_for_phone_numbers():
    assert kinds("From 2019-2024 we ran 3 pilots with 120 people in 2025") == []


def test_it_flags_titles_held_by_fewer_than_the_threshold():
    assert rare_titles(TITLES) == {"head of treasury", "chief nurse"}
    assert kinds("the head of treasury blocks it") == [("title", "head of treasury")]
    assert kinds("the Chief Nurse and every manager and analyst") == [("title", "Chief Nurse")]
    assert kinds("the Chief Nurse", rare_below=4) == []


def test_the_longest_match_wins_where_two_checks_overlap():
    found = find_identifying("near Ann Street", names=["Ann Lee"], set_names=["Ann Street"])
    assert [(s.kind, s.text) for s in found] == [("set", "Ann Street")]


def test_each_span_says_why_it_is_flagged():
    (span,) = find_identifying("ask Ann", names=NAMES)
    assert (span.start, span.end) == (4, 7)
    assert span.reason == "matches a name in the organisation's directory"


def test_highlight_cuts_the_text_around_the_spans():
    text = "ask Ann about Falcon"
    spans = find_identifying(text, names=NAMES, set_names=SETS)
    pieces = highlight(text, spans)
    assert "".join(piece for piece, _ in pieces) == text
    assert [piece for piece, span in pieces if span] == ["Ann", "Falcon"]


def test_a_plain_systemic_statement_is_not_flagged():
    text = "Decisions about cross-site work get re-opened at every level"
    assert kinds(text) == []


def test_the_module_imports_no_framework():
    import ast
    from pathlib import Path

    import palg_themes.identifying as module

    tree = ast.parse(Path(module.__file__).read_text())
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import)
                for alias in node.names}  # fmt: skip
    imported |= {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert not {name for name in imported if name and name.split(".")[0] in {"django", "palg"}}
