import markdown

from bench.phases import PHASES, Timings, format_timings, instrumented


def test_each_phase_is_timed_while_instrumented_and_restored_after() -> None:
    original = markdown.Markdown.convert
    timings = Timings()
    with instrumented(timings):
        assert markdown.Markdown.convert is not original
        markdown.Markdown().convert("A paragraph.\n\n" * 200)
    assert markdown.Markdown.convert is original
    conversion = timings.clocks["Python-Markdown conversion"]
    assert conversion.calls == 1
    assert conversion.seconds > 0
    assert timings.missing == []
    assert set(timings.clocks) == {label for label, _, _ in PHASES}


def test_a_phase_this_code_base_lacks_is_reported_not_dropped() -> None:
    timings = Timings(total=2.0, missing=["search index (page)"])
    text = format_timings(timings, 4)
    first = "whole build (CPU)                        2.00 s  100% (500.0 ms/entry)"
    assert text.splitlines()[0] == first
    assert "search index (page)                  not measured: no such function" in text
