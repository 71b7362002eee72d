// Herald reader site. Everything works without this file; it adds the
// page-view beacon (so Trending counts cached pages too), lets readers dismiss
// the subscribe prompt with "Continue reading", and loads a video player only
// when the reader asks for it (no third-party request before that).
(function () {
  "use strict";
  var story = document.querySelector("[data-view-url]");
  if (story && navigator.sendBeacon) {
    navigator.sendBeacon(story.getAttribute("data-view-url"));
  }
  var prompt = document.querySelector("[data-subscribe-prompt]");
  var link = document.querySelector("[data-continue-reading]");
  if (prompt && link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      prompt.classList.add("is-dismissed");
      var main = document.getElementById("main");
      if (main) { main.focus({ preventScroll: true }); }
    });
  }
  document.addEventListener("click", function (event) {
    if (!event.target.closest) { return; }
    if (prompt && event.target.closest('a[href="#subscribe"]')) {
      prompt.classList.remove("is-dismissed");  // "Subscribe" brings a dismissed prompt back
      return;
    }
    var facade = event.target.closest("[data-embed]");
    if (!facade) { return; }
    event.preventDefault();
    var frame = document.createElement("iframe");
    frame.src = facade.getAttribute("data-embed");
    frame.title = facade.getAttribute("data-embed-title");
    frame.allow = "autoplay; encrypted-media; picture-in-picture";
    frame.allowFullscreen = true;
    facade.replaceWith(frame);
    frame.focus();
  });
})();
