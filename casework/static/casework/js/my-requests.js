/* 我的申请: the tracking codes this browser applied for, kept in localStorage only. The server never
   receives the list; a code leaves the browser only when the resident opens it on the tracking page, and
   then in the address's #fragment, which browsers do not send either. */
(function () {
  "use strict";
  var KEY = "wanli.myRequests";
  var MAX = 20;

  function load() {
    try {
      var list = JSON.parse(window.localStorage.getItem(KEY) || "[]");
      return Array.isArray(list) ? list : [];
    } catch (error) { return []; }
  }

  function save(list) {
    try { window.localStorage.setItem(KEY, JSON.stringify(list.slice(-MAX))); } catch (error) { /* private mode */ }
  }

  var sent = document.getElementById("sent-code");
  if (sent && sent.getAttribute("data-code")) {
    var code = sent.getAttribute("data-code");
    var list = load().filter(function (item) { return item.code !== code; });
    list.push({ code: code, service: sent.getAttribute("data-service") || "", date: sent.getAttribute("data-date") || "" });
    save(list);
  }

  var codeField = document.getElementById("id_code");
  var match = /^#code=([A-Za-z0-9-]{4,40})$/.exec(window.location.hash);
  if (codeField && match && !codeField.value) {
    codeField.value = match[1];
    var last4 = document.getElementById("id_last4");
    if (last4) { last4.focus(); }
  }

  var section = document.getElementById("my-requests");
  if (!section) { return; }
  var items = load();
  var listElement = section.querySelector("ul");
  var trackUrl = section.getAttribute("data-track-url");
  if (!items.length || !listElement || !trackUrl) { return; }
  items.slice().reverse().forEach(function (item) {
    var li = document.createElement("li");
    var link = document.createElement("a");
    link.href = trackUrl + "#code=" + encodeURIComponent(item.code);
    link.textContent = item.code;
    link.setAttribute("lang", "en");
    li.appendChild(link);
    if (item.service || item.date) {
      li.appendChild(document.createTextNode(" · " + [item.service, item.date].filter(Boolean).join(" · ")));
    }
    listElement.appendChild(li);
  });
  var clear = section.querySelector("button");
  if (clear) {
    clear.addEventListener("click", function () {
      try { window.localStorage.removeItem(KEY); } catch (error) { /* nothing stored */ }
      section.hidden = true;
    });
  }
  section.hidden = false;
  // The tracking page prefilled from a #code= link: opening a code from the list on the same page fills it too.
  window.addEventListener("hashchange", function () {
    var again = /^#code=([A-Za-z0-9-]{4,40})$/.exec(window.location.hash);
    if (codeField && again) { codeField.value = again[1]; var l4 = document.getElementById("id_last4"); if (l4) { l4.focus(); } }
  });
}());
