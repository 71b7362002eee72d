// Herald reader site. Everything works without this file; it adds the
// page-view beacon (so Trending counts cached pages too) and lets readers
// dismiss the subscribe prompt with "Continue reading".
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
      if (main) { main.focus(); }
    });
  }
})();
