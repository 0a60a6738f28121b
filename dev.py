#!/usr/bin/env python3
"""The two quick-start commands.

    python3 dev.py serve   set up everything (venv, dependencies, database, demo data) and serve
    python3 dev.py test    run the whole test suite

Only the standard library is used here, so it runs on a machine with nothing but python3.
"""

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
PYTHON = VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
STAMP = VENV / ".installed"


def run(*args, **kwargs):
    print("+", " ".join(str(a) for a in args), flush=True)
    subprocess.run([str(a) for a in args], check=True, cwd=ROOT, **kwargs)


def ensure_environment() -> None:
    """Create .venv and install the project's dependencies when pyproject.toml changed."""
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py may run under an older python3
        sys.exit("需要 Python 3.11 或更新版本 / Python 3.11+ is required")
    if not PYTHON.exists():
        print("创建虚拟环境 .venv …", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if not STAMP.exists() or STAMP.read_text() != wanted:
        run(PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
        run(PYTHON, "-m", "pip", "install", "--quiet", "-e", ".[dev]")
        STAMP.write_text(wanted)


def manage(*args, env=None) -> None:
    run(PYTHON, "manage.py", *args, env=env)


def demo_environment() -> dict[str, str]:
    """The local demo's environment: DEBUG is off unless asked for, and the demo asks."""
    return {**os.environ, "DEBUG": "true"}


def serve(argv: list[str]) -> None:
    ensure_environment()
    env = demo_environment()
    manage("migrate", "--noinput", env=env)
    manage("load_demo", env=env)
    address = argv[0] if argv else "127.0.0.1:8000"
    print(f"\n门户已就绪： http://{address}/  管理后台： http://{address}/admin/\n", flush=True)
    manage("runserver", address, env=env)


def test(argv: list[str]) -> None:
    ensure_environment()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "minsheng.settings"}
    result = subprocess.run([str(PYTHON), "-m", "pytest", *argv], cwd=ROOT, env=env)
    sys.exit(result.returncode)


COMMANDS = {"serve": serve, "test": test}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        sys.exit(__doc__)
    try:
        COMMANDS[sys.argv[1]](sys.argv[2:])
    except subprocess.CalledProcessError as exc:
        sys.exit(exc.returncode)
    except KeyboardInterrupt:
        pass
