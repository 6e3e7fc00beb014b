"""Figures, dates and Latin-script names of a Japanese bullet must be found in its source."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from horizonscan.summarize.faithfulness import unsupported

RELEASE = (
    "Minister for Resources Madeleine King today officially opened Lynas Rare Earths' "
    "processing facility in Kalgoorlie on 8 November 2024. The plant will create around 115 "
    "direct jobs in the Goldfields region. Australia's Critical Minerals Research and "
    "Development Hub, led by CSIRO with ANSTO and Geoscience Australia, received $192.1 million. "
    "The Minerals Security Partnership (MSP) met in Toronto on March 3, 2024, with 14 partners. "
    "Chile holds 33.2% of global lithium reserves. Output rose 25 per cent to 940 GWh, worth "
    "1.4 trillion yuan, and lithium carbonate output was about 463,000 tonnes. "
    "The Government will fund three research projects with $21.8 million over four years, "
    "cover up to 50 per cent of costs and invest €300 billion between 2021 and 2027. "
    "The list now has 34 critical minerals. The agreement was signed on 2024-06-29."
)


@pytest.mark.parametrize(
    "bullet",
    [
        "• マデレーン・キング資源大臣は、カルグーリーのライナス・レアアース処理工場を正式にオープンした。",
        "• 新工場はゴールドフィールズ地域に約115人の直接雇用を創出する。",
        "• CSIROが主導し、ANSTOとジオサイエンス・オーストラリアが参加する重要鉱物研究開発ハブは1億9,210万ドルを受けた。",
        "• 重要鉱物研究開発ハブは1 億 9,210 万ドルを受けた。",  # spaces as in the reference text
        "• 鉱物安全保障パートナーシップ（MSP）の会合が2024/3/3にトロントで開かれ、14のパートナーが参加した。",
        "• 世界のリチウム埋蔵量の33.2％を占めるチリ",
        "• 生産量は前年比25%増の940GWh、産業総生産額は1兆4000億元、炭酸リチウムは約46万3,000トン。",
        "• 政府は今後4年間で3つの研究プロジェクトに約2,200万ドルを投じる。",
        "• 費用の最大50パーセントを負担し、2021年から2027年にかけて3,000億ユーロを投資する。",
        "• 重要鉱物リストは34種類となった。",
        "• 協定は2024/6/29に署名された。",
        "• 協定は2024年6月29日に署名された。",
        "• 工場は2024/11/8に開所した。",
        "• 会合は3月3日に開かれた。",
        "• ２０２４/１１/８、ＣＳＩＲＯ",  # full-width forms
        "• 工場の開所はオーストラリアの重要鉱物産業にとって重要な一歩である。",  # nothing to check
    ],
)
def test_a_faithful_bullet_passes(bullet: str) -> None:
    assert unsupported(bullet, RELEASE) == []


@pytest.mark.parametrize(
    ("bullet", "missing"),
    [
        ("• ハブは1億9,500万ドルを受けた。", ["1億9,500万ドル"]),
        ("• 新工場は約150人の直接雇用を創出する。", ["150人"]),
        ("• 協定は2024/6/28に署名された。", ["2024/6/28"]),
        ("• 会合は2024年3月4日に開かれた。", ["2024年3月4日"]),
        ("• チリは世界のリチウム埋蔵量の40％を占める。", ["40%"]),
        ("• 115％の雇用増", ["115%"]),  # a count is not a percentage
        ("• 採取産業透明性イニシアチブ（EITI）も参加した。", ["EITI"]),
        ("• Glencoreとの協力も発表された。", ["Glencore"]),
        ("• 重要鉱物リストは36種類となった。", ["36種類"]),
        (
            "• 2023年に37件のプロジェクトが承認され、JOGMECが支援した。",
            ["2023年", "37件", "JOGMEC"],
        ),
    ],
)
def test_an_invented_figure_date_or_name_is_returned(bullet: str, missing: list[str]) -> None:
    assert unsupported(bullet, RELEASE) == missing


def test_money_in_man_and_oku_matches_millions_and_billions() -> None:
    assert unsupported("• 1億9,210万ドル", "funding of $192.1 million") == []
    assert unsupported("• 1億9,210万ドル", "funding of 192.1 million dollars") == []
    assert unsupported("• 1億9,210万ドル", "funding of US$192,100,000") == []
    assert unsupported("• 5億8,500万ドル", "a A$585m package") == []
    assert unsupported("• 40億ドル", "the $4 billion Critical Minerals Facility") == []
    assert unsupported("• 40億ドル", "the $4bn Critical Minerals Facility") == []
    assert unsupported("• 714,500ドル", "an investment of $714,500") == []
    assert unsupported("• 1億9,210万ドル", "funding of $192 million") == ["1億9,210万ドル"]
    assert unsupported("• 500万ドル", "5 m of cable") == ["500万ドル"]  # metres, not millions


def test_counts_and_ordinals_written_as_words() -> None:
    assert unsupported("• 36件のプロジェクト", "36 projects were funded") == []
    assert unsupported("• 3種類の鉱物を追加", "three minerals were added") == []
    assert unsupported("• 第5回会合", "the fifth meeting of the committee") == []
    assert unsupported("• 世界第2位のニッケル鉱床", "the world's second-largest deposit") == []
    assert unsupported("• 第6回会合", "the fifth meeting of the committee") == ["6回"]


@pytest.mark.parametrize(
    "source",
    [
        "signed on 29 June 2024",
        "signed on June 29, 2024",
        "signed on 2024-06-29",
        "signed on 29th June 2024",
        "firmado el 29 de junio de 2024",
        "2024年6月29日签署",
        "2024년 6월 29일 서명",
        "signed on 29/06/2024",
        "In 2024 the agreement was signed on 29 June.",  # the year named elsewhere
    ],
)
def test_dates_in_any_spelling(source: str) -> None:
    assert unsupported("• 2024/6/29に署名した。", source) == []
    assert unsupported("• 2024/6/30に署名した。", source) == ["2024/6/30"]


def test_other_languages_and_separators() -> None:
    assert unsupported("• 1兆4000億元", "产业总产值超过1.4万亿元") == []
    assert unsupported("• 1億9,210万ドル", "총 1억 9,210만 달러") == []
    assert unsupported("• 15億ドル", "una inversión de US$ 1.500 millones") == []
    assert unsupported("• 1.5%増", "un aumento de 1,5 %") == []


def test_rounding_is_allowed_only_close_to_the_source() -> None:
    assert unsupported("• 約2,200万ドル", "a total of $21.8 million") == []
    assert unsupported("• 約33％", "33.2 per cent") == []
    assert unsupported("• 100件", "149 applications") == ["100件"]
    assert unsupported("• 2020年", "in 2024") == ["2020年"]  # years are exact


def test_names_ignore_case_spacing_and_punctuation() -> None:
    assert unsupported("• ISO/TC298の規格", "standards of ISO/TC 298") == []
    assert (
        unsupported("• Sociedad Química y Minera（SQM）", "Sociedad Química y Minera (SQM)") == []
    )
    assert unsupported("• EUと米国", "the European Union and the United States") == []
    assert unsupported("• 液化天然ガス（LNG）", "liquefied natural gas") == []
    assert unsupported("• EUと米国", "the United States") == ["EU"]
    assert unsupported("• 「Future Made in Australia」", "the Future Made in Australia plan") == []
    assert unsupported("• 「Future Made in Canada」", "the Future Made in Australia plan") == [
        "Canada"
    ]


def test_names_next_to_kana_and_kanji() -> None:
    source = (
        "NASA and the US Geological Survey lead Landsat Next; Renascor Resources' Siviour project."
    )
    assert unsupported("• NASAと米国地質調査所が主導するLandsat Nextに参加", source) == []
    assert unsupported("• Renascor Resources社のSiviour黒鉛プロジェクト", source) == []
    assert unsupported("• NASAとESAが主導", source) == ["ESA"]


def test_units_urls_and_lower_case_words_are_not_names() -> None:
    assert unsupported("• 最大出力電圧が60V以下の電池、X線分析", "batteries up to 60 volts") == []
    assert unsupported("• 940GWhを超えた", "exceeded 940 gigawatt hours") == []
    assert unsupported("• 詳細はhttps://example.org/Report参照", "no names here") == []
    assert unsupported("• 電気自動車（EV）向け", "for electric vehicles") == []


def _oku_man(n: int) -> str:
    """``n`` written the Japanese way: 1億9,210万5,000."""
    oku, rest = divmod(n, 10**8)
    man, ones = divmod(rest, 10**4)
    parts = []
    if oku:
        parts.append(f"{oku:,}億")
    if man:
        parts.append(f"{man:,}万")
    if ones or not parts:
        parts.append(f"{ones:,}")
    return "".join(parts)


@given(st.integers(min_value=1, max_value=10**12))
def test_any_amount_in_japanese_notation_matches_the_plain_figure(n: int) -> None:
    bullet = f"• 総額{_oku_man(n)}ドル"
    assert unsupported(bullet, f"a total of ${n:,}") == []
    assert unsupported(bullet, f"a total of ${n * 3 + 7:,}") != []
