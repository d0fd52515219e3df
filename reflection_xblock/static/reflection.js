/* The reflection exercise in the browser: submit, drafts and device-only texts, withdrawal, facilitator panel. */
function SexmotReflection(runtime, element) {
  "use strict";
  var common = window.SexmotCommon;
  var gettext = common.gettext;
  var root = common.rootOf(element).querySelector(".sexmot-reflection");
  var domId = root.getAttribute("data-dom-id");
  var form = root.querySelector(".sexmot-form");
  var status = root.querySelector(".sexmot-status");
  var results = root.querySelector(".sexmot-results");
  var textarea = root.querySelector("textarea");
  var counter = root.querySelector("#" + domId + "-count");
  var draftStatus = root.querySelector(".sexmot-draft-status");
  /* Per learner and exercise (see device_storage.py); empty for a visitor who is not signed in. */
  var storageKey = root.getAttribute("data-storage-key");
  var deviceKey = "sexmot-reflection:" + (storageKey || domId);
  /* The names this learner's texts had before the site's secret was rotated: moved to today's, never lost. */
  (root.getAttribute("data-storage-keys-before") || "").split(" ").forEach(function (before) {
    if (!before || !storageKey) { return; }
    ["sexmot-reflection:", "sexmot-reflection-draft:"].forEach(function (prefix) {
      try {
        var kept = window.localStorage.getItem(prefix + before);
        if (kept === null) { return; }
        if (window.localStorage.getItem(prefix + storageKey) === null) {
          window.localStorage.setItem(prefix + storageKey, kept);
        }
        window.localStorage.removeItem(prefix + before);
      } catch (error) { /* no storage in this browser: nothing was kept */ }
    });
  });
  var draft = null;
  /* On a group session's page: the session's code, sent with every write so the answers count there (only there). */
  var session = root.getAttribute("data-session");
  /* The page of the session's shared texts shown, and the tag of the results shown (see followSession). */
  var sessionPage = 1;
  var sessionTag = null;
  var following = false;

  function say(message, isError) {
    status.textContent = message;
    status.classList.toggle("sexmot-error", Boolean(isError));
  }

  function sayDraft(message) {
    if (draftStatus) { draftStatus.textContent = message; }
  }

  function draftSaved(saved) {
    sayDraft(saved ? gettext("Draft saved on this device")
      : gettext("The draft could not be saved on this device. Submit your text before you leave the page."));
  }

  /* What went wrong with a submission, and that the learner's text is not lost. */
  function failureMessage(error, kept) {
    var keptNote = kept ? gettext("Your text is kept as a draft on this device.")
      : gettext("Your text is still in the field above.");
    if (!error.status) {
      return (navigator.onLine === false
        ? gettext("You are offline, so nothing was sent.")
        : gettext("The server could not be reached, so nothing was sent.")) + " " + keptNote + " " +
        gettext("Submit again when you are back online.");
    }
    if (error.status >= 500) {
      return gettext("The server had a problem, so your answers were not saved.") + " " + keptNote + " " +
        gettext("Please try again in a moment.");
    }
    if (error.serverMessage) { return error.serverMessage + " " + keptNote; }
    if (error.status === 401 || error.status === 403) {
      return gettext("Your session has ended, so nothing was saved.") + " " + keptNote + " " +
        gettext("Reload the page, sign in if asked, and submit again.");
    }
    return error.message + " " + keptNote;
  }

  /* The choices and their values come from the server: the first keeps the text private (the default, also sent
     when there is no free text), the one that keeps it in this browser is marked data-on-device. */
  function sharingChoices() {
    return root.querySelectorAll("input[name='" + domId + "-sharing']");
  }

  function sharingChoice() {
    return root.querySelector("input[name='" + domId + "-sharing']:checked") || sharingChoices()[0] || null;
  }

  function updateCounter() {
    if (!textarea || !counter) { return; }
    var left = Number(counter.getAttribute("data-max")) - textarea.value.length;
    counter.textContent = gettext("Characters left:") + " " + left;
  }

  function collectAnswers() {
    var answers = {};
    var missing = null;
    root.querySelectorAll(".sexmot-statement").forEach(function (fieldset) {
      var checked = fieldset.querySelector("input:checked");
      if (checked) {
        answers[checked.getAttribute("data-statement")] = Number(checked.value);
      } else if (!missing) {
        missing = fieldset;
      }
    });
    return { answers: answers, missing: missing };
  }

  /* A participant who answered before (in the course or an earlier session): the notice at the top of a session's
     page says what their one step did, where they pressed it; once the answers count in the session its button goes. */
  function tellEarlier(message, counted) {
    var notice = root.querySelector(".sexmot-earlier");
    if (!notice) { return; }
    if (counted) {
      var button = notice.querySelector(".sexmot-count-earlier");
      if (button) { button.remove(); }
      notice.querySelector("p").remove();
    }
    notice.querySelector(".sexmot-earlier-status").textContent = message;
  }

  function submit(event) {
    event.preventDefault();
    var collected = collectAnswers();
    if (collected.missing) {
      say(gettext("Please answer every statement before you submit."), true);
      collected.missing.querySelector("input").focus();
      return;
    }
    var choice = textarea ? sharingChoice() : null;
    var keepOnDevice = Boolean(choice && choice.hasAttribute("data-on-device"));
    var text = textarea ? textarea.value : "";
    var kept = draft ? draft.saveNow() : false;
    if (keepOnDevice) {
      window.localStorage.setItem(deviceKey, text);
      text = "";
    }
    say(gettext("Saving…"));
    var payload = { answers: collected.answers, free_text: text,
                    sharing: choice ? choice.value : root.getAttribute("data-default-sharing") };
    if (session) { payload.session = session; }
    common.act(runtime, element, "submit", payload).then(function (reply) {
      if (!keepOnDevice) { window.localStorage.removeItem(deviceKey); }
      if (draft) {
        draft.forget();
        sayDraft("");
      }
      results.innerHTML = reply.results_html;
      root.setAttribute("data-submitted", "true");
      followSession();
      form.querySelector("button[type=submit]").textContent = gettext("Save changes");
      say(gettext("Your answers are saved."));
      tellEarlier(gettext("Your answers now count in this group session."), true);
    }).catch(function (error) {
      say(failureMessage(error, kept), true);
      tellEarlier(failureMessage(error, kept), false);
    });
  }

  function withdraw() {
    common.act(runtime, element, "withdraw", session ? { session: session } : {}).then(function (reply) {
      results.innerHTML = reply.results_html;
      var privateChoice = sharingChoices()[0];
      if (privateChoice) { privateChoice.checked = true; }
      say(gettext("Your shared text is withdrawn. It is still saved for you only."));
    }).catch(function (error) { say(error.message, true); });
  }

  /* Page through shared texts: the facilitator panel asks a staff handler, a learner's results their own. */
  function showPage(button) {
    var page = Number(button.getAttribute("data-page"));
    var body = button.closest(".sexmot-facilitator-body") || button.closest(".sexmot-group");
    var handler = body.classList.contains("sexmot-group") ? "group_page" : "facilitator_page";
    var payload = { page: page };
    if (session && handler === "group_page") { payload.session = session; }  // the session's texts, not the course's
    common.act(runtime, element, handler, payload).then(function (reply) {
      body.innerHTML = reply.html;
      if (payload.session) {  // later polls keep to this page
        sessionPage = page;
        sessionTag = null;
      }
      var first = body.querySelector("button[data-page]");
      if (first) { first.focus(); }
    }).catch(function (error) { say(error.message, true); });
  }

  function togglePresentation(button) {
    var panel = root.querySelector(".sexmot-facilitator");
    var on = !panel.classList.contains("sexmot-presenting");
    panel.classList.toggle("sexmot-presenting", on);
    button.setAttribute("aria-pressed", String(on));
    if (on && panel.requestFullscreen) {
      panel.requestFullscreen().catch(function () { /* fullscreen refused: the large layout still applies */ });
    } else if (!on && document.fullscreenElement) {
      document.exitFullscreen();
    }
  }

  /* On a session's page, once the participant has answered: the group's results as the session releases them, without
     a reload. The same POST poll as the projector's, with the tag of the results shown, so the server answers
     "unchanged" until a release; it stops once the session is closed (no release follows) or the server refuses. */
  function followSession() {
    if (!session || following) { return; }
    following = true;
    var every = Number(root.getAttribute("data-poll-ms")) || 3000;
    function poll() {
      var data = { code: session, page: sessionPage };
      if (sessionTag) { data.tag = sessionTag; }
      common.act(runtime, element, "session_results", data).then(function (reply) {
        if (reply.unchanged) { return true; }
        sessionTag = reply.tag;
        var group = results.querySelector(".sexmot-group");
        if (group) { group.innerHTML = reply.html; }
        return reply.open;
      }).catch(function (error) {
        return !error.status;  /* offline for a moment: try again; refused: stop */
      }).then(function (goOn) {
        if (goOn) { window.setTimeout(poll, document.hidden ? every * 4 : every); }
      });
    }
    window.setTimeout(poll, every);
  }

  /* Start a group session led by this learner (or find the one they lead again), and show its code and pages. */
  function startSession(button) {
    var box = root.querySelector(".sexmot-session-started");
    button.disabled = true;
    common.act(runtime, element, "start_session", {}).then(function (reply) {
      box.innerHTML = reply.html;  /* the server's own markup, as the exercise shows it after a reload */
      button.closest(".sexmot-actions").remove();  /* as after a reload: the session's links, no second start */
      box.querySelector("a").focus();
    }).catch(function (error) {
      box.textContent = error.message;
      button.disabled = false;
    });
  }

  /* Join a group session by its code: its page is this exercise, counted in the session as well. */
  function joinSession(event) {
    event.preventDefault();
    var joinForm = event.target;
    var input = joinForm.querySelector(".sexmot-join-code");
    var code = input.value.replace(/[\s-]/g, "").toUpperCase();
    if (code.length !== 6) {
      joinForm.querySelector(".sexmot-status").textContent = gettext("A session code has six letters and digits.");
      input.focus();
      return;
    }
    /* The code goes in the fragment: the browser never sends it, so no request log records who joined which session. */
    var url = joinForm.getAttribute("data-join-url") + "#" + encodeURIComponent(code);
    /* In this tab, so that the answers given on the session's page are the only ones open: out of the course's frame
       (the LMS shows a unit in an iframe, and a session's page refuses framing), in the frame itself if refused. */
    if (!window.open(url, "_top")) { window.location.assign(url); }
  }

  if (textarea && root.hasAttribute("data-kept-on-device")) {
    textarea.value = window.localStorage.getItem(deviceKey) || "";
  }
  if (textarea && storageKey) {
    draft = window.SexmotDrafts.keep(textarea, "sexmot-reflection-draft:" + storageKey, draftSaved);
    if (draft.found !== null && draft.found !== textarea.value) {
      textarea.value = draft.found;
      sayDraft(gettext("Your draft was restored from this device. It is not submitted yet."));
    }
  }
  if (textarea) {
    textarea.addEventListener("input", updateCounter);
    updateCounter();
  }
  form.addEventListener("submit", submit);
  if (results.querySelector(".sexmot-group")) { followSession(); }  /* the page came with the session's results */
  root.addEventListener("click", function (event) {
    var target = event.target;
    if (target.classList.contains("sexmot-withdraw")) { withdraw(); }
    if (target.hasAttribute("data-page")) { showPage(target); }
    if (target.classList.contains("sexmot-present")) { togglePresentation(target); }
    if (target.classList.contains("sexmot-start-session")) { startSession(target); }
    if (target.classList.contains("sexmot-count-earlier")) { form.requestSubmit(); }
  });
  var joinForm = root.querySelector(".sexmot-join-form");
  if (joinForm) { joinForm.addEventListener("submit", joinSession); }
  document.addEventListener("fullscreenchange", function () {
    var panel = root.querySelector(".sexmot-facilitator");
    if (panel && !document.fullscreenElement && panel.classList.contains("sexmot-presenting")) {
      togglePresentation(panel.querySelector(".sexmot-present"));
    }
  });
}
