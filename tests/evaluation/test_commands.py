"""`palg instruments score` and `palg evaluate paired`: exact output, and bad input refused with
the line named on stderr and nothing on stdout."""

import json

import numpy as np
import pingouin as pg
import pytest
from scipy import stats
from typer.testing import CliRunner

from palg.cli import app

runner = CliRunner()

ANSWERS = """respondent,item,value
r2,ps.1,2
r2,ps.2,6
r2,ps.3,1
r2,ps.4,5
r2,ps.5,3
r2,ps.6,7
r2,ps.7,4
r1,cbi.p1,0
r1,cbi.p2,1
r1,cbi.p3,2
r1,cbi.p4,3
r1,cbi.p5,4
r1,cbi.p6,4
r1,ucla.1,3
r1,ucla.3,2
r1,cbi.w1,1
r1,cbi.w2,1
r1,cbi.w3,1
r1,cbi.w7,1
r3,cbi.p1,4
r3,cbi.p2,4
r3,ucla.2,3

"""

# r2: ps 2,6,1,5,3,7,4 with 1/3/5 reversed: (6+6+7+5+5+7+4)/7 = 40/7 = 5.7143
# r1: cbi personal (0+25+50+75+100+100)/6 = 58.3333; cbi work w1-w3 = 25 each and w7 = 25
#     reversed to 75: (25*3+75)/4 = 37.5; ucla (3+2)/2*3 = 7.5
# r3: two of six CBI personal items and one of three UCLA items: nothing to score.
SCORES = """respondent,scale,score
r2,psych_safety,5.7143
r1,cbi_personal,58.3333
r1,cbi_work,37.5
r1,ucla3,7.5
"""


def run(args, text):
    return runner.invoke(app, args, input=text)


def test_score_prints_every_scorable_scale_in_file_and_scale_order():
    result = run(["instruments", "score", "-"], ANSWERS)
    assert result.exit_code == 0, result.output
    assert result.stdout == SCORES
    assert result.stderr == ""


def test_score_reads_a_file_with_a_byte_order_mark(tmp_path):
    path = tmp_path / "answers.csv"
    path.write_text(
        "respondent,item,value\r\nx,ucla.1,1\r\nx,ucla.2,1\r\nx,ucla.3,2\r\n", encoding="utf-8-sig"
    )
    result = runner.invoke(app, ["instruments", "score", str(path)])
    assert result.exit_code == 0, result.output
    assert result.stdout == "respondent,scale,score\nx,ucla3,4\n"


def test_a_respondent_id_a_spreadsheet_would_run_as_a_formula_is_written_as_text():
    answers = "respondent,item,value\n=HYPERLINK(1),ucla.1,1\n=HYPERLINK(1),ucla.2,1\n"
    result = run(["instruments", "score", "-"], answers)
    assert result.exit_code == 0, result.output
    assert result.stdout == "respondent,scale,score\n'=HYPERLINK(1),ucla3,3\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "standard input line 1: The file is empty"),
        (
            "who,what,value\nr1,ps.1,1\n",
            "standard input line 1: The first line must be the "
            "header respondent,item,value, not who,what,value.",
        ),
        (
            "respondent,item,value\nr1,ps.1,1\nr1,cbi.p7,1\n",
            "standard input line 3: Unknown item 'cbi.p7'",
        ),
        (
            "respondent,item,value\nr1,ps.1,8\n",
            "standard input line 2: Item ps.1: 8 is not an answer; it takes a whole number from 1 "
            "to 7.",
        ),
        (
            "respondent,item,value\nr1,cbi.w7,2.0\n",
            "standard input line 2: Item cbi.w7: '2.0' is not a whole number.",
        ),
        (
            "respondent,item,value\nr1,ps.1,1\nr2,ps.1,1\nr1,ps.1,2\n",
            "standard input line 4: Respondent 'r1' answers item ps.1 twice (first on line 2).",
        ),
        (
            "respondent,item,value\nr1,ps.1\n",
            "standard input line 2: Expected 3 fields (respondent,item,value), found 2.",
        ),
        ("respondent,item,value\n,ps.1,1\n", "standard input line 2: The respondent is empty."),
    ],
)
def test_bad_answers_exit_1_naming_the_line_and_print_nothing(text, message):
    result = run(["instruments", "score", "-"], text)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith(message), result.stderr


def test_a_missing_file_is_a_clear_error(tmp_path):
    result = runner.invoke(app, ["instruments", "score", str(tmp_path / "nope.csv")])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "Cannot read" in result.stderr and "nope.csv" in result.stderr


BEFORE = [60.7, 53.6, 71.4, 46.4, 57.1, 64.3, 42.9, 75.0, 50.0, 67.9, 39.3, 57.1, 60.7, 53.6]
AFTER = [50.0, 53.6, 60.7, 42.9, 50.0, 57.1, 46.4, 64.3, 42.9, 60.7, 39.3, 46.4, 57.1, 53.6]
PAIRS = "respondent,before,after\n" + "".join(
    f"p{i},{b},{a}\n" for i, (b, a) in enumerate(zip(BEFORE, AFTER, strict=True))
)


def test_paired_prints_json_that_matches_scipy_and_pingouin():
    result = run(["evaluate", "paired", "-", "--seed", "11"], PAIRS)
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert list(out)[:6] == ["n", "mean_diff", "d_z", "hedges_g", "ci95_d_z", "wilcoxon_p"]
    a, b = np.array(AFTER), np.array(BEFORE)
    assert out["n"] == 14
    assert out["mean_diff"] == pytest.approx((a - b).mean())
    assert out["d_z"] == pytest.approx(pg.compute_effsize(a, b, paired=True, eftype="cohen_dz"))
    assert out["hedges_g"] == pytest.approx(pg.compute_effsize(a, b, paired=True, eftype="hedges"))
    assert out["d_av"] == pytest.approx(pg.compute_effsize(a, b, paired=True, eftype="cohen"))
    diff = np.round(a - b, 6)
    assert out["wilcoxon_p"] == pytest.approx(stats.wilcoxon(diff, zero_method="pratt").pvalue)
    assert out["seed"] == 11 and out["resamples"] == 2000
    expected = stats.bootstrap(
        (a - b,),
        lambda d, axis=-1: d.mean(axis=axis) / d.std(ddof=1, axis=axis),
        n_resamples=2000,
        method="BCa",
        rng=np.random.default_rng(11),
    ).confidence_interval
    assert out["ci95_d_z"] == [expected.low, expected.high]


def test_paired_below_twelve_pairs_gives_descriptives_and_the_reason():
    text = "respondent,before,after\n" + "".join(f"p{i},{i},{i + 1 + i % 2}\n" for i in range(6))
    out = json.loads(run(["evaluate", "paired", "-"], text).stdout)
    assert out["n"] == 6 and out["mean_diff"] == 1.5
    assert out["d_z"] is None and out["ci95_d_z"] is None and out["wilcoxon_p"] is None
    assert out["inference"] is False and "below the minimum of 12" in out["reason"]
    assert round(out["detectable_d_z"], 2) == 1.43


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "respondent,after,before\n",
            "standard input line 1: The first line must be the header respondent,before,after",
        ),
        ("respondent,before,after\np1,5,x\n", "standard input line 2: after 'x' is not a number."),
        (
            "respondent,before,after\np1,nan,4\n",
            "standard input line 2: before 'nan' is not a number.",
        ),
        (
            "respondent,before,after\np1,5,4\np1,6,4\n",
            "standard input line 3: Respondent 'p1' appears twice (first on line 2).",
        ),
    ],
)
def test_bad_pairs_exit_1_naming_the_line_and_print_nothing(text, message):
    result = run(["evaluate", "paired", "-"], text)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith(message), result.stderr
