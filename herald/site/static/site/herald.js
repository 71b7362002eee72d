// Herald reader site. Everything works without this file; it adds the
// page-view beacon (so Trending counts cached pages too), the sections menu's
// faded edges on phones, the meter note
// ("2 free stories left this month"), lets readers dismiss
// the subscribe prompt with "Continue reading", slides in the subscribe panel
// of free stories once per visit, and loads a video player only when the
// reader asks for it (no third-party request before that).
(function () {
  "use strict";
  var story = document.querySelector("[data-view-url]");
  if (story && navigator.sendBeacon) {
    var sendView = function () { navigator.sendBeacon(story.getAttribute("data-view-url")); };
    if (document.prerendering) {  // a prerendered page counts once a reader opens it
      document.addEventListener("prerenderingchange", sendView, { once: true });
    } else {
      sendView();
    }
  }
  // The sections menu scrolls sideways on a phone: mark which of its edges hide
  // more sections (the stylesheet fades those), and bring the current one into view.
  var sections = document.querySelector(".sections ul");
  if (sections) {
    var markEdges = function () {
      var hidden = sections.scrollWidth - sections.clientWidth;
      var left = sections.scrollLeft;
      sections.setAttribute("data-scrolled", hidden <= 1 ? "none"
        : left <= 1 ? "start" : left >= hidden - 1 ? "end" : "middle");
    };
    var current = sections.querySelector("[aria-current]");
    if (current && sections.scrollWidth > sections.clientWidth) {
      var box = current.getBoundingClientRect(), list = sections.getBoundingClientRect();
      sections.scrollLeft += box.left - list.left - (list.width - box.width) / 2;
    }
    markEdges();
    sections.addEventListener("scroll", markEdges, { passive: true });
    window.addEventListener("resize", markEdges, { passive: true });
  }
  // "2 free stories left this month": the page is shared by every reader on the
  // meter and the meter cookie is HTTP-only, so the count comes from a small
  // request of its own, never cached. Its line is already reserved in the page.
  var meterNote = document.querySelector("[data-meter-note]");
  if (meterNote && window.fetch) {
    fetch(meterNote.getAttribute("data-meter-note"), {
      credentials: "same-origin", cache: "no-store", headers: { Accept: "application/json" }
    }).then(function (response) {
      return response.ok ? response.json() : null;
    }).then(function (answer) {
      if (!answer || !answer.note) { return; }
      var join = document.createElement("a");
      join.href = "/membership/";
      join.textContent = "Become a member";
      meterNote.textContent = answer.note + " ";
      meterNote.appendChild(join);
    }).catch(function () { /* no note: the story reads the same */ });
  }
  var prompt = document.querySelector("[data-subscribe-prompt]");
  var link = document.querySelector("[data-continue-reading]");
  // "Continue reading" closes the band and returns the reader to where they
  // were: the place they left by the masthead's Subscribe link, or the story.
  var leftFrom = null;
  document.querySelectorAll("a[href='#subscribe']").forEach(function (a) {
    a.addEventListener("click", function () {
      leftFrom = { y: window.scrollY, element: a };
    });
  });
  if (prompt && link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      prompt.classList.add("is-dismissed");
      if (leftFrom) {
        window.scrollTo(0, leftFrom.y);
        leftFrom.element.focus({ preventScroll: true });
        leftFrom = null;
        return;
      }
      var main = document.getElementById("main");
      if (main) { main.focus({ preventScroll: true }); }
    });
  }
  var panel = document.querySelector("[data-subscribe-panel]");
  if (panel && !document.querySelector("[data-paywall]") && "IntersectionObserver" in window) {
    subscribePanel(panel, prompt);
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

  // The subscribe panel of a free story (herald/site/README.md). The server
  // sends the same hidden markup to every reader who is not signed in; this
  // decides whether it shows. A "visit" is the browser session, so the panel
  // marks itself seen with a session cookie that every tab shares and the
  // server never reads.
  function subscribePanel(panel, band) {
    var SEEN = "herald_subscribe_panel=seen";
    if (document.cookie.split("; ").indexOf(SEEN) !== -1) { return; }
    var body = document.querySelector(".story__body");
    if (!body) { return; }
    var root = document.documentElement;
    var status = document.querySelector("[data-subscribe-panel-status]");
    var open = false, reached = false, scrolled = false, bandInView = false;
    var focusBefore = null;  // where the reader was before tabbing into the panel

    // Into the story: the end of its third paragraph or 40% of its length,
    // whichever the reader meets first, has passed into the top half of the screen.
    var marks = [];
    var third = body.querySelectorAll("p")[2];
    if (third) { marks.push(third); }
    var sentinel = document.createElement("div");
    sentinel.className = "subscribe-panel-sentinel";
    sentinel.setAttribute("aria-hidden", "true");
    body.appendChild(sentinel);
    marks.push(sentinel);

    var storyWatch = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting || entry.boundingClientRect.bottom < 0) { reached = true; }
      });
      maybeShow();
    }, { rootMargin: "0px 0px -50% 0px" });
    marks.forEach(function (mark) { storyWatch.observe(mark); });

    // Only once the reader scrolls: a story that fits the screen gets no panel on load.
    function onScroll() {
      scrolled = true;
      window.removeEventListener("scroll", onScroll);
      maybeShow();
    }
    window.addEventListener("scroll", onScroll, { passive: true });

    // The subscribe band after the content carries the same form: once the
    // reader reaches it, the panel is not needed.
    if (band) {
      new IntersectionObserver(function (entries) {
        bandInView = entries[entries.length - 1].isIntersecting;
        if (bandInView && open && !panel.contains(document.activeElement)) { close(); }
      }).observe(band);
    }

    function maybeShow() {
      if (!reached || !scrolled || bandInView || open) { return; }
      storyWatch.disconnect();
      sentinel.remove();
      var secure = location.protocol === "https:" ? "; Secure" : "";
      document.cookie = SEEN + "; Path=/; SameSite=Lax" + secure;  // no expiry: this session
      open = true;
      focusBefore = document.activeElement;
      panel.hidden = false;
      reserveSpace();
      panel.classList.add("is-open");  // slides in; reserveSpace() laid it out first
      root.classList.add("has-subscribe-panel");
      // Polite announcement; focus stays where the reader is, so reading,
      // a screen reader's position and the on-screen keyboard are not disturbed.
      if (status) { status.textContent = status.getAttribute("data-announcement"); }
      document.addEventListener("keydown", onKeydown);
      document.addEventListener("focusin", onFocusin);
      window.addEventListener("resize", reserveSpace, { passive: true });
    }

    // Room under the page the size of the panel, and scroll padding, so every
    // line and every focused control can be scrolled clear of it.
    function reserveSpace() {
      root.style.setProperty("--subscribe-panel-height", panel.offsetHeight + "px");
    }

    function close() {
      var hadFocus = panel.contains(document.activeElement);
      open = false;
      panel.classList.remove("is-open");
      panel.hidden = true;
      root.classList.remove("has-subscribe-panel");
      root.style.removeProperty("--subscribe-panel-height");
      if (status) { status.textContent = ""; }
      document.removeEventListener("keydown", onKeydown);
      document.removeEventListener("focusin", onFocusin);
      window.removeEventListener("resize", reserveSpace);
      if (hadFocus) {
        var back = focusBefore && document.contains(focusBefore) ? focusBefore : document.getElementById("main");
        if (back) { back.focus({ preventScroll: true }); }
      }
    }

    function onKeydown(event) {
      if (event.key === "Escape" || event.key === "Esc") { close(); }
    }

    function onFocusin(event) {
      if (!panel.contains(event.target)) { focusBefore = event.target; }
    }

    panel.querySelector("[data-subscribe-panel-dismiss]").addEventListener("click", close);
  }
})();
