"""Old Word .doc: converted to .docx by LibreOffice when it is installed, then read as .docx."""

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from ..document import ImportFailed, RawDocument
from .docx import parse_docx

TIMEOUT_SECONDS = 60
SAVE_AS_DOCX = "请在 Word 中另存为 .docx 后再上传。"


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def parse_doc(data: bytes, name: str) -> RawDocument:
    """Convert `data` (.doc) with LibreOffice and read the result as .docx."""
    return parse_docx(convert(data, name, ".doc", "docx"), name)


def convert(data: bytes, name: str, suffix: str, target: str) -> bytes:
    """`data` (a `suffix` file, whatever `name` says) converted by LibreOffice to `target`
    ("docx", "doc"); ImportFailed if it cannot.

    Each run has its own profile directory, so conversions may run side by side and never
    touch the profile of a desktop user.
    """
    soffice = soffice_path()
    if soffice is None:
        raise ImportFailed(
            f"{name}：.doc 是旧版 Word 格式，本机没有安装 LibreOffice，无法转换：{SAVE_AS_DOCX}"
        )
    with tempfile.TemporaryDirectory(prefix="minsheng-soffice-") as tmp:
        work = Path(tmp)
        source = work / "in" / f"document{suffix}"
        source.parent.mkdir()
        source.write_bytes(data)
        out = work / "out"
        command = [
            soffice,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            target,
            "--outdir",
            str(out),
            str(source),
        ]
        env = {**os.environ, "HOME": tmp}
        # A new session, so a timeout can stop soffice.bin and not only its launcher script.
        process = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            start_new_session=True,
        )
        try:
            _, stderr = process.communicate(timeout=TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise ImportFailed(
                f"{name}：LibreOffice 转换超过 {TIMEOUT_SECONDS} 秒未完成：{SAVE_AS_DOCX}"
            ) from None
        result = out / f"{source.stem}.{target}"
        if process.returncode != 0 or not result.is_file():
            detail = stderr.decode("utf-8", "replace").strip().splitlines()
            reason = f"（{detail[-1][:200]}）" if detail else ""
            raise ImportFailed(
                f"{name}：LibreOffice 无法转换这个文件{reason}，文件可能已损坏或设置了密码："
                + SAVE_AS_DOCX
            )
        return result.read_bytes()
