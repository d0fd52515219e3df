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

  function timer(box) {
    var total = Number(box.getAttribute("data-seconds")) * 60;
    var left = total;
    var running = null;
    var time = box.querySelector(".sexmot-timer-time");
    var start = box.querySelector(".sexmot-timer-start");
    var news = box.querySelector(".sexmot-timer-news");

    function show() {
      time.textContent = clock(left);
      box.classList.toggle("sexmot-timer-over", left === 0);
    }
    function stop() {
      window.clearInterval(running);
      running = null;
      start.textContent = gettext("Start the timer");
    }
    function tick() {
      left = Math.max(0, left - 1);
      show();
      if (left === 60) { news.textContent = gettext("One minute left."); }
      if (left === 0) {
        stop();
        news.textContent = gettext("Time is up.");
      }
    }
    start.addEventListener("click", function () {
      if (running) {
        stop();
        news.textContent = gettext("Timer paused at") + " " + clock(left) + ".";
        return;
      }
      if (left === 0) { left = total; }
      running = window.setInterval(tick, 1000);
      start.textContent = gettext("Pause the timer");
      news.textContent = gettext("Timer started:") + " " + clock(left) + ".";
    });
    box.querySelector(".sexmot-timer-reset").addEventListener("click", function () {
      stop();
      left = total;
      show();
      news.textContent = gettext("Timer reset.");
    });
  }

  document.querySelectorAll(".sexmot-timer").forEach(timer);

  var close = document.querySelector(".sexmot-close-session");
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
