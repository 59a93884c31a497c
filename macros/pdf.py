"""PDF files with WeasyPrint, from the same Jinja files as the print view."""

from __future__ import annotations

import pathlib
import subprocess

from mkdocs.exceptions import PluginError

CJK_FONT = "WenQuanYi Micro Hei"
CJK_FONT_PACKAGE = "fonts-wqy-microhei"


def find_cjk_font() -> str:
    """Path of the CJK font file, or a build error that names the Debian package to install."""
    try:
        out = subprocess.run(
            ["fc-list", f":family={CJK_FONT}", "file"], capture_output=True, text=True, check=False
        ).stdout
    except FileNotFoundError:
        out = ""
    files = sorted(line.split(":")[0].strip() for line in out.splitlines() if line.strip())
    if not files:
        raise PluginError(
            f"PDF downloads need the CJK font '{CJK_FONT}', which is not installed. "
            f"Install the Debian package {CJK_FONT_PACKAGE} "
            f"(`apt-get install {CJK_FONT_PACKAGE}`; `./dev build` does it for you)."
        )
    return files[0]


def write_pdf(html: str, base_url: pathlib.Path, target: pathlib.Path) -> None:
    from weasyprint import HTML  # imported lazily: slow to import, and only needed on a cache miss

    HTML(string=html, base_url=str(base_url)).write_pdf(target)
