"""nbgrader in the instructor's image: /etc/jupyter/nbgrader_config.py (deploy/z2jh/Dockerfile).

NOT TESTED HERE / CHƯA ĐƯỢC KIỂM THỬ Ở ĐÂY. Guide: docs/jupyterhub-kubernetes.md.
"""

c = get_config()  # noqa: F821 (nbgrader provides get_config)

c.CourseDirectory.course_id = "image-gradients"
c.Exchange.root = "/srv/nbgrader/exchange"  # or ngshare: see nbgrader_config.student.py

# The course folder: a clone of the repository in the course volume, which the instructor's pod mounts at
# /home/jovyan/course (values.yaml). The formgrader serves a course only inside the server's folder
# (/home/jovyan).
COURSE = "/home/jovyan/course/image-gradients"
c.CourseDirectory.root = COURSE

# The formgrader reads nbgrader_config.py from Jupyter's config folders and from the server's folder, not
# from the course's: without this line its Autograde button would grade without the course's guards (the
# sandbox, the preflight, the intake) and with the wrong gradebook. The course's own file (its db_url too)
# is loaded here; nothing happens while the folder is not cloned yet.
load_subconfig(f"{COURSE}/nbgrader_config.py")  # noqa: F821 (traitlets provides load_subconfig)
