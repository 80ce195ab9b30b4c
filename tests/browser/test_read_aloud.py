"""朗读本页 in a real browser, with speech synthesis stubbed in the test browser only: what is handed to it is
the page's main content (not the menus) in the page's language, sentence by sentence with that sentence
highlighted; pause, resume and stop work by keyboard; a browser without a voice for the language says so."""

import json

import pytest
from playwright.sync_api import expect

# Replaces the browser's speechSynthesis before any page script runs: it records every utterance and call,
# speaks nothing, and finishes the current utterance only when the test says so (window.__finish()).
STUB = """(voices) => {
  window.__spoken = []; window.__calls = []; window.__current = null;
  const synth = new EventTarget();
  synth.getVoices = () => voices;
  synth.speak = u => { window.__spoken.push({text: u.text, lang: u.lang, voice: u.voice && u.voice.lang});
    window.__current = u; setTimeout(() => u.onstart && u.onstart({}), 0); };
  synth.pause = () => window.__calls.push('pause');
  synth.resume = () => window.__calls.push('resume');
  synth.cancel = () => { window.__calls.push('cancel'); const u = window.__current; window.__current = null;
    if (u && u.onerror) u.onerror({error: 'interrupted'}); };
  window.__finish = () => { const u = window.__current; if (u && u.onend) u.onend({}); };
  Object.defineProperty(window, 'speechSynthesis', {value: synth, configurable: true});
  window.SpeechSynthesisUtterance = class { constructor(text) { this.text = text; this.lang = ''; this.voice = null; } };
}"""
VOICES = [{"lang": "zh-CN", "name": "Test Chinese"}, {"lang": "en-US", "name": "Test English"}]
HIGHLIGHTED = "() => CSS.highlights.has('read-aloud') ? [...CSS.highlights.get('read-aloud')][0].toString() : null"


def stubbed_page(new_context, voices):
    context = new_context("phone")
    context.add_init_script(script=f"({STUB})({json.dumps(voices)})")
    return context.new_page()


def spoken(page) -> list[dict]:
    return page.evaluate("() => window.__spoken")


@pytest.mark.parametrize(
    ("prefix", "lang", "labels"),
    [
        (
            "",
            "zh-CN",
            {"start": "朗读本页", "pause": "暂停", "resume": "继续", "stop": "停止", "stopped": "已停止朗读。"},
        ),
        (
            "/en",
            "en",
            {
                "start": "Read this page aloud",
                "pause": "Pause",
                "resume": "Resume",
                "stop": "Stop",
                "stopped": "Reading stopped.",
            },
        ),
    ],
    ids=["chinese", "english"],
)
def test_reads_the_main_content_aloud_by_keyboard_and_stops(new_context, canteen, prefix, lang, labels):
    page = stubbed_page(new_context, VOICES)
    page.goto(f"{prefix}/facilities/{canteen.slug}/")
    main_text = page.inner_text("main")
    menus_text = page.inner_text("header") + page.inner_text("footer")

    # Keyboard only: the skip link, then the first control of the main content is the read-aloud button.
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    start = page.get_by_role("button", name=labels["start"], exact=True)
    expect(start).to_be_focused()
    page.keyboard.press("Enter")

    pause = page.get_by_role("button", name=labels["pause"], exact=True)
    expect(pause).to_be_focused()
    first = spoken(page)[0]
    assert first["lang"] == lang and first["voice"].startswith(lang.split("-")[0])
    assert first["text"] == page.inner_text("main h1").strip()
    page.wait_for_function("() => CSS.highlights.has('read-aloud')")
    assert page.evaluate(HIGHLIGHTED) == first["text"]

    for _ in range(6):  # each finished sentence hands the next one over
        page.evaluate("() => window.__finish()")
    texts = [item["text"] for item in spoken(page)]
    assert len(texts) == 7
    summary = canteen.summary if lang == "zh-CN" else canteen.summary_en
    assert any(text in summary for text in texts[1:]), texts
    assert all(item["lang"] == lang for item in spoken(page))
    for text in texts:
        assert text in " ".join(main_text.split()), f"not main content: {text}"
    assert not any(text.strip() and text in menus_text and text not in main_text for text in texts)
    assert labels["start"] not in texts  # the controls themselves are not read
    assert page.evaluate(HIGHLIGHTED) == texts[-1]

    page.keyboard.press("Enter")  # pause (focus stays on the control in view)
    resume = page.get_by_role("button", name=labels["resume"], exact=True)
    expect(resume).to_be_focused()
    page.keyboard.press("Enter")
    expect(pause).to_be_focused()
    assert page.evaluate("() => window.__calls").count("pause") == 1
    assert "resume" in page.evaluate("() => window.__calls")

    page.get_by_role("button", name=labels["stop"], exact=True).focus()
    page.keyboard.press("Enter")
    expect(page.locator(".read-aloud-status")).to_have_text(labels["stopped"])
    expect(start).to_be_visible()
    assert "cancel" in page.evaluate("() => window.__calls")
    assert page.evaluate(HIGHLIGHTED) is None
    count = len(spoken(page))
    page.evaluate("() => window.__finish()")  # nothing more is read after stop
    assert len(spoken(page)) == count


def test_escape_stops_reading(new_context, canteen):
    page = stubbed_page(new_context, VOICES)
    page.goto(f"/facilities/{canteen.slug}/")
    page.get_by_role("button", name="朗读本页").click()
    expect(page.get_by_role("button", name="暂停")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.get_by_role("button", name="朗读本页")).to_be_visible()
    expect(page.get_by_role("button", name="暂停")).to_be_hidden()


def test_without_a_voice_for_the_language_the_button_says_so(new_context, canteen):
    page = stubbed_page(new_context, [{"lang": "fr-FR", "name": "Test French"}])
    page.goto(f"/facilities/{canteen.slug}/")
    page.get_by_role("button", name="朗读本页").click()
    expect(page.locator(".read-aloud-status")).to_have_text("这个浏览器没有这种语言的朗读声音，无法朗读本页。")
    assert spoken(page) == []
