/* A reflection's unsent text kept as a draft in this browser only: saved while the learner types, back after a
   reload or a dropped connection, removed once the text is submitted. Nothing here talks to the server: a
   draft leaves the device only when the learner submits. */
window.SexmotDrafts = window.SexmotDrafts || (function () {
  "use strict";

  /* Save this long after the last keystroke, so that typing stays smooth and storage is not written per key. */
  var PAUSE_MS = 700;
  /* A draft left longer than this is dropped: a shared computer should not keep half-written reflections. */
  var MAX_AGE_MS = 30 * 24 * 60 * 60 * 1000;

  function read(key) {
    try {
      var stored = JSON.parse(window.localStorage.getItem(key) || "null");
      if (!stored || typeof stored.text !== "string" || typeof stored.savedAt !== "number") { return null; }
      if (Date.now() - stored.savedAt > MAX_AGE_MS) {
        window.localStorage.removeItem(key);
        return null;
      }
      return stored.text;
    } catch (error) {
      return null;  // storage disabled or a damaged entry: as if there were no draft
    }
  }

  function write(key, text) {
    try {
      window.localStorage.setItem(key, JSON.stringify({ text: text, savedAt: Date.now() }));
      return true;
    } catch (error) {
      return false;  // storage full, disabled or refused (some private modes)
    }
  }

  function remove(key) {
    try { window.localStorage.removeItem(key); } catch (error) { /* nothing stored, nothing to remove */ }
  }

  /* Keep the textarea's text under ``key``; ``onSave(saved)`` runs after each attempt with true or false.
     Returns the draft found at start (or null), whether the last save worked, and ways to save now or forget. */
  function keep(textarea, key, onSave) {
    var timer = null;
    var lastSaved = false;

    function save() {
      window.clearTimeout(timer);
      timer = null;
      lastSaved = write(key, textarea.value);
      onSave(lastSaved);
    }

    textarea.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(save, PAUSE_MS);
    });
    window.addEventListener("pagehide", function () { if (timer) { save(); } });

    return {
      found: read(key),
      saveNow: function () { save(); return lastSaved; },
      forget: function () {
        window.clearTimeout(timer);
        timer = null;
        remove(key);
      }
    };
  }

  return { keep: keep };
}());
