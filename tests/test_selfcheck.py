"""Check-yourself questions answer at once, in both languages, and cost grading nothing."""

import pytest

from gradcourse import selfcheck

QUESTION = selfcheck.Question(
    "Which neighbour is north of (x, y)?", "Điểm lân cận phía bắc của (x, y) là điểm nào?",
    {"a": ("(x, y - 1)", "(x, y - 1)"), "b": ("(x, y + 1)", "(x, y + 1)")}, "a",
    ("The y axis points down: north is the row above.", "Trục y hướng xuống dưới: phía bắc là hàng phía trên."))


@pytest.mark.parametrize("letter, verdict", [("a", "Right"), ("b", "Not this one")])
def test_the_widget_answers_at_once_with_the_explanation_in_both_languages(letter, verdict):
    """Choosing and pressing Check shows right or not, then why, in English and in Vietnamese."""
    check = selfcheck.SelfCheck(QUESTION)
    check.options.value = letter
    check.button.click()
    assert verdict in check.answer.value
    assert "row above" in check.answer.value and "hàng phía trên" in check.answer.value


def test_no_choice_asks_for_one():
    """Pressing Check before choosing says so, in both languages, and gives nothing away."""
    check = selfcheck.SelfCheck(QUESTION)
    check.button.click()
    assert "Pick an answer" in check.answer.value and "Hãy chọn" in check.answer.value
    assert "row above" not in check.answer.value


def test_an_answer_that_is_not_a_choice_is_the_lessons_bug():
    with pytest.raises(ValueError):
        selfcheck.Question("?", "?", {"a": ("x", "x")}, "b", ("", ""))


def test_when_graded_it_prints_one_line_and_builds_no_widget(monkeypatch, capsys):
    """Under nbgrader (NBGRADER_EXECUTION set) the cell prints a note and returns nothing."""
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    assert selfcheck.ask(QUESTION.en, QUESTION.vi, QUESTION.choices, QUESTION.answer, QUESTION.why) is None
    assert capsys.readouterr().out.count("\n") == 1
