/* The story in the browser: "Read on" part by part, film and transcript progress, completion. */
function SexmotStory(runtime, element) {
  "use strict";
  var common = window.SexmotCommon;
  var root = common.rootOf(element).querySelector(".sexmot-story");
  var domId = root.getAttribute("data-dom-id");
  var partCount = Number(root.getAttribute("data-part-count"));
  var share = Number(root.getAttribute("data-share"));
  var reached = Number(root.getAttribute("data-reached"));
  var complete = root.getAttribute("data-complete") === "true";
  var status = root.querySelector(".sexmot-story-status");
  var progress = root.querySelector(".sexmot-story-progress");
  var readOn = root.querySelector(".sexmot-story-read-on");
  var questions = root.querySelector(".sexmot-story-questions");
  var reportedShare = 0;
  /* Reports go one after another: two at once would each save the state they loaded, and the later
     save would undo the earlier one (say, the last part reached lost to a transcript report). */
  var reports = Promise.resolve();

  function say(message, isError) {
    status.textContent = message || "";
    status.classList.toggle("sexmot-error", Boolean(isError));
  }

  function report(payload) {
    reports = reports.then(function () { return send(payload); });
    return reports;
  }

  function send(payload) {
    return common.act(runtime, element, "progress", payload).then(function (reply) {
      if (reply.complete && !complete) {
        complete = true;
        root.setAttribute("data-complete", "true");
        say(root.getAttribute("data-done-message"));
      } else if (!reply.complete && reply.furthest_part >= partCount) {
        say(root.getAttribute("data-pending-message"));
      }
    }).catch(function (error) { say(error.message, true); });
  }

  function showPart(number) {
    var group = root.querySelector(".sexmot-story-group[data-part='" + number + "']");
    if (group) { group.hidden = false; }
    progress.textContent = progress.getAttribute("data-template")
      .replace("%(current)s", String(number)).replace("%(total)s", String(partCount));
    if (number >= partCount) {
      readOn.hidden = true;
      if (questions) { questions.hidden = false; }
    }
  }

  function readOnward() {
    var next = Math.min(Math.max(reached, 1) + 1, partCount);
    showPart(next);
    reached = next;
    document.getElementById(domId + "-part-" + next).focus();
    report({ part: next });
  }

  function followFilm(video) {
    function reportWatched(force) {
      var watched = window.SexmotFilm.playedShare(video);
      var crossed = watched >= share && reportedShare < share;
      if (force || crossed || watched - reportedShare >= 0.1) {
        reportedShare = Math.max(reportedShare, watched);
        report({ film_watched: watched, film_time: video.currentTime });
      }
    }
    video.addEventListener("timeupdate", function () { reportWatched(false); });
    video.addEventListener("pause", function () { reportWatched(true); });
    video.addEventListener("ended", function () { reportWatched(true); });
  }

  var filmElement = root.querySelector(".sexmot-story-film");
  if (filmElement) {
    var video = window.SexmotFilm.prepare(filmElement);
    if (video) { followFilm(video); }
    var details = filmElement.querySelector(".sexmot-story-transcript");
    if (details) {
      details.addEventListener("toggle", function () {
        if (details.open) { report({ transcript_opened: true }); }
      });
    }
  }
  if (readOn) { readOn.addEventListener("click", readOnward); }
  if (partCount > 0 && reached < 1) {
    reached = 1;
    report({ part: 1 });
  }
}
