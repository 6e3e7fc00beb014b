"""Topic relevance: rule profiles with explainable scores, and a model learned from editors."""
