"""Early feedback's rate limit (gradcourse.earlyfeedback.Limit), on a clock the test controls.

The service itself, asked from a student's notebook on a real hub, is in tests/test_hub.py.
"""

import datetime
import threading

from gradcourse import earlyfeedback

UTC = datetime.timezone.utc


class Clock:
    def __init__(self, when):
        self.now = when

    def __call__(self):
        return self.now


def limit(tmp_path, per_day=3, when=datetime.datetime(2026, 12, 4, 9, 30, tzinfo=UTC)):
    clock = Clock(when)
    return earlyfeedback.Limit(tmp_path / earlyfeedback.DATABASE, per_day, clock), clock


def test_the_n_plus_first_ask_of_a_day_is_refused_with_the_next_try(tmp_path):
    asks, _ = limit(tmp_path)
    assert [asks.take("alice", "ps")[:2] for _ in range(3)] == [(True, 1), (True, 2), (True, 3)]
    ok, used, next_try = asks.take("alice", "ps")
    assert not ok and used == 3
    assert next_try == datetime.datetime(2026, 12, 5, tzinfo=UTC)


def test_the_count_starts_again_the_next_day(tmp_path):
    asks, clock = limit(tmp_path, per_day=1)
    assert asks.take("alice", "ps")[0] and not asks.take("alice", "ps")[0]
    clock.now = datetime.datetime(2026, 12, 4, 23, 59, 59, tzinfo=UTC)
    assert not asks.take("alice", "ps")[0]
    clock.now = datetime.datetime(2026, 12, 5, 0, 0, 1, tzinfo=UTC)
    assert asks.take("alice", "ps") == (True, 1, None)


def test_a_day_is_a_utc_day_whatever_the_clocks_zone(tmp_path):
    hanoi = datetime.timezone(datetime.timedelta(hours=7))
    asks, clock = limit(tmp_path, per_day=1, when=datetime.datetime(2026, 12, 5, 6, 0, tzinfo=hanoi))  # 23:00 UTC
    assert asks.take("binh", "ps")[0]
    clock.now = datetime.datetime(2026, 12, 5, 7, 30, tzinfo=hanoi)  # 00:30 UTC the next day
    assert asks.take("binh", "ps")[0]


def test_each_student_has_their_own_asks(tmp_path):
    asks, _ = limit(tmp_path, per_day=1)
    assert asks.take("alice", "ps")[0] and asks.take("binh", "ps")[0]
    assert not asks.take("alice", "ps")[0]


def test_an_ask_the_grader_failed_is_given_back(tmp_path):
    asks, _ = limit(tmp_path, per_day=1)
    assert asks.take("alice", "ps")[0]
    asks.give_back("alice")
    assert asks.take("alice", "ps") == (True, 1, None)


def test_asks_at_once_never_take_more_than_the_limit(tmp_path):
    asks, _ = limit(tmp_path, per_day=3)
    results = []
    threads = [threading.Thread(target=lambda: results.append(asks.take("alice", "ps")[0])) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False] * 9 + [True] * 3


def test_the_instructor_sees_who_asked_and_how_often(tmp_path):
    asks, clock = limit(tmp_path, per_day=5)
    for _ in range(3):
        asks.take("binh", "ps1")
    clock.now += datetime.timedelta(hours=1)
    asks.take("alice", "ps1")
    assert asks.report() == [("binh", "ps1", 3, "2026-12-04T09:30:00+00:00"),
                             ("alice", "ps1", 1, "2026-12-04T10:30:00+00:00")]


def test_the_refusal_says_when_in_both_languages():
    text = earlyfeedback.refusal(3, datetime.datetime(2026, 12, 5, tzinfo=UTC))
    english, vietnamese = text.splitlines()
    assert "3" in english and "2026-12-05 00:00 UTC" in english
    assert "lượt" in vietnamese and "2026-12-05 00:00 UTC" in vietnamese


def test_the_course_setting_defaults_to_three_a_day():
    assert earlyfeedback.EarlyFeedback().per_day == 3


def test_a_verdict_shows_the_docstring_and_the_remark_never_the_cells_lines():
    """What a student sees of a failed test cell: what it checks, its points, the check's bilingual remark."""
    import nbformat

    from gradcourse import grading

    source = '"""The magnitude on random images."""\n### BEGIN HIDDEN TESTS\ncheck_secret_case(seed=7)\n### END HIDDEN TESTS'
    cell = nbformat.v4.new_code_cell(source, execution_count=4)
    remark = "[abs-sum] |Gx| + |Gy| is not the magnitude. / |Gx| + |Gy| không phải độ lớn gradient."
    cell.outputs = [nbformat.v4.new_output("error", ename="CheckFailure", evalue=remark,
                                           traceback=["Traceback", "----> 3 check_secret_case(seed=7)", remark])]
    verdict = earlyfeedback.cell_verdict(cell, grading.CellResult("test_magnitude_random", 0.0, 2.0))
    assert verdict["what"] == "The magnitude on random images."
    assert verdict["message"] == remark and not verdict["passed"] and (verdict["score"], verdict["points"]) == (0, 2)
    assert "check_secret_case" not in str(verdict)
