from gradcourse import grading

REPO = grading.REPO
PS1 = "ps1_manual_gradients"
