"""Hedged attribution: words that say a claim came from somewhere without saying where.

These are the lists of them (rule ST021), one per language, lower case. A
phrase must hedge wherever it appears: bare "said to" is not one, because "the
officer said to Demir" is a plain attribution, and bare "was reported" is not
one, because "the theft was reported to police" is a plain passive; "is said
to" and "was reported to have" are. Three kinds make up the English list:
hedging adverbs (reportedly), impersonal passives (it is understood that, is
believed to) and anonymous sourcing (a source said, people familiar with the
matter, speaking on condition of anonymity).

A digest extends or trims a list per language (``Hedges.for_language``); the
rule looks for hedges in a sentence's rendered prose, so code, addresses and
attributes never reach it.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from build_tools.lookalikes import CAPITALS, INVISIBLE, SMALL

ENGLISH: tuple[str, ...] = (
    # Adverbs.
    "reportedly",
    "allegedly",
    "purportedly",
    "supposedly",
    "reputedly",
    "apparently",
    "rumoured",
    "rumored",
    # Impersonal passives: somebody believes, says or reports it, nobody says who.
    "is believed",
    "are believed",
    "was believed",
    "were believed",
    # Not bare "believed to": "what he believed to be right" is his own belief.
    "believed to have been",
    # "A man believed to be 34", "said to be the group's leader"; after a pronoun it is
    # the speaker's own ("what he believed to be right", "she said to be careful").
    "believed to be",
    "said to be",
    "thought to be",
    "understood to be",
    "now believed to",
    "still believed to",
    "is thought to",
    "are thought to",
    "was thought to",
    "were thought to",
    "is said to",
    "are said to",
    "was said to",
    "were said to",
    "it is said",
    "it was said",
    "is reported to have",
    "is reported to be",
    "are reported to have",
    "are reported to be",
    "was reported to have",
    "was reported to be",
    "were reported to have",
    "were reported to be",
    "it is reported that",
    "it was reported that",
    "it has been reported that",
    "is understood to",
    "are understood to",
    "was understood to",
    "it is understood",
    "it's understood",
    "it's believed",
    "it's thought",
    "it's said",
    "it's claimed",
    "it's alleged",
    "it has been claimed",
    "it has been alleged",
    "it is being reported",
    "it was being reported",
    "is widely reported to",
    "are widely reported to",
    "was widely reported to",
    "is alleged to",
    "are alleged to",
    "was alleged to",
    "were alleged to",
    "it is alleged",
    "it was alleged",
    "it is claimed",
    "it was claimed",
    "is rumoured to",
    "are rumoured to",
    "is rumored to",
    "are rumored to",
    "it is thought that",
    "it was thought that",
    "it has been suggested that",
    "it is suggested that",
    "it is widely believed",
    "widely believed to",
    "it emerged that",
    "it has emerged that",
    "rumour has it",
    "rumor has it",
    "rumours suggest",
    "rumors suggest",
    # Anonymous sources.
    "sources say",
    "sources said",
    "sources told",
    "sources close to",
    "sources at the",
    "sources in the",
    "sources within the",
    "sources familiar with",
    "a source said",
    "a source says",
    "a source told",
    "a source tells",
    "one source says",
    "one source told",
    "sources have said",
    "sources are saying",
    "sources indicate",
    "sources indicated",
    "sources suggest",
    "sources suggested",
    "sources with knowledge of",
    "a person close to",
    "someone close to",
    "people close to",
    "people close to the matter",
    "people close to the talks",
    "those close to him",
    "those close to her",
    "those close to them",
    "a source close to",
    "a source familiar with",
    "one source said",
    "people familiar with",
    "a person familiar with",
    "people with knowledge of",
    "a person with knowledge of",
    "people briefed on",
    "a person briefed on",
    "insiders say",
    "insiders said",
    "insiders claim",
    "insiders claimed",
    "an insider said",
    "an insider says",
    "an insider told",
    "an anonymous source",
    "anonymous sources",
    "an anonymous official",
    "anonymous officials",
    "a person with direct knowledge",
    "people with direct knowledge",
    "unnamed official",
    "unnamed officials",
    "unnamed source",
    "unnamed sources",
    "a government source",
    "a security source",
    "a diplomatic source",
    "a military source",
    "a police source",
    "a senior source",
    "a well-placed source",
    "a well placed source",
    "on condition of anonymity",
    "on the condition of anonymity",
    "speaking anonymously",
    "spoke anonymously",
    "requested anonymity",
    "requesting anonymity",
    "asked for anonymity",
    # Not bare "granted anonymity": "the judge granted anonymity to two witnesses".
    "was granted anonymity",
    "were granted anonymity",
    "asked not to be named",
    "did not want to be named",
    "not wishing to be named",
    "asked not to be identified",
    "declined to be named",
    "declined to be identified",
    "according to reports",
    "according to sources",
    "according to a source",
    "according to one source",
    "according to two sources",
    "according to several sources",
    "according to people familiar",
    "according to a person familiar",
    "according to insiders",
    # Not bare "according to media": "according to media law" names a law.
    "according to media reports",
    "according to local media",
    "reports say",
    "reports said",
    "reports suggest",
    # Not bare "media reports": "it banned media reports" says what was banned.
    "media reports say",
    "media reports said",
    "media reports suggest",
    "citing media reports",
    # Not "media reports have": "several media reports have since been corrected".
    "media reports have said",
    "media reports have claimed",
    "media reports have suggested",
    "media reports had said",
    "media reports had claimed",
    "named in media reports",
    "according to media outlets",
    "media reported",
    "unconfirmed reports",
    "he's said to",
    "he's believed to",
    "she's said to",
    "she's believed to",
    "they're said to",
    "they're believed to",
    "has been reported to have",
    "is widely thought to",
    "is claimed to",
    "are claimed to",
    "reports suggested",
    "reports indicate",
    "sources claim",
    "sources claimed",
    "sources believe",
    "insiders told",
    "officials briefed on",
    "someone familiar with",
    "one person familiar with",
    "not authorized to speak publicly",
    "not authorised to speak publicly",
)

# Starter lists: the commonest forms in each language's news copy, to be grown by
# the digests that publish in it. Left out on purpose: forms that are also plain
# grammar (German "soll", the French conditional "aurait") or the usual way of
# naming a suspect (German "mutmaßlich", French "présumé"), which would fire on
# most court reports.
GERMAN: tuple[str, ...] = (
    "angeblich",
    "berichten zufolge",
    "medienberichten zufolge",
    "unbestätigten berichten zufolge",
    "gerüchten zufolge",
    "quellen zufolge",
    "insidern zufolge",
    "wie es heißt",
    "heißt es",
    "wie verlautete",
    "aus kreisen",
    "aus regierungskreisen",
    "aus informierten kreisen",
    "aus gut unterrichteten kreisen",
    "gerüchteweise",
    "dem vernehmen nach",
    "nach unbestätigten berichten",
    "laut insidern",
    "laut medienberichten",
    "einem bericht zufolge",
    "der nicht genannt werden wollte",
    "die nicht genannt werden wollte",
    "aus sicherheitskreisen",
    "aus parteikreisen",
    "aus ermittlerkreisen",
    "aus koalitionskreisen",
    "aus diplomatenkreisen",
)
FRENCH: tuple[str, ...] = (
    "prétendument",
    "supposément",
    "apparemment",
    "selon des sources",
    "selon une source",
    "selon plusieurs sources",
    "selon certaines sources",
    "selon nos informations",
    "selon des proches",
    "selon un proche",
    "selon la rumeur",
    "de source sûre",
    "dit-on",
    "paraît-il",
    "sous couvert d'anonymat",
    "sous le couvert de l'anonymat",
    "ayant requis l'anonymat",
    "d'après des sources",
    "d'après une source",
    "de source policière",
    "de source proche du dossier",
    "selon plusieurs médias",
    "selon des informations de presse",
    "selon son entourage",
    "semble-t-il",
    "qui a requis l'anonymat",
)
SPANISH: tuple[str, ...] = (
    "supuestamente",
    "presuntamente",
    "aparentemente",
    "al parecer",
    "según fuentes",
    "según algunas fuentes",
    "fuentes cercanas",
    "según medios",
    "según informes",
    "se cree que",
    "se dice que",
    "se rumorea",
    "bajo condición de anonimato",
    "pidió no ser identificado",
    "pidió no ser identificada",
    "pidió el anonimato",
    "según una fuente",
    "según varias fuentes",
    "según diversas fuentes",
    "fuentes policiales",
    "de acuerdo con fuentes",
    "según la prensa",
    "trascendió",
    "se especula",
    "pidió no ser nombrado",
)
TURKISH: tuple[str, ...] = (
    "iddiaya göre",
    "iddialara göre",
    "iddia edildi",
    "iddia ediliyor",
    "öne sürüldü",
    "ileri sürüldü",
    "öğrenildi",
    "kaynaklara göre",
    "kulis bilgilerine göre",
    "söylentilere göre",
    "adının açıklanmasını istemeyen",
    "ismini vermek istemeyen",
    "öne sürülüyor",
    "ileri sürülüyor",
    "iddia edilmişti",
    "edinilen bilgilere göre",
    "alınan bilgiye göre",
    "güvenlik kaynaklarına göre",
    "kulislere göre",
    "isminin açıklanmasını istemeyen",
    "adını vermek istemeyen",
)
# Portuguese and Italian leave out their conditionals ("teria", "avrebbe") and the
# words for a suspect ("suposto", "presunto"); Dutch "zou" and Russian "мол" are
# plain grammar too.
PORTUGUESE: tuple[str, ...] = (
    "supostamente",
    "alegadamente",
    "aparentemente",
    "segundo fontes",
    "de acordo com fontes",
    "fontes próximas",
    "segundo relatos",
    "segundo a imprensa",
    "diz-se que",
    "especula-se que",
    "ao que consta",
    "sob condição de anonimato",
    "pediu para não ser identificado",
    "pediu para não ser identificada",
    "pediu anonimato",
    "segundo uma fonte",
    "fontes ligadas ao",
    "ao que tudo indica",
    "ao que parece",
    "segundo apurou",
    "preferiu não se identificar",
    "segundo rumores",
)
ITALIAN: tuple[str, ...] = (
    "presumibilmente",
    "apparentemente",
    "secondo fonti",
    "secondo alcune fonti",
    "secondo indiscrezioni",
    "stando a indiscrezioni",
    "fonti vicine",
    "si dice che",
    "si vocifera",
    "a quanto pare",
    "a quanto risulta",
    "in condizione di anonimato",
    "ha chiesto l'anonimato",
    "che ha chiesto di restare anonimo",
    "secondo quanto si apprende",
    "si apprende che",
    "secondo quanto riferito",
    "secondo quanto riportato",
    "secondo quanto trapelato",
    "secondo una fonte",
    "fonti anonime",
    "una fonte anonima",
    "secondo i media",
    "secondo la stampa",
)
DUTCH: tuple[str, ...] = (
    "naar verluidt",
    "volgens bronnen",
    "volgens ingewijden",
    "volgens geruchten",
    "bronnen rond",
    "anonieme bronnen",
    "naar het schijnt",
    "het gerucht gaat",
    "op voorwaarde van anonimiteit",
    "die anoniem wil blijven",
    "volgens welingelichte bronnen",
    "volgens goed ingelichte bronnen",
    "volgens een bron",
    "volgens betrokkenen",
    "volgens mediaberichten",
    "bronnen melden",
    "er wordt gezegd",
)
RUSSIAN: tuple[str, ...] = (
    "якобы",
    "предположительно",
    "как сообщается",
    "по данным источников",
    "по словам источника",
    "по словам источников",
    "по информации источников",
    "по неофициальным данным",
    "по имеющимся данным",
    "по слухам",
    "источники сообщают",
    "на условиях анонимности",
    "пожелавший остаться неизвестным",
    "пожелавший остаться анонимным",
    "по данным источника",
    "по информации источника",
    "по неподтверждённым данным",
    "по неподтвержденным данным",
    "по неофициальной информации",
    "источник сообщил",
    "источники сообщили",
    "собеседник агентства",
    "как утверждается",
    "ходят слухи",
    "по сообщениям сми",
)
POLISH: tuple[str, ...] = (
    "rzekomo",
    "podobno",
    "ponoć",
    "według źródeł",
    "według nieoficjalnych informacji",
    "nieoficjalnie",
    "jak słychać",
    "plotki głoszą",
    "pod warunkiem anonimowości",
    "chcący zachować anonimowość",
    "prosząc o anonimowość",
    "według naszych źródeł",
    "według nieoficjalnych ustaleń",
    "według doniesień",
    "według mediów",
    "mówi się",
    "jakoby",
    "krążą plotki",
    "źródło zbliżone do",
)

# Chinese and Japanese write no spaces between words: their phrases are found wherever
# they stand, not only between word boundaries.
CHINESE: tuple[str, ...] = (
    "据报道",
    "据悉",
    "据称",
    "据传",
    "据了解",
    "知情人士",
    "消息人士",
    "有消息称",
    "不愿透露姓名",
)
JAPANESE: tuple[str, ...] = (
    "関係者によると",
    "関係者によれば",
    "関係者の話では",
    "消息筋",
    "とされる",
    "と報じられ",
    "と伝えられ",
    "匿名を条件に",
)
KOREAN: tuple[str, ...] = (
    "것으로 알려졌다",
    "관계자에 따르면",
    "소식통",
    "익명을 요구한",
)
ARABIC: tuple[str, ...] = (
    "بحسب مصادر",
    "وفقا لمصادر",
    "أفادت تقارير",
    "نقلت مصادر",
    "مصادر مطلعة",
    "حسبما أفادت",
    "رفض الكشف عن اسمه",
)
HEBREW: tuple[str, ...] = (
    "לפי הדיווחים",
    "לפי גורמים",
    "לכאורה",
    "נמסר כי",
)
HINDI: tuple[str, ...] = (
    "कथित तौर पर",
    "सूत्रों के अनुसार",
    "सूत्रों ने बताया",
    "बताया जाता है",
)
_UNSPACED = frozenset({"zh", "ja"})

# The lists a digest starts from, by primary language subtag. A language
# without one is held to the English list, the one the rules are written in.
DEFAULT_HEDGES: Mapping[str, tuple[str, ...]] = {
    "en": ENGLISH,
    "de": GERMAN,
    "fr": FRENCH,
    "es": SPANISH,
    "tr": TURKISH,
    "pt": PORTUGUESE,
    "it": ITALIAN,
    "nl": DUTCH,
    "ru": RUSSIAN,
    "pl": POLISH,
    "zh": CHINESE,
    "ja": JAPANESE,
    "ko": KOREAN,
    "ar": ARABIC,
    "he": HEBREW,
    "hi": HINDI,
}

# The English default, for callers that know no language.
HEDGES = ENGLISH

# Invisible characters can split a word without a trace, so they are taken out
# before looking, and "re\u00adportedly" is caught. Look-alike letters ("r\u0435portedly"
# with a Cyrillic "е") are mapped to Latin in prose and phrases alike, read lower
# case (a capital look-alike, "А", lowers to one of them), so a digest's own list in
# Cyrillic or Greek still finds what it lists.
_LOOKALIKES = str.maketrans(SMALL | CAPITALS)
_CASED_LOOKALIKES = "".join(sorted({c for k in SMALL | CAPITALS for c in (k, k.upper())}))
_TO_FOLD = re.compile(INVISIBLE.pattern[:-1] + _CASED_LOOKALIKES + "]")
_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"\w+")


class HedgeListError(ValueError):
    """A phrase to add or remove that cannot be: the message says which and why."""


def primary_language(language: str | None) -> str:
    """The primary subtag of a BCP 47 tag, lower case: ``pt-BR`` gives ``pt``."""
    return (language or "en").replace("_", "-").split("-")[0].strip().lower() or "en"


def _phrase(written: str) -> str:
    return " ".join(written.split()).lower()


# Words after which a phrase is the speaker's own, not a hedge: "what he believed to
# be right", "she said to be careful".
_OWN_BELIEF = ("he", "she", "they", "i", "we", "you", "who", "what", "which", "it")
_OWN_AFTER = frozenset({"believed to be", "said to be", "thought to be", "understood to be"})
# After "said to", "thought to" and the like, a noun phrase is no hedge: "nothing was
# said to the family". After "it is claimed" and the like, a time or a place: "if it is
# claimed within 30 days".
_NOUN_AFTER = (
    r"(?!\s+(?:the|a|an|his|her|its|their|my|our|your|him|them|me|us|whom|this|these|"
    r"those)\b)"
)
_CIRCUMSTANCE_AFTER = r"(?!\s+(?:within|by|before|after|under|until|for|at|on|from)\b)"


def _regex_of(phrase: str) -> str:
    words = (re.escape(word).replace("'", "['’]") for word in phrase.split())
    regex = r"\s+".join(words)
    if phrase in _OWN_AFTER:
        regex = "".join(rf"(?<!\b{w}\s)" for w in _OWN_BELIEF) + regex
    verb = phrase.split()[-2] if phrase.endswith(" to") and " " in phrase else ""
    if verb.endswith("ed") or verb in ("said", "thought", "held", "known"):
        regex += _NOUN_AFTER  # "was said to", not "sources close to"
    elif phrase.startswith(("it is ", "it was ", "it has been ")):
        regex += _CIRCUMSTANCE_AFTER
    return regex


@dataclass(frozen=True, slots=True)
class Hedges:
    """The hedge phrases in force for one language.

    Attributes:
        language: the primary language subtag the list is for.
        phrases: the phrases, lower case, in the order they are listed.

    """

    language: str
    phrases: tuple[str, ...]
    _pattern: re.Pattern[str] = field(repr=False, compare=False)
    # Words one of which every phrase holds: a sentence with none of them is
    # passed over with a few substring tests instead of the whole alternation.
    _keys: tuple[str, ...] = field(repr=False, compare=False)

    @classmethod
    def for_language(
        cls,
        language: str | None = "en",
        add: Mapping[str, Sequence[str]] | None = None,
        remove: Mapping[str, Sequence[str]] | None = None,
    ) -> Hedges:
        """Return the list in force for ``language``: its default, plus and minus a digest's.

        Args:
            language: a BCP 47 tag; only its primary subtag counts.
            add: phrases to add, by language subtag (``{"en": ["sources in the party"]}``).
            remove: phrases to remove from the default, by language subtag.

        Raises:
            HedgeListError: a phrase to add is empty or a phrase to remove is not listed.

        """
        primary = primary_language(language)

        def of(given: Mapping[str, Sequence[str]] | None) -> tuple[str, ...]:
            if not given:
                return ()
            found: list[str] = []
            for key, phrases in given.items():
                if primary_language(key) == primary:
                    if isinstance(phrases, str):
                        raise HedgeListError(
                            f"hedges for '{key}' must be a list of phrases, "
                            f"found the text {phrases!r}"
                        )
                    found.extend(phrases)
            return tuple(found)

        return _build(primary, of(add), of(remove))

    @classmethod
    def from_option(cls, language: str | None, option: object) -> Hedges:
        """Return the list in force for ``language`` under a plugin option.

        ``option`` is read as mkdocs.yml holds it:
        ``{en: {add: [...], remove: [...]}, de: {add: [...]}}``; None means no change.

        Raises:
            HedgeListError: the option is not of that shape, or names a phrase
                that cannot be added or removed.

        """
        if option is None:
            return cls.for_language(language)
        if not isinstance(option, Mapping):
            raise HedgeListError(
                "hedges must map a language to its changes, e.g. {en: {add: [...], remove: [...]}}"
            )
        add: dict[str, Sequence[str]] = {}
        remove: dict[str, Sequence[str]] = {}
        for key, changes in option.items():
            if not isinstance(changes, Mapping) or not set(changes) <= {"add", "remove"}:
                raise HedgeListError(
                    f"hedges.{key} must hold 'add' and/or 'remove', each a list of phrases"
                )
            for name, target in (("add", add), ("remove", remove)):
                phrases = changes.get(name) or []
                if not isinstance(phrases, list) or not all(isinstance(p, str) for p in phrases):
                    raise HedgeListError(f"hedges.{key}.{name} must be a list of phrases")
                target[str(key)] = phrases
        return cls.for_language(language, add, remove)

    def find(self, sentence: str) -> str | None:
        """Return the first hedge in ``sentence``, or None.

        Invisible characters, compatibility forms (full-width, ligatures) and
        look-alike letters of other scripts do not hide a hedge. It is named as
        written, with its invisible characters taken out and the spaces inside it
        made single.
        """
        text, where = sentence, None
        if not sentence.isascii() and (
            _TO_FOLD.search(sentence) or not unicodedata.is_normalized("NFKC", sentence)
        ):
            text, where = _folded(sentence)
        if "://" in text or "@" in text or "www." in text.lower():
            # An address is no prose: "allegedly" in a link's path says nothing of who
            # says what. Blanked to the same length, so positions still map back.
            text = _ADDRESS.sub(_blank, text)
        lowered = text.lower()
        if "\u0307" in lowered:
            lowered = lowered.replace("\u0307", "")  # "İ" lowers to "i" and a dot
        if not any(key in lowered for key in self._keys):
            return None
        match = self._pattern.search(text)
        if match is None:
            return None
        found = match.group()
        if where is not None:
            found = INVISIBLE.sub("", sentence[where[match.start()] : where[match.end() - 1] + 1])
        return _SPACES.sub(" ", found)


# Web addresses (with a scheme, or starting www.) and e-mail addresses, in prose. An
# address ends at a space, a quote, a dash or an ellipsis ("…/a—reportedly forged"
# leaves the hedge to be found); the bounded scheme and local part keep a long run of
# letters and hyphens linear to scan.
_ADDRESS_END = '\\s<>"`\u2000-\u206f«»'
_ADDRESS = re.compile(
    rf"\b[a-z][a-z0-9+.-]{{0,30}}://(?:[^{_ADDRESS_END}.]|\.(?!\.))*"
    rf"|\bwww\.(?:[^{_ADDRESS_END}.]|\.(?!\.))+"
    r"|\b[\w.+-]{1,64}@[\w-]+(?:\.[\w-]+)+",
    re.IGNORECASE,
)


def _blank(match: re.Match[str]) -> str:
    return " " * (match.end() - match.start())


def _folded(text: str) -> tuple[str, list[int]]:
    """``text`` as it reads, and where each of its characters was in ``text``.

    What a hedge could hide behind is made plain: invisible characters go,
    compatibility forms ("ｒｅｐｏｒｔｅｄｌｙ", "ﬁ", "𝐬𝐚𝐢𝐝") and look-alike letters
    become the plain Latin ones. Character by character, so a match maps back to
    the words as written.
    """
    pieces: list[str] = []
    where: list[int] = []
    for index, char in enumerate(text):
        plain = _plain(char)
        pieces.append(plain)
        where.extend([index] * len(plain))
    return "".join(pieces), where


@lru_cache(maxsize=4096)
def _plain(char: str) -> str:
    if INVISIBLE.match(char):
        return ""
    # Lower case first, as the look-alikes are listed; "İ" lowers to "i" and a dot.
    lowered = unicodedata.normalize("NFKC", char).lower().replace("\u0307", "")
    return lowered.translate(_LOOKALIKES)


@lru_cache(maxsize=64)
def _build(language: str, add: tuple[str, ...], remove: tuple[str, ...]) -> Hedges:
    base = DEFAULT_HEDGES.get(language, ENGLISH)
    phrases = list(base)
    for written in remove:
        phrase = _phrase(written)
        if phrase not in phrases:
            near = difflib.get_close_matches(phrase, phrases, n=1)
            hint = f"did you mean {near[0]!r}?" if near else "see 'sourcetrace explain ST021'"
            raise HedgeListError(
                f"cannot remove hedge {written!r} for '{language}': it is not in the list; {hint}"
            )
        phrases.remove(phrase)
    for written in add:
        phrase = _phrase(written)
        if not any(c.isalpha() for c in phrase):
            raise HedgeListError(f"cannot add hedge {written!r} for '{language}': it has no words")
        if phrase not in phrases:
            phrases.append(phrase)
    # Read as prose is read (look-alike letters made Latin), so that they match it.
    folded = [_folded(p)[0] for p in phrases]
    # Longest first, so that where two start at the same word the longer is named.
    alternatives = sorted(folded, key=len, reverse=True)
    pattern = re.compile(
        ("(?:" if language in _UNSPACED else r"(?<!\w)(?:")
        + "|".join(_regex_of(p) for p in alternatives)
        + (")" if language in _UNSPACED else r")(?!\w)"),
        re.IGNORECASE,
    )
    # The longest word of each phrase ("said" rather than "were" for "were said
    # to"), then only those that hold no other: "reported" finds "reportedly" too.
    longest = {max(reversed(_WORD.findall(p)), key=len) for p in folded}
    keys = tuple(sorted(k for k in longest if not any(o != k and o in k for o in longest)))
    return Hedges(language, tuple(phrases), pattern, keys)


_ENGLISH_HEDGES = Hedges.for_language("en")


def find_hedge(sentence: str) -> str | None:
    """Return the first English hedge phrase in ``sentence``, as written, or None."""
    return _ENGLISH_HEDGES.find(sentence)
