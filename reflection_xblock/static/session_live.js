/* The session's results on the projector and the run sheet: asked for every poll interval by a POST whose JSON body
   carries the session's code and the tag of the results shown, so the server answers "unchanged" (no rendering)
   until a release changes them; a release shows within about two seconds. The code never travels in an address,
   which the platform's request logs record. The pager of shared texts asks for its page at once; later polls keep
   to that page. */
(function () {
  "use strict";
  var common = window.SexmotCommon;
  var gettext = common.gettext;

  /* The projector's screens: the results one statement per screen (then the shared texts), so that each fits a 16:9
     room screen; paged with the arrow keys, a clicker's PageDown / PageUp, or the buttons. The stage of the page
     (joining, results, closed) decides what the join information takes of the screen (session.css). */
  function projectorScreens(live) {
    var body = document.body;
    var nav = document.querySelector(".sexmot-screens");
    var previous = nav.querySelector(".sexmot-screen-previous");
    var next = nav.querySelector(".sexmot-screen-next");
    var number = nav.querySelector(".sexmot-screen-number");
    var shown = 0;

    function screens() { return live.querySelectorAll(".sexmot-aggregate, .sexmot-shared"); }

    function show() {
      var all = screens();
      var state = document.querySelector(".sexmot-session-state");
      var open = !state || state.getAttribute("data-open") === "true";
      var stage = live.querySelector(".sexmot-aggregate") ? "results" : "joining";
      body.setAttribute("data-stage", open ? stage : "closed");
      if (!open) {
        document.querySelectorAll(".sexmot-projector-join, .sexmot-projector-join-line").forEach(function (join) {
          join.remove();
        });
      }
      shown = Math.max(0, Math.min(shown, all.length - 1));
      all.forEach(function (screen, index) { screen.hidden = index !== shown; });
      nav.hidden = all.length < 2;
      number.textContent = (shown + 1) + " / " + all.length;
      previous.disabled = shown === 0;
      next.disabled = shown >= all.length - 1;
    }

    function go(step) {
      var before = shown;
      shown += step;
      show();
      var focused = document.activeElement;
      if (shown !== before && focused && focused.disabled) { nav.querySelector("button:not([disabled])").focus(); }
    }

    previous.addEventListener("click", function () { go(-1); });
    next.addEventListener("click", function () { go(1); });
    document.addEventListener("keydown", function (event) {
      if (event.altKey || event.ctrlKey || event.metaKey) { return; }
      if (event.key === "ArrowRight" || event.key === "PageDown") {
        go(1);
      } else if (event.key === "ArrowLeft" || event.key === "PageUp") {
        go(-1);
      } else {
        return;
      }
      event.preventDefault();
    });
    show();
    return show;
  }

  function follow(live) {
    var url = live.getAttribute("data-action-url");
    var code = live.getAttribute("data-code");
    var heading = Number(live.getAttribute("data-heading")) || 4;
    var every = Number(live.getAttribute("data-poll-ms")) || 1500;
    var news = live.parentNode.querySelector(".sexmot-live-news");
    var state = document.querySelector(".sexmot-session-state");
    var tag = null;
    var page = 1;
    var refresh = live.hasAttribute("data-screens") ? projectorScreens(live) : function () {};

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
          refresh();
        }
        return body;
      });
    }

    function poll() {
      var first = tag === null;  // the page came with the results of its first answer
      ask().then(function (body) {
        if (body && !first) {
          live.innerHTML = body.html;
          refresh();
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
        refresh();
        var first = live.querySelector("button[data-page]");
        if (first) { first.focus(); }
      }).catch(function () { if (news) { news.textContent = gettext("The page could not be loaded. Please try again."); } });
    });
    poll();
  }

  document.querySelectorAll(".sexmot-live").forEach(follow);
}());
