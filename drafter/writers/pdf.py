"""DOCX → PDF through LibreOffice (`soffice --headless`), a real reader of the Word format.

Each conversion runs with a private, throw-away LibreOffice profile (so it neither disturbs nor
waits for a LibreOffice the writer has open) and a time limit. On Linux, LibreOffice finds faces
through fontconfig, which draws every missing Chinese face in one sans-serif; the conversion gets
rules preferring each face's look-alike (仿宋 → a serif, 楷体 → a kai face).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

from drafter.errors import ToolError
from drafter.i18n import _
from drafter.writers.faces import fontconfig_aliases

TIMEOUT_SECONDS = 180


def find_soffice() -> str:
    """LibreOffice's soffice: DRAFTER_SOFFICE, else on PATH, else where installers put it."""
    named = os.environ.get("DRAFTER_SOFFICE")
    if named:
        if Path(named).is_file() or shutil.which(named):
            return shutil.which(named) or named
        raise ToolError(
            _("{variable} names {program}, which is not a program here").format(
                variable="DRAFTER_SOFFICE", program=named
            )
        )
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for candidate in _usual_places():
        if candidate.is_file():
            return str(candidate)
    raise ToolError(
        _(
            "PDF output needs LibreOffice, which is not installed here: install LibreOffice "
            "(Debian/Ubuntu: {debian}; Windows: {windows}, or the installer from "
            "libreoffice.org; macOS: {macos}), or set {variable} to its soffice program"
        ).format(
            debian="sudo apt-get install libreoffice-writer-nogui",
            windows="winget install TheDocumentFoundation.LibreOffice",
            macos="brew install --cask libreoffice",
            variable="DRAFTER_SOFFICE",
        )
    )


def _usual_places() -> list[Path]:
    if sys.platform == "win32":
        roots = [os.environ.get(n) for n in ("ProgramFiles", "ProgramFiles(x86)")]
        return [Path(r) / "LibreOffice" / "program" / "soffice.exe" for r in roots if r]
    if sys.platform == "darwin":
        return [Path("/Applications/LibreOffice.app/Contents/MacOS/soffice")]
    return []


def to_pdf(docx: bytes, *, faces: Iterable[str] = (), timeout: float = TIMEOUT_SECONDS) -> bytes:
    """The PDF LibreOffice makes of a .docx."""
    soffice = find_soffice()
    with tempfile.TemporaryDirectory(prefix="drafter-pdf-") as work:
        folder = Path(work)
        source = folder / "draft.docx"
        source.write_bytes(docx)
        command = [
            soffice,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder / "out"),
            str(source),
        ]
        output = _run(command, _environment(folder, faces), timeout)
        pdf = folder / "out" / "draft.pdf"
        if not pdf.is_file() or pdf.stat().st_size == 0:
            said = output.strip().splitlines()[-1:]
            if not said:
                raise ToolError(_("LibreOffice could not convert the draft to PDF (no message)"))
            raise ToolError(
                _("LibreOffice could not convert the draft to PDF ({detail})").format(
                    detail=said[0]
                )
            )
        return pdf.read_bytes()


def _environment(folder: Path, faces: Iterable[str]) -> dict[str, str]:
    """The environment for soffice: on fontconfig systems, the face look-alike rules."""
    env = dict(os.environ)
    if sys.platform in ("win32", "darwin"):
        return env
    system = env.get("FONTCONFIG_FILE") or "/etc/fonts/fonts.conf"
    if not Path(system).is_file():
        return env  # an unusual fontconfig setup: leave it alone rather than lose every font
    config = folder / "fonts.conf"
    config.write_text(fontconfig_aliases(faces, include=system), encoding="utf-8")
    env["FONTCONFIG_FILE"] = str(config)
    return env


def _run(command: list[str], env: dict[str, str], timeout: float) -> str:
    """Run soffice; on timeout end it and every process it started."""
    posix = os.name == "posix"
    try:
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=posix,
        )
    except OSError as err:
        raise ToolError(
            _("cannot start LibreOffice ({program}): {reason}").format(
                program=command[0], reason=err.strerror or err
            )
        ) from None
    try:
        output = process.communicate(timeout=timeout)[0]
    except subprocess.TimeoutExpired:
        _end(process, posix)
        raise ToolError(
            _(
                "LibreOffice did not finish the PDF within {seconds:g} s; try again, or convert "
                "the .docx by hand"
            ).format(seconds=timeout)
        ) from None
    except BaseException:
        _end(process, posix)
        raise
    return output.decode("utf-8", "replace")


def _end(process: subprocess.Popen[bytes], posix: bool) -> None:
    if posix:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
    elif sys.platform == "win32":
        subprocess.run(
            ["taskkill", "/F", "/T", "/PID", str(process.pid)], capture_output=True, check=False
        )
    process.kill()
    process.communicate()
