"""Bytes of any file drafter reads → text: the encodings Chinese offices save in."""

import pytest

from drafter.decoding import decode_text, read_text
from drafter.errors import SourceError


def test_decode_encodings():
    text = "kind: 讲话\n"
    assert decode_text(text.encode("utf-8"), "f") == text
    assert decode_text(b"\xef\xbb\xbf" + text.encode("utf-8"), "f") == text
    assert decode_text(text.encode("gb18030"), "f") == text
    assert decode_text(text.encode("gbk"), "f") == text
    assert decode_text(text.encode("utf-16"), "f") == text
    traditional = "kind: 講話\n"
    assert decode_text(traditional.encode("big5"), "f", "big5") == traditional


def test_decode_with_wrong_encoding_names_the_option():
    with pytest.raises(SourceError) as info:
        decode_text("讲话".encode(), "f", "ascii")
    assert "--encoding" in info.value.problems[0].message


def test_unknown_encoding():
    with pytest.raises(SourceError, match="unknown encoding"):
        decode_text(b"x", "f", "no-such-codec")


def test_damaged_utf8_byte_is_located():
    raw = ("标题：全市教育工作会议\n" * 20).encode()
    damaged = raw[:33] + b"\xff" + raw[33:]
    with pytest.raises(SourceError) as info:
        decode_text(damaged, "f")
    assert "is not valid UTF-8 (the rest of the file is)" in info.value.problems[0].message


def test_missing_and_folder_are_named(tmp_path):
    with pytest.raises(SourceError, match="no such file"):
        read_text(tmp_path / "nope.yaml")
    with pytest.raises(SourceError, match="is a folder, not a file"):
        read_text(tmp_path)
