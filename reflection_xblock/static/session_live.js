/* The session's results on the projector and the run sheet: asked for every poll interval by a POST whose JSON body
   carries the session's code and the tag of the results shown, so the server answers "unchanged" (no rendering)
   until a release changes them; a release shows within about two seconds. The code never travels in an address,
   which the platform's request logs record. The pager of shared texts asks for its page at once; later polls keep
   to that page. */
(function () {
  "use strict";
  var common = window.SexmotCommon;
  var gettext = common.gettext;

  function follow(live) {
    var url = live.getAttribute("data-action-url");
    var code = live.getAttribute("data-code");
    var heading = Number(live.getAttribute("data-heading")) || 4;
    var every = Number(live.getAttribute("data-poll-ms")) || 1500;
    var news = live.parentNode.querySelector(".sexmot-live-news");
    var state = document.querySelector(".sexmot-session-state");
    var tag = null;
    var page = 1;

    /* The results if they changed since the last answer (null when the server says they did not), noting the tag. */
    function ask() {
      var data = { code: code, page: page, heading: heading };
      if (tag) { data.tag = tag; }
      return common.postJson(url, { action: "session_results", data: data }).then(function (body) {
        if (body.unchanged) { return null; }
        tag = body.tag;
        if (state && !body.open && state.getAttribute("data-open") === "true") {
          state.setAttribute("data-open", "false");
          state.textContent = gettext("The session is closed.");
        }
        return body;
      });
    }

    function poll() {
      var first = tag === null;  // the page came with the results of its first answer
      ask().then(function (body) {
        if (body && !first) {
          live.innerHTML = body.html;
          if (news) { news.textContent = gettext("The group's results were updated."); }
        }
      }).catch(function () { /* offline for a moment: the next poll tries again */ }).then(function () {
        window.setTimeout(poll, document.hidden ? every * 4 : every);
      });
    }

    live.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-page]");
      if (!button) { return; }
      page = Number(button.getAttribute("data-page"));
      tag = null;
      ask().then(function (body) {
        if (!body) { return; }
        live.innerHTML = body.html;
        var first = live.querySelector("button[data-page]");
        if (first) { first.focus(); }
      }).catch(function () { if (news) { news.textContent = gettext("The page could not be loaded. Please try again."); } });
    });
    poll();
  }

  document.querySelectorAll(".sexmot-live").forEach(follow);
}());
