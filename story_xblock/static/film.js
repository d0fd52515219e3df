/* A story's film in the browser: captions on from the start, a clear message when the file cannot play,
   and a transcript derived from the captions when none was written. Used by the learner view and the
   presentation view. */
window.SexmotFilm = window.SexmotFilm || (function () {
  "use strict";

  /* Turn on the caption track the server marked as default (the course language). */
  function showDefaultCaptions(video) {
    video.querySelectorAll("track").forEach(function (element) {
      if (element.default && element.track) { element.track.mode = "showing"; }
    });
  }

  /* Call onFailure once when no source can play: every <source> failed (404, wrong type) or decoding failed. */
  function watchForFailure(video, onFailure) {
    var failed = false;
    function fail() {
      if (!failed) { failed = true; onFailure(); }
    }
    var sources = video.querySelectorAll("source");
    if (sources.length) { sources[sources.length - 1].addEventListener("error", fail); }
    video.addEventListener("error", fail);
  }

  /* The share of the film actually played, from the browser's own record of played ranges (seeking does not count). */
  function playedShare(video) {
    if (!isFinite(video.duration) || video.duration <= 0) { return 0; }
    var seconds = 0;
    for (var index = 0; index < video.played.length; index += 1) {
      seconds += video.played.end(index) - video.played.start(index);
    }
    return Math.min(1, seconds / video.duration);
  }

  /* The spoken text of a WebVTT file, one paragraph per cue; a voice tag <v Name> becomes "Name: ". */
  function cueTexts(vtt) {
    var parser = new DOMParser();
    return vtt.replace(/\r\n?/g, "\n").split(/\n{2,}/).map(function (block) {
      var lines = block.split("\n");
      var timing = lines.findIndex(function (line) { return line.indexOf("-->") !== -1; });
      if (timing === -1) { return ""; }  // the header, NOTE, STYLE and REGION blocks
      var text = lines.slice(timing + 1).join(" ").replace(/<v(?:\.[^ >]*)? ([^>]*)>/g, "$1: ");
      return parser.parseFromString(text, "text/html").body.textContent.trim();
    }).filter(Boolean);
  }

  function showTranscript(container, paragraphs) {
    container.replaceChildren.apply(container, paragraphs.map(function (text) {
      var paragraph = document.createElement("p");
      paragraph.textContent = text;
      return paragraph;
    }));
  }

  function loadTranscript(container) {
    var failed = [container.getAttribute("data-failed-message")];
    fetch(container.getAttribute("data-source"), { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) { throw new Error(String(response.status)); }
      return response.text();
    }).then(function (vtt) {
      var paragraphs = cueTexts(vtt);
      showTranscript(container, paragraphs.length ? paragraphs : failed);
    }).catch(function () { showTranscript(container, failed); });
  }

  /* Set up one film block (.sexmot-story-film); options.onMissing runs when the film cannot play. */
  function prepare(filmElement, options) {
    var video = filmElement.querySelector("video");
    var transcript = filmElement.querySelector(".sexmot-story-transcript-text");
    if (transcript && transcript.getAttribute("data-source")) { loadTranscript(transcript); }
    if (!video) { return null; }
    watchForFailure(video, function () {
      video.pause();
      filmElement.querySelector(".sexmot-story-player").hidden = true;
      filmElement.querySelector(".sexmot-story-film-missing").hidden = false;
      if (options && options.onMissing) { options.onMissing(); }
    });
    var resumeAt = Number(filmElement.getAttribute("data-resume-time")) || 0;
    video.addEventListener("loadedmetadata", function () {
      if (resumeAt > 0 && resumeAt < video.duration - 1) { video.currentTime = resumeAt; }
    }, { once: true });
    // The markup says preload="none" so that nothing loads before the failure watch above is in place.
    video.preload = "metadata";
    video.load();
    showDefaultCaptions(video);
    return video;
  }

  return { prepare: prepare, playedShare: playedShare, cueTexts: cueTexts };
}());
