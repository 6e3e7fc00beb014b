"""The LLM summariser: Japanese headlines, bullets and pick-up briefs from any endpoint that
speaks the OpenAI chat-completions protocol (OpenAI, Azure OpenAI, Ollama, vLLM, llama.cpp).

One request per document: the versioned prompt (``prompts/item-v1.txt``,
``prompts/pickup-v1.txt``), the source text (cut to ``max_input_chars``, keeping the opening
and the paragraphs richest in figures and names) and a strict JSON Schema as
``response_format``; temperature 0, no streaming. The answer is validated (schemas.py); an
invalid one is sent back once with the reason, a second invalid one gives way to the offline
backend. Every bullet's figures, dates and Latin-script names are checked against the source
(faithfulness.py); what the source does not give is flagged for the reviewer, the bullet kept.

Transport: the SDK's own retries are off; 429 and 5xx answers and timeouts are retried here,
at most ``max_retries`` times, waiting the longer of ``Retry-After`` and an exponential
back-off. Every attempt counts against ``max_requests``; once the budget is spent the offline
backend answers, flagged. Results are not cached here: the caller keys its cache with
:meth:`LLMSummarizer.cache_key`.
"""

from __future__ import annotations

import hashlib
import logging
import re
import threading
import time
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any, TypeVar

import openai
from openai.types.chat import ChatCompletionMessageParam
from openai.types.shared_params import ResponseFormatJSONSchema

from horizonscan.summarize.base import (
    Bullet,
    ItemSummary,
    PickupSummary,
    Summarizer,
    SummaryRequest,
    Task,
    Usage,
)
from horizonscan.summarize.faithfulness import unsupported
from horizonscan.summarize.schemas import (
    SCHEMAS,
    AnswerError,
    BulletAnswer,
    parse_item,
    parse_pickup,
)

log = logging.getLogger(__name__)

PROMPTS = Path(__file__).parent / "prompts"
ITEM_PROMPT = "item-v1"
PICKUP_PROMPT = "pickup-v1"
MIN_LETTERS = 80  # fewer letters than this: nothing to summarise
GAP = "\n\n[…]\n\n"  # marks text left out of a long source

FLAG_EMPTY = "空のテキスト：要約なし"
FLAG_CUT = "本文が長いため一部のみ要約"
FLAG_INVALID = "LLM応答が不正：抽出要約に切替"
FLAG_UNREACHABLE = "LLM応答なし：抽出要約に切替"
FLAG_BUDGET = "上限到達：抽出要約"
FLAG_UNSUPPORTED = "要確認：出典にない数値/名称"
FLAG_UNQUOTED = "要確認：根拠文が原文にない"

A = TypeVar("A")


class _Budget(Exception):
    """``max_requests`` is spent."""


class _Unavailable(Exception):
    """The endpoint did not answer usefully, retries included."""


# ---------------------------------------------------------------- prompts


@dataclass(frozen=True)
class Prompt:
    """A versioned prompt file: ``[system]``, ``[user]`` and ``[retry]`` sections, ``{name}``
    placeholders filled with :meth:`str.format`; lines starting with ``#`` are comments."""

    version: str
    system: str
    user: str
    retry: str

    @classmethod
    def load(cls, version: str, folder: Path = PROMPTS) -> Prompt:
        text = (folder / f"{version}.txt").read_text("utf-8")
        lines = [line for line in text.splitlines() if not line.startswith("#")]
        sections: dict[str, list[str]] = {}
        current: list[str] | None = None
        for line in lines:
            header = re.fullmatch(r"\[(system|user|retry)\]\s*", line)
            if header:
                current = sections.setdefault(header.group(1), [])
            elif current is not None:
                current.append(line)
        missing = {"system", "user", "retry"} - sections.keys()
        if missing:
            raise ValueError(f"prompt {version}: sections missing: {', '.join(sorted(missing))}")
        parts = {name: "\n".join(body).strip() for name, body in sections.items()}
        return cls(version, parts["system"], parts["user"], parts["retry"])

    def messages(self, values: Mapping[str, str]) -> list[ChatCompletionMessageParam]:
        return [
            {"role": "system", "content": self.system.format_map(values)},
            {"role": "user", "content": self.user.format_map(values)},
        ]


# ---------------------------------------------------------------- source text


def letter_count(text: str) -> int:
    return sum(1 for char in text if unicodedata.category(char)[0] == "L")


_FIGURE = re.compile(r"\d[\d,.]*")
_CAPITALISED = re.compile(r"\b[A-Z][A-Za-z]+|\b[A-Z]{2,}\b")
_SENTENCE = re.compile(r"[^.!?。！？]+(?:[.!?。！？]+|$)")


def _pieces(text: str, limit: int) -> list[str]:
    """Paragraphs of ``text``; a paragraph longer than ``limit`` is split into sentences, a
    sentence longer than ``limit`` into chunks."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    if len(paragraphs) == 1:
        paragraphs = [p.strip() for p in text.splitlines() if p.strip()]
    pieces: list[str] = []
    for paragraph in paragraphs:
        if len(paragraph) <= limit:
            pieces.append(paragraph)
            continue
        for match in _SENTENCE.finditer(paragraph):
            sentence = match.group(0).strip()
            while len(sentence) > limit:
                pieces.append(sentence[:limit])
                sentence = sentence[limit:]
            if sentence:
                pieces.append(sentence)
    return pieces


def _weight(piece: str) -> int:
    return len(_FIGURE.findall(piece)) + len(_CAPITALISED.findall(piece))


def fit(text: str, budget: int) -> tuple[str, bool]:
    """``text`` within ``budget`` characters: the opening (a third of the budget) plus the
    paragraphs with the most figures and capitalised names, in their original order, gaps
    marked ``[…]``. The flag says whether anything was left out."""
    text = text.strip()
    if len(text) <= budget:
        return text, False
    pieces = _pieces(text, max(budget // 4, 1))
    chosen: set[int] = set()
    used = 0
    for index, piece in enumerate(pieces):  # the opening
        if chosen and used + len(piece) > budget // 3:
            break
        chosen.add(index)
        used += len(piece) + len(GAP)
    ranked = sorted(range(len(pieces)), key=lambda i: (-_weight(pieces[i]), i))
    for index in ranked:
        if index not in chosen and used + len(pieces[index]) + len(GAP) <= budget:
            chosen.add(index)
            used += len(pieces[index]) + len(GAP)
    out: list[str] = []
    previous = -1
    for index in sorted(chosen):
        if out:
            out.append(GAP if index != previous + 1 else "\n\n")
        out.append(pieces[index])
        previous = index
    if previous != len(pieces) - 1:
        out.append(GAP.rstrip())
    return "".join(out)[:budget], True


def _compact(text: str) -> str:
    """Letters and digits only, case-folded: for finding a quoted sentence in its source."""
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", text).casefold())


def retry_after(headers: Mapping[str, str]) -> float | None:
    """Seconds asked for by ``retry-after-ms`` or ``Retry-After`` (seconds or HTTP date)."""
    millis = headers.get("retry-after-ms")
    if millis:
        try:
            return max(float(millis) / 1000, 0.0)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if not value:
        return None
    try:
        return max(float(value), 0.0)
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max((when - datetime.now(UTC)).total_seconds(), 0.0)


# ---------------------------------------------------------------- the backend


class LLMSummarizer:
    """The :class:`~horizonscan.summarize.base.Summarizer` backed by a chat-completions model."""

    name = "llm"

    def __init__(
        self,
        base_url: str,
        model: str,
        api_key: str | None = None,
        *,
        fallback: Summarizer,
        timeout: float = 60.0,
        max_retries: int = 2,
        concurrency: int = 4,
        max_input_chars: int = 12000,
        price_per_1k_input: float = 0.0,
        price_per_1k_output: float = 0.0,
        usage: Usage | None = None,
        max_requests: int | None = None,
        backoff: float = 1.0,
        max_retry_after: float = 60.0,
        prompts: Path = PROMPTS,
    ) -> None:
        """``fallback`` answers when the model cannot (normally the offline backend);
        ``backoff`` is the first wait between attempts in seconds (doubling);
        ``max_retry_after`` caps a server's ``Retry-After``."""
        if concurrency < 1:
            raise ValueError("concurrency must be at least 1")
        self.base_url = base_url
        self.model: str | None = model
        self.fallback = fallback
        self.timeout = timeout
        self.max_retries = max(max_retries, 0)
        self.concurrency = concurrency
        self.max_input_chars = max_input_chars
        self.price_per_1k_input = price_per_1k_input
        self.price_per_1k_output = price_per_1k_output
        self.usage = usage if usage is not None else Usage()
        self.max_requests = max_requests
        self.backoff = backoff
        self.max_retry_after = max_retry_after
        self.item_prompt = Prompt.load(ITEM_PROMPT, prompts)
        self.pickup_prompt = Prompt.load(PICKUP_PROMPT, prompts)
        self.prompt_version = self.item_prompt.version
        self._client = openai.OpenAI(
            base_url=base_url, api_key=api_key or "unused", timeout=timeout, max_retries=0
        )
        self._lock = threading.Lock()
        self._in_flight = threading.BoundedSemaphore(concurrency)
        self._budget_noted = False

    # -- the protocol

    def summarize_item(self, request: SummaryRequest) -> ItemSummary:
        if letter_count(request.text) < MIN_LETTERS:
            return self._fallback_item(request, FLAG_EMPTY, count=False)
        text, cut = fit(request.text, self.max_input_chars)
        messages = self.item_prompt.messages(self._values(request, text))
        answer = self._answer("item", messages, parse_item, self.item_prompt)
        if isinstance(answer, str):
            return self._fallback_item(request, answer)
        flags = [FLAG_CUT] if cut else []
        check = _Checker(request)
        flags += check.text(answer.title_ja, "見出し")
        bullets = tuple(check.bullet(b, f"要点{i}") for i, b in enumerate(answer.bullets, 1))
        return ItemSummary(
            title=answer.title_ja,
            bullets=bullets,
            translated=True,
            backend=self.name,
            model=self.model,
            prompt_version=self.item_prompt.version,
            terms=tuple(answer.terms),
            regions=tuple(answer.regions),
            flags=tuple(flags + check.flags),
        )

    def summarize_pickup(self, request: SummaryRequest) -> PickupSummary:
        if letter_count(request.text) < MIN_LETTERS:
            return self._fallback_pickup(request, FLAG_EMPTY, count=False)
        text, cut = fit(request.text, self.max_input_chars)
        messages = self.pickup_prompt.messages(self._values(request, text))
        answer = self._answer("pickup", messages, parse_pickup, self.pickup_prompt)
        if isinstance(answer, str):
            return self._fallback_pickup(request, answer)
        flags = [FLAG_CUT] if cut else []
        check = _Checker(request)
        flags += check.text(answer.topic, "トピック")
        flags += check.text(answer.organisation, "推進組織")

        def section(bullets: list[BulletAnswer], label: str) -> tuple[Bullet, ...]:
            return tuple(check.bullet(b, f"{label}{i}") for i, b in enumerate(bullets, 1))

        return PickupSummary(
            topic=answer.topic,
            organisation=answer.organisation,
            points=section(answer.points, "ポイント"),
            overview=section(answer.overview, "概要"),
            background=section(answer.background, "背景"),
            translated=True,
            backend=self.name,
            model=self.model,
            prompt_version=self.pickup_prompt.version,
            flags=tuple(flags + check.flags),
        )

    def close(self) -> None:
        """Close the HTTP connections (the summariser must not be used afterwards)."""
        self._client.close()

    def __enter__(self) -> LLMSummarizer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- batches and cache keys

    def summarize_items(self, requests: list[SummaryRequest]) -> list[ItemSummary]:
        """:meth:`summarize_item` for each request, ``concurrency`` at a time, in order."""
        if not requests:
            return []
        workers = min(self.concurrency, len(requests))
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="llm") as pool:
            return list(pool.map(self.summarize_item, requests))

    def cache_key(self, request: SummaryRequest, task: Task) -> str:
        """sha256 of document hash, task, prompt version and model (the store's key)."""
        version = self.item_prompt.version if task == "item" else self.pickup_prompt.version
        key = f"{request.doc_sha256}|{task}|{version}|{self.model or ''}"
        return hashlib.sha256(key.encode()).hexdigest()

    # -- fallbacks

    def _fallback_item(self, request: SummaryRequest, flag: str, count: bool = True) -> ItemSummary:
        if count:
            self._count_fallback()
        summary = self.fallback.summarize_item(request)
        return replace(summary, flags=_add(summary.flags, flag))

    def _fallback_pickup(
        self, request: SummaryRequest, flag: str, count: bool = True
    ) -> PickupSummary:
        if count:
            self._count_fallback()
        summary = self.fallback.summarize_pickup(request)
        return replace(summary, flags=_add(summary.flags, flag))

    def _count_fallback(self) -> None:
        with self._lock:
            self.usage.fallbacks += 1

    # -- one answer: request, validation, one corrective retry

    @staticmethod
    def _values(request: SummaryRequest, text: str) -> dict[str, str]:
        return {
            "topic": request.topic_label,
            "organisation": request.organisation or "（不明）",
            "region": request.region or "（不明）",
            "published": (
                f"{request.published.year}/{request.published.month}/{request.published.day}"
                if request.published
                else "（不明）"
            ),
            "url": request.url or "（不明）",
            "language": request.language or "（不明）",
            "title": request.title or "（なし）",
            "text": text,
        }

    def _answer(
        self,
        task: Task,
        messages: list[ChatCompletionMessageParam],
        parse: Callable[[str | None], A],
        prompt: Prompt,
    ) -> A | str:
        """The validated answer, or the flag saying why the fallback must answer instead."""
        for attempt in range(2):
            try:
                content, finish = self._complete(task, messages)
            except _Budget:
                return FLAG_BUDGET
            except _Unavailable as exc:
                log.warning("%s: no answer from %s (%s)", task, self.base_url, exc)
                self._note(f"LLM応答なし：{exc}")
                return FLAG_UNREACHABLE
            try:
                if finish == "length":
                    raise AnswerError("the answer was cut off (finish_reason=length); be briefer")
                return parse(content)
            except AnswerError as exc:
                problem = str(exc)
                log.info("%s: invalid answer (attempt %d): %s", task, attempt + 1, problem)
            if attempt == 0:
                retry: list[ChatCompletionMessageParam] = []
                if content:
                    retry.append({"role": "assistant", "content": content[:4000]})
                retry.append({"role": "user", "content": prompt.retry.format(problem=problem)})
                messages = [*messages, *retry]
        self._note("LLM応答が不正（再試行後も）")
        return FLAG_INVALID

    def _complete(
        self, task: Task, messages: list[ChatCompletionMessageParam]
    ) -> tuple[str | None, str | None]:
        """(content, finish_reason) of one chat completion, retried on 429, 5xx and timeouts."""
        reason = ""
        for attempt in range(self.max_retries + 1):
            self._reserve()
            wait = self.backoff * 2**attempt
            try:
                with self._in_flight:
                    response = self._client.chat.completions.create(
                        model=self.model or "",
                        messages=messages,
                        response_format=_response_format(task),
                        temperature=0,
                        stream=False,
                    )
            except openai.APIStatusError as exc:
                self._count_failure()
                reason = f"HTTP {exc.status_code}"
                if exc.status_code != 429 and exc.status_code < 500:
                    raise _Unavailable(f"{reason}: {_short(exc.message)}") from exc
                asked = retry_after(exc.response.headers)
                if asked is not None:
                    wait = max(wait, asked)
            except openai.APITimeoutError:
                self._count_failure()
                reason = f"timeout after {self.timeout:g} s"
            except openai.APIConnectionError as exc:
                self._count_failure()
                reason = f"connection failed: {_short(str(exc))}"
            except openai.OpenAIError as exc:  # an answer the SDK cannot read
                self._count_failure()
                raise _Unavailable(_short(str(exc))) from exc
            else:
                self._count_tokens(response.usage)
                if not response.choices:
                    return None, None
                choice = response.choices[0]
                content = choice.message.content
                if content is None and getattr(choice.message, "refusal", None):
                    content = f"(refusal) {choice.message.refusal}"
                return content, choice.finish_reason
            if attempt == self.max_retries:
                break
            time.sleep(min(wait, self.max_retry_after))
        raise _Unavailable(f"{reason}, {self.max_retries + 1} attempts")

    # -- the books

    def _reserve(self) -> None:
        with self._lock:
            if self.max_requests is not None and self.usage.requests >= self.max_requests:
                if not self._budget_noted:
                    self._budget_noted = True
                    self.usage.notes.append(
                        f"LLMへの要求が上限（{self.max_requests}件）に達したため、以降は抽出要約"
                    )
                raise _Budget
            self.usage.requests += 1

    def _count_failure(self) -> None:
        with self._lock:
            self.usage.failures += 1

    def _count_tokens(self, usage: Any) -> None:
        prompt = int(getattr(usage, "prompt_tokens", 0) or 0)
        completion = int(getattr(usage, "completion_tokens", 0) or 0)
        with self._lock:
            self.usage.prompt_tokens += prompt
            self.usage.completion_tokens += completion
            self.usage.cost += (
                prompt / 1000 * self.price_per_1k_input
                + completion / 1000 * self.price_per_1k_output
            )

    def _note(self, note: str) -> None:
        with self._lock:
            if note not in self.usage.notes:
                self.usage.notes.append(note)


class _Checker:
    """Faithfulness of one answer to its request's source: flags unsupported figures and names,
    keeps only the quoted source sentences that really are in the source."""

    def __init__(self, request: SummaryRequest) -> None:
        published = request.published.isoformat() if request.published else ""
        self.source = "\n".join(
            part for part in (request.title, request.text, request.organisation, published) if part
        )
        self.compact = _compact(request.text + "\n" + request.title)
        self.flags: list[str] = []

    def text(self, text: str, label: str) -> list[str]:
        missing = unsupported(text, self.source)
        return [f"{FLAG_UNSUPPORTED} {'、'.join(missing)}（{label}）"] if missing else []

    def bullet(self, bullet: BulletAnswer, label: str) -> Bullet:
        self.flags += self.text(bullet.text, label)
        quoted = tuple(s for s in bullet.sources if _compact(s) and _compact(s) in self.compact)
        if len(quoted) < len(bullet.sources):
            self.flags.append(f"{FLAG_UNQUOTED}（{label}）")
        return Bullet(bullet.text, quoted)


def _response_format(task: Task) -> ResponseFormatJSONSchema:
    return {
        "type": "json_schema",
        "json_schema": {"name": task, "schema": SCHEMAS[task], "strict": True},
    }


def _add(flags: Iterable[str], flag: str) -> tuple[str, ...]:
    flags = tuple(flags)
    return flags if flag in flags else (*flags, flag)


def _short(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
