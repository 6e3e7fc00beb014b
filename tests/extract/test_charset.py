from __future__ import annotations

import pytest

from horizonscan.extract.charset import decode_html

JA = "重要鉱物のサプライチェーン強靱化に関する会合を開催した。" * 5
ZH = "国务院关于稀土管理条例的通知，加强稀土资源保护。" * 5
KO = "산업통상자원부는 핵심광물 공급망 협력을 강화한다고 밝혔다." * 5


@pytest.mark.parametrize(
    ("text", "codec", "meta", "expected"),
    [
        (ZH, "gbk", "gb2312", "gb18030"),  # GB2312 declared, GBK bytes: decoded by the superset
        (JA, "shift_jis", "Shift_JIS", "cp932"),
        (KO, "euc-kr", "euc-kr", "cp949"),
        (JA, "utf-8", "utf-8", "utf-8"),
    ],
)
def test_declared_charsets(text: str, codec: str, meta: str, expected: str) -> None:
    body = f'<html><head><meta charset="{meta}"></head><body><p>{text}</p></body></html>'.encode(
        codec
    )
    decoded, used, note = decode_html(body)
    assert text in decoded and used == expected and note is None


def test_lying_meta_is_caught_by_the_bytes() -> None:
    body = f'<html><head><meta charset="euc-kr"></head><body><p>{JA}</p></body></html>'.encode()
    decoded, used, note = decode_html(body)
    assert JA in decoded and used == "utf-8"
    assert note == "declared cp949 but the bytes are UTF-8"


def test_lying_header_is_caught_by_the_bytes() -> None:
    body = f"<html><body><p>{ZH}</p></body></html>".encode("gb18030")
    decoded, used, _ = decode_html(body, header_charset="utf-8")
    assert ZH in decoded and used in ("gb18030", "gbk", "gb2312")


def test_undeclared_cjk_is_detected_over_the_whole_document() -> None:
    body = ("<html><body>" + "<p>menu</p>" * 2000 + f"<p>{JA}</p></body></html>").encode(
        "shift_jis"
    )
    decoded, _, _ = decode_html(body)
    assert JA in decoded
