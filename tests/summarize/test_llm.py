"""The LLM backend against a real local chat-completions server with scripted answers:
what is sent, retries and back-off, timeouts, invalid answers, faithfulness flags, budgets,
usage and concurrency."""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Iterator
from datetime import date
from typing import Any

import jsonschema
import pytest

from horizonscan.summarize.base import Bullet, ItemSummary, PickupSummary, SummaryRequest, Usage
from horizonscan.summarize.llm import (
    FLAG_BUDGET,
    FLAG_CUT,
    FLAG_EMPTY,
    FLAG_INVALID,
    FLAG_UNQUOTED,
    FLAG_UNREACHABLE,
    FLAG_UNSUPPORTED,
    GAP,
    LLMSummarizer,
    Prompt,
    fit,
    retry_after,
)
from horizonscan.summarize.schemas import (
    ITEM_SCHEMA,
    PICKUP_SCHEMA,
    AnswerError,
    japanese_share,
    parse_item,
)
from tests.summarize.chat_server import ChatServer, Fail, Reply

SOURCE = (
    "The Albanese Government will provide $13 million in grants to critical minerals projects "
    "in Queensland and South Australia to boost downstream processing and strengthen "
    "Australia's sovereign capability.\n\n"
    "Queensland Pacific Metals Limited will receive $8 million to boost domestic production of "
    "nickel and cobalt, while South Australian-based Renascor Resources will receive $5 million "
    "for a purified spherical graphite pilot project.\n\n"
    "The grants, delivered through the International Partnerships in Critical Minerals Program, "
    "cover up to 50 per cent of project costs and will help build diverse supply chains with "
    "support from partners in the United States, Japan and Korea."
)
SENTENCE_1 = (
    "The Albanese Government will provide $13 million in grants to critical minerals projects "
    "in Queensland and South Australia to boost downstream processing and strengthen "
    "Australia's sovereign capability."
)
SENTENCE_2 = (
    "Queensland Pacific Metals Limited will receive $8 million to boost domestic production of "
    "nickel and cobalt, while South Australian-based Renascor Resources will receive $5 million "
    "for a purified spherical graphite pilot project."
)
SENTENCE_3 = (
    "The grants, delivered through the International Partnerships in Critical Minerals Program, "
    "cover up to 50 per cent of project costs and will help build diverse supply chains with "
    "support from partners in the United States, Japan and Korea."
)
VALID: dict[str, Any] = {
    "title_ja": "重要な鉱物処理を促進するための新たな助成金",
    "bullets": [
        {
            "text": "• アルバネーゼ政府は、下流処理を促進し、オーストラリアの国家能力を強化するために、"
            "クイーンズランド州と南オーストラリア州の重要な鉱物プロジェクトに1,300万ドルの助成金を提供する予定。",
            "sources": [SENTENCE_1],
        },
        {
            "text": "• クイーンズランド・パシフィック・メタルズ・リミテッドは国内のニッケルとコバルトの生産を"
            "強化するために800万ドルを受け取る一方、南オーストラリア州に拠点を置くレナスコル・リソーシズは"
            "精製球状黒鉛のパイロットプロジェクトのために500万ドルを受け取る。",
            "sources": [SENTENCE_2],
        },
        {
            "text": "• 国際重要鉱物パートナーシッププログラムを通じて提供される助成金は、プロジェクト費用の"
            "最大50パーセントをカバーし、米国、日本、韓国のパートナーの支援を得て、"
            "多様なサプライチェーンの構築に役立つ。",
            "sources": [SENTENCE_3],
        },
    ],
    "terms": ["下流処理", "国際重要鉱物パートナーシッププログラム"],
    "regions": ["オーストラリア"],
}
PICKUP: dict[str, Any] = {
    "topic": "オーストラリア政府は、重要鉱物の下流処理を促進するため1,300万ドルの助成金を発表した。",
    "organisation": "オーストラリア政府（Albanese Government）",
    "points": [VALID["bullets"][0]],
    "overview": VALID["bullets"][1:],
    "background": [],
}


class FakeFallback:
    """Stands in for the offline backend: an untranslated one-bullet extract."""

    name = "offline"
    model: str | None = None
    prompt_version = "fake-v1"

    def __init__(self) -> None:
        self.items = 0
        self.pickups = 0

    def summarize_item(self, request: SummaryRequest) -> ItemSummary:
        self.items += 1
        return ItemSummary(
            title=request.title,
            bullets=(Bullet("• " + request.text[:40], (request.text[:40],)),),
            translated=False,
            backend=self.name,
            model=None,
            prompt_version=self.prompt_version,
        )

    def summarize_pickup(self, request: SummaryRequest) -> PickupSummary:
        self.pickups += 1
        return PickupSummary(
            topic=request.title,
            organisation=request.organisation,
            points=(Bullet("• " + request.text[:40]),),
            overview=(),
            background=(),
            translated=False,
            backend=self.name,
            model=None,
            prompt_version=self.prompt_version,
        )


def req(text: str = SOURCE, task: str = "item", sha: str = "a" * 64) -> SummaryRequest:
    return SummaryRequest(
        doc_sha256=sha,
        task="pickup" if task == "pickup" else "item",
        title="New grants boost critical minerals processing",
        text=text,
        language="en",
        organisation="Minister.industry.gov.au（資源大臣兼北オーストラリア大臣）",
        region="オーストラリア",
        published=date(2024, 7, 11),
        url="https://www.minister.industry.gov.au/ministers/king/media-releases/new-grants",
    )


@pytest.fixture
def server() -> Iterator[ChatServer]:
    with ChatServer() as chat:
        yield chat


def make(server: ChatServer, **options: Any) -> LLMSummarizer:
    settings: dict[str, Any] = {
        "api_key": "sk-test",
        "timeout": 1.0,
        "max_retries": 2,
        "backoff": 0.05,
        "fallback": FakeFallback(),
        "usage": Usage(),
    }
    settings.update(options)
    return LLMSummarizer(server.base_url, "test-model", **settings)


def bullet_texts(summary: ItemSummary) -> list[str]:
    return [b.text for b in summary.bullets]


# ---------------------------------------------------------------- what is sent and kept


def test_the_request_carries_model_schema_prompt_and_source(server: ChatServer) -> None:
    server.then(Reply(VALID))
    llm = make(server)
    summary = llm.summarize_item(req())

    [sent] = server.requests
    body = sent.body
    assert body["model"] == "test-model"
    assert body["temperature"] == 0
    assert body["stream"] is False
    assert body["response_format"] == {
        "type": "json_schema",
        "json_schema": {"name": "item", "schema": ITEM_SCHEMA, "strict": True},
    }
    assert sent.headers["authorization"] == "Bearer sk-test"
    system, user = sent.messages
    assert system["role"] == "system" and user["role"] == "user"
    assert "海外標準化動向調査" in system["content"] and "レアアース" in system["content"]
    assert "韓国とチリ、重要鉱物サプライチェーンにおける協力を推進" in system["content"]  # example
    assert SOURCE in user["content"]
    assert "Minister.industry.gov.au" in user["content"] and "2024/7/11" in user["content"]
    assert "{" not in user["content"].replace(SOURCE, "")  # every placeholder filled

    assert summary.translated and summary.backend == "llm"
    assert summary.model == "test-model" and summary.prompt_version == "item-v1"
    assert summary.title == VALID["title_ja"]
    assert bullet_texts(summary) == [b["text"] for b in VALID["bullets"]]
    assert summary.bullets[1].sources == (SENTENCE_2,)
    assert summary.terms == tuple(VALID["terms"]) and summary.regions == ("オーストラリア",)
    assert summary.flags == ()
    assert llm.usage.requests == 1 and llm.usage.failures == 0 and llm.usage.fallbacks == 0


def test_the_schemas_accept_the_answers_they_describe() -> None:
    jsonschema.validate(VALID, ITEM_SCHEMA)
    jsonschema.validate(PICKUP, PICKUP_SCHEMA)
    for schema in (ITEM_SCHEMA, PICKUP_SCHEMA):  # strict mode: all required, nothing extra
        assert schema["additionalProperties"] is False
        assert set(schema["required"]) == set(schema["properties"])
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**VALID, "note": "x"}, ITEM_SCHEMA)


def test_a_missing_bullet_mark_is_added(server: ChatServer) -> None:
    answer = json.loads(json.dumps(VALID))
    answer["bullets"][0]["text"] = answer["bullets"][0]["text"].removeprefix("• ")
    answer["bullets"][1]["text"] = "・" + answer["bullets"][1]["text"].removeprefix("• ")
    server.then(Reply(answer))
    summary = make(server).summarize_item(req())
    assert bullet_texts(summary) == [b["text"] for b in VALID["bullets"]]


def test_a_quoted_sentence_not_in_the_source_is_dropped_and_flagged(server: ChatServer) -> None:
    answer = json.loads(json.dumps(VALID))
    answer["bullets"][2]["sources"] = [SENTENCE_3, "The grants were announced in Perth."]
    server.then(Reply(answer))
    summary = make(server).summarize_item(req())
    assert summary.bullets[2].sources == (SENTENCE_3,)
    assert f"{FLAG_UNQUOTED}（要点3）" in summary.flags


def test_a_pickup_uses_its_own_prompt_and_schema(server: ChatServer) -> None:
    server.then(Reply(PICKUP))
    llm = make(server)
    summary = llm.summarize_pickup(req(task="pickup"))
    [sent] = server.requests
    assert sent.body["response_format"]["json_schema"]["name"] == "pickup"
    assert sent.body["response_format"]["json_schema"]["schema"] == PICKUP_SCHEMA
    assert "ピックアップ" in sent.messages[0]["content"] and SOURCE in sent.messages[1]["content"]
    assert summary.translated and summary.backend == "llm"
    assert summary.prompt_version == "pickup-v1"
    assert summary.topic == PICKUP["topic"]
    assert [b.text for b in summary.points] == [PICKUP["points"][0]["text"]]
    assert len(summary.overview) == 2 and summary.background == ()
    assert summary.flags == ()


# ---------------------------------------------------------------- transport failures


def test_429_is_retried_after_the_time_asked(server: ChatServer) -> None:
    server.then(Fail(429, retry_after="1"), Reply(VALID))
    llm = make(server)
    summary = llm.summarize_item(req())
    first, second = server.requests
    assert second.at - first.at >= 1.0
    assert summary.backend == "llm" and summary.flags == ()
    assert llm.usage.requests == 2 and llm.usage.failures == 1


def test_500_is_retried_with_backoff(server: ChatServer) -> None:
    server.then(Fail(500), Fail(503), Reply(VALID))
    llm = make(server, backoff=0.1)
    summary = llm.summarize_item(req())
    first, second, third = server.requests
    assert second.at - first.at >= 0.1
    assert third.at - second.at >= 0.2  # doubled
    assert summary.backend == "llm"
    assert llm.usage.requests == 3 and llm.usage.failures == 2


def test_5xx_beyond_the_retries_falls_back(server: ChatServer) -> None:
    server.then(Fail(502), Fail(502), Fail(502), Reply(VALID))
    llm = make(server, max_retries=2)
    summary = llm.summarize_item(req())
    assert len(server.requests) == 3
    assert summary.backend == "offline" and FLAG_UNREACHABLE in summary.flags
    assert llm.usage.fallbacks == 1 and llm.usage.failures == 3


def test_a_client_error_is_not_retried(server: ChatServer) -> None:
    server.then(Fail(400), Reply(VALID))
    llm = make(server)
    summary = llm.summarize_item(req())
    assert len(server.requests) == 1
    assert summary.backend == "offline" and FLAG_UNREACHABLE in summary.flags


def test_a_timeout_is_retried(server: ChatServer) -> None:
    server.then(Reply(VALID, delay=1.5), Reply(VALID))
    llm = make(server, timeout=1.0, max_retries=1)
    summary = llm.summarize_item(req())
    assert len(server.requests) == 2
    assert summary.backend == "llm"
    assert llm.usage.failures == 1


def test_timeouts_beyond_the_retries_fall_back_flagged(server: ChatServer) -> None:
    server.then(Reply(VALID, delay=1.5), Reply(VALID, delay=1.5))
    fallback = FakeFallback()
    llm = make(server, timeout=1.0, max_retries=1, fallback=fallback)
    started = time.monotonic()
    summary = llm.summarize_item(req())
    assert time.monotonic() - started < 4
    assert len(server.requests) == 2
    assert summary.backend == "offline" and not summary.translated
    assert FLAG_UNREACHABLE in summary.flags
    assert fallback.items == 1 and llm.usage.fallbacks == 1 and llm.usage.failures == 2


# ---------------------------------------------------------------- invalid answers


def test_malformed_json_is_sent_back_once_then_falls_back(server: ChatServer) -> None:
    truncated = json.dumps(VALID, ensure_ascii=False)[:150]
    server.then(Reply(truncated), Reply("申し訳ありませんが、JSONは作成できません。"))
    fallback = FakeFallback()
    llm = make(server, fallback=fallback)
    summary = llm.summarize_item(req())

    first, second = server.requests
    assert len(first.messages) == 2
    assert second.messages[:2] == first.messages
    assistant, correction = second.messages[2:]
    assert assistant == {"role": "assistant", "content": truncated}
    assert correction["role"] == "user"
    assert "前の回答は受け付けられませんでした" in correction["content"]
    assert "invalid or truncated JSON" in correction["content"]
    assert summary.backend == "offline" and FLAG_INVALID in summary.flags
    assert fallback.items == 1 and llm.usage.fallbacks == 1


def test_malformed_json_then_a_valid_answer_is_accepted(server: ChatServer) -> None:
    server.then(Reply("Here is the summary: " + json.dumps(VALID)), Reply(VALID))
    summary = make(server).summarize_item(req())
    assert "text before the JSON object" in server.requests[1].messages[-1]["content"]
    assert summary.backend == "llm" and summary.flags == ()


def test_a_truncated_answer_is_retried(server: ChatServer) -> None:
    server.then(Reply(VALID, finish_reason="length"), Reply(VALID))
    summary = make(server).summarize_item(req())
    assert "finish_reason=length" in server.requests[1].messages[-1]["content"]
    assert summary.backend == "llm"


def test_an_english_answer_is_rejected_and_retried(server: ChatServer) -> None:
    english = {
        "title_ja": "New grants boost critical minerals processing",
        "bullets": [{"text": "• The government grants $13 million.", "sources": [SENTENCE_1]}],
        "terms": [],
        "regions": ["Australia"],
    }
    server.then(Reply(english), Reply(VALID))
    llm = make(server)
    summary = llm.summarize_item(req())
    assert len(server.requests) == 2
    retry = server.requests[1].messages[-1]["content"]
    assert "title_ja" in retry and "Japanese" in retry
    assert summary.backend == "llm" and summary.title == VALID["title_ja"]
    assert llm.usage.fallbacks == 0


def test_too_many_bullets_are_rejected() -> None:
    answer = {**VALID, "bullets": VALID["bullets"] * 2}
    with pytest.raises(AnswerError, match="bullets"):
        parse_item(json.dumps(answer))
    with pytest.raises(AnswerError, match="bullets"):
        parse_item(json.dumps({**VALID, "bullets": []}))
    assert parse_item("```json\n" + json.dumps(VALID) + "\n```").title_ja == VALID["title_ja"]
    with pytest.raises(AnswerError, match="after the JSON"):
        parse_item(json.dumps(VALID) + "\nI hope this helps.")


def test_japanese_share() -> None:
    assert japanese_share("重要な鉱物処理を促進するための新たな助成金") == 1.0
    assert japanese_share("New grants boost critical minerals processing") == 0.0
    assert japanese_share("ISO/TC298（希土類) 、ISO/TC333（リチウム）で開発される規格リスト") > 0.3
    assert japanese_share("ｸﾘｰﾝｴﾈﾙｷﾞｰ") == 1.0  # half-width katakana
    assert japanese_share("123") == 0.0


# ---------------------------------------------------------------- faithfulness


def test_a_figure_not_in_the_source_is_flagged_and_kept(server: ChatServer) -> None:
    answer = json.loads(json.dumps(VALID))
    answer["bullets"][0]["text"] = answer["bullets"][0]["text"].replace(
        "1,300万ドル", "2,300万ドル"
    )
    answer["bullets"][2]["text"] += "EITIも協力する。"
    server.then(Reply(answer))
    summary = make(server).summarize_item(req())
    assert summary.backend == "llm" and len(summary.bullets) == 3
    assert "2,300万ドル" in summary.bullets[0].text
    assert summary.flags == (
        f"{FLAG_UNSUPPORTED} 2,300万ドル（要点1）",
        f"{FLAG_UNSUPPORTED} EITI（要点3）",
    )


def test_a_figure_in_the_headline_is_checked(server: ChatServer) -> None:
    server.then(Reply({**VALID, "title_ja": "豪州政府、重要鉱物処理に3,000万ドルの助成金"}))
    summary = make(server).summarize_item(req())
    assert summary.flags == (f"{FLAG_UNSUPPORTED} 3,000万ドル（見出し）",)


# ---------------------------------------------------------------- text in, budget, usage


def test_empty_text_sends_nothing(server: ChatServer) -> None:
    fallback = FakeFallback()
    llm = make(server, fallback=fallback)
    summary = llm.summarize_item(req(text="Cookies | Accept all | Share  © 2024"))
    pickup = llm.summarize_pickup(req(text="   \n  ", task="pickup"))
    assert server.requests == []
    assert FLAG_EMPTY in summary.flags and FLAG_EMPTY in pickup.flags
    assert summary.backend == "offline" and fallback.items == 1 and fallback.pickups == 1
    assert llm.usage.requests == 0 and llm.usage.fallbacks == 0


def test_a_long_text_is_cut_to_its_most_telling_parts(server: ChatServer) -> None:
    filler = "\n\n".join(
        f"Paragraph {i} explains in general words why the sector matters to the region and how "
        "communities can take part in the consultations that will follow this year."
        for i in range(60)
    )
    figures = "Output reached 940 GWh, exports 457.4 billion yuan, up 33 per cent, CATL and BYD."
    text = SOURCE + "\n\n" + filler + "\n\n" + figures + "\n\n" + filler
    server.then(Reply(VALID))
    summary = make(server, max_input_chars=3000).summarize_item(req(text=text))
    user = server.requests[0].messages[1]["content"]
    sent = user[user.index("<<<\n") + 4 : user.index("\n>>>")]
    assert len(sent) <= 3000
    assert sent.startswith(SOURCE[:200])
    assert figures in sent
    assert GAP.strip() in sent
    assert summary.flags[0] == FLAG_CUT


def test_fit_keeps_short_texts_whole_and_cuts_unbroken_ones() -> None:
    assert fit("short text", 100) == ("short text", False)
    cut, flagged = fit("word " * 5000, 1000)
    assert flagged and len(cut) <= 1000


def test_the_request_budget_stops_calls_cleanly(server: ChatServer) -> None:
    server.default = Reply(VALID)
    usage = Usage()
    llm = make(server, max_requests=2, concurrency=1, usage=usage)
    results = llm.summarize_items([req(sha=str(i) * 64) for i in range(4)])
    assert len(server.requests) == 2
    assert [r.backend for r in results] == ["llm", "llm", "offline", "offline"]
    assert all(FLAG_BUDGET in r.flags for r in results[2:])
    assert usage.requests == 2 and usage.fallbacks == 2
    assert len(usage.notes) == 1 and "上限" in usage.notes[0]


def test_the_budget_counts_retries(server: ChatServer) -> None:
    server.then(Fail(500), Reply(VALID))
    llm = make(server, max_requests=1)
    summary = llm.summarize_item(req())
    assert len(server.requests) == 1
    assert summary.backend == "offline" and FLAG_BUDGET in summary.flags


def test_usage_counts_tokens_and_cost(server: ChatServer) -> None:
    server.then(
        Reply(VALID, prompt_tokens=1200, completion_tokens=300),
        Reply(VALID, prompt_tokens=800, completion_tokens=500),
    )
    usage = Usage()
    llm = make(server, usage=usage, price_per_1k_input=0.5, price_per_1k_output=2.0)
    llm.summarize_item(req())
    llm.summarize_item(req())
    assert usage.requests == 2
    assert usage.prompt_tokens == 2000 and usage.completion_tokens == 800
    assert usage.cost == pytest.approx(2000 / 1000 * 0.5 + 800 / 1000 * 2.0)


def test_items_run_concurrently_within_the_limit(server: ChatServer) -> None:
    server.default = Reply(VALID, delay=0.3)
    llm = make(server, concurrency=4)
    started = time.monotonic()
    results = llm.summarize_items([req(sha=f"{i:064d}") for i in range(12)])
    elapsed = time.monotonic() - started
    assert len(server.requests) == 12 and len(results) == 12
    assert all(r.backend == "llm" for r in results)
    assert 2 <= server.max_in_flight <= 4
    assert elapsed < 12 * 0.3 * 0.6  # well below one at a time


# ---------------------------------------------------------------- small parts


def test_cache_key_names_document_task_prompt_and_model(server: ChatServer) -> None:
    llm = make(server)
    request = req()
    expected = hashlib.sha256(f"{'a' * 64}|item|item-v1|test-model".encode()).hexdigest()
    assert llm.cache_key(request, "item") == expected
    assert llm.cache_key(request, "pickup") != expected
    assert (
        LLMSummarizer(server.base_url, "other", fallback=FakeFallback()).cache_key(request, "item")
        != expected
    )
    assert server.requests == []


def test_without_a_key_the_local_servers_get_a_placeholder(server: ChatServer) -> None:
    server.then(Reply(VALID))
    with LLMSummarizer(server.base_url, "qwen2.5:7b", None, fallback=FakeFallback()) as llm:
        assert llm.summarize_item(req()).backend == "llm"
    assert server.requests[0].headers["authorization"] == "Bearer unused"
    assert server.requests[0].body["model"] == "qwen2.5:7b"


def test_retry_after_reads_seconds_milliseconds_and_dates() -> None:
    assert retry_after({"retry-after": "3"}) == 3.0
    assert retry_after({"retry-after-ms": "250"}) == 0.25
    assert retry_after({"retry-after": "Wed, 21 Oct 2015 07:28:00 GMT"}) == 0.0
    assert retry_after({"retry-after": "soon"}) is None
    assert retry_after({}) is None


@pytest.mark.parametrize("version", ["item-v1", "pickup-v1"])
def test_prompt_files_load_and_fill(version: str) -> None:
    prompt = Prompt.load(version)
    values = {
        k: f"<{k}>"
        for k in ("topic", "organisation", "region", "published", "url", "language", "title")
    }
    values["text"] = "Text with {braces} kept."
    system, user = prompt.messages(values)
    assert "<topic>" in str(system["content"]) and "Text with {braces} kept." in str(
        user["content"]
    )
    assert "#" not in str(system["content"])[:1]
    assert "{problem}" not in prompt.retry.format(problem="x")
    assert "「• 」" in str(system["content"])
