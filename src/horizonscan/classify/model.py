"""A light model per topic learned from editors' accept/reject decisions.

TF-IDF over character n-grams (robust across the scripts of the registry's languages, no
tokeniser needed for Chinese or Japanese) and logistic regression with balanced classes.
Models are saved by horizonscan itself (pickle) next to the store; never load one from
elsewhere.
"""

from __future__ import annotations

import pickle
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline

from horizonscan.classify.matcher import normalise
from horizonscan.errors import ConfigError

MIN_LABELS = 4
TEXT_CHARS = 4000


def model_input(title: str | None, text: str) -> str:
    """Title counted twice, then the start of the text."""
    head = normalise(title or "")
    return f"{head}\n{head}\n{normalise(text[:TEXT_CHARS])}"


@dataclass(frozen=True)
class Example:
    title: str | None
    text: str
    relevant: bool


class TopicModel:
    def __init__(self, topic: str, pipeline: Any, labels: int) -> None:
        self.topic = topic
        self.pipeline = pipeline
        self.labels = labels

    @classmethod
    def train(cls, topic: str, examples: list[Example]) -> TopicModel:
        classes = {e.relevant for e in examples}
        if len(examples) < MIN_LABELS or len(classes) < 2:
            raise ConfigError(
                f"{len(examples)} label(s) for topic {topic!r}: need at least {MIN_LABELS}, "
                "with both relevant and irrelevant ones",
                where="labels",
            )
        pipeline = Pipeline(
            [
                (
                    "tfidf",
                    TfidfVectorizer(
                        analyzer="char_wb",
                        ngram_range=(2, 4),
                        sublinear_tf=True,
                        min_df=1,
                        max_features=200_000,
                    ),
                ),
                ("lr", LogisticRegression(class_weight="balanced", C=4.0, max_iter=2000)),
            ]
        )
        pipeline.fit(
            [model_input(e.title, e.text) for e in examples], [int(e.relevant) for e in examples]
        )
        return cls(topic, pipeline, len(examples))

    def probability(self, title: str | None, text: str) -> float:
        return float(self.pipeline.predict_proba([model_input(title, text)])[0][1])

    def probabilities(self, items: list[tuple[str | None, str]]) -> list[float]:
        if not items:
            return []
        return [
            float(p[1]) for p in self.pipeline.predict_proba([model_input(t, x) for t, x in items])
        ]

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(
            pickle.dumps({"topic": self.topic, "labels": self.labels, "pipeline": self.pipeline})
        )
        tmp.replace(path)

    @classmethod
    def load(cls, path: Path) -> TopicModel | None:
        if not path.is_file():
            return None
        data = pickle.loads(path.read_bytes())  # noqa: S301 - written by horizonscan itself
        return cls(data["topic"], data["pipeline"], data["labels"])
