"""The course on a real JupyterHub on this machine: ``./course hub [--port P] [--state DIR]``.

One JupyterHub on 127.0.0.1 (system accounts through PAM, each user's server a
local process, configurable-http-proxy from npm), set up as nbgrader's
documentation sets up one course with one instructor on a shared hub
(https://nbgrader.readthedocs.io/en/stable/configuration/jupyterhub_config.html):

* an instructor and three demo students, each a system account whose home is
  its own (mode 700): nobody reads anybody else's files;
* nbgrader's exchange, a folder everybody may write (``chmod ugo+rw``, as
  nbgrader asks), where release, fetch, submit, collect and feedback meet;
* the course folder in the instructor's home, owned by the instructor: the
  gradebook, ``source/`` and the course secret are the instructor's alone;
* the formgrader in the instructor's own server; a student's server has the
  Assignments and Courses tabs only, its configuration root's and not theirs;
* the early-feedback service (:mod:`gradcourse.earlyfeedback`), run by the hub
  as the instructor.

Everything lives in one state folder (``.hub/`` by default): a second start
reuses its accounts, passwords and course. Ctrl+C or SIGTERM stops the hub,
and the hub stops the proxy, the service and every user's server.
"""

import argparse
import json
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import sys
from pathlib import Path

from . import grading, samples

INSTRUCTOR = "instructor"
STUDENTS = ("alice", "le_binh", "nguyen_van_duc")  # two with Vietnamese names
DEMO = "gradcourse demo account"  # the accounts' comment: an account without it is somebody's, never touched
SERVICE = "early-feedback"
PROXY = grading.REPO / "hub" / "node_modules" / ".bin" / "configurable-http-proxy"


class HubError(RuntimeError):
    """What stops the hub from starting, in both languages."""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def open_the_way(paths):
    """Let every account pass through the folders above ``paths`` (traverse, not list: ``o+x``).

    Each user's server runs the course's Python; where that Python or the repository sits below a folder
    only root may enter (a Python built under /root, say), the accounts could not start it.
    Returns the folders changed.
    """
    opened = []
    for path in paths:
        for folder in reversed(Path(path).parents):
            mode = folder.stat().st_mode
            if not mode & 0o001:
                folder.chmod(mode | 0o001)
                opened.append(folder)
    return opened


class Hub:
    """The state folder of one course hub, and what it takes to set it up."""

    def __init__(self, state, port=8000):
        self.state = Path(state).resolve()
        self.port = port
        self.homes = self.state / "home"
        self.exchange = self.state / "exchange"
        self.course_id = grading.Course(grading.REPO).config().CourseDirectory.course_id  # the course's own
        self.course = self.homes / INSTRUCTOR / self.course_id
        self.config_dirs = {role: self.state / "config" / role for role in ("instructor", "student")}
        self.private = self.state / "hub"  # the hub's database and cookie secret: root's only

    @property
    def users(self):
        return (INSTRUCTOR, *STUDENTS)

    def home(self, user):
        return self.homes / user

    def passwords(self):
        """The demo accounts' passwords, made on the first start and kept (root-only) for the next."""
        path = self.state / "accounts.json"
        known = json.loads(path.read_text()) if path.exists() else {}
        for user in self.users:
            known.setdefault(user, f"{user.split('_')[0]}-{secrets.token_hex(3)}")
        path.write_text(json.dumps(known, indent=1))
        path.chmod(0o600)
        return known

    def set_up(self):
        if os.geteuid() != 0:
            raise HubError(
                "./course hub makes a system account for the instructor and each demo student, and starts "
                "each one's server as that account: run it as root (sudo ./course hub).\n"
                "./course hub tạo một tài khoản hệ thống cho giảng viên và cho mỗi sinh viên mẫu, rồi chạy "
                "máy chủ của từng người bằng tài khoản đó: hãy chạy bằng quyền root (sudo ./course hub).")
        if not PROXY.exists():
            raise HubError(f"configurable-http-proxy is missing ({PROXY}): ./course hub installs it with npm.\n"
                           f"Thiếu configurable-http-proxy ({PROXY}): ./course hub cài nó bằng npm.")
        for folder in (self.state, self.homes, self.state / "config"):
            folder.mkdir(parents=True, exist_ok=True)
            folder.chmod(0o755)
        self.private.mkdir(exist_ok=True)
        self.private.chmod(0o700)
        self.opened = open_the_way([Path(sys.executable).resolve(), grading.REPO, self.state])
        passwords = self.passwords()
        for user in self.users:
            self.account(user, passwords[user])
        self.exchange.mkdir(exist_ok=True)
        self.exchange.chmod(0o777)  # nbgrader's exchange: every account writes its own part
        self.write_role_config()
        self.make_course()
        return passwords

    def account(self, user, password):
        """The demo account ``user`` with its home in the state folder, made or taken back."""
        home = self.home(user)
        try:
            entry = pwd.getpwnam(user)
        except KeyError:
            subprocess.run(["useradd", "--create-home", "--home-dir", str(home), "--shell", "/bin/bash",
                            "--comment", DEMO, user], check=True, capture_output=True)
        else:
            if entry.pw_gecos != DEMO:
                raise HubError(f"An account named {user} exists on this machine and is not a demo account: "
                               f"the hub leaves it alone. Remove it or run the hub on another machine.\n"
                               f"Máy này đã có tài khoản {user} không phải tài khoản mẫu: hub không động vào "
                               f"nó. Hãy xoá tài khoản đó hoặc chạy hub trên máy khác.")
            if Path(entry.pw_dir) != home:  # a hub started before from another state folder
                subprocess.run(["usermod", "--home", str(home), user], check=True, capture_output=True)
        subprocess.run(["chpasswd"], input=f"{user}:{password}\n", text=True, check=True, capture_output=True)
        entry = pwd.getpwnam(user)
        home.mkdir(exist_ok=True)
        os.chown(home, entry.pw_uid, entry.pw_gid)
        home.chmod(0o700)

    def write_role_config(self):
        """Each role's Jupyter configuration, owned by root: a student cannot turn the formgrader back on."""
        for role, folder in self.config_dirs.items():
            (folder / "labconfig").mkdir(parents=True, exist_ok=True)
            lines = [f"c.CourseDirectory.course_id = {self.course_id!r}", f"c.Exchange.root = {str(self.exchange)!r}"]
            if role == "instructor":
                # the formgrader's server starts in the home, and nbgrader reads a course's nbgrader_config.py
                # only from the folder it starts in: without this the Autograde button would grade unguarded
                lines[:0] = [f"load_subconfig({str(self.course / 'nbgrader_config.py')!r})"]
                lines.append(f"c.CourseDirectory.root = {str(self.course)!r}")
                disabled, server = {}, {}
            else:
                disabled = {"@jupyter/nbgrader:formgrader": True, "@jupyter/nbgrader:create-assignment": True}
                server = {"nbgrader.server_extensions.formgrader": False}
            (folder / "nbgrader_config.py").write_text("\n".join(lines) + "\n", encoding="utf-8")
            (folder / "labconfig" / "page_config.json").write_text(
                json.dumps({"disabledExtensions": disabled}), encoding="utf-8")
            (folder / "jupyter_server_config.json").write_text(
                json.dumps({"ServerApp": {"jpserver_extensions": server}}), encoding="utf-8")
            # jupyter_core writes this marker in its config folder on first start, and fails (taking the
            # formgrader with it) where the folder is not the user's: here it is there already, read-only
            (folder / "migrated").touch()
            for path in [folder, *folder.rglob("*")]:
                path.chmod(0o755 if path.is_dir() else 0o644)

    def make_course(self):
        """The instructor's course folder: the repository's sources and config, and the demo students."""
        user = pwd.getpwnam(INSTRUCTOR)
        if not (self.course / "nbgrader_config.py").exists():
            grading.Course.scratch(self.course)
            students = [s for s in samples.STUDENTS if s.id in STUDENTS]
            (self.course / "students.csv").write_text(samples.roster_csv(students), encoding="utf-8")
            for path in [self.course, *self.course.rglob("*")]:
                os.chown(path, user.pw_uid, user.pw_gid)
            self.as_user(INSTRUCTOR, [sys.executable, "-m", "nbgrader", "db", "student", "import", "students.csv"],
                         cwd=self.course)

    def environment(self, user):
        """What a user's processes start with (the hub's spawner and :meth:`as_user` alike)."""
        role = "instructor" if user == INSTRUCTOR else "student"
        home = self.home(user)
        return {
            "PATH": f"{Path(sys.executable).parent}:/usr/local/bin:/usr/bin:/bin",
            "HOME": str(home), "USER": user, "LANG": "C.UTF-8", "PYTHONUTF8": "1",
            "JUPYTER_CONFIG_DIR": str(self.config_dirs[role]),
            # settings stay the user's own: the language they choose, their layout
            "JUPYTERLAB_SETTINGS_DIR": str(home / ".jupyter" / "lab" / "user-settings"),
            "JUPYTERLAB_WORKSPACES_DIR": str(home / ".jupyter" / "lab" / "workspaces"),
        }

    def as_user(self, user, command, cwd):
        entry = pwd.getpwnam(user)
        return subprocess.run(command, cwd=cwd, env=self.environment(user), user=entry.pw_uid,
                              group=entry.pw_gid, extra_groups=[], check=True, capture_output=True, text=True)

    def write_hub_config(self):
        """``jupyterhub_config.py`` for this state folder, on free internal ports."""
        python = Path(sys.executable)
        environments = {user: self.environment(user) for user in self.users}
        service_port = free_port()
        config = f'''# Written by gradcourse.hub on each start: edit gradcourse/hub.py instead.
environments = {environments!r}
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = {self.port}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {free_port()}
c.ConfigurableHTTPProxy.command = [{str(PROXY)!r}]
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{free_port()}"
c.JupyterHub.db_url = "sqlite:///{self.private / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = {str(self.private / 'cookie_secret')!r}
c.JupyterHub.pid_file = {str(self.private / 'jupyterhub.pid')!r}
c.JupyterHub.authenticator_class = "pam"
c.Authenticator.allowed_users = {set(STUDENTS) | {INSTRUCTOR}!r}
c.Authenticator.admin_users = {{{INSTRUCTOR!r}}}
c.Spawner.cmd = [{str(python.parent / 'jupyterhub-singleuser')!r}]
c.Spawner.default_url = "/lab"
c.Spawner.notebook_dir = "~"
c.Spawner.http_timeout = 120
c.Spawner.environment = {{"GRADCOURSE_EARLY_FEEDBACK": "http://127.0.0.1:{self.port}/services/{SERVICE}/"}}


def own_environment(spawner):
    spawner.environment = {{**spawner.environment, **environments[spawner.user.name]}}


c.Spawner.pre_spawn_hook = own_environment
# the kernel's token may ask the early-feedback service, and nothing more than a server's
c.Spawner.server_token_scopes = ["users:activity!user", "access:servers!server",
                                 "access:services!service={SERVICE}"]
c.JupyterHub.load_roles = [{{"name": "user", "scopes": ["self", "access:services!service={SERVICE}"]}}]
c.JupyterHub.services = [{{
    "name": {SERVICE!r},
    "url": "http://127.0.0.1:{service_port}",
    "command": [{str(python)!r}, "-m", "gradcourse.earlyfeedback", "--port", "{service_port}",
                "--course", {str(self.course)!r}],
    "user": {INSTRUCTOR!r},
    "cwd": {str(self.course)!r},
    "environment": environments[{INSTRUCTOR!r}],
    "oauth_no_confirm": True,
}}]
'''
        path = self.state / "jupyterhub_config.py"
        path.write_text(config, encoding="utf-8")
        return path

    def banner(self, passwords):
        lines = [f"The course's JupyterHub / JupyterHub của khoá học: http://127.0.0.1:{self.port}",
                 "Accounts (user: password) / Tài khoản (tên: mật khẩu):"]
        for user in self.users:
            role = "instructor / giảng viên" if user == INSTRUCTOR else "student / sinh viên"
            lines.append(f"  {user}: {passwords[user]}   ({role})")
        for folder in getattr(self, "opened", []):
            lines.append(f"(made {folder} passable for the accounts / đã cho các tài khoản đi qua {folder}: o+x)")
        lines.append("Ctrl+C stops the hub and every server / Ctrl+C dừng hub và mọi máy chủ.")
        return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="./course hub", description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=8000, help="the hub's port on 127.0.0.1 (default 8000)")
    parser.add_argument("--state", default=str(grading.REPO / ".hub"),
                        help="the folder of accounts' homes, exchange and hub database (default .hub/)")
    args = parser.parse_args(argv)
    hub = Hub(args.state, args.port)
    try:
        passwords = hub.set_up()
    except HubError as error:
        print(error, file=sys.stderr)
        return 2
    config = hub.write_hub_config()
    print(hub.banner(passwords), flush=True)
    jupyterhub = shutil.which("jupyterhub", path=str(Path(sys.executable).parent))
    # the hub itself, in this process: Ctrl+C and SIGTERM reach it, and it stops what it started
    os.chdir(hub.private)
    os.execv(jupyterhub, [jupyterhub, "-f", str(config)])


if __name__ == "__main__":
    sys.exit(main())
