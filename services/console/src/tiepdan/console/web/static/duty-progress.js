// The roster page while the solver works: reload every few seconds until the draft is there. Without JavaScript the
// page says so and offers a link to reload by hand.
(function () {
  "use strict";
  var solving = document.getElementById("solving");
  if (!solving) {
    return;
  }
  var seconds = Number(solving.getAttribute("data-refresh-s")) || 2;
  window.setTimeout(function () {
    window.location.reload();
  }, seconds * 1000);
})();
