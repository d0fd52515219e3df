/* The reflection exercise in the browser: submit, device-only texts, withdrawal, facilitator panel. */
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
  var deviceKey = "sexmot-reflection:" + domId;

  function say(message, isError) {
    status.textContent = message;
    status.classList.toggle("sexmot-error", Boolean(isError));
  }

  function sharingChoice() {
    var checked = root.querySelector("input[name='" + domId + "-sharing']:checked");
    return checked ? checked.value : "private";
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

  function submit(event) {
    event.preventDefault();
    var collected = collectAnswers();
    if (collected.missing) {
      say(gettext("Please answer every statement before you submit."), true);
      collected.missing.querySelector("input").focus();
      return;
    }
    var sharing = textarea ? sharingChoice() : "private";
    var text = textarea ? textarea.value : "";
    if (sharing === "device") {
      window.localStorage.setItem(deviceKey, text);
      text = "";
    }
    say(gettext("Saving…"));
    common.postJson(runtime.handlerUrl(element, "submit"), {
      answers: collected.answers, free_text: text, sharing: sharing
    }).then(function (reply) {
      if (sharing !== "device") { window.localStorage.removeItem(deviceKey); }
      results.innerHTML = reply.results_html;
      root.setAttribute("data-submitted", "true");
      form.querySelector("button[type=submit]").textContent = gettext("Save changes");
      say(gettext("Your answers are saved."));
    }).catch(function (error) { say(error.message, true); });
  }

  function withdraw() {
    common.postJson(runtime.handlerUrl(element, "withdraw"), {}).then(function (reply) {
      results.innerHTML = reply.results_html;
      var privateChoice = root.querySelector("input[name='" + domId + "-sharing'][value=private]");
      if (privateChoice) { privateChoice.checked = true; }
      say(gettext("Your shared text is withdrawn. It is still saved for you only."));
    }).catch(function (error) { say(error.message, true); });
  }

  /* Page through shared texts: the facilitator panel asks a staff handler, a learner's results their own. */
  function showPage(button) {
    var page = Number(button.getAttribute("data-page"));
    var body = button.closest(".sexmot-facilitator-body") || button.closest(".sexmot-group");
    var handler = body.classList.contains("sexmot-group") ? "group_page" : "facilitator_page";
    common.postJson(runtime.handlerUrl(element, handler), { page: page }).then(function (reply) {
      body.innerHTML = reply.html;
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

  if (textarea && root.getAttribute("data-sharing") === "device") {
    textarea.value = window.localStorage.getItem(deviceKey) || "";
  }
  if (textarea) {
    textarea.addEventListener("input", updateCounter);
    updateCounter();
  }
  form.addEventListener("submit", submit);
  root.addEventListener("click", function (event) {
    var target = event.target;
    if (target.classList.contains("sexmot-withdraw")) { withdraw(); }
    if (target.hasAttribute("data-page")) { showPage(target); }
    if (target.classList.contains("sexmot-present")) { togglePresentation(target); }
  });
  document.addEventListener("fullscreenchange", function () {
    var panel = root.querySelector(".sexmot-facilitator");
    if (panel && !document.fullscreenElement && panel.classList.contains("sexmot-presenting")) {
      togglePresentation(panel.querySelector(".sexmot-present"));
    }
  });
}
