/* The facilitator's presentation: one step at a time, by buttons or arrow keys; print shows every step. */
(function () {
  "use strict";
  var steps = Array.prototype.slice.call(document.querySelectorAll(".sexmot-step"));
  var counter = document.querySelector(".sexmot-presentation-counter");
  var previous = document.querySelector(".sexmot-presentation-previous");
  var next = document.querySelector(".sexmot-presentation-next");
  var printHints = document.querySelector(".sexmot-presentation-print-hints input");
  var current = 0;

  function show(index) {
    current = Math.max(0, Math.min(index, steps.length - 1));
    steps.forEach(function (step, position) {
      step.hidden = position !== current;
      if (position !== current) {
        step.querySelectorAll("video").forEach(function (video) { video.pause(); });
      }
    });
    counter.textContent = counter.getAttribute("data-template")
      .replace("%(current)s", String(current + 1)).replace("%(total)s", String(steps.length));
    previous.disabled = current === 0;
    next.disabled = current === steps.length - 1;
  }

  previous.addEventListener("click", function () { show(current - 1); });
  next.addEventListener("click", function () { show(current + 1); });
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (target.closest && target.closest("video, input, summary, details")) { return; }
    if (event.key === "ArrowRight" || event.key === "PageDown") { show(current + 1); event.preventDefault(); }
    if (event.key === "ArrowLeft" || event.key === "PageUp") { show(current - 1); event.preventDefault(); }
  });
  document.querySelector(".sexmot-presentation-print").addEventListener("click", function () { window.print(); });
  printHints.addEventListener("change", function () {
    document.body.classList.toggle("sexmot-print-hints", printHints.checked);
  });
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll(".sexmot-story-transcript").forEach(function (details) { details.open = true; });
  });
  document.querySelectorAll(".sexmot-story-film").forEach(function (film) { window.SexmotFilm.prepare(film); });
  show(0);
}());
