"""An edition summarised by a model behind a local chat-completions server: Japanese titles
and bullets with their source sentences, and a second run served from the cache."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

from horizonscan import pipeline
from horizonscan.config import Settings
from horizonscan.sitehost import SiteHost
from horizonscan.sources import Registry
from tests.conftest import FIXTURES
from tests.summarize.chat_server import ChatServer, Reply

SENTENCE = "The Minister announced today a new programme concerning"
ANSWER = {
    "title_ja": "大臣が新たな支援プログラムを発表",
    "bullets": [
        {
            "text": "• 大臣は、新たな支援プログラムを発表した。",
            "sources": [
                "Further details will be published by the department in the coming weeks, including guidelines "
                "for applicants and the assessment criteria."
            ],
        }
    ],
    "terms": [],
    "regions": [],
}


def test_llm_summaries_reach_the_edition_and_are_cached(
    settings: Settings, ministry: Registry, fixture_sites: SiteHost, tmp_path: Path
) -> None:
    topics = tmp_path / "topics"
    topics.mkdir()
    shutil.copy(FIXTURES / "topics" / "mini.toml", topics / "mini.toml")
    pickup = {
        "topic": "大臣が新たな支援プログラムを発表",
        "organisation": "鉱物省",
        "points": [{"text": "• 新たな支援プログラムが発表された。", "sources": []}],
        "overview": [{"text": "• 大臣は支援策の詳細を今後公表する。", "sources": []}],
        "background": [],
    }
    with ChatServer(default=Reply(ANSWER)) as server:
        server.by_schema["pickup"] = Reply(pickup)
        local = settings.model_copy(
            update={
                "topics_dir": str(topics),
                "summarizer": "llm",
                "llm_base_url": server.base_url,
                "llm_model": "test-model",
                "llm_timeout": 5.0,
            }
        )
        pipeline.crawl(local, list(ministry))
        pipeline.process(local, ministry)
        first = pipeline.report(
            local, "mini", date(2024, 7, 1), date(2024, 7, 31), tmp_path / "a", ["json"]
        )
        asked = len(server.requests)
        second = pipeline.report(
            local, "mini", date(2024, 7, 1), date(2024, 7, 31), tmp_path / "b", ["json"]
        )
        assert len(server.requests) == asked  # everything came from the cache
    assert first.usage is not None and first.usage.requests == asked > 0
    assert (
        second.usage is not None
        and second.usage.requests == 0
        and second.usage.cached == first.items + 1  # every item and the pick-up
    )
    document = json.loads(first.files[0].read_text("utf-8"))
    assert document["pickups"][0]["topic"] == "大臣が新たな支援プログラムを発表"
    assert document["pickups"][0]["organisation"] == "鉱物省"
    for item in document["items"]:
        assert item["title"] == "大臣が新たな支援プログラムを発表" and not item["untranslated"]
        assert item["summary"][0]["text"] == "• 大臣は、新たな支援プログラムを発表した。"
    body = server.requests[0].body
    assert body["model"] == "test-model" and body["response_format"]["type"] == "json_schema"
    assert any(SENTENCE in m.get("content", "") for m in body["messages"])

    from sqlalchemy import text

    from horizonscan.store import open_store

    with open_store(settings.db_url)() as session:
        payloads = [
            json.loads(p)
            for (p,) in session.execute(text("select payload from summaries where task = 'item'"))
        ]
    assert payloads and all(
        p["bullets"][0]["sources"][0].startswith("Further details") for p in payloads
    )
    assert all(p["backend"] == "llm" and p["model"] == "test-model" for p in payloads)


def test_eval_summaries_scores_items_whose_pages_are_stored(
    settings: Settings, ministry: Registry, fixture_sites: SiteHost, tmp_path: Path
) -> None:
    import subprocess
    import sys

    topics = tmp_path / "topics"
    topics.mkdir()
    shutil.copy(FIXTURES / "topics" / "mini.toml", topics / "mini.toml")
    local = settings.model_copy(update={"topics_dir": str(topics)})
    pipeline.crawl(local, list(ministry))
    pipeline.process(local, ministry)
    url = fixture_sites.origin("ministry") + "/news/2024/lithium-refinery.html"
    reference = tmp_path / "reference-items.jsonl"
    reference.write_text(
        json.dumps(
            {
                "edition": "x",
                "no": 1,
                "region": "オーストラリア",
                "title_ja": "リチウム精製への助成",
                "published": "2024-07-11",
                "summary_ja": ["• 大臣は新たなプログラムを発表した。"],
                "notes_ja": [],
                "source_org": "Ministry",
                "urls": [url],
                "continued": False,
            },
            ensure_ascii=False,
        )
        + "\n",
        "utf-8",
    )
    (tmp_path / "horizonscan.toml").write_text(f'topics_dir = "{topics}"\n', "utf-8")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "horizonscan",
            "eval-summaries",
            "--reference",
            str(reference),
            "--topic",
            "mini",
            "--db",
            settings.db,
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "x #1: title chrF" in result.stdout and "1 items: mean title chrF" in result.stdout
