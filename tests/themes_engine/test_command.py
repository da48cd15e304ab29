"""`palg themes cluster`: the exact output format, and bad input refused with exit 2, a clear
message on stderr and no output file."""

import csv
import io

import pytest
from typer.testing import CliRunner

from palg.cli import app
from palg_themes import load_examples

runner = CliRunner()


def run(tmp_path, content: bytes | str, *options):
    source = tmp_path / "statements.tsv"
    source.write_bytes(content.encode() if isinstance(content, str) else content)
    out = tmp_path / "clusters.csv"
    result = runner.invoke(app, ["themes", "cluster", str(source), "--out", str(out), *options])
    return result, out


@pytest.fixture(scope="module")
def heldout_tsv():
    examples = load_examples("heldout")
    return "set\ttext\n" + "".join(f"{e.set}\t{e.text}\n" for e in examples), examples


def read(out):
    return list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))


def test_one_line_per_statement_with_the_exact_header(tmp_path, heldout_tsv):
    text, examples = heldout_tsv
    result, out = run(tmp_path, text)
    assert result.exit_code == 0, result.output
    rows = read(out)
    assert rows[0] == ["row", "cluster", "label", "released"]
    assert [r[0] for r in rows[1:]] == [str(i) for i in range(1, len(examples) + 1)]
    for _, cluster, label, released in rows[1:]:
        assert released in ("true", "false")
        if cluster == "":
            assert (label, released) == ("", "false")
        else:
            assert int(cluster) >= 1 and label
    # All rows of a cluster carry the same label and the same release.
    by_cluster = {}
    for _, cluster, label, released in rows[1:]:
        if cluster:
            assert by_cluster.setdefault(cluster, (label, released)) == (label, released)
    assert any(released == "true" for _, _, _, released in rows[1:])


def test_released_clusters_meet_the_rule_counting_each_statement_as_a_person(tmp_path, heldout_tsv):
    text, examples = heldout_tsv
    result, out = run(tmp_path, text, "--min-sets", "6", "--min-people", "12")
    assert result.exit_code == 0, result.output
    rows = read(out)[1:]
    members = {}
    for i, (_, cluster, _, _) in enumerate(rows):
        if cluster:
            members.setdefault(cluster, []).append(i)
    for rows_of in members.values():
        released = rows[rows_of[0]][3] == "true"
        enough = len({examples[i].set for i in rows_of}) >= 6 and len(rows_of) >= 12
        assert released == enough


def test_the_same_file_gives_the_same_output(tmp_path, heldout_tsv):
    text, _ = heldout_tsv
    first = run(tmp_path, text)[1].read_bytes()
    assert run(tmp_path, text)[1].read_bytes() == first


def test_blank_lines_a_bom_and_crlf_are_accepted(tmp_path):
    content = "\ufeffSet\tText\r\nA\tToo many meetings.\r\n\r\nB\tThe lift is broken.\r\n"
    result, out = run(tmp_path, content)
    assert result.exit_code == 0, result.output
    assert read(out) == [
        ["row", "cluster", "label", "released"],
        ["1", "", "", "false"],
        ["2", "", "", "false"],
    ]


BAD = [
    (b"", "is empty"),
    (b"  \n\n", "is empty"),
    (b"set,text\nA,Too many meetings\n", "line 1 must be the header set<TAB>text"),
    (b"text\tset\nA\tToo many meetings\n", "line 1 must be the header set<TAB>text"),
    (b"set\ttext\tperson\nA\tx\tp\n", "line 1 must be the header set<TAB>text"),
    (b"A\tToo many meetings\n", "line 1 must be the header"),
    (b"set\ttext\n", "has the header but no statement under it"),
    (b"set\ttext\nA\tok\tmore\n", "line 2: expected 2 tab-separated fields (set, text), found 3"),
    (b"set\ttext\nA only\n", "line 2: expected 2 tab-separated fields"),
    (b"set\ttext\n\tNo set here\n", "line 2: the set is empty"),
    (b"set\ttext\nA\t  \n", "line 2: the text is empty"),
    (b"set\ttext\nA\tfine\nB\t\xff\xfe bad\n", "is not UTF-8 text: byte 19 (line 3)"),
]


@pytest.mark.parametrize(("content", "message"), BAD)
def test_bad_input_exits_2_with_a_clear_message_and_writes_nothing(tmp_path, content, message):
    result, out = run(tmp_path, content)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [tmp_path / "statements.tsv"]


def test_every_bad_line_is_named_at_once(tmp_path):
    result, _ = run(tmp_path, "set\ttext\nA\t\n\tx\nC\tfine\n")
    assert result.exit_code == 2
    assert "line 2: the text is empty" in result.stderr
    assert "line 3: the set is empty" in result.stderr


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--min-sets", "2"], "min_sets may only be raised: 2 is below the floor of 3"),
        (["--min-people", "5"], "min_people may only be raised: 5 is below the floor of 10"),
    ],
)
def test_lowering_the_rule_exits_2_and_writes_nothing(tmp_path, options, message):
    result, out = run(tmp_path, "set\ttext\nA\tToo many meetings.\n", *options)
    assert result.exit_code == 2
    assert message in result.stderr
    assert not out.exists()


def test_an_existing_output_file_is_left_alone_when_the_input_is_bad(tmp_path):
    out = tmp_path / "clusters.csv"
    out.write_text("previous\n")
    result, _ = run(tmp_path, b"")
    assert result.exit_code == 2
    assert out.read_text() == "previous\n"


def test_a_missing_input_file_exits_2(tmp_path):
    out = tmp_path / "clusters.csv"
    result = runner.invoke(
        app, ["themes", "cluster", str(tmp_path / "nope.tsv"), "--out", str(out)]
    )
    assert result.exit_code == 2
    assert "Cannot read" in result.stderr
    assert not out.exists()


def test_statements_can_come_from_standard_input(tmp_path):
    out = tmp_path / "clusters.csv"
    result = runner.invoke(
        app, ["themes", "cluster", "-", "--out", str(out)], input="set\ttext\nA\tMeetings.\n"
    )
    assert result.exit_code == 0, result.output
    assert read(out)[1] == ["1", "", "", "false"]


def test_help_says_how_people_are_counted():
    result = runner.invoke(app, ["themes", "cluster", "--help"])
    assert result.exit_code == 0
    assert "each statement counts as one person" in " ".join(result.output.split())


def test_an_output_folder_that_does_not_exist_exits_2(tmp_path):
    source = tmp_path / "statements.tsv"
    source.write_text("set\ttext\nA\tToo many meetings.\n")
    out = tmp_path / "missing" / "clusters.csv"
    result = runner.invoke(app, ["themes", "cluster", str(source), "--out", str(out)])
    assert result.exit_code == 2
    assert "Cannot write" in result.stderr
    assert list(tmp_path.iterdir()) == [source]


def test_the_output_may_not_overwrite_the_input(tmp_path):
    source = tmp_path / "statements.tsv"
    source.write_text("set\ttext\nA\tToo many meetings.\n")
    result = runner.invoke(app, ["themes", "cluster", str(source), "--out", str(source)])
    assert result.exit_code == 2
    assert "--out must not be the input file" in result.stderr
    assert source.read_text() == "set\ttext\nA\tToo many meetings.\n"
