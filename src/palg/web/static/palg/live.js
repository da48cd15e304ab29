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
  setInterval(tick, 250);
  document.addEventListener("DOMContentLoaded", tick);
  document.addEventListener("htmx:afterSwap", tick);
})();
