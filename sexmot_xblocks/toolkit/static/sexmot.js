/* What both sexmot blocks' scripts share: JSON calls to handlers and actions, CSRF, translation. */
window.SexmotCommon = window.SexmotCommon || (function () {
  "use strict";

  /* The package's own catalogue (sexmot_xblocks/toolkit/i18n.py) first: the platform's gettext does not know our strings. */
  var catalogue = window.SexmotI18N;
  var gettext = catalogue && catalogue.gettext ? function (text) { return catalogue.gettext(text); }
    : window.gettext || function (text) { return text; };

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  /* POST a JSON payload to a handler; resolve with the reply, reject with an Error whose message the learner can read. */
  function postJson(url, payload) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "Content-Type": "application/json",
        "X-CSRFToken": csrfToken(),
        "X-Requested-With": "XMLHttpRequest"
      },
      body: JSON.stringify(payload)
    }).catch(function () {
      throw new Error(gettext("The server could not be reached. Nothing was saved; please try again."));
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        if (!response.ok) {
          var error = new Error(body.error || gettext("Something went wrong. Nothing was saved; please try again."));
          error.status = response.status;
          error.serverMessage = body.error || "";  /* empty when the reply is not the handler's (a proxy, CSRF) */
          throw error;
        }
        return body;
      });
    });
  }

  /* Run one of a block's JSON actions. Every action goes to the block's one handler with its name in the body, where
     the platform's request logs (path and query, with the user) do not look: sexmot_xblocks/toolkit/handlers.py. */
  function act(runtime, element, action, data) {
    return postJson(runtime.handlerUrl(element, "action"), { action: action, data: data });
  }

  /* The LMS passes a DOM element, some runtimes a jQuery object. */
  function rootOf(element) {
    return element && element.jquery ? element[0] : element;
  }

  return { postJson: postJson, act: act, rootOf: rootOf, gettext: gettext };
}());
