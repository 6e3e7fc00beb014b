"""Clean, searchable text for the report: NFKC, plus the look-alike characters NFKC leaves
(CJK Radicals Supplement) or maps to a Chinese form (⿊ → 黑 instead of Japanese 黒)."""

from __future__ import annotations

import unicodedata

# Before NFKC: Kangxi radical whose NFKC form is not the Japanese kanji.
BEFORE = str.maketrans({"\u2fca": "黒"})
# After NFKC: CJK Radicals Supplement characters used as kanji in PDF text layers.
AFTER = str.maketrans({
    "\u2ed1": "長", "\u2ea0": "民", "\u2ec4": "西", "\u2ef2": "亀", "\u2e8f": "尢", "\u2ecf": "阝",
    "\u2eab": "目", "\u2ebc": "肉", "\u2ec6": "言", "\u2ed7": "雨", "\u2edd": "食", "\u2ee3": "骨",
    "\u2ee9": "黄", "\u2eeb": "斉", "\u2eed": "歯", "\u2eef": "竜",
})  # fmt: skip
# NFKC turns the full-width forms the report prints on purpose into ASCII; keep these.
KEEP = {
    "（": "\ue000",
    "）": "\ue001",
    "：": "\ue002",
    "／": "\ue003",
    "︓": "\ue002",
    "，": "\ue005",
}
# Circled numbers and angle-bracket headings are printed marks, not compatibility forms.
KEEP.update({c: chr(0xE010 + i) for i, c in enumerate("①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳＜＞")})
RESTORE = {v: k for k, v in KEEP.items() if k != "︓"}  # the vertical-form colon becomes ：


def clean(text: str) -> str:
    text = text.replace("\u0336", "—")  # a combining stroke printed as the ISO title dash
    protected = "".join(KEEP.get(c, c) for c in text.translate(BEFORE))
    normal = unicodedata.normalize("NFKC", protected).translate(AFTER)
    return "".join(RESTORE.get(c, c) for c in normal)
