"""Review queries: candidates by story, decisions that win over scores and feed training,
versioned item edits, and edition revisions that freeze when published."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import insert
from sqlalchemy.orm import Session, sessionmaker

from horizonscan.errors import EditConflict, StoreError
from horizonscan.store import editions, open_store, review, revisions
from horizonscan.store.models import ArticleRow, SourceRow, TopicScoreRow
from horizonscan.store.review import CandidateQuery
from horizonscan.store.understanding import labelled_texts

NOW = datetime(2024, 12, 1, tzinfo=UTC)
TOPIC = "rare-earths"
# (id, source, story, published, probability, relevant, language)
ROWS = [
    (1, "au", "s1", date(2024, 11, 3), 0.95, True, "en"),
    (2, "cn", "s1", date(2024, 11, 4), 0.90, True, "zh"),
    (3, "au", "s2", date(2024, 11, 10), 0.40, False, "en"),
    (4, "kr", None, date(2024, 11, 12), 0.70, True, "ko"),
    (5, "au", "s3", date(2024, 10, 30), 0.99, True, "en"),  # before the period
]


@pytest.fixture
def sessions(db_url: str) -> sessionmaker[Session]:
    made = open_store(db_url)
    with made.begin() as session:
        session.execute(
            insert(SourceRow),
            [
                {"id": s, "name": s, "label": f"Ministry {s}", "region": "国際", "language": "en",
                     "home": f"https://{s}/", "cadence_days": 7.0, "spec": {}, "updated_at": NOW}
                for s in ("au", "cn", "kr")
            ],
        )  # fmt: skip
        for id_, source, story, day, probability, relevant, language in ROWS:
            session.execute(
                insert(ArticleRow).values(
                    id=id_, url=f"https://{source}/{id_}", source_id=source, status="fetched",
                    discovered_at=NOW, title=f"Release {id_}", published=day, text="text",
                    language=language, region="国際", story=story,
                )
            )  # fmt: skip
            session.execute(
                insert(TopicScoreRow).values(
                    article_id=id_, topic=TOPIC, rule_score=probability * 10,
                    probability=probability, relevant=relevant, explanation={"hits": []},
                    profile_digest="d", scored_at=NOW,
                )
            )  # fmt: skip
    return made


def page(session: Session, **filters: object) -> list[str]:
    query = CandidateQuery(TOPIC, date(2024, 11, 1), date(2024, 11, 30), **filters)  # type: ignore[arg-type]
    return [c.story for c in review.candidates(session, query).candidates]


def test_candidates_are_stories_of_the_period_by_score(sessions: sessionmaker[Session]) -> None:
    with sessions() as session:
        found = review.candidates(
            session, CandidateQuery(TOPIC, date(2024, 11, 1), date(2024, 11, 30))
        )
        assert [c.story for c in found.candidates] == ["s1", "a4", "s2"]
        assert found.total == 3
        assert [m.article_id for m in found.candidates[0].members] == [1, 2]
        assert found.facets["language"] == ("en", "ko", "zh")
        assert page(session, source="cn") == ["s1"]
        assert page(session, language="ko") == ["a4"]
        assert page(session, per_page=2, page=2) == ["s2"]


def test_decisions_win_over_scores_and_feed_training(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as session:
        review.decide(session, TOPIC, "s2", True, None, "ed")  # below the threshold
        review.decide(session, TOPIC, "a4", False, "not about minerals", "ed")
    with sessions.begin() as session:
        assert page(session, status="accepted") == ["s2"]
        assert page(session, status="rejected") == ["a4"]
        assert page(session, status="new") == ["s1"]
        included = editions.stories_in_period(session, TOPIC, date(2024, 11, 1), date(2024, 11, 30))
        assert [s.story for s in included] == ["s1", "s2"]
        labels = {t.article_id: relevant for t, relevant in labelled_texts(session, TOPIC)}
        assert labels == {3: True, 4: False}
        review.decide(session, TOPIC, "a4", True, None, "eva")  # the newest decision counts
    with sessions() as session:
        assert page(session, status="accepted") == ["a4", "s2"]
        assert review.story_decisions(session, TOPIC)["a4"].author == "eva"
    with sessions() as session, pytest.raises(StoreError, match="no story"):
        review.decide(session, TOPIC, "s99", True, None, "ed")


def test_item_edits_are_versioned_and_conflicts_refused(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as session:
        assert review.save_item(session, TOPIC, "s1", {"title": "一"}, 0, "ed") == 1
    with sessions.begin() as session, pytest.raises(EditConflict, match="saved by ed"):
        review.save_item(session, TOPIC, "s1", {"title": "二"}, 0, "eva")
    with sessions.begin() as session:
        assert review.save_item(session, TOPIC, "s1", {"summary": ["• 要旨"]}, 1, "eva") == 2
    with sessions() as session:
        edit = review.item_edit(session, TOPIC, "s1")
        assert (edit.title, edit.summary, edit.version, edit.author) == (
            "一",
            ("• 要旨",),
            2,
            "eva",
        )
        assert [(h.version, h.author) for h in review.item_history(session, TOPIC, "s1")] == [
            (2, "eva"),
            (1, "ed"),
        ]
    with sessions.begin() as session, pytest.raises(StoreError, match="unknown item fields"):
        review.save_item(session, TOPIC, "s1", {"published": "x"}, 2, "ed")


def test_published_revisions_are_frozen(sessions: sessionmaker[Session]) -> None:
    period = revisions.period_key(date(2024, 11, 1), date(2024, 11, 30))
    common = {"directory": "/x", "files": ["a.pptx"], "items": 3, "pages": 4, "author": "ed"}
    with sessions.begin() as session:
        assert revisions.next_revision(session, TOPIC, period) == 1
        revisions.record_build(session, TOPIC, period, 1, **common)  # type: ignore[arg-type]
        assert revisions.next_revision(session, TOPIC, period) == 1  # a draft is rebuilt
        revisions.publish(session, TOPIC, period, 1, "ed")
        assert revisions.next_revision(session, TOPIC, period) == 2
        with pytest.raises(StoreError, match="frozen"):
            revisions.record_build(session, TOPIC, period, 1, **common)  # type: ignore[arg-type]
    with pytest.raises(StoreError, match="YYYY-MM-DD"):
        revisions.parse_period("2024-11")


def test_two_first_saves_of_a_cover_and_two_builds_at_once(
    sessions: sessionmaker[Session],
) -> None:
    period = revisions.period_key(date(2024, 11, 1), date(2024, 11, 30))
    first, second = sessions(), sessions()
    try:
        opened = revisions.draft(second, TOPIC, period).version  # both open version 0
        assert revisions.save_draft(first, TOPIC, period, {"title": "一"}, 0, "ed") == 1
        first.commit()
        with pytest.raises(EditConflict, match="saved by ed"):
            revisions.save_draft(second, TOPIC, period, {"title": "二"}, opened, "eva")
        second.rollback()
        common = {"directory": "/x", "files": ["a.pptx"], "items": 3, "pages": 4}
        revisions.record_build(first, TOPIC, period, 1, author="ed", **common)  # type: ignore[arg-type]
        first.commit()
        built = revisions.record_build(second, TOPIC, period, 1, author="eva", **common)  # type: ignore[arg-type]
        second.commit()
        assert (built.revision, built.built_by) == (1, "eva")
    finally:
        first.close()
        second.close()
    with sessions() as session:
        assert revisions.draft(session, TOPIC, period).cover == {"title": "一"}
        assert len(revisions.revisions(session, TOPIC, period)) == 1


def test_a_server_database_is_emptied_for_a_fresh_demo(sessions: sessionmaker[Session]) -> None:
    from horizonscan.store.maintenance import clear

    clear(sessions)
    with sessions() as session:
        assert (
            review.candidates(
                session, CandidateQuery(TOPIC, date(2024, 1, 1), date(2024, 12, 31))
            ).total
            == 0
        )
        assert revisions.drafts(session) == []
