"""The source registry: which official sites are watched and how to read them."""

from horizonscan.sources.loader import load_registry, registry_from_text
from horizonscan.sources.schema import Registry, Selectors, SourceSpec

__all__ = ["Registry", "Selectors", "SourceSpec", "load_registry", "registry_from_text"]
