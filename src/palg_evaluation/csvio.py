"""The CSV formats of `palg instruments score` and `palg evaluate paired`, read strictly: a bad
line is an InputError naming the line, and nothing is scored from a file that has one."""

import csv
import io
import json
import math
from collections.abc import Iterator, Mapping

from palg_evaluation.instruments import SCALE_ORDER
from palg_evaluation.scoring import check_answer, score
from palg_evaluation.stats import PairedChange

ANSWERS_HEADER = ("respondent", "item", "value")
PAIRS_HEADER = ("respondent", "before", "after")
SCORES_HEADER = "respondent,scale,score"
DECIMALS = 4

MSG_EMPTY = "The file is empty: the first line must be the header {header}."
MSG_HEADER = "The first line must be the header {header}, not {found}."
MSG_FIELDS = "Expected {n} fields ({header}), found {found}."
MSG_NO_RESPONDENT = "The respondent is empty."
MSG_NOT_INTEGER = "Item {item}: {value!r} is not a whole number."
MSG_DUPLICATE_ANSWER = (
    "Respondent {respondent!r} answers item {item} twice (first on line {first})."
)
MSG_NOT_NUMBER = "{column} {value!r} is not a number."
MSG_DUPLICATE_PAIR = "Respondent {respondent!r} appears twice (first on line {first})."


class InputError(ValueError):
    """A problem on one line of an input file."""

    def __init__(self, line: int, message: str):
        super().__init__(f"line {line}: {message}")
        self.line = line
        self.message = message


def _rows(text: str, header: tuple[str, ...]):
    """(line number, fields) for each non-blank line after a checked header."""
    reader = csv.reader(io.StringIO(text))
    shown = ",".join(header)
    first = next(reader, None)
    if first is None:
        raise InputError(1, MSG_EMPTY.format(header=shown))
    if tuple(f.strip() for f in first) != header:
        raise InputError(1, MSG_HEADER.format(header=shown, found=",".join(first) or "nothing"))
    for fields in reader:
        if not any(f.strip() for f in fields):
            continue
        if len(fields) != len(header):
            found = len(fields)
            raise InputError(
                reader.line_num, MSG_FIELDS.format(n=len(header), header=shown, found=found)
            )
        fields = [f.strip() for f in fields]
        if not fields[0]:
            raise InputError(reader.line_num, MSG_NO_RESPONDENT)
        yield reader.line_num, fields


def read_answers(text: str) -> dict[str, dict[str, int]]:
    """respondent -> {item id: value}, respondents in the order they first appear."""
    answers: dict[str, dict[str, int]] = {}
    first_line: dict[tuple[str, str], int] = {}
    for line, (respondent, item, raw) in _rows(text, ANSWERS_HEADER):
        try:
            value = int(raw)
        except ValueError:
            raise InputError(line, MSG_NOT_INTEGER.format(item=item, value=raw)) from None
        try:
            check_answer(item, value)
        except ValueError as error:
            raise InputError(line, str(error)) from None
        if (respondent, item) in first_line:
            first = first_line[respondent, item]
            message = MSG_DUPLICATE_ANSWER.format(respondent=respondent, item=item, first=first)
            raise InputError(line, message)
        first_line[respondent, item] = line
        answers.setdefault(respondent, {})[item] = value
    return answers


def format_score(value: float) -> str:
    """A score rounded to 4 decimals, without trailing zeros: 58.3333, 37.5, 50."""
    text = f"{value:.{DECIMALS}f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def score_rows(answers: Mapping[str, Mapping[str, int]]) -> Iterator[tuple[str, str, str]]:
    """The rows under `respondent,scale,score`: respondents in input order, scales in
    SCALE_ORDER. The caller writes them (palg writes every CSV through one spreadsheet-safe
    writer, palg.people.csvfile)."""
    for respondent, items in answers.items():
        scores = score(items)
        for scale_id in SCALE_ORDER:
            if scale_id in scores:
                yield respondent, scale_id, format_score(scores[scale_id])


def read_pairs(text: str) -> tuple[list[str], list[float], list[float]]:
    """Respondents, before and after scores, in file order."""
    respondents, before, after = [], [], []
    first_line: dict[str, int] = {}
    for line, (respondent, *values) in _rows(text, PAIRS_HEADER):
        numbers = []
        for column, raw in zip(PAIRS_HEADER[1:], values, strict=True):
            try:
                number = float(raw)
            except ValueError:
                number = math.nan
            if not math.isfinite(number):
                raise InputError(line, MSG_NOT_NUMBER.format(column=column, value=raw))
            numbers.append(number)
        if respondent in first_line:
            message = MSG_DUPLICATE_PAIR.format(respondent=respondent, first=first_line[respondent])
            raise InputError(line, message)
        first_line[respondent] = line
        respondents.append(respondent)
        before.append(numbers[0])
        after.append(numbers[1])
    return respondents, before, after


PAIRED_KEYS = ("n", "mean_diff", "d_z", "hedges_g", "ci95_d_z", "wilcoxon_p", "d_av")


def paired_json(result: PairedChange) -> str:
    """The result as JSON: the issue's keys first, then the rest of PairedChange."""
    data = result.as_dict()
    ordered = {key: data.pop(key) for key in PAIRED_KEYS} | data
    return json.dumps(ordered, indent=2, allow_nan=False)
