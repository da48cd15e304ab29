// The forming page. After a move, swap or lock, htmx replaces the board with one in which the
// changed person carries the result (data-focus): a moved person now sits in another set, maybe
// far down the page. Bring them into view with as little scrolling as possible ("nearest": none
// at all when they are on screen already), so the lead sees the result where they work. No
// inline code: the Content Security Policy forbids it.
(function () {
  "use strict";
  document.addEventListener("htmx:afterSettle", function () {
    var person = document.querySelector("#draft-board [data-focus]");
    if (person) {
      person.scrollIntoView({ block: "nearest" });
    }
  });
})();
