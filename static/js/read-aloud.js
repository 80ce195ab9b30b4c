/* 朗读本页: reads the page's main content (not the menus) aloud with the browser's own speech synthesis, in the
   page's language, one sentence at a time with that sentence highlighted. Nothing is sent anywhere. Without
   speech synthesis (or JavaScript) the controls stay hidden; without a voice for the language the button says so. */
(function () {
  "use strict";
  var box = document.getElementById("read-aloud");
  var main = document.getElementById("main");
  if (!box || !main) { return; }
  var status = box.querySelector(".read-aloud-status");
  var buttons = {};
  box.querySelectorAll("button[data-action]").forEach(function (b) { buttons[b.getAttribute("data-action")] = b; });
  var lang = box.getAttribute("data-lang") || document.documentElement.lang;
  var BLOCKS = "h1, h2, h3, h4, h5, h6, p, li, dt, dd, th, td, caption, figcaption, legend, label, blockquote";
  var SKIP = "#read-aloud, nav, .breadcrumb, .pagination, script, style, noscript, [hidden], [aria-hidden='true'], .leaflet-container, .visually-hidden";
  var HIGHLIGHT = "read-aloud";
  var synth = window.speechSynthesis;
  var sentences = [];
  var current = -1;
  var running = false;

  function say(key) { status.textContent = box.getAttribute("data-" + key) || ""; }

  function show(state) {
    var focused = document.activeElement;
    var hadFocus = box.contains(focused);
    buttons.start.hidden = state !== "idle";
    buttons.pause.hidden = state !== "reading";
    buttons.resume.hidden = state !== "paused";
    buttons.stop.hidden = state === "idle";
    var visible = { idle: "start", reading: "pause", paused: "resume" }[state];
    // Keyboard users keep their place: the control they pressed may now be hidden, so focus its successor.
    if (hadFocus && (focused.hidden || document.activeElement !== focused)) { buttons[visible].focus(); }
  }

  function skipped(node) {
    var el = node.nodeType === 1 ? node : node.parentElement;
    return !el || !!el.closest(SKIP) || !el.getClientRects().length;
  }

  /* The text nodes of a block that belong to it (not to a nested block, which is read on its own). */
  function ownTextNodes(block) {
    var walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        var parentBlock = node.parentElement.closest(BLOCKS);
        return parentBlock === block && !skipped(node) ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT;
      }
    });
    var nodes = [];
    while (walker.nextNode()) { nodes.push(walker.currentNode); }
    return nodes;
  }

  /* A Range over characters [start, end) of the concatenated text of nodes. */
  function rangeOver(nodes, start, end) {
    var range = document.createRange();
    var offset = 0;
    var started = false;
    for (var i = 0; i < nodes.length; i++) {
      var length = nodes[i].textContent.length;
      if (!started && start < offset + length) { range.setStart(nodes[i], start - offset); started = true; }
      if (started && end <= offset + length) { range.setEnd(nodes[i], end - offset); return range; }
      offset += length;
    }
    if (nodes.length) { range.setEndAfter(nodes[nodes.length - 1]); }
    return range;
  }

  function collect() {
    var found = [];
    // A sentence ends at 。！？； (or . ! ? ; before a space): "31.26" and "e.g.x" stay whole.
    var pattern = /(?:[^。！？；!?;.]|[.!?;](?=\S))+[。！？；!?;.]*["”’」）)]*/g;
    main.querySelectorAll(BLOCKS).forEach(function (block) {
      if (skipped(block)) { return; }
      var nodes = ownTextNodes(block);
      var text = nodes.map(function (n) { return n.textContent; }).join("");
      var match;
      pattern.lastIndex = 0;
      while ((match = pattern.exec(text)) !== null) {
        var spoken = match[0].replace(/\s+/g, " ").trim();
        if (spoken) { found.push({ text: spoken, block: block, nodes: nodes, start: match.index, end: match.index + match[0].length }); }
      }
    });
    return found;
  }

  function highlight(sentence) {
    document.querySelectorAll(".read-aloud-current").forEach(function (el) { el.classList.remove("read-aloud-current"); });
    if (window.CSS && CSS.highlights) { CSS.highlights.delete(HIGHLIGHT); }
    if (!sentence) { return; }
    if (window.CSS && CSS.highlights && window.Highlight) {
      CSS.highlights.set(HIGHLIGHT, new Highlight(rangeOver(sentence.nodes, sentence.start, sentence.end)));
    } else {
      sentence.block.classList.add("read-aloud-current");
    }
    sentence.block.scrollIntoView({ block: "nearest" });
  }

  function finish(key) {
    running = false;
    current = -1;
    highlight(null);
    show("idle");
    say(key);
  }

  function speakNext() {
    current += 1;
    if (!running) { return; }
    if (current >= sentences.length) { finish("finished"); return; }
    var sentence = sentences[current];
    var utterance = new SpeechSynthesisUtterance(sentence.text);
    utterance.lang = lang;
    utterance.voice = voiceFor(lang);
    utterance.onstart = function () { highlight(sentence); };
    utterance.onend = function () { if (running && sentences[current] === sentence) { speakNext(); } };
    utterance.onerror = function (event) {
      if (running && event.error !== "interrupted" && event.error !== "canceled") { finish("no-voice"); }
    };
    synth.speak(utterance);
  }

  function voiceFor(language) {
    var prefix = language.toLowerCase().split("-")[0];
    var voices = synth.getVoices();
    return voices.filter(function (v) { return v.lang.toLowerCase().replace("_", "-") === language.toLowerCase(); })[0]
      || voices.filter(function (v) { return v.lang.toLowerCase().split(/[-_]/)[0] === prefix; })[0] || null;
  }

  /* Voices often load after the page: wait for them briefly before saying there is none. */
  function withVoice(then) {
    if (voiceFor(lang)) { then(true); return; }
    var done = false;
    function settle() {
      if (done) { return; }
      done = true;
      synth.removeEventListener("voiceschanged", settle);
      then(!!voiceFor(lang));
    }
    synth.addEventListener("voiceschanged", settle);
    window.setTimeout(settle, 1500);
  }

  function start() {
    withVoice(function (available) {
      if (!available) { say("no-voice"); return; }
      synth.cancel();
      sentences = collect();
      current = -1;
      running = true;
      show("reading");
      say("reading");
      speakNext();
    });
  }

  var actions = {
    start: start,
    pause: function () { synth.pause(); show("paused"); say("paused"); },
    resume: function () { synth.resume(); show("reading"); say("reading"); },
    stop: function () { running = false; synth.cancel(); finish("stopped"); }
  };

  box.hidden = false;
  if (!synth || typeof window.SpeechSynthesisUtterance !== "function") {
    buttons.start.disabled = true;
    say("no-speech");
    return;
  }
  box.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-action]");
    if (button && actions[button.getAttribute("data-action")]) { actions[button.getAttribute("data-action")](); }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && running) { actions.stop(); }
  });
  window.addEventListener("pagehide", function () { if (running) { synth.cancel(); } });
}());
