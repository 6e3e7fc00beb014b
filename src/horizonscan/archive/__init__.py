"""The raw archive: every fetched body kept once, content-addressed and compressed."""

from horizonscan.archive.blobs import Archive

__all__ = ["Archive"]
