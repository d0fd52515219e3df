/* A story's film in the browser: captions on from the start, a clear message when the file cannot play,
   a transcript derived from the captions when none was written, and a switch between the film's versions
   (with audio description, with sign language) that keeps the learner's place and is remembered on the
   device. Used by the learner view and the presentation view. */
window.SexmotFilm = window.SexmotFilm || (function () {
  "use strict";

  /* Turn on the caption track the server marked as default (the course language). */
  function showDefaultCaptions(video) {
    video.querySelectorAll("track").forEach(function (element) {
      if (element.default && element.track) { element.track.mode = "showing"; }
    });
  }

  /* Call onFailure once when no source can play: every <source> failed (404, wrong type) or decoding failed.
     onFailure returns true when it put other sources in place, which are then watched in the same way.
     Returns the function that watches the sources again after they were replaced. */
  function watchForFailure(video, onFailure) {
    var failed = false;
    function fail() {
      if (!failed) { failed = !onFailure(); }
    }
    function watchSources() {
      var sources = video.querySelectorAll("source");
      if (sources.length) { sources[sources.length - 1].addEventListener("error", fail); }
    }
    video.addEventListener("error", fail);
    watchSources();
    return watchSources;
  }

  /* The versions share one timeline, so what was played of another version counts as played: its ranges
     are kept here when the learner switches, since loading a new source empties video.played. */
  var earlierRanges = new WeakMap();

  function playedRanges(video) {
    var ranges = (earlierRanges.get(video) || []).slice();
    for (var index = 0; index < video.played.length; index += 1) {
      ranges.push([video.played.start(index), video.played.end(index)]);
    }
    return ranges;
  }

  /* The share of the film actually played, from the browser's own record of played ranges (seeking does not count). */
  function playedShare(video) {
    if (!isFinite(video.duration) || video.duration <= 0) { return 0; }
    var seconds = 0;
    var reached = 0;
    playedRanges(video).sort(function (a, b) { return a[0] - b[0]; }).forEach(function (range) {
      var start = Math.max(range[0], reached);
      if (range[1] > start) { seconds += range[1] - start; }
      reached = Math.max(reached, range[1]);
    });
    return Math.min(1, seconds / video.duration);
  }

  var VERSION_KEY = "sexmot-story-film-version";

  /* The version chosen last on this device; storage may be off (private windows), which only forgets. */
  function rememberedVersion() {
    try { return window.localStorage.getItem(VERSION_KEY); } catch (error) { return null; }
  }

  function rememberVersion(key) {
    try { window.localStorage.setItem(VERSION_KEY, key); } catch (error) { /* not remembered */ }
  }

  /* Read a descriptions track aloud: its current cue goes into a live region, which screen readers announce. */
  function followDescriptions(video, region) {
    var element = video.querySelector("track[kind='descriptions'][data-default]") ||
      video.querySelector("track[kind='descriptions']");
    var track = element && element.track;
    if (!track || !region) { return function () {}; }
    function announce() {
      var cues = Array.prototype.slice.call(track.activeCues || []);
      region.textContent = cues.map(function (cue) { return cue.text; }).join(" ");
    }
    track.addEventListener("cuechange", announce);
    return function (on) {
      track.mode = on ? "hidden" : "disabled";
      if (on) { announce(); } else { region.textContent = ""; }
    };
  }

  function setSources(video, sources) {
    video.replaceChildren.apply(video, sources.map(function (source) {
      var element = document.createElement("source");
      element.src = source.src;
      element.type = source.type;
      return element;
    }).concat(Array.prototype.slice.call(video.querySelectorAll("track"))));
  }

  /* The version switch: a radio group; choosing a version loads its film where the learner was, playing if
     it played, and remembers the choice. The version remembered on the device replaces the film's sources
     before the first load. Returns what to do when a version's film cannot play: go back to the standard
     film (the first version) and say so, unless that is the one failing. */
  function prepareVersions(filmElement, video, watchSources) {
    var noFallBack = function () { return false; };
    var fieldset = filmElement.querySelector(".sexmot-story-film-versions");
    var inputs = Array.prototype.slice.call(filmElement.querySelectorAll(".sexmot-story-film-versions input"));
    if (!inputs.length) { return noFallBack; }
    var readDescriptions = followDescriptions(video, filmElement.querySelector(".sexmot-story-film-description"));
    var current = inputs.filter(function (input) { return input.checked; })[0];
    function choose(input, keepPlace) {
      var sources = JSON.parse(input.getAttribute("data-sources"));
      var sameFilm = current && current.getAttribute("data-sources") === input.getAttribute("data-sources");
      current = input;
      input.checked = true;
      readDescriptions(input.hasAttribute("data-reads-descriptions"));
      if (sameFilm) { return; }
      var place = video.currentTime;
      var playing = !video.paused && !video.ended;
      earlierRanges.set(video, playedRanges(video));
      setSources(video, sources);
      watchSources();
      if (keepPlace) {
        video.addEventListener("loadedmetadata", function () {
          if (place > 0 && place < video.duration) { video.currentTime = place; }
          if (playing) { video.play().catch(function () { /* the learner presses play */ }); }
        }, { once: true });
        video.load();
      }
    }
    inputs.forEach(function (input) {
      input.addEventListener("change", function () {
        if (input.checked) {
          rememberVersion(input.value);
          choose(input, true);
        }
      });
    });
    var remembered = inputs.filter(function (input) { return input.value === rememberedVersion(); })[0];
    if (remembered && remembered !== current) {
      choose(remembered, false);
    } else {
      readDescriptions(current.hasAttribute("data-reads-descriptions"));
    }
    return function fallBack() {
      var standard = inputs[0];
      if (current.getAttribute("data-sources") === standard.getAttribute("data-sources")) { return false; }
      choose(standard, true);
      filmElement.querySelector(".sexmot-story-film-version-status").textContent =
        fieldset.getAttribute("data-fallback-message");
      return true;
    };
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
      paragraph.lang = container.getAttribute("data-lang");  /* the captions' language, not the interface's */
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
    var fallBack = null;
    var watchSources = watchForFailure(video, function () {
      if (fallBack && fallBack()) { return true; }
      video.pause();
      filmElement.querySelector(".sexmot-story-player").hidden = true;
      filmElement.querySelector(".sexmot-story-film-missing").hidden = false;
      if (options && options.onMissing) { options.onMissing(); }
      return false;
    });
    fallBack = prepareVersions(filmElement, video, watchSources);
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
