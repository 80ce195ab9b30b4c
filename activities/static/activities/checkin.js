/* Door check-in (activities/staff/check_in.html): scan the resident's QR code with the phone's camera (jsQR,
   vendored from npm in static/vendor/jsqr/) or type the code; count walk-ins.

   Every scan or tap goes into a queue kept in localStorage before it is sent, and leaves the queue only once the
   server has answered it, so a scan made while the network is down is sent when it comes back (on the
   `online` event, on the next page load, and every few seconds while something waits). The server end is
   idempotent: a scan or tap sent twice counts once. The queue holds codes and counters only, never a name. */
(function () {
  "use strict";
  var app = document.getElementById("check-in-app");
  if (!app || !window.fetch || !window.localStorage) return;
  var texts = JSON.parse(document.getElementById("check-in-texts").textContent);
  var endpoint = app.dataset.endpoint;
  var storageKey = "wanli-check-in:" + app.dataset.user + ":" + app.dataset.activity;
  var csrf = app.querySelector("input[name=csrfmiddlewaretoken]").value;
  var resultBox = document.getElementById("check-in-result");
  var pendingBox = document.getElementById("check-in-pending");
  var recent = document.getElementById("check-in-recent");
  var undoButton = document.getElementById("walk-in-undo");
  var sending = false;
  var CODE_ALPHABET = /^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{12}$/;

  function newId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 15) | 64;
    bytes[8] = (bytes[8] & 63) | 128;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" + hex.slice(20);
  }

  function load() {
    try { return JSON.parse(localStorage.getItem(storageKey) || "[]"); } catch (e) { return []; }
  }
  function save(queue) { localStorage.setItem(storageKey, JSON.stringify(queue)); }

  function normalize(raw) {
    return (raw || "").normalize("NFKC").replace(/[\s\-–—]/g, "").toUpperCase();
  }

  function showPending(queue, note) {
    if (!queue.length) { pendingBox.hidden = true; pendingBox.textContent = ""; return; }
    pendingBox.hidden = false;
    pendingBox.textContent = (note ? note + " " : "") + texts.pending.replace("%(count)s", queue.length);
  }

  function setCounts(counts) {
    if (!counts) return;
    Object.keys(counts).forEach(function (name) {
      var el = document.querySelector("[data-count=" + name + "]");
      if (el) el.textContent = counts[name];
    });
  }

  function showAnswer(answer) {
    var box = document.createElement("div");
    box.className = "check-in-answer " + (answer.ok ? "is-ok" : "is-refused");
    box.dataset.outcome = answer.outcome;
    var message = document.createElement("p");
    message.className = "answer-message";
    message.textContent = answer.message;
    box.appendChild(message);
    if (answer.name) {
      var who = document.createElement("p");
      who.textContent = texts.who.replace("%(name)s", answer.name).replace("%(size)s", answer.party_size) +
        (answer.code ? " · " + answer.code : "");
      box.appendChild(who);
    }
    resultBox.replaceChildren(box);
    var item = document.createElement("li");
    item.className = answer.ok ? "is-ok" : "is-refused";
    item.textContent = new Date().toTimeString().slice(0, 5) + " " + answer.message + (answer.name ? " " + answer.name : "");
    recent.insertBefore(item, recent.firstChild);
    while (recent.children.length > 8) recent.removeChild(recent.lastChild);
  }

  function send(item) {
    return fetch(endpoint, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf, "Accept": "application/json" },
      body: JSON.stringify(item),
    });
  }

  /* Sends the queue in order. A definite answer (2xx, 400, 404) removes the item; being signed out (403),
     too many requests or a server error keeps it and stops; a failed fetch (offline) keeps it too. */
  function flush() {
    if (sending) return;
    var queue = load();
    if (!queue.length) { showPending(queue); return; }
    if (navigator.onLine === false) { showPending(queue, texts.offline); return; }
    sending = true;
    var item = queue[0];
    send(item).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      var definite = response.ok || response.status === 400 || response.status === 404;
      if (!definite || type.indexOf("json") === -1) {
        throw { keep: true, note: response.status === 403 ? texts.signed_out : texts.retry };
      }
      return response.json().then(function (answer) {
        save(load().filter(function (kept) { return kept.id !== item.id; }));
        if (item.kind === "code" || !answer.ok) showAnswer(answer);
        setCounts(answer.counts);
      });
    }).then(function () {
      sending = false;
      flush();
    }, function (problem) {
      sending = false;
      showPending(load(), problem && problem.note ? problem.note : texts.offline);
    });
  }

  function enqueue(item) {
    item.id = item.id || newId();
    item.at = new Date().toISOString();
    var queue = load();
    queue.push(item);
    save(queue);
    showPending(queue);
    flush();
  }

  /* Typed code */
  var codeForm = document.getElementById("code-form");
  var codeInput = document.getElementById("check-in-code");
  codeForm.addEventListener("submit", function (event) {
    event.preventDefault();
    var code = normalize(codeInput.value);
    if (!code) return;
    enqueue({ kind: "code", code: code });
    codeInput.value = "";
    codeInput.focus();
  });

  /* Walk-ins: +1, and undo the last one counted from this phone */
  var lastWalkIn = null;
  document.getElementById("walk-in-form").addEventListener("submit", function (event) {
    event.preventDefault();
    lastWalkIn = newId();
    enqueue({ kind: "walk_in", id: lastWalkIn });
    var shown = document.querySelector("[data-count=walk_in_people]");
    var present = document.querySelector("[data-count=present_people]");
    shown.textContent = Number(shown.textContent) + 1;  // at once, even offline; the server's figure follows
    present.textContent = Number(present.textContent) + 1;
    undoButton.hidden = false;
  });
  undoButton.addEventListener("click", function () {
    if (!lastWalkIn) return;
    var queue = load();
    var waiting = queue.filter(function (item) { return item.id === lastWalkIn; });
    if (waiting.length) {
      save(queue.filter(function (item) { return item.id !== lastWalkIn; }));  // never sent: just forget it
      showPending(load());
    } else {
      enqueue({ kind: "walk_in_undo", id: lastWalkIn });
    }
    var shown = document.querySelector("[data-count=walk_in_people]");
    var present = document.querySelector("[data-count=present_people]");
    shown.textContent = Math.max(0, Number(shown.textContent) - 1);
    present.textContent = Math.max(0, Number(present.textContent) - 1);
    lastWalkIn = null;
    undoButton.hidden = true;
  });

  /* Camera: jsQR reads frames drawn on a canvas a few times a second */
  var cameraBox = app.querySelector(".check-in-camera");
  var video = document.getElementById("camera-video");
  var startButton = document.getElementById("camera-start");
  var stopButton = document.getElementById("camera-stop");
  var cameraStatus = document.getElementById("camera-status");
  var canvas = document.createElement("canvas");
  var context = canvas.getContext("2d", { willReadFrequently: true });
  var stream = null;
  var lastCode = "";
  var lastCodeAt = 0;

  function stopCamera() {
    if (stream) stream.getTracks().forEach(function (track) { track.stop(); });
    stream = null;
    video.hidden = true;
    stopButton.hidden = true;
    startButton.hidden = false;
  }

  function readFrame() {
    if (!stream) return;
    if (video.readyState >= 2 && window.jsQR) {
      var width = video.videoWidth, height = video.videoHeight;
      var scale = Math.min(1, 640 / Math.max(width, height));
      canvas.width = Math.round(width * scale);
      canvas.height = Math.round(height * scale);
      context.drawImage(video, 0, 0, canvas.width, canvas.height);
      var image = context.getImageData(0, 0, canvas.width, canvas.height);
      var found = window.jsQR(image.data, image.width, image.height, { inversionAttempts: "dontInvert" });
      var code = found ? normalize(found.data) : "";
      // The same code stays in front of the camera for a while: one scan per code every few seconds.
      if (code && CODE_ALPHABET.test(code) && (code !== lastCode || Date.now() - lastCodeAt > 4000)) {
        lastCode = code;
        lastCodeAt = Date.now();
        cameraStatus.textContent = texts.scanned;
        enqueue({ kind: "code", code: code });
      } else if (found && !CODE_ALPHABET.test(code)) {
        cameraStatus.textContent = texts.not_a_code;
      }
    }
    setTimeout(readFrame, 200);
  }

  if (navigator.mediaDevices && navigator.mediaDevices.getUserMedia) {
    cameraBox.hidden = false;
    startButton.addEventListener("click", function () {
      cameraStatus.textContent = texts.camera_starting;
      navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false }).then(function (s) {
        stream = s;
        video.srcObject = s;
        video.hidden = false;
        startButton.hidden = true;
        stopButton.hidden = false;
        return video.play();
      }).then(function () {
        cameraStatus.textContent = texts.camera_on;
        readFrame();
      }).catch(function () {
        stopCamera();
        cameraStatus.textContent = texts.camera_failed;
      });
    });
    stopButton.addEventListener("click", function () {
      stopCamera();
      cameraStatus.textContent = "";
    });
  }

  window.addEventListener("online", flush);
  window.addEventListener("offline", function () { showPending(load(), texts.offline); });
  setInterval(function () { if (load().length) flush(); }, 5000);
  flush();
})();
