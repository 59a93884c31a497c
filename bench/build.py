#!/usr/bin/env python3
"""Build-time benchmark (prints figures; not a test). Run: ./dev bench

Prints, in one run: the real site; the same Markdown with macros (and our hooks) disabled; and
synthetic sites of 50 and 1,000 pages made from the real data. Downloads are warm (cached) in all
builds, so this measures the page pipeline. Targets: macros add <= 50 %; per-page cost at 1,000
pages <= 2x that at 50.
"""

from __future__ import annotations

import pathlib
import re
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))

from common import ROOT, project, timed_build
from macros.loader import load_catalog


def without_macros(text: str) -> str:
    text = re.sub(r"  - macros:\n(?:      .*\n|\s*#.*\n)*", "", text)
    text = re.sub(r"hooks:\n  - hooks.py.*\n", "", text)
    return text.replace("strict: true", "strict: false")


def synthetic_docs(dest: pathlib.Path, n: int) -> pathlib.Path:
    """n pages that call the macros on the real data, plus the pages those macros link to."""
    cat = load_catalog(ROOT / "data")
    docs = dest / "docs"
    for keep in ("reference", "toolkit", "assets"):
        import shutil

        shutil.copytree(ROOT / "docs" / keep, docs / keep)
    (docs / "index.md").write_text(
        "---\ntitle: 首页\ndescription: 基准测试\nreviewed: 2026-11-27\n---\n\n# 首页\n", encoding="utf-8"
    )
    laws, checklists, channels = list(cat.laws), list(cat.checklists), list(cat.channels)
    for i in range(n):
        body = [
            f"---\ntitle: 页面 {i}\ndescription: 基准页面 {i}。\nreviewed: 2026-11-27\n---\n\n# 页面 {i}\n",
            "在卡盟买的卡密无效，客服不回复，可以先保存证据，再向支付渠道投诉。\n" * 3,
            f'{{{{ law("{laws[i % len(laws)]}") }}}}\n',
            f'{{{{ law("{laws[(i * 7) % len(laws)]}") }}}}\n',
            f'{{{{ channel("{channels[i % len(channels)]}") }}}}\n',
        ]
        if i % 4 == 0:
            # scenario() belongs on its own page only; a checklist is the comparable large block
            body.append(f'\n{{{{ checklist("{checklists[i % len(checklists)]}") }}}}\n')
        (docs / "synthetic" / f"p{i:04d}.md").parent.mkdir(parents=True, exist_ok=True)
        (docs / "synthetic" / f"p{i:04d}.md").write_text("\n".join(body), encoding="utf-8")
    return docs


def no_nav(text: str) -> str:
    """A fixed small nav: the synthetic pages stay out of it, so every page's HTML (which embeds
    the nav) has the same size at 50 and at 1,000 pages, and the measure is the page pipeline."""
    text = text[: text.index("\nnav:")] + "\nnav:\n  - index.md\n  - toolkit/index.md\n"
    return text.replace("strict: true", "strict: false")  # pages outside the nav are reported, not fatal


OUR_ENTRY_POINTS = {
    "define_env",
    "wrapper",
    "on_pre_page_macros",
    "on_post_page_macros",
    "on_post_build",
    "on_config",
    "on_files",
    "on_page_content",
}


def own_share() -> tuple[float, float]:
    """Profile one in-process build: seconds inside this project's macros/ code and hooks vs the whole build
    (both inflated alike by the profiler, so only their ratio is meaningful)."""
    import cProfile
    import pstats

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    out = tempfile.mkdtemp(prefix="wq-bench-prof-")
    config = load_config(str(ROOT / "mkdocs.yml"), site_dir=out)
    config.plugins.on_startup(command="build", dirty=False)
    profiler = cProfile.Profile()
    profiler.runcall(build, config)
    stats = pstats.Stats(profiler).stats
    total = next(
        ct
        for (f, _, name), (_, _, _, ct, _) in stats.items()
        if name == "build" and f.endswith("commands/build.py")
    )
    ours = sum(
        ct
        for (f, _, name), (_, _, _, ct, _) in stats.items()
        if ("/macros/" in f or f.endswith("/hooks.py")) and name in OUR_ENTRY_POINTS
    )
    return ours, total


def offline_step_seconds() -> float:
    """`python -m macros offline` when the zip is current (built once first if it is not)."""
    import subprocess
    import time

    cmd = [sys.executable, "-m", "macros", "offline"]
    subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True)
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="wq-bench-") as tmp:
        tmp = pathlib.Path(tmp)
        # interleaved, best of 5 each: the machine is shared and noisy
        plain_cfg = project(tmp / "plain", config_edit=without_macros)
        real, plain = float("inf"), float("inf")
        for _ in range(5):
            real = min(real, timed_build(ROOT / "mkdocs.yml", repeat=1))
            plain = min(plain, timed_build(plain_cfg, repeat=1, baseline=True))
        pages = len(list((ROOT / "docs").rglob("*.md")))
        cat = load_catalog(ROOT / "data")
        generated = len(cat.checklists) + len(cat.letters)
        print(f"real site ({pages} Markdown + {generated} generated pages), macros on : {real:6.2f} s")
        print(f"same Markdown, macros and hooks off ({pages} pages)     : {plain:6.2f} s")
        print(
            f"macros overhead, whole build                      : {real / plain - 1:+.0%}  (target <= +50 %)"
        )
        print(
            f"macros overhead per built page                    : "
            f"{(real / (pages + generated)) / (plain / pages) - 1:+.0%}"
        )
        offline_cached = offline_step_seconds()
        print(
            "./dev build with the offline zip unchanged        : "
            f"{(real + offline_cached) / real:5.2f}x the site-only build "
            f"(offline step {offline_cached:.2f} s when cached; target <= 1.5x)"
        )
        ours, total = own_share()
        print(
            f"  of the real build, time in macros/ code and hooks: {ours / total:.0%} (profiled); the rest"
            " of the difference is MkDocs/Material rendering and search-indexing the pages and text"
            " the macros generate"
        )
        results = {}
        for n in (0, 50, 1000):
            docs = synthetic_docs(tmp / f"syn{n}", n)
            cfg = project(tmp / f"proj{n}", docs=docs, config_edit=no_nav)
            results[n] = timed_build(cfg, repeat=1 if n == 1000 else 3, baseline=True)
            print(f"synthetic site, {n:4d} pages                         : {results[n]:6.2f} s")
        per50 = (results[50] - results[0]) / 50
        per1000 = (results[1000] - results[0]) / 1000
        print(f"marginal cost per page at   50 pages               : {per50 * 1000:6.1f} ms")
        print(f"marginal cost per page at 1000 pages               : {per1000 * 1000:6.1f} ms")
        print(f"per-page ratio 1000 / 50                          : {per1000 / per50:5.2f}x  (target <= 2x)")
        print(
            "whole-build per page 1000 vs 50                   : "
            f"{(results[1000] / 1000) / (results[50] / 50):5.2f}x"
        )


if __name__ == "__main__":
    main()
