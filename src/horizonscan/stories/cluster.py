"""Clustering articles into stories without comparing every pair.

1. Near-duplicates: MinHash signatures in an LSH index (datasketch); candidates are verified
   by their estimated Jaccard similarity.
2. Events across sources and languages: an inverted index over distinctive anchors (Latin
   acronyms and initials of names, figures normalised across languages, dates named in the
   text, country pairs); only articles from different sources published within ``window``
   days of each other that share anchors are compared, an anchor carried by too many
   articles is dropped from the index (it names a topic, not an event), and a pair is linked
   when the rare anchors it shares weigh enough (see ``linked``).
3. Union-find joins the links; a story is named after its oldest article id.
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from datasketch import MinHash, MinHashLSH

from horizonscan.stories.anchors import StoryDoc, anchors, shingles

PERMUTATIONS = 64
STRONG = "andf"  # anchor kinds: a(cronym), n(umber), d(ate), f(ull initials of a name)


@dataclass(frozen=True)
class StoryParams:
    window_days: int = 7
    duplicate_jaccard: float = 0.6
    max_anchor_docs: int = 40


class _Union:
    def __init__(self, items: Sequence[int]) -> None:
        self.parent = {i: i for i in items}

    def find(self, item: int) -> int:
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def join(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _close(a: StoryDoc, b: StoryDoc, days: int) -> bool:
    return (
        a.published is not None
        and b.published is not None
        and abs((a.published - b.published).days) <= days
    )


def linked(a: frozenset[str], b: frozenset[str], idf: Mapping[str, float], n_docs: int) -> bool:
    """Enough rare evidence in common to be one event. Evidence is the summed rarity
    (log N/df) of the strong anchors both carry: two rare ones suffice, or one with a shared
    country and a shared concept."""
    shared = a & b
    evidence = sum(idf[x] for x in shared if x[0] in STRONG)
    # an acronym printed by one release and spelled out by the other
    spelled = {x[2:] for x in a if x[0] == "a"} & {x[2:] for x in b if x[0] == "i"}
    spelled |= {x[2:] for x in b if x[0] == "a"} & {x[2:] for x in a if x[0] == "i"}
    printed_by_both = {y[2:] for y in shared if y[0] == "a"}
    evidence += sum(idf.get(f"a:{x}", 0.0) for x in spelled - printed_by_both)
    if evidence >= 2 * math.log(n_docs / 4):
        return True
    context = any(x[0] == "c" for x in shared) and any(x[0] == "k" for x in shared)
    return context and evidence >= math.log(n_docs / 3)


def cluster(
    docs: Sequence[StoryDoc], params: StoryParams | None = None, stats: dict[str, int] | None = None
) -> dict[int, str]:
    p = params or StoryParams()
    by_id = {d.article_id: d for d in docs}
    union = _Union(list(by_id))
    # 1. near-duplicates
    lsh = MinHashLSH(threshold=p.duplicate_jaccard, num_perm=PERMUTATIONS)
    hashes: dict[int, MinHash] = {}
    for doc in docs:
        grams = shingles(f"{doc.title}\n{doc.text}")
        mh = MinHash(num_perm=PERMUTATIONS)
        mh.update_batch([g.encode("utf-8") for g in grams])
        hashes[doc.article_id] = mh
        for other in lsh.query(mh):
            if mh.jaccard(hashes[other]) >= p.duplicate_jaccard and _close(doc, by_id[other], 30):
                union.join(doc.article_id, other)
        lsh.insert(doc.article_id, mh)
    # 2. events across sources and languages
    keyed = {d.article_id: anchors(d) for d in docs}
    index: dict[str, list[int]] = defaultdict(list)
    for article_id, keys in keyed.items():
        doc = by_id[article_id]
        for key in keys:
            if key[0] in STRONG or key[0] == "i":
                index[f"x:{key[2:]}" if key[0] in "ai" else key].append(article_id)
        countries = sorted(doc.countries)
        for first, second in itertools.combinations(countries, 2):
            index[f"p:{first}|{second}"].append(article_id)
    n_docs = max(len(docs), 50)  # rarity means little in a handful of documents
    df: dict[str, int] = defaultdict(int)
    for keys in keyed.values():
        for key in keys:
            df[key] += 1
    idf = {key: math.log(n_docs / count) for key, count in df.items()}
    compared: set[tuple[int, int]] = set()
    for members in index.values():
        if len(members) > p.max_anchor_docs:
            continue
        for a, b in itertools.combinations(members, 2):
            pair = (min(a, b), max(a, b))
            if pair in compared:
                continue
            compared.add(pair)
            da, db = by_id[a], by_id[b]
            if da.source_id == db.source_id or not _close(da, db, p.window_days):
                continue
            if linked(keyed[a], keyed[b], idf, n_docs):
                union.join(a, b)
    if stats is not None:
        stats["compared_pairs"] = len(compared)
    return {article_id: f"s{union.find(article_id)}" for article_id in by_id}
