"""The monthly edition: its model, its pages, and five renderers of the same pages."""
