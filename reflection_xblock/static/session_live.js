/* The session's results on the projector and the run sheet: asked for every poll interval with the last ETag,
   so the server answers 304 (no body) until a release changes them; a release shows within about two seconds.
   The pager of shared texts asks for its page at once; later polls keep to that page. */
(function () {
  "use strict";
  var gettext = window.SexmotCommon.gettext;

  function follow(live) {
    var url = live.getAttribute("data-results-url");
    var every = Number(live.getAttribute("data-poll-ms")) || 1500;
    var news = live.parentNode.querySelector(".sexmot-live-news");
    var state = document.querySelector(".sexmot-session-state");
    var etag = null;
    var page = 1;

    /* The results if they changed since the last answer (null when the server says 304), noting the new tag. */
    function ask() {
      var headers = { "X-Requested-With": "XMLHttpRequest" };
      if (etag) { headers["If-None-Match"] = etag; }
      return fetch(url + "&page=" + page, { credentials: "same-origin", cache: "no-store", headers: headers })
        .then(function (response) {
          if (response.status !== 200) { return null; }
          etag = response.headers.get("ETag");
          return response.json();
        }).then(function (body) {
          if (body && state && !body.open && state.getAttribute("data-open") === "true") {
            state.setAttribute("data-open", "false");
            state.textContent = gettext("The session is closed.");
          }
          return body;
        });
    }

    function poll() {
      var first = etag === null;  // the page came with the results of its first answer
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
      etag = null;
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
