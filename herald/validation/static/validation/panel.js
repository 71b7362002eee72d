// Refresh the desk validation report while the reporter writes (debounced).
(function () {
  "use strict";
  function text(selector) {
    var el = document.querySelector(selector);
    return el ? el.value : "";
  }
  function bodyText() {
    var parts = [];
    document.querySelectorAll("[data-contents='true']").forEach(function (node) {
      var t = node.innerText.trim();
      if (t) { parts.push(t); }
    });
    return parts.join("\n\n");
  }
  function init() {
    var panel = document.querySelector("[data-herald-validation][data-url]");
    if (!panel) { return; }
    var form = panel.closest("form");
    var token = form && form.querySelector("input[name=csrfmiddlewaretoken]");
    var timer = null;
    function refresh() {
      fetch(panel.getAttribute("data-url"), {
        method: "POST",
        headers: {"Content-Type": "application/json", "X-CSRFToken": token ? token.value : ""},
        body: JSON.stringify({headline: text("#id_title"), standfirst: text("#id_standfirst"),
                              dateline: text("#id_dateline"), body: bodyText()}),
        credentials: "same-origin"
      }).then(function (r) { return r.ok ? r.json() : null; }).then(function (data) {
        if (data && data.html) { panel.innerHTML = data.html; }
        var summary = document.querySelector("[data-herald-validation-summary]");
        if (summary && data && data.summary) { summary.innerHTML = data.summary; }
      }).catch(function () {});
    }
    // "Not a problem" / "Report again": the desk's decision is stored with the story.
    panel.addEventListener("click", function (event) {
      var button = event.target.closest("[data-herald-dismiss],[data-herald-restore]");
      if (!button || !panel.getAttribute("data-dismiss-url")) { return; }
      var restore = button.hasAttribute("data-herald-restore");
      var data = new FormData();
      data.append("fingerprint", button.getAttribute(restore ? "data-herald-restore" : "data-herald-dismiss"));
      data.append("action", restore ? "restore" : "dismiss");
      button.disabled = true;
      fetch(panel.getAttribute("data-dismiss-url"), {
        method: "POST", body: data, credentials: "same-origin",
        headers: {"X-CSRFToken": token ? token.value : ""}
      }).then(function (r) { return r.json(); }).then(function (result) {
        if (result && result.error) { button.disabled = false; window.alert(result.error); return; }
        refresh();
      }).catch(function () { button.disabled = false; });
    });
    document.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(refresh, 1500);
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
