/* The session's results on the projector and the run sheet: asked for every poll interval with the last ETag,
   so the server answers 304 (no body) until a release changes them; a release shows within about two seconds. */
(function () {
  "use strict";
  var gettext = window.SexmotCommon.gettext;

  function follow(live) {
    var url = live.getAttribute("data-results-url");
    var every = Number(live.getAttribute("data-poll-ms")) || 1500;
    var news = live.parentNode.querySelector(".sexmot-live-news");
    var state = document.querySelector(".sexmot-session-state");
    var etag = null;

    function poll() {
      var headers = { "X-Requested-With": "XMLHttpRequest" };
      if (etag) { headers["If-None-Match"] = etag; }
      fetch(url, { credentials: "same-origin", cache: "no-store", headers: headers }).then(function (response) {
        if (response.status === 200) {
          var first = etag === null;
          etag = response.headers.get("ETag");
          return response.json().then(function (body) {
            if (!first) {
              live.innerHTML = body.html;
              if (news) { news.textContent = gettext("The group's results were updated."); }
            }
            if (state && !body.open && state.getAttribute("data-open") === "true") {
              state.setAttribute("data-open", "false");
              state.textContent = gettext("The session is closed.");
            }
          });
        }
        return null;
      }).catch(function () { /* offline for a moment: the next poll tries again */ }).then(function () {
        window.setTimeout(poll, document.hidden ? every * 4 : every);
      });
    }
    poll();
  }

  document.querySelectorAll(".sexmot-live").forEach(follow);
}());
