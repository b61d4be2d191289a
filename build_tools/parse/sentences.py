"""Split a run of prose into sentences, the unit a citation has to cover.

Hand-written rather than taken from a library: the hard cases of news copy are
about citations (one right after the full stop belongs to the sentence before
it) and about abbreviations that are also the last word of a sentence (Downing
St., 8 p.m., Plan B.). sentencex, the maintained rule-based splitter for some
300 languages, was measured on the table in ``tests/parse/test_sentences.py``:
compiled, it is more than ten times faster, but read 70 of its 96 rows of prose
right, even with citations moved back to the sentence before (it misses Approx.,
Vol. 3., Atty. Gen., Hrn., Doç., M. Le Pen, ordinals and speech tags). This one
costs about 0.3 s of CPU per MB of prose, linear in the length of the text.

The hard cases are listed in that table: titles and abbreviations (Mr., Fr.,
U.S., No. 5, Feb. 22, Rt. Hon.), initials, decimals, ellipses and elisions,
quotations and speech tags, dashes, every Unicode space, and the conventions
of German, French, Spanish, Portuguese, Italian, Dutch, Russian, Polish,
Turkish, Chinese and Japanese. The conventions are chosen by the primary subtag
of the entry's BCP 47 language; every language also gets the English ones,
because news in any language quotes English names.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from build_tools.lookalikes import INVISIBLE

# What each character of a citation is replaced with in the text to split: no
# letter, no space, no punctuation, so nothing in a citation ends a sentence.
CITED = "\x01"
# What a line break (<br>) is in the text to split: a space that ends a cited clause.
LINE_BREAK = "\u2028"
# What raw HTML that starts or ends a block (<p>, </div>, <hr>) is: the end of a sentence.
BLOCK_BREAK = "\u2029"


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Titles and ranks before a name, and words that always have more after them
# (vs., cf., et al., approx.): never the last word of a sentence.
_TITLES = _words(
    """
    mr mrs ms dr prof gen lt col sgt capt cpl maj adm cmdr gov sen rep rev mt hon pres
    insp det messrs mme mlle fr rt atty brig supt msgr amb pvt pte asst assoc cllr ald
    mgr mmes gens
    vs cf al approx ca aka a.k.a
    """
)
# Abbreviations that may end a sentence or run on into a name: they end it only
# before a word that starts sentences (see _STARTERS). Saint's names (St. Louis)
# and the names after Jr. (King Jr. Day) never begin with such a word, while
# Downing St. and Martin Smith Jr. end sentences. Company suffixes (Inc., Ltd.,
# Co.) are not here: before a capitalised word they end the sentence, so that
# "Acme Ltd. Shares fell." is two claims, unless the word is an officer's title
# (see _COMPANY_OFFICERS).
_NAME_ENDS = _words("st jr sr")
_COMPANY_SUFFIXES = _words("inc corp co cos ltd llc plc bros")
# Business news names an officer by the company: "Acme Inc. Chief Executive Jane
# Roe", "Foo Corp. Chairman Lee". None of these starts an ordinary sentence.
_COMPANY_OFFICERS = _words(
    """
    Chief CEO CFO COO CTO Chairman Chairwoman Chairperson President Vice Executive
    Spokesman Spokeswoman Spokesperson Founder Co-founder Cofounder Treasurer Director
    Managing General Counsel
    """
)
# Abbreviations that do not end a sentence when a number follows (No. 5, Feb. 22, p. 4).
_BEFORE_NUMBERS = _words(
    """
    no nos art arts p pp para paras vol vols fig figs sec ch chap ed eds ft
    jan feb mar apr jun jul aug sep sept oct nov dec
    """
)
# Capitalised words that start sentences but never names: after an abbreviation
# that may end a sentence ("the U.S. He landed", "Downing St. Officials said")
# one of them means the sentence ended there, while any other capitalised word
# ("the U.S. Army", "King Jr. Day") is taken to continue it. The nouns are the
# usual subjects of news attribution.
_STARTERS = _words(
    """
    i he she it we they you the a an this that these those his her its their our my
    there here but and so yet however in on at after before when while if then some no
    also still instead now meanwhile later earlier yesterday today tomorrow last next
    according during since until despite under with for from by as of although though
    because once what who why how where nobody none everyone nothing neither either
    not only many most several both all each other others such one two three
    reportedly allegedly officials police sources residents witnesses prosecutors
    critics analysts experts authorities investigators officers protesters lawyers
    doctors reports people
    """
)
# Lower-case words a full stop may follow straight before a capital, inside a sentence:
# titles (mr.Smith) and an address's "www".
_JOINED_WORDS = _TITLES | {"www"}
# Abbreviations that introduce what follows rather than end anything, written
# as they are read with the spaces inside them (e.g., z. B.).
_INTRODUCERS = _words("e.g i.e viz")


@dataclass(frozen=True, slots=True)
class _Conventions:
    """How one language writes the ends of its sentences."""

    titles: frozenset[str]
    name_ends: frozenset[str]
    name_end_suffixes: tuple[str, ...]
    before_numbers: frozenset[str]
    starters: frozenset[str]
    introducers: frozenset[str]
    # The last part of each spaced introducer ("b" of "z. b"), to look for it only there.
    introducer_ends: frozenset[str]
    # "am 1. März": a number and a full stop is an ordinal, not an end.
    ordinal_dot: bool = False
    ordinal_after: frozenset[str] = frozenset()
    year_letters: frozenset[str] = frozenset()
    amounts: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class _Language:
    """What a language adds to the English conventions, and what it takes away."""

    titles: str = ""
    name_ends: str = ""
    # Endings that make any word one of name_ends (German Hauptstr.).
    name_end_suffixes: tuple[str, ...] = ()
    before_numbers: str = ""
    starters: str = ""
    # Spaced introducers ("z. b") are written with one space between the parts.
    introducers: tuple[str, ...] = ()
    # English abbreviations that mean something else here (Turkish "vs." is etc.).
    not_abbreviations: str = ""
    ordinal_dot: bool = False
    # Words an ordinal follows (German "am 3. Mai", "der 2. Weltkrieg"); after any other
    # word a number and a full stop may end the sentence ("auf Platz 3. Trainer ...").
    # Empty: any word.
    ordinal_after: str = ""
    # A letter for "year" or "century" after a number (Russian "в 2015 г."): it ends a
    # sentence, where another single letter is an initial.
    year_letters: str = ""
    # Amounts after a number (German "3 Mio. Euro"): inside a sentence, unless a word
    # that starts sentences follows ("beträgt 3 Mio. Die Polizei ...").
    amounts: str = ""


_LANGUAGES = {
    "de": _Language(
        # "Co." is always followed by the company's form in German: GmbH & Co. KG.
        titles="""hr hrn fr frl dipl ing dipl.-ing dr.-ing med mag bzw vgl ca evtl ggf inkl
        sog abs bd nr str co fa oberstlt obstlt hptm oberst gen.-maj""",
        amounts="mio mrd tsd",
        name_ends="jh hbf",
        # Compounds of Straße: Hauptstr., Bahnhofstr.
        name_end_suffixes=("str",),
        before_numbers="nr abs bd jan feb mär märz apr aug sept okt nov dez",
        starters="""der die das er sie es wir ich man ein eine am im auf nach dann aber und
        angeblich offenbar mutmaßlich berichten
        doch laut dabei damit daher deshalb zudem auch noch nun so wie wer was wo warum
        danach dort damals jetzt heute gestern zuvor später seit bei mit für von vor zum
        zur trotz während wegen als wenn weil ob diese dieser dieses sein seine ihr ihre
        viele alle niemand""",
        introducers=("z. b", "z.b", "d. h", "d.h", "u. a", "u.a", "v. a", "s. o", "s. u"),
        ordinal_dot=True,
        ordinal_after="""der die das dem den des am im zum zur vom beim ins ans bis ab seit um
        vor nach dieser diese dieses diesem diesen sein seine seinem ihr ihre ihrem jeder
        jede jedes""",
    ),
    "fr": _Language(
        titles="m mm mme mmes mlle mgr pr me st ste av bd",
        before_numbers="art janv févr fév avr juil juill sept oct nov déc env",
        starters="""le la les il elle ils elles on nous vous je un une des ce cette ces mais
        apparemment prétendument
        et puis alors selon après avant""",
        introducers=("p. ex", "c.-à-d", "c.-a-d"),
    ),
    "es": _Language(
        titles="""sr sra srta srs dr dra lic ing ud uds dña ee prof gral sto sta excmo excma
        cía cnel tte sgto cmdte cap""",
        name_ends="uu",
        before_numbers="""pág núm art cap ene feb mar abr may jun jul ago sep sept oct nov dic
        aprox""",
        starters="""el la los las él ella ellos ellas un una unos unas pero y luego después
        al supuestamente presuntamente
        según también este esta estos estas""",
    ),
    "pt": _Language(
        titles="sr sra srta srs dr dra drs prof profa eng exmo exma av pe sto sta cia",
        before_numbers="pág art n nº jan fev mar abr mai jun jul ago set out nov dez",
        starters="""ele ela eles elas o a os as um uma mas e também segundo depois então
        supostamente alegadamente""",
    ),
    "it": _Language(
        titles="sig sigg sigra dott dr prof avv ing on geom arch rag mons card",
        before_numbers="pag art n gen feb mar apr mag giu lug ago set ott nov dic",
        starters="""egli lui lei loro il lo la gli le un una ma e anche secondo dopo poi
        pare sembra presumibilmente""",
        # Gen. is gennaio (3 gen.), not a general.
        not_abbreviations="gen",
    ),
    "nl": _Language(
        titles="dhr mevr mr dr ir ing prof drs",
        before_numbers="nr blz art jan feb mrt apr jun jul aug sep sept okt nov dec",
        introducers=("o.a", "o. a", "d.w.z", "bijv"),
        starters="hij zij ze het de een maar en ook volgens daarna toen naar",
        name_ends="chr",
    ),
    "ru": _Language(
        # "г." (year, city) is left out: before a capital it ends the sentence.
        # "д." is a house before its number, and the end of "и т. д." before a capital.
        titles="ул пр просп пер пл им кв тов акад проф долл пос",
        before_numbers="с ст п д янв фев февр мар апр авг сен сент окт ноя нояб дек",
        introducers=("т.е", "т. е", "т.к", "т. к", "т.н", "т. н"),
        year_letters="г в",
        starters="""он она оно они мы я вы это этот эта эти но и а однако также по после затем
        якобы предположительно""",
    ),
    "pl": _Language(
        titles="ul al pl os gen prof dr hab inż mgr płk ks red ok godz mec prez woj pos",
        before_numbers="nr str art sty lut mar kwi maj cze lip sie wrz paź lis gru",
        introducers=("np", "tzn", "m.in", "m. in"),
        year_letters="r w",
        starters="on ona ono oni one to ale i także według potem wtedy podobno rzekomo",
    ),
    "tr": _Language(
        # "Ltd." is always followed by "Şti." in Turkish company names.
        # Ranks (Org., Korg., Tümg., Tuğg., Alb., Yzb.) and a street's parts before its
        # number (Atatürk Cad. No. 5).
        titles="""av doç yrd uzm op sn prof dr öğr gör arş müh ltd org korg tümg tuğg alb yb
        bnb yzb ütğm tğm astsb cad sok mah bul""",
        name_ends="apt şti",
        before_numbers="no yy md",
        starters="""bu o şu bir ancak ama fakat daha sonra ayrıca ise öte yandan iddiaya
        göre ardından bunun bunlar bugün dün yarın şimdi ne kim neden nasıl çünkü eğer
        her""",
        introducers=("bkz", "örn"),
        not_abbreviations="vs",
        ordinal_dot=True,
    ),
}
# Languages that write ordinals as a number and a full stop (1. März, 3. Ağır Ceza).
_ORDINAL_DOT = _words("de tr da nb nn no fi is cs sk pl hu sl hr sr bs et lv lt")


def _primary_subtag(language: str) -> str:
    return (language or "en").replace("_", "-").split("-")[0].strip().lower()


@lru_cache(maxsize=64)
def _conventions(language: str) -> _Conventions:
    extra = _LANGUAGES.get(language, _Language())
    removed = _words(extra.not_abbreviations)

    def merged(english: Iterable[str], own: str) -> frozenset[str]:
        return frozenset(english).union(own.split()) - removed

    introducers = frozenset(_INTRODUCERS).union(extra.introducers)
    return _Conventions(
        titles=merged(_TITLES, extra.titles),
        name_ends=merged(_NAME_ENDS, extra.name_ends),
        name_end_suffixes=extra.name_end_suffixes,
        before_numbers=merged(_BEFORE_NUMBERS, extra.before_numbers),
        starters=merged(_STARTERS, extra.starters),
        introducers=introducers,
        introducer_ends=frozenset(i.split()[-1].split(".")[-1] for i in introducers if " " in i),
        ordinal_dot=extra.ordinal_dot or language in _ORDINAL_DOT,
        ordinal_after=_words(extra.ordinal_after),
        year_letters=_words(extra.year_letters),
        amounts=_words(extra.amounts),
    )


# Full stops and the like; 。！？． (and the half-width ｡) end a sentence with no space after.
_CJK_ENDS = "。！？．｡"
_CJK_SET = frozenset(_CJK_ENDS)
# Closing quotes and brackets after the terminator. “ and ‘ close German quotes
# („…“), « closes »…«, and French puts a space before » (« C'est fini. »).
_CLOSERS = "\"'”’“‘»«›‹)\\]）」』〉》】〕*_"
_TERMINATOR = re.compile(
    # Armenian ։, Ethiopic ።, Burmese ။ and Tibetan ། are their scripts' full stops.
    r"[.!?…‽।॥؟۔։።။།" + _CJK_ENDS + r"]+(?:[" + _CLOSERS + r"]|[^\S\n][»›](?!\w))*"
)
# What may stand between one sentence's end and the next and show as no space, or
# as a mark of the first: a backslash Markdown leaves as written ("fled.\\ He" and a
# backslash before a line break), invisible characters, a note's superscript number
# or dagger, a note written "[^1]" where footnotes are off, a dash. The splitter
# reads each as a space.
_GLUE = re.compile(
    # From the first mark of a run only, so that a long run is read once.
    r"(?<![.!?…‽。！？])([.!?…‽。！？]++["
    + _CLOSERS
    + r"]*+)((?:[\\†‡⁰¹²³⁴-⁹—–"
    + INVISIBLE.pattern[1:-1]
    + r"]|\[\^[^\]\s]{1,20}\])+)"
)


# A note's number in plain digits ("fled.<sup>1</sup> The"), after a word or a
# citation, not a number ("3.1", "2.1.4").
_NOTE_NUMBER = re.compile(
    r"(?<=[^\W\d_]|" + CITED + r")([.!?]++[" + _CLOSERS + r"]*+)(\d{1,3})(?=[^\S\n]+\S)"
)


def _spaced(match: re.Match[str]) -> str:
    return match.group(1) + " " * len(match.group(2))


def _unglued(text: str) -> str:
    """``text`` with the glue after each sentence end made spaces, of the same length."""
    return _NOTE_NUMBER.sub(_spaced, _GLUE.sub(_spaced, text))


# The word before a full stop, read backwards from it in a bounded window so that
# each full stop costs one anchored match however long the paragraph is.
_WORD_REVERSED = re.compile(r"[\w.’'-]*")
_WORD_WINDOW = 40
_DOTTED = re.compile(r"[^\W\d_]{1,2}(?:\.-?[^\W\d_]{1,2})+")  # U.S., J.-C.
# Dotted abbreviations of places, bodies and company forms: the last word of a
# noun ("fled to the U.S.", "Fiat S.p.A."), so they may end a sentence before a
# capitalised word. Other dotted letters are a name's initials (J.P. Morgan, A.B.
# InBev) or a degree (Ph.D.), read as a single initial is.
_DOTTED_NOUNS = _words(
    """
    u.s u.k u.n e.u u.s.a u.a.e d.c n.y l.a s.p.a s.r.l n.v b.v s.a s.l a.g p.l.c
    """
)
# Words that end a sentence only before a word that starts one, as an initial does:
# Warner Bros. Discovery, Ft. Worth, the Natl. Guard, Sec. Blinken.
_NAME_PARTS = _words("bros ft natl intl dept univ sec dep")


def _spaces_start(text: str, at: int) -> int:
    """Where the spaces before ``at`` begin."""
    while at > 0 and text[at - 1] in " \t\u00a0":
        at -= 1
    return at


_AFTER_A_NUMBER = re.compile(r"(?:\d|[IVXLC])[^\S\n]+$")

_SAINT_BEFORE = re.compile(r"\b(?:Mount|Mt\.|Port|Fort|Ft\.|Lake|Cape|San|Santa)[^\S\n]+$")
_NAME_BEFORE = re.compile(r"[^\W\d_]*[A-Z][^\W\d_]*[^\S\n]+$")
_CLOCK = _words("a.m p.m")
# EST, PDT, GMT, UTC, CEST: capitals ending in T, or UTC.
_ZONE_NAME = re.compile(r"[A-Z]{1,4}T|UTC|Z")
_TIME_ZONE = re.compile(r"[^\S\n]+(?:[A-Z][a-z]+[^\S\n]+)?(?:time|Time)\b")
_CALENDAR = _words(
    """
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March
    April May June July August September October November December
    """
)
# Capitalised words that follow initials or a name's abbreviation inside a sentence
# (the U.S. Army, U.S. Sen. Smith, the U.N. Refugee Agency, King Jr. Memorial).
_INSTITUTIONS = _words(
    """
    Army Navy Naval Air Marines Marine Marshals Coast Senate House Congress Parliament
    Treasury Government President Vice Secretary Embassy Ambassador Department Justice
    Court Supreme District Judge Magistrate State Federal Attorney Central Bank Military
    Forces Open Envoy Trade Security Council General Assembly Commission Mission Office
    Agency Command Consulate Customs Border Immigration Foreign Home Refugee Geological
    Securities Chamber National Olympic Women's Men's Capitol Census Bureau Postal Mint
    Space Intelligence Special Senator Sen Representative Rep Congressman Congresswoman
    Governor Gov Mayor Gen Adm Col Lt Sgt Maj Capt Memorial University College School
    Hospital Church Cathedral Day High Stadium Prime Minister Secret Deputy Chief Health
    Defense Defence Energy Commerce Labor Labour Interior Education Agriculture
    Transportation Veterans Homeland Citizenship Export Import Permanent Virgin Circuit
    """
)
# Openers a sentence may start with: quotes, brackets, dashes, and Spanish ¿ ¡.
_OPENERS = "\"'“‘„‚«»‹›(\\[（「『*_–—¿¡-"
_SENTENCE_START = re.compile(r"[\s" + _OPENERS + r"]*(\S)")
_NEXT_WORD = re.compile(r"[\s" + _OPENERS + r"]*([\w’'-]*)")
# A word that starts lower case and has a capital inside (eBay, iPhone) may start
# a sentence.
_INNER_CAPITAL = re.compile(r"[^\W\d_]+")
# '"Is it the place?" Demir answers.' is one sentence: a quoted question or
# exclamation followed directly by who said it.
# The tag is short: who, the verb, and at most three words before the sentence or the
# clause ends ("Demir told reporters on Monday."). Anything longer, or a hedge in
# it, is a claim of its own: '"Who paid?" Prosecutors reportedly said the case was
# closed.' is two sentences.
_SPEECH_TAG = re.compile(
    r"\s+(?:[A-Z][\w’'-]*\s+){0,3}"
    r"(?:(?!(?:reported|alleged|purported|supposed|apparent|reputed)ly\b)\w+ly\s+)?"
    r"(?:said|says|asked|asks|answered|answers|replied|replies|told|tells|added|adds|"
    r"wrote|writes|shouted|recalled|continued|insisted|insists)\b"
    r"(?:[^\S\n]+[\w’'-]+){0,3}[\s" + CITED + r"]*(?:[.,!?;:—–]|$)"
)
# Japanese takes a quote up again with the quotative particle: 「終わった。」と言った。
_QUOTATIVE = "とっ"
_LETTER_OR_DIGIT = re.compile(r"\w")
_NON_SPACE = re.compile(r"\S")
_SPACES = re.compile(r"\s*")
_ANY_SPACE = re.compile(r"\s+")


def _starts_sentence(word: str, text: str, end: int, rules: _Conventions) -> bool:
    """Whether ``word`` (ending at ``end``) is a capitalised word that only starts sentences."""
    if not word[:1].isupper() or word.casefold() not in rules.starters:
        return False
    # "J. A. Smith", "the U.S. No. 2": a starter with a full stop is an
    # initial or another abbreviation.
    return not text.startswith(".", end)


def _introduced(text: str, dot: int, bare: str, rules: _Conventions) -> bool:
    """Whether the text before the full stop at ``dot`` is an introducer (e.g., z. B.)."""
    if bare in rules.introducers:
        return True
    if bare not in rules.introducer_ends:
        return False
    before = _ANY_SPACE.sub(" ", text[max(0, dot - 12) : dot]).casefold()
    for introducer in rules.introducers:
        if before.endswith(introducer):
            ahead = len(before) - len(introducer) - 1
            if ahead < 0 or not before[ahead].isalnum():
                return True
    return False


def _word_before(text: str, at: int) -> str:
    """The word (dots, hyphens and apostrophes included) that ends at ``at``, as written."""
    if at <= 0:
        return ""
    start = max(0, at - _WORD_WINDOW)
    window = text[at - 1 : start - 1 : -1] if start else text[at - 1 :: -1]
    word = _WORD_REVERSED.match(window)
    return word.group()[::-1] if word else ""


def _bare(word: str) -> str:
    bare = word.strip("'’-").lower()
    # An elided article or preposition before it (Italian l'avv., dell'on., French
    # l'abbé): the abbreviation is what follows the apostrophe.
    for apostrophe in "'’":
        before, found, after = bare.rpartition(apostrophe)
        if found and after and before in _ELISIONS:
            return after
    return bare


# Articles and prepositions written elided before a word (l'avv., dell'on., qu'il), not
# the ends of English contractions and possessives (won't, Kim's).
_ELISIONS = _words("l d dell dall nell sull all coll un qu j n s c m t")


def _is_title(text: str, dot: int, rules: _Conventions, bare: str | None = None) -> bool:
    """Whether the word before the full stop at ``dot`` is a title or an introducer.

    ``bare`` is that word as :func:`_bare` gives it, where the caller has read it.
    """
    if bare is None:
        bare = _bare(_word_before(text, dot))
    return bool(bare) and (bare in rules.titles or _introduced(text, dot, bare, rules))


# What _abbreviation makes of a full stop: the end of a sentence, an abbreviation
# inside one, or an abbreviation that may end one (see _unreached).
_ENDS, _INSIDE, _MAY_END = 0, 1, 2


def _abbreviation(text: str, dot: int, after: int, rules: _Conventions) -> int:
    """Whether the '.' at ``dot`` ends a sentence, closes an abbreviation, or may do either.

    ``after`` is where the text after the full stop (and any citation there) starts.
    """
    word = _word_before(text, dot)
    bare = _bare(word)
    if not bare:
        return _ENDS
    if _is_title(text, dot, rules, bare):
        return _INSIDE
    next_word = _NEXT_WORD.match(text, after)
    assert next_word is not None  # every part of it is optional
    following = next_word.group(1)
    ends_here = _starts_sentence(following, text, next_word.end(), rules)
    if bare in rules.amounts:
        return _ENDS if ends_here else _INSIDE
    if bare.isdigit():
        # An ordinal has at most three digits (19. Jahrhundert, 100. Mal); a year ends.
        ordinal = len(bare) <= 3 and rules.ordinal_dot and following[:1].isupper()
        if not ordinal or ends_here:
            return _ENDS
        if rules.ordinal_after:
            before = _bare(_word_before(text, _spaces_start(text, dot - len(word))))
            if before not in rules.ordinal_after:
                return _MAY_END  # "auf Platz 3. Trainer Müller": a score, a number
        return _INSIDE
    if len(bare) == 1 and bare.isalpha():
        if bare in rules.year_letters and _AFTER_A_NUMBER.search(text, max(0, dot - 12), dot - 1):
            return _ENDS  # "year" or "century" after a number: "в 2015 г.", "w 1990 r."
        # An initial (J. R. Smith), or Plan B. at the end.
        return _ENDS if ends_here else _INSIDE
    if bare in _CLOCK:
        # "8 p.m. Turnout fell": only a time zone ("8 p.m. EST", "8 p.m. Moscow time"),
        # a day or a month runs on.
        if ends_here:
            return _ENDS
        if (
            not following[:1].isupper()
            or _ZONE_NAME.fullmatch(following)
            or following in _CALENDAR
            or _TIME_ZONE.match(text, next_word.end())
        ):
            return _INSIDE
        return _ENDS
    if bare in _NAME_PARTS or (_DOTTED.fullmatch(bare) and bare not in _DOTTED_NOUNS):
        return _ENDS if ends_here else _INSIDE  # "J.P. Morgan", "Ph.D. She"
    if (
        _DOTTED.fullmatch(bare)
        or bare in rules.name_ends
        or (rules.name_end_suffixes and bare.endswith(rules.name_end_suffixes))
    ):
        # U.S., Jr., St.: usually inside the sentence, but a capitalised word that only
        # ever starts a sentence shows that this one ended here.
        if _DOTTED.fullmatch(bare) and _names_a_body(text, next_word.end(), following):
            return _INSIDE  # "the N.Y. Police Department": a starter, but a name's part
        if ends_here:
            return _ENDS
        institution = following.split("-")[0]  # "U.N. Secretary-General"
        if not following[:1].isupper() or (word[:1].isupper() and institution in _INSTITUTIONS):
            return _INSIDE  # "the U.S. Army", "the U.K. Treasury"
        start = dot - len(word)
        if bare == "st" and (
            following.endswith(("'s", "’s"))
            or _SAINT_BEFORE.search(text, max(0, start - 12), start)
            or not _NAME_BEFORE.search(text, max(0, start - 40), start)
        ):
            # Saint: "St. Mary's", "Mount St. Helens", "to St. Louis"; a street follows
            # its name (Downing St.).
            return _INSIDE
        return _MAY_END
    if bare in rules.before_numbers and following[:1].isdigit():
        return _INSIDE
    if bare in _COMPANY_SUFFIXES and (
        following in _COMPANY_OFFICERS or following.lower() in _COMPANY_SUFFIXES
    ):
        return _INSIDE  # "Acme Inc. Chief Executive Jane Roe said", "Hyundai Motor Co. Ltd."
    return _ENDS


# The last word of a body's name after a place ("the N.Y. Police Department"): the word
# before it may start sentences, but not with this after it.
_BODY_ENDS = _words(
    """
    Department Dept Service Agency Force Commission Office Authority Board Bureau Court
    Council Ministry Academy Union Corps Guard Patrol
    """
)


def _company_form_at(text: str, at: int) -> bool:
    """Whether the word from ``at`` on is a company's form ("Inc.", "Ltd.")."""
    word = _NEXT_WORD.match(text, at)
    return word is not None and word.group(1).lower() in _COMPANY_SUFFIXES


def _names_a_body(text: str, end: int, following: str) -> bool:
    """Whether ``following``, ending at ``end``, and the word after it name a body."""
    if not following[:1].isupper():
        return False
    after = _NEXT_WORD.match(text, end)
    return after is not None and after.group(1) in _BODY_ENDS


def _unreached(text: str, begin: int, stop: int, ends: Sequence[int], cited: Sequence[int]) -> int:
    """Where a sentence is cut at an abbreviation that may end it, or -1 to keep it whole.

    "According to the board [@a], talks moved to the U.S. Turnout reportedly fell": the
    full stop after an abbreviation such as U.S. or St. may end a sentence or not, and
    is read as not. A citation before it that the rest of the sentence lacks is then
    taken to stop there, so that the rest is a claim of its own rather than one the
    citation silently covers. ``ends`` are such full stops, ``cited`` where the
    citations start, both sorted.
    """
    first = bisect.bisect_left(cited, begin)
    last = bisect.bisect_left(cited, stop) - 1
    if last < first:
        return -1  # uncited throughout: one claim, one finding
    index = bisect.bisect_right(ends, cited[last])
    if index < len(ends) and ends[index] < stop:
        return ends[index]
    return -1


def _run_together(text: str, match: re.Match[str]) -> bool:
    """Whether a sentence ends at ``match`` with its space left out: "said no.The minister".

    A citation or a word of two lower-case letters or more before the mark, and a
    capitalised word right after it, is a typing slip, not an address, a number or an
    abbreviation (example.org, 3.5, U.S., Node.js), so the two sentences stay two:
    read as one, a citation of the first would cover the second.
    """
    at, end = match.start(), match.end()
    if match.group() not in ".!?" or end + 1 >= len(text):
        return False
    if not (text[end].isupper() and text[end + 1].islower()):
        return False
    if at > 0 and text[at - 1] == CITED:
        return True  # "resigned [@a].The": a citation closes the sentence before
    word = _word_before(text, at)
    return len(word) >= 2 and word.isalpha() and word.islower() and word not in _JOINED_WORDS


def _skip_citations(end: int, citations: dict[int, int], text: str) -> int:
    """Move ``end`` past citations that stand right after the closing punctuation."""
    while True:
        probe = _SPACES.match(text, end)
        assert probe is not None  # \s* always matches
        stop = citations.get(probe.end())
        if stop is None:
            return end
        end = stop


def _looks_like_a_start(text: str, at: int, char: str) -> bool:
    """Whether ``char``, the first character after openers at ``at``, can start a sentence.

    Only a lower-case letter says the sentence runs on ("approx. five", "etc. and"),
    and not even that when a capital follows in the same word (eBay, iPhone). Anything
    else may start one: a capital, a digit, a letter of a script without case, a
    currency sign ("$5bn was wiped off"), a hashtag, an apostrophe ('Twas), code.
    """
    if not char.islower():
        return True
    word = _INNER_CAPITAL.match(text, at)
    return word is not None and any(c.isupper() for c in word.group()[1:])


# A semicolon (Chinese ；, Arabic ؛), a line break, a dash or an ellipsis straight after
# a citation: the clause it supports ends there, and what follows is a claim of its own
# ("He resigned [@a]; others reportedly stayed"). A dash may be typed as "--" or a spaced
# "-"; one before a number is a range. A comma does not end one: "[@a], the paper
# said" is attribution.
_CLAUSE_MARK = re.compile(
    r"[^\S\n]*(?:[;；؛" + LINE_BREAK + r"]|\.\.\.|…|(?:[—–]|--|(?<=\s)-(?=\s))(?![^\S\n]*\d))"
)


def _in_quotation(text: str, begin: int, at: int) -> bool:
    """Whether a quotation opened in ``text[begin:at]`` is still open at ``at``.

    German closes „ with “, which opens an English quotation; « and » open and close
    either way round (French «…», German »…«).
    """
    part = text[begin:at]
    if part.count('"') % 2 or part.count("«") != part.count("»"):
        return True
    if "„" in part:
        return part.count("„") > part.count("“")
    return part.count("“") > part.count("”")


def _split_at_citations(
    text: str,
    spans: list[tuple[int, int]],
    citations: Sequence[tuple[int, int]],
    rules: _Conventions,
) -> list[tuple[int, int]]:
    """Cut ``spans`` after a citation that a sentence's first word follows, full stop or not.

    "It sat [@a] The mayor reportedly resigned." is two sentences with the full stop
    left out: read as one, the citation would count as the hedge's own. Only a word
    that starts sentences and never names (The, He, Officials) counts, so "[@a] Ankara
    appealed" mid-sentence runs on. A citation before a semicolon, a dash or an
    ellipsis (:data:`_CLAUSE_MARK`) ends its claim whatever word follows.
    """
    ends = [end for _, end in citations]
    cut: list[tuple[int, int]] = []
    for begin, stop in spans:
        at = begin
        index = bisect.bisect_right(ends, begin)
        while index < len(ends) and ends[index] < stop:
            end = ends[index]
            index += 1
            clause = _CLAUSE_MARK.match(text, end)
            if clause is not None:
                if _in_quotation(text, begin, end):
                    continue  # '"It stands [@a] — for now," she said': the quote runs on
                end = clause.end()  # the mark closes the clause the citation supports
            else:
                word = _NEXT_WORD.match(text, end)
                assert word is not None  # every part of it is optional
                if word.start(1) == end or not _starts_sentence(
                    word.group(1), text, word.end(), rules
                ):
                    continue
            if _LETTER_OR_DIGIT.search(text, at, end) and _LETTER_OR_DIGIT.search(text, end, stop):
                cut.append((at, end))
                at = end
        cut.append((at, stop))
    return cut


def _split_blocks(
    text: str,
    citations: Sequence[tuple[int, int]],
    language: str,
    may_end: list[int] | None,
) -> list[tuple[int, int]]:
    """Split each run of ``text`` between block breaks on its own, at its own offsets."""
    found: list[tuple[int, int]] = []
    start = 0
    while start <= len(text):
        stop = text.find(BLOCK_BREAK, start)
        stop = len(text) if stop == -1 else stop
        inside = [(b - start, e - start) for b, e in citations if start <= b < stop]
        ends: list[int] = []
        for begin, end in split_sentences(text[start:stop], inside, language, ends):
            found.append((begin + start, end + start))
        if may_end is not None:
            may_end.extend(at + start for at in ends)
        start = stop + 1
    return found


def split_sentences(
    text: str,
    citations: Sequence[tuple[int, int]] = (),
    language: str = "en",
    may_end: list[int] | None = None,
) -> list[tuple[int, int]]:
    """Return ``(start, end)`` of each sentence in ``text``.

    Args:
        text: rendered prose: code replaced by an opaque filler, citations
            blanked, entities decoded.
        citations: the ``(start, end)`` of each citation group, sorted; one that
            stands just after a sentence's closing punctuation (after any
            spaces, a line break included) belongs to it.
        language: the entry's BCP 47 language tag; only the primary subtag
            counts, and a language without conventions of its own is read with
            the English ones.
        may_end: if given, receives where a sentence was read as running on past
            an abbreviation that may also end one (after "the U.S."), so that a
            hedge before such a place can be told from the citation after it.

    """
    if BLOCK_BREAK in text:
        return _split_blocks(text, citations, language, may_end)
    rules = _conventions(_primary_subtag(language))
    text = _unglued(text)
    starts = dict(citations)
    spans: list[tuple[int, int]] = []
    may_end = [] if may_end is None else may_end
    start = 0
    length = len(text)
    for match in _TERMINATOR.finditer(text):
        mark = match.group()
        end = match.end()
        if starts:
            end = _skip_citations(end, starts, text)
        if not _CJK_SET.isdisjoint(mark):
            # No space after 。, and no case to look at; only Japanese 」と runs on.
            if end < length and text[end] in _QUOTATIVE and mark[-1] in "」』":
                continue
            if (
                mark == "．"
                and match.start() > 0
                and end < length
                and text[match.start() - 1].isdigit()
                and text[end].isdigit()
            ):
                continue  # a full-width decimal point: ３．５％
        elif (
            mark == "."
            and match.start() > 0
            and text[match.start() - 1] == CITED
            and (end == length or text[end].isspace())
        ):
            pass  # "fled [@a]. de Gaulle": a citation and a full stop end a sentence
        else:
            if end < length and not text[end].isspace() and not _run_together(text, match):
                continue  # 3.5, example.org, "here…,"
            first = _SENTENCE_START.match(text, end)
            if (
                first is not None
                and not first[1].isupper()
                and not _looks_like_a_start(text, first.start(1), first[1])
            ):
                continue
            if mark.startswith(".") and not mark.startswith("..."):
                if end == match.end():
                    kind = _abbreviation(text, match.start(), end, rules)
                    if kind == _MAY_END:
                        may_end.append(end)
                    if kind != _ENDS:
                        continue
                # A citation straight after the full stop says the sentence ended there,
                # even after a word that could end one or not ("in the U.S. [@a] Minister
                # Smith reportedly fled"): an editor cites at the end of what the source
                # supports. Only a title (Fr., Rt. Hon.) is never the last word.
                elif _is_title(text, match.start(), rules):
                    continue
            if (
                mark[:1] in "?!"
                and len(mark.rstrip()) > 1
                and end == match.end()
                and _SPEECH_TAG.match(text, end)
            ):
                continue  # a citation between the quote and the tag ends the sentence
            if mark == "!" and end == match.end() and _company_form_at(text, end):
                continue  # "Yahoo! Inc.": the company's name
        spans.append((start, end))
        start = end
    spans.append((start, length))
    if may_end and citations:
        cited = [begin for begin, _ in citations]
        cut = []
        for begin, stop in spans:
            at = _unreached(text, begin, stop, may_end, cited)
            cut.extend([(begin, at), (at, stop)] if at >= 0 else [(begin, stop)])
        spans = cut
    if citations:
        spans = _split_at_citations(text, spans, citations, rules)
    result = []
    for begin, stop in spans:
        found = _NON_SPACE.search(text, begin, stop)
        if found is None:
            continue
        begin = found.start()
        stop = begin + len(text[begin:stop].rstrip())
        if _LETTER_OR_DIGIT.search(text, begin, stop):
            result.append((begin, stop))
    return result
