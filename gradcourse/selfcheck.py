"""Check yourself: a question inside the lesson that answers at once, in both languages, and is not graded.

The graded quiz at the end of a lesson keeps its answers hidden until the
feedback; these questions are for the way through: the student picks an
answer and reads straight away whether it is right and why.  Without a front
end (``nbgrader autograde`` or ``validate``) a question prints one line and
builds no widget, so grading neither waits nor changes.

    from gradcourse.selfcheck import ask
    ask("Which neighbour is north of (x, y)?", "Điểm lân cận phía bắc của (x, y) là điểm nào?",
        {"a": ("(x, y - 1)", "(x, y - 1)"), "b": ("(x, y + 1)", "(x, y + 1)")},
        answer="a", why=("The y axis points down.", "Trục y hướng xuống dưới."))
"""

from dataclasses import dataclass

from .explorer import headless

LABELS = {
    "button": "Check / Kiểm tra",
    "right": "✔ Right. / Đúng.",
    "wrong": "✘ Not this one. / Chưa đúng.",
    "none": "Pick an answer first. / Hãy chọn một đáp án trước.",
    "headless": "(A check-yourself question: open the notebook in JupyterLab to try it.) / "
                "(Câu hỏi tự kiểm tra: hãy mở notebook trong JupyterLab để thử.)",
}


@dataclass(frozen=True)
class Question:
    """A question in English and Vietnamese, its choices ``{letter: (en, vi)}``, the answer and why ``(en, vi)``."""

    en: str
    vi: str
    choices: dict
    answer: str
    why: tuple

    def __post_init__(self):
        if self.answer not in self.choices:
            raise ValueError(f"the answer {self.answer!r} is not among the choices {sorted(self.choices)}")

    def verdict(self, letter):
        """What the student reads after choosing ``letter``: right or not, then why, in both languages."""
        if letter not in self.choices:
            return LABELS["none"]
        head = LABELS["right"] if letter == self.answer else LABELS["wrong"]
        return f"{head}\n{self.why[0]}\n{self.why[1]}"


class SelfCheck:
    """The widget: the question, one radio button per choice, a Check button and the verdict under it."""

    def __init__(self, question):
        import ipywidgets as w

        self.question = question
        self.options = w.RadioButtons(
            options=[(f"{k}) {en} / {vi}" if en != vi else f"{k}) {en}", k) for k, (en, vi) in question.choices.items()],
            value=None, layout=w.Layout(width="auto"))
        self.button = w.Button(description=LABELS["button"])
        self.answer = w.HTML()
        self.button.on_click(lambda _: self.check())
        self.widget = w.VBox([w.HTML(f"<b>{question.en}</b><br><i>{question.vi}</i>"), self.options,
                              self.button, self.answer])

    def check(self):
        text = self.question.verdict(self.options.value)
        self.answer.value = "<br>".join(_escape(line) for line in text.splitlines())
        return text


def _escape(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def ask(en, vi, choices, answer, why):
    """Show a check-yourself question (:class:`SelfCheck`), or a one-line note when there is no front end.

    Returns nothing, so a cell that ends with it shows the question alone.
    """
    question = Question(en, vi, dict(choices), answer, tuple(why))
    if headless():
        print(LABELS["headless"])
        return
    from IPython.display import display

    display(SelfCheck(question).widget)
