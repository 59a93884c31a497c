"""Letters on a phone and on paper (issue 22): no spaces around inserted values (refused at build,
removed by scripts/unspace_letters.py); in real Chromium at 390x844 against the built site: the
form first, fields already in 我的案件 folded into one line, missing required fields named before
printing or downloading, the 起诉状 in steps within eight screens, and a printed letter without
colour or spaces around the reader's values."""

from __future__ import annotations

import importlib.util
import shutil

import pytest

from helpers import ROOT
from macros.loader import DataError, load_catalog

_spec = importlib.util.spec_from_file_location("unspace_letters", ROOT / "scripts" / "unspace_letters.py")
unspace_letters = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(unspace_letters)


# ------------------------------------------------------------------ spaces around placeholders (fast)
@pytest.mark.parametrize(
    "old, new, expect",
    [
        (
            "我于{order_date}在贵平台购买",
            "我于 {order_date}在贵平台购买",
            "field 'body[2].text': white space before placeholder {order_date}",
        ),
        (
            "已付款{amount}元。",
            "已付款{amount} 元。",
            "field 'body[2].text': white space after placeholder {amount}",
        ),
    ],
)
def test_a_space_around_a_placeholder_fails_the_load_with_one_line(tmp_path, old, new, expect):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    path = data / "letters" / "platform-complaint.yml"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")
    with pytest.raises(DataError) as err:
        load_catalog(data)
    lines = [p.strip() for p in str(err.value).splitlines() if expect in p]
    assert len(lines) == 1, str(err.value)
    assert lines[0].startswith("data/letters/platform-complaint.yml: entry 'platform-complaint'")
    assert "scripts/unspace_letters.py" in lines[0]
    # the script removes it again, and the data loads
    assert unspace_letters.main([str(path)]) == 0
    assert path.read_text(encoding="utf-8") == text
    load_catalog(data)


@pytest.mark.parametrize(
    "line, want",
    [
        (
            "    text: 我于 {order_date} 在 {product}，付款 {amount} 元",
            "    text: 我于{order_date}在{product}，付款{amount}元",
        ),
        ("    text: {order_no} 的投诉", "    text: {order_no}的投诉"),  # YAML's "key: " stays
        ("      - {item} 甲", "      - {item}甲"),  # and the list marker's space
        ("  - {name: a, label: 甲}", "  - {name: a, label: 甲}"),  # a YAML flow mapping is not a placeholder
        ("    text: 金额 {amount}\u3000元", "    text: 金额{amount}元"),
    ],
)
def test_unspace_script_keeps_yaml_and_is_idempotent(line, want):
    assert unspace_letters.unspace(line) == want
    assert unspace_letters.unspace(want) == want


def test_letter_data_has_no_space_left_to_remove():
    for path in sorted((ROOT / "data" / "letters").glob("*.yml")):
        text = path.read_text(encoding="utf-8")
        assert unspace_letters.unspace(text) == text, path.name
