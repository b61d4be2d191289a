"""Hedge phrases (rule ST021): the lists by language, and a digest's changes to them.

``find`` is given a sentence's rendered prose; what it names is the hedge as
written, with soft hyphens and zero-width characters taken out and the spaces
inside it made single, so the message shows the words an editor sees.
"""

from __future__ import annotations

import time

import pytest

from build_tools.rules.hedges import (
    DEFAULT_HEDGES,
    ENGLISH,
    HEDGES,
    HedgeListError,
    Hedges,
    find_hedge,
    primary_language,
)

HEDGED: list[tuple[str, str]] = [
    ("The officer reportedly met him.", "reportedly"),
    ("Allegedly, the officer met him.", "Allegedly"),
    ("The officer is said to have met him.", "is said to"),
    ("The officer is believed to be in Ankara.", "is believed"),
    ("According to reports, the officer met him.", "According to reports"),
    ("Sources said the officer\nmet him.", "Sources said"),
    ("It is understood that they met.", "It is understood"),
    # The reporting passives that hedge: reported to have or be, reported that.
    ("The officer was reported to have met him.", "was reported to have"),
    ("The officers were reported to be in Ankara.", "were reported to be"),
    ("The officer is reported to have left.", "is reported to have"),
    ("It was reported that the officer left.", "It was reported that"),
    ("It is reported that the officer left.", "It is reported that"),
    # Anonymous sourcing.
    ("Sources close to the minister said he would resign.", "Sources close to"),
    ("He will resign, people familiar with the matter said.", "people familiar with"),
    ("A person familiar with the talks said they failed.", "A person familiar with"),
    ("The talks failed, a source said.", "a source said"),
    ("A source told the paper the talks failed.", "A source told"),
    (
        "Officials said on condition of anonymity that the talks failed.",
        "on condition of anonymity",
    ),
    ("Speaking on condition of anonymity, an aide said no.", "on condition of anonymity"),
    ("The minister is understood to have resigned.", "is understood to"),
    ("The ministers are understood to oppose it.", "are understood to"),
    ("The officer is alleged to have fired first.", "is alleged to"),
    ("The officers are alleged to have lied.", "are alleged to"),
    ("He was alleged to have taken bribes.", "was alleged to"),
    ("The minister is rumoured to be leaving.", "is rumoured to"),
    ("Insiders say the deal is done.", "Insiders say"),
    ("Insiders said the deal was done.", "Insiders said"),
    ("According to people familiar with it, the deal is done.", "According to people familiar"),
    ("According to a source, the deal is done.", "According to a source"),
    ("An aide, who asked not to be named, said no.", "asked not to be named"),
    # More anonymous sourcing and impersonal forms of news copy.
    ("A senior official, speaking anonymously, said it failed.", "speaking anonymously"),
    ("Officials, who requested anonymity, said he left.", "requested anonymity"),
    ("He left, an unnamed official said.", "unnamed official"),
    ("He left, according to unnamed sources.", "unnamed sources"),
    ("A government source said he left.", "A government source"),
    ("He left, said a person with direct knowledge.", "a person with direct knowledge"),
    ("Insiders claim it failed.", "Insiders claim"),
    ("He left, local media reported.", "media reported"),
    ("It is thought that he left.", "It is thought that"),
    ("It has been suggested that he left.", "It has been suggested that"),
    ("It is widely believed that he left.", "It is widely believed"),
    ("It emerged that the talks had failed.", "It emerged that"),
    ("Rumour has it that he left.", "Rumour has it"),
    # Written with invisible characters inside: found, and named without them.
    ("The officer re\u00adportedly met him.", "reportedly"),
    ("The officer al\u200blegedly met him.", "allegedly"),
    ("Sources\u2060 said\ufeff he left.", "Sources said"),
    ("He was re\u200dported to have left.", "was reported to have"),
    # Every character Unicode says shows nothing: word joiners, invisible operators,
    # the combining grapheme joiner, direction marks, variation selectors, tags.
    ("He re\u2063portedly left.", "reportedly"),
    ("He re\u034fportedly left.", "reportedly"),
    ("He rep\u200eortedly left.", "reportedly"),
    ("He alleged\ufe0fly left.", "allegedly"),
    ("He repor\U000e0020tedly left.", "reportedly"),
    # Letters that read as Latin ones: full-width and mathematical forms, ligatures,
    # and look-alikes from Cyrillic, Greek and Turkish (named as written).
    (
        "The mayor \uff52\uff45\uff50\uff4f\uff52\uff54\uff45\uff44\uff4c\uff59 left.",
        "\uff52\uff45\uff50\uff4f\uff52\uff54\uff45\uff44\uff4c\uff59",
    ),
    (
        "He \U0001d42b\U0001d41e\U0001d429\U0001d428\U0001d42b\U0001d42d\U0001d41e\U0001d41d"
        "\U0001d425\U0001d432 left.",
        "\U0001d42b\U0001d41e\U0001d429\U0001d428\U0001d42b\U0001d42d\U0001d41e\U0001d41d"
        "\U0001d425\U0001d432",
    ),
    ("The \ufb01rm was alleged to have paid.", "was alleged to"),
    ("The mayor r\u0435portedly resigned.", "r\u0435portedly"),
    ("The mayor \u0430llegedly resigned.", "\u0430llegedly"),
    ("The deal is \u03c1urportedly done.", "\u03c1urportedly"),
    ("It \u0131s said to be done.", "It \u0131s said"),
    # Present tense, contractions and the other forms of the same phrases.
    ("A source says the minister fled.", "A source says"),
    ("One source says the minister fled.", "One source says"),
    ("An insider says the deal is done.", "An insider says"),
    ("Sources have said the deal is done.", "Sources have said"),
    ("Sources suggest the deal is done.", "Sources suggest"),
    ("It\u2019s understood that the minister fled.", "It\u2019s understood"),
    ("It's believed he fled.", "It's believed"),
    ("It has been claimed that he fled.", "It has been claimed"),
    ("It is being reported that he fled.", "It is being reported"),
    ("A person close to the minister said he fled.", "A person close to"),
    ("He fled, according to one source.", "according to one source"),
    ("He is widely reported to have fled.", "is widely reported to"),
    ("An aide, who declined to be identified, said no.", "declined to be identified"),
    ("A well placed source said no.", "A well placed source"),
    ("An anonymous official said no.", "An anonymous official"),
    ("He fled, according to media reports.", "according to media reports"),
    ("Media reports say he fled.", "Media reports say"),
    ("The man, believed to have been armed, fled.", "believed to have been"),
    ("He is now believed to be in Spain.", "now believed to"),
    ("Media reports have claimed that he fled.", "Media reports have claimed"),
    ("The man, believed to be 34, was arrested.", "believed to be"),
    ("A man said to be the group's leader was arrested.", "said to be"),
    ("People close to the minister said he would resign.", "People close to"),
    ("Sources at the ministry said the deal was off.", "Sources at the"),
    ("An official who did not want to be named said so.", "did not want to be named"),
    ("He was granted anonymity to speak.", "was granted anonymity"),
    ("He was named in media reports as the buyer.", "named in media reports"),
    # Named with its spaces made single, a no-break space among them.
    ("According\u00a0to   reports, he left.", "According to reports"),
]


@pytest.mark.parametrize(("sentence", "hedge"), HEDGED, ids=[s[:40] for s, _ in HEDGED])
def test_hedges_are_found_and_named_as_written(sentence: str, hedge: str) -> None:
    assert find_hedge(sentence) == hedge


@pytest.mark.parametrize(
    "sentence",
    [
        # Plain passives: reported to someone, reported at some interval.
        "The theft was reported to police.",
        "Turnover is reported quarterly.",
        "The loss was reported in March and is reported again in the accounts.",
        "The thefts were reported to the harbour master.",
        "Little is said about it in the record.",
        # Plain attribution, and words that only look like hedges.
        "The newspaper reported the count.",
        "The officer said to Demir that he would come.",
        "The judge found the claim apparent to all.",
        "The source of the river is in Vellmar.",
        "The court's sources were the police files.",
        # A hedge word inside another word.
        "The unreportedlyx form is not a word.",
        # Passives and words of the forms above, used plainly.
        "It was reported to police on Monday.",
        "It is reported in the accounts every year.",
        "The plan was thought through.",
        "The donor gave anonymously.",
        "It emerged from the harbour at dawn.",
        "The unnamed street runs to the port.",
        # Phrases that hedge only in a fuller form.
        "The judge did what he believed to be right.",
        "The ministry banned media reports about the trial.",
        "According to media law, the ban is void.",
        # ... and plain court and business reporting that shares their words.
        "Nothing was said to the family.",
        "The judge granted anonymity to two witnesses.",
        "The deposit is returned if it is claimed within 30 days.",
        "Several media reports have since been corrected.",
        "She said to be careful.",
        # A hedge word in an address, which is no prose.
        "The filing is at https://example.org/allegedly-fraud.",
        "The filing is at www.allegedly.example today.",
        "Write to reportedly@example.org for the file.",
    ],
)
def test_plain_passives_and_attribution_are_no_hedges(sentence: str) -> None:
    assert find_hedge(sentence) is None


@pytest.mark.parametrize(
    ("language", "sentence", "hedge"),
    [
        ("de", "Berichten zufolge trat der Minister zurück.", "Berichten zufolge"),
        ("de-CH", "Der Minister ist, wie es heißt, zurückgetreten.", "wie es heißt"),
        ("de", "Angeblich traf er ihn.", "Angeblich"),
        ("fr", "Selon nos informations, le ministre a démissionné.", "Selon nos informations"),
        ("fr", "Un conseiller, sous couvert d’anonymat, l’a confirmé.", "sous couvert d’anonymat"),
        ("es", "Al parecer, el ministro dimitió.", "Al parecer"),
        ("es", "El ministro presuntamente aceptó sobornos.", "presuntamente"),
        ("tr", "İddiaya göre bakan istifa etti.", "İddiaya göre"),
        ("tr", "Bakanın istifa ettiği öğrenildi.", "öğrenildi"),
        ("pt-BR", "Segundo fontes, o ministro renunciou.", "Segundo fontes"),
        ("pt", "O ministro supostamente aceitou subornos.", "supostamente"),
        ("it", "Secondo indiscrezioni, il ministro si è dimesso.", "Secondo indiscrezioni"),
        ("nl", "De minister is naar verluidt afgetreden.", "naar verluidt"),
        ("ru", "Министр якобы подал в отставку.", "якобы"),
        ("ru", "По данным источников, министр ушёл.", "По данным источников"),
        # Forms newsrooms use that the first lists missed.
        ("ru", "По данным источника, министр ушёл.", "По данным источника"),
        ("de", "Dem Vernehmen nach trat der Minister zurück.", "Dem Vernehmen nach"),
        (
            "de",
            "Das sagte ein Beamter, der nicht genannt werden wollte.",
            "der nicht genannt werden wollte",
        ),
        ("fr", "Le ministre est parti, selon son entourage.", "selon son entourage"),
        ("es", "Según varias fuentes, el ministro dimitió.", "Según varias fuentes"),
        ("pt", "Ao que tudo indica, o ministro demitiu-se.", "Ao que tudo indica"),
        (
            "it",
            "Secondo quanto si apprende, il ministro si è dimesso.",
            "Secondo quanto si apprende",
        ),
        (
            "nl",
            "Volgens welingelichte bronnen is de minister vertrokken.",
            "Volgens welingelichte bronnen",
        ),
        ("pl", "Według nieoficjalnych ustaleń minister odszedł.", "Według nieoficjalnych ustaleń"),
        ("tr", "Bakanın istifa ettiği öne sürülüyor.", "öne sürülüyor"),
        ("en", "He's said to have fled.", "He's said to"),
        ("en", "Officials briefed on the talks said no.", "Officials briefed on"),
        # Chinese and Japanese phrases stand between other words with no space.
        ("zh", "部长据报道已经辞职。", "据报道"),
        ("ja", "関係者によると、大臣は辞任した。", "関係者によると"),
        ("ko", "장관이 사임한 것으로 알려졌다.", "것으로 알려졌다"),
        ("ar", "بحسب مصادر، استقال الوزير.", "بحسب مصادر"),
        ("he", "לפי הדיווחים, השר התפטר.", "לפי הדיווחים"),
        ("hi", "मंत्री ने कथित तौर पर इस्तीफा दिया।", "कथित तौर पर"),
        ("pl", "Minister podobno podał się do dymisji.", "podobno"),
        # A language without a list of its own is held to the English one.
        ("sv", "Ministern, reportedly, avgick.", "reportedly"),
    ],
)
def test_each_language_has_its_own_list(language: str, sentence: str, hedge: str) -> None:
    assert Hedges.for_language(language).find(sentence) == hedge


@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        ("de", "Der Minister trat zurück, teilte das Ministerium mit."),
        ("de", "The officer reportedly met him."),  # English words in German copy
        ("fr", "Le ministre a démissionné, a indiqué le ministère."),
        ("es", "El ministro dimitió, según el ministerio."),
        ("tr", "Bakan istifa etti, bakanlık açıkladı."),
        # Conditionals and the words for a suspect are grammar, not hedges.
        ("pt", "O suposto autor teria fugido, disse o tribunal."),
        ("it", "Il presunto autore è stato arrestato, ha detto la procura."),
        ("nl", "De minister zou aftreden, meldde het ministerie."),
        ("ru", "Министр ушёл в отставку, сообщило министерство."),
        ("pl", "Minister podał się do dymisji, poinformował resort."),
        ("zh", "部长已经辞职，外交部表示。"),
        ("ja", "大臣は辞任したと外務省が発表した。"),
    ],
)
def test_plain_attribution_in_other_languages_is_no_hedge(language: str, sentence: str) -> None:
    assert Hedges.for_language(language).find(sentence) is None


def test_a_hedge_beside_an_address_is_still_found() -> None:
    assert find_hedge("He reportedly left; see https://example.org/x.") == "reportedly"
    assert find_hedge("Mail allegedly went to clerk@example.org.") == "allegedly"
    # An address ends at a dash or an ellipsis, even with no space after it.
    assert find_hedge("It is at https://example.org/a—reportedly forged.") == "reportedly"
    assert find_hedge("It is at www.example.org…allegedly hacked.") == "allegedly"


@pytest.mark.parametrize("ending", [" @", " ://", " www."])
def test_a_long_run_without_spaces_is_read_in_linear_time(ending: str) -> None:
    # Each start of an address is looked for in a bounded window: 100 KB of "a-a-…"
    # once took minutes. A ratio, not a time: the larger text is 20 times the smaller.
    def cost(n: int) -> float:
        text = "a-" * n + ending
        best = float("inf")
        for _ in range(3):
            started = time.perf_counter()
            find_hedge(text)
            best = min(best, time.perf_counter() - started)
        return best

    assert cost(50_000) < 60 * max(cost(2_500), 1e-4)


def test_the_english_default_serves_callers_that_know_no_language() -> None:
    english = Hedges.for_language()
    assert english == Hedges.for_language("en-GB") == Hedges.for_language(None)
    assert english.phrases == ENGLISH == HEDGES == DEFAULT_HEDGES["en"]
    assert english.language == "en"
    assert Hedges.for_language("sv").phrases == ENGLISH


@pytest.mark.parametrize("language", sorted(DEFAULT_HEDGES))
def test_every_listed_phrase_is_found_in_copy(language: str) -> None:
    phrases = DEFAULT_HEDGES[language]
    assert len(set(phrases)) == len(phrases)
    assert all(p == " ".join(p.lower().split()) for p in phrases)
    hedges = Hedges.for_language(language)
    for phrase in phrases:
        written = phrase[0].upper() + phrase[1:]
        assert hedges.find(f"{written} xx.") == written
        assert hedges.find(f"Xx {phrase}, xx.") == phrase


def test_bare_reporting_passives_are_no_longer_listed() -> None:
    for passive in ("is reported", "are reported", "was reported", "were reported"):
        assert passive not in ENGLISH


def test_a_digest_adds_and_removes_phrases_for_its_language() -> None:
    hedges = Hedges.for_language(
        "en",
        add={"en": ["Sources in  the Party"], "de": ["parteikreisen"]},
        remove={"en": ["apparently"], "de": ["angeblich"]},
    )
    assert hedges.phrases[-1] == "sources in the party"
    assert "apparently" not in hedges.phrases and "parteikreisen" not in hedges.phrases
    assert len(hedges.phrases) == len(ENGLISH)
    assert hedges.find("Sources in the party said he would go.") == "Sources in the party"
    assert hedges.find("He apparently left.") is None
    assert Hedges.for_language("en").find("He apparently left.") == "apparently"
    german = Hedges.for_language("de-AT", remove={"de": ["angeblich"]}, add={"de": ["Angeblich"]})
    assert german.phrases == (*DEFAULT_HEDGES["de"][1:], "angeblich")


def test_a_digest_may_remove_every_phrase() -> None:
    hedges = Hedges.for_language("tr", remove={"tr": list(DEFAULT_HEDGES["tr"])})
    assert hedges.phrases == ()
    assert hedges.find("İddiaya göre bakan istifa etti.") is None


def test_removing_an_unlisted_phrase_names_the_nearest() -> None:
    with pytest.raises(HedgeListError) as raised:
        Hedges.for_language("en", remove={"en": ["reportdly"]})
    assert str(raised.value) == (
        "cannot remove hedge 'reportdly' for 'en': it is not in the list; "
        "did you mean 'reportedly'?"
    )
    with pytest.raises(HedgeListError) as raised:
        Hedges.for_language("de", remove={"de": ["quatsch"]})
    assert str(raised.value) == (
        "cannot remove hedge 'quatsch' for 'de': it is not in the list; "
        "see 'sourcetrace explain ST021'"
    )


def test_adding_a_phrase_without_words_is_refused() -> None:
    with pytest.raises(HedgeListError) as raised:
        Hedges.for_language("en", add={"en": [" -- "]})
    assert str(raised.value) == "cannot add hedge ' -- ' for 'en': it has no words"
    with pytest.raises(HedgeListError) as raised:
        Hedges.for_language("en", add={"en": "reportedly"})
    assert str(raised.value) == (
        "hedges for 'en' must be a list of phrases, found the text 'reportedly'"
    )


def test_the_plugin_option_is_read_as_mkdocs_yml_holds_it() -> None:
    option = {"en": {"add": ["sources in the party"], "remove": ["apparently"]}, "de": {}}
    hedges = Hedges.from_option("en-US", option)
    assert hedges == Hedges.for_language(
        "en", add={"en": ["sources in the party"]}, remove={"en": ["apparently"]}
    )
    assert Hedges.from_option("de", option).phrases == DEFAULT_HEDGES["de"]
    assert Hedges.from_option("en", None) == Hedges.for_language("en")


@pytest.mark.parametrize(
    ("option", "message"),
    [
        (
            ["reportedly"],
            "hedges must map a language to its changes, e.g. {en: {add: [...], remove: [...]}}",
        ),
        (
            {"en": ["reportedly"]},
            "hedges.en must hold 'add' and/or 'remove', each a list of phrases",
        ),
        (
            {"en": {"drop": ["x"]}},
            "hedges.en must hold 'add' and/or 'remove', each a list of phrases",
        ),
        ({"en": {"add": "reportedly"}}, "hedges.en.add must be a list of phrases"),
        ({"de": {"remove": [3]}}, "hedges.de.remove must be a list of phrases"),
    ],
)
def test_a_malformed_plugin_option_is_refused_with_its_place(option: object, message: str) -> None:
    with pytest.raises(HedgeListError) as raised:
        Hedges.from_option("en", option)
    assert str(raised.value) == message


@pytest.mark.parametrize(
    ("tag", "primary"),
    [("en", "en"), ("pt-BR", "pt"), ("zh_Hant_TW", "zh"), ("DE", "de"), ("", "en"), (None, "en")],
)
def test_the_primary_subtag_chooses_the_list(tag: str | None, primary: str) -> None:
    assert primary_language(tag) == primary


def test_a_digest_s_own_list_in_another_script_finds_its_phrases_capitalised() -> None:
    # Look-alike letters are mapped in prose and phrases alike, whatever their case.
    russian = Hedges.for_language("ru", add={"ru": ["возможно"]})
    assert russian.find("Возможно, он ушёл.") == "Возможно"
    greek = Hedges.for_language("el", add={"el": ["μάλλον"]})
    assert greek.find("Μάλλον έφυγε.") == "Μάλλον"
    assert find_hedge("\u0410llegedly, he left.") == "\u0410llegedly"  # a Cyrillic capital A
