/* The run sheet: a timer per exercise (announced to screen readers at the minute marks that matter, not each
   second), closing the session, printing the summary. */
(function () {
  "use strict";
  var common = window.SexmotCommon;
  var gettext = common.gettext;
  var status = document.querySelector(".sexmot-run-sheet-header .sexmot-status");

  function clock(seconds) {
    var minutes = Math.floor(seconds / 60);
    var rest = seconds % 60;
    return minutes + ":" + (rest < 10 ? "0" : "") + rest;
  }

  /* Each timer keeps its state on this device (the session's code and the step name it), so a reload or a
     run sheet opened again from the course goes on where it was; starting one timer pauses the one running. */
  var close = document.querySelector(".sexmot-close-session");
  var timers = [];

  function remembered(key) {
    try { return JSON.parse(window.localStorage.getItem(key) || "null"); } catch (error) { return null; }
  }
  function remember(key, state) {
    try { window.localStorage.setItem(key, JSON.stringify(state)); } catch (error) { /* kept for this page only */ }
  }

  function timer(box, index) {
    var total = Number(box.getAttribute("data-seconds")) * 60;
    var key = "sexmot-timer:" + close.getAttribute("data-code") + ":" + index;
    var saved = remembered(key) || {};
    var left = typeof saved.left === "number" ? Math.min(total, Math.max(0, saved.left)) : total;
    var endsAt = typeof saved.endsAt === "number" ? saved.endsAt : null;  // while running: when it reaches 0:00
    var ticking = null;
    var time = box.querySelector(".sexmot-timer-time");
    var start = box.querySelector(".sexmot-timer-start");
    var news = box.querySelector(".sexmot-timer-news");

    function show() {
      time.textContent = clock(left);
      box.classList.toggle("sexmot-timer-over", left === 0);
    }
    function save() { remember(key, { left: left, endsAt: endsAt }); }
    function stop() {
      window.clearInterval(ticking);
      ticking = null;
      endsAt = null;
      start.textContent = gettext("Start the timer");
      save();
    }
    function tick() {
      var before = left;
      left = Math.max(0, Math.ceil((endsAt - Date.now()) / 1000));
      show();
      if (before > 60 && left <= 60 && left > 0) { news.textContent = gettext("One minute left."); }
      if (left === 0) {
        stop();
        news.textContent = gettext("Time is up.");
      }
    }
    function run() {
      ticking = window.setInterval(tick, 250);
      start.textContent = gettext("Pause the timer");
      save();
    }
    function pause() {
      if (!ticking) { return; }
      tick();
      if (!ticking) { return; }
      stop();
      news.textContent = gettext("Timer paused at") + " " + clock(left) + ".";
    }
    start.addEventListener("click", function () {
      if (ticking) {
        pause();
        return;
      }
      timers.forEach(function (other) { other.pause(); });
      if (left === 0) { left = total; }
      endsAt = Date.now() + left * 1000;
      run();
      news.textContent = gettext("Timer started:") + " " + clock(left) + ".";
    });
    box.querySelector(".sexmot-timer-reset").addEventListener("click", function () {
      stop();
      left = total;
      show();
      save();
      news.textContent = gettext("Timer reset.");
    });
    show();
    if (endsAt !== null) {
      run();
      tick();
    }
    return { pause: pause };
  }

  document.querySelectorAll(".sexmot-timer").forEach(function (box, index) { timers.push(timer(box, index)); });

  close.addEventListener("click", function () {
    common.postJson(close.getAttribute("data-action-url"),
                    { action: "close_session", data: { code: close.getAttribute("data-code") } })
      .then(function () {
        close.disabled = true;
        var state = document.querySelector(".sexmot-session-state");
        state.setAttribute("data-open", "false");
        state.textContent = gettext("The session is closed.");
        status.textContent = gettext("The session is closed. Its results stay here until it is removed.");
      }).catch(function (error) { status.textContent = error.message; });
  });
  document.querySelector(".sexmot-print").addEventListener("click", function () { window.print(); });
}());
