// Live session clocks: every screen counts down to the same server-side end time. The page
// carries the server's "now" when it was rendered; the difference to this browser's clock is
// the offset, so a screen whose clock is wrong still shows the right time. No inline code: the
// Content Security Policy forbids it.
(function () {
  "use strict";
  function format(seconds) {
    var over = seconds < 0;
    var s = Math.abs(Math.round(seconds));
    var text = Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
    return over ? "+" + text + " over" : text + " left";
  }
  function tick() {
    document.querySelectorAll(".timer[data-ends-at]").forEach(function (timer) {
      if (!timer.dataset.offset) {
        timer.dataset.offset = String(Number(timer.dataset.serverNow) - Date.now());
      }
      var remaining = timer.dataset.paused
        ? Number(timer.dataset.remaining)
        : (Number(timer.dataset.endsAt) - (Date.now() + Number(timer.dataset.offset))) / 1000;
      timer.textContent = format(remaining) + (timer.dataset.paused ? " (paused)" : "");
      timer.classList.toggle("overtime", remaining < 0);
    });
  }
  // The poll and a person's own forms all answer into #live, and their answers can cross. An
  // answer whose panel an earlier answer has already replaced would swap into nothing, and htmx 2
  // first moves the forms marked hx-preserve out of the page and then loses them (a half-typed
  // review sheet vanishes). So a stale poll is dropped (a newer panel is up), and a person's own
  // answer goes to the panel now on screen: it carries their result, such as a returned question.
  // An extension (hx-ext="live-panel" on #live), because htmx fires beforeSwap on the old panel,
  // and an event on an element no longer in the page never reaches a document listener.
  if (window.htmx) {
    window.htmx.defineExtension("live-panel", {
      onEvent: function (name, event) {
        var detail = event.detail;
        if (name !== "htmx:beforeSwap" || document.body.contains(detail.target)) {
          return true;
        }
        if (detail.requestConfig && detail.requestConfig.verb === "get") {
          return false;
        }
        detail.target = document.getElementById("live") || detail.target;
        return true;
      },
    });
  }
  setInterval(tick, 250);
  document.addEventListener("DOMContentLoaded", tick);
  document.addEventListener("htmx:afterSwap", tick);
})();
