/* 我的清单: places and services a resident ticks ("加入清单"), kept in this browser's localStorage only.
   The shortlist page itself is rendered by the server from its link (?f=<slugs>&s=<slugs>), so the link
   can be shared and printed; this script only builds that link, shows the tick boxes, and adds print/copy. */
(function () {
  "use strict";
  var KEY = "wanli.shortlist";
  var MAX = 20;

  function load() {
    try {
      var data = JSON.parse(window.localStorage.getItem(KEY) || "{}");
      return { f: Array.isArray(data.f) ? data.f : [], s: Array.isArray(data.s) ? data.s : [] };
    } catch (error) { return { f: [], s: [] }; }
  }

  function save(data) {
    try { window.localStorage.setItem(KEY, JSON.stringify(data)); } catch (error) { /* private mode: nothing kept */ }
  }

  function query(data) {
    var parts = [];
    if (data.f.length) { parts.push("f=" + data.f.map(encodeURIComponent).join(",")); }
    if (data.s.length) { parts.push("s=" + data.s.map(encodeURIComponent).join(",")); }
    return parts.length ? "?" + parts.join("&") : "";
  }

  function refreshBar(data) {
    var bar = document.getElementById("shortlist-bar");
    if (!bar) { return; }
    var link = bar.querySelector("a");
    var count = data.f.length + data.s.length;
    bar.querySelector(".shortlist-count").textContent = String(count);
    link.href = link.getAttribute("data-shortlist-base") + query(data);
    bar.hidden = count === 0 || document.body.classList.contains("shortlist-page");
  }

  var data = load();
  var boxes = document.querySelectorAll("input[data-shortlist-kind]");
  Array.prototype.forEach.call(boxes, function (box) {
    var kind = box.getAttribute("data-shortlist-kind");
    var slug = box.getAttribute("data-shortlist-slug");
    if (!data[kind]) { return; }
    box.checked = data[kind].indexOf(slug) !== -1;
    box.closest(".shortlist-toggle").hidden = false;
    box.addEventListener("change", function () {
      var current = load();
      var list = current[kind].filter(function (item) { return item !== slug; });
      if (box.checked) { list.push(slug); }
      current[kind] = list.slice(-MAX);
      save(current);
      refreshBar(current);
    });
  });
  refreshBar(data);

  // "我的清单" without a list in the link (the footer link): show this browser's list.
  if (document.getElementById("shortlist-empty") && !window.location.search && query(data)) {
    window.location.replace(window.location.pathname + query(data));
    return;
  }

  var printButton = document.getElementById("shortlist-print");
  if (printButton) {
    printButton.hidden = false;
    printButton.addEventListener("click", function () { window.print(); });
  }
  var copyButton = document.getElementById("shortlist-copy");
  var field = document.getElementById("shortlist-url");
  var status = document.getElementById("shortlist-copy-status");
  if (copyButton && field) {
    copyButton.hidden = false;
    copyButton.addEventListener("click", function () {
      function done(ok) { status.textContent = copyButton.getAttribute(ok ? "data-copied" : "data-failed"); }
      function byCommand() {
        field.focus();
        field.select();
        var ok = false;
        try { ok = document.execCommand("copy"); } catch (error) { ok = false; }
        done(ok);
      }
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(function () { done(true); }, byCommand);
      } else {
        byCommand();
      }
    });
  }
}());
