"""What bytes look like, whoever asks (the crawler on arrival, extraction on reading)."""

from __future__ import annotations


def looks_binary(head: bytes) -> bool:
    """NUL bytes or more than 5 % control characters: not text, whatever the label says."""
    if not head:
        return False
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls / len(head) > 0.05
