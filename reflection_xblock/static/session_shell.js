/* A group session's page as its address opens it: the session's code is in the address's fragment (#CODE), which
   the browser never sends, so neither the platform's tracking log nor the web server's access log records who joined
   or led which session. The page reads the code and asks for the view with a POST whose JSON body carries it, then
   shows the page it gets in place of this one. A code kept while the visitor signed in (the sign-in page keeps the
   fragment in this tab's sessionStorage) comes back into the address. */
(function () {
  "use strict";
  var common = window.SexmotCommon;
  var gettext = common.gettext;
  var shell = document.querySelector(".sexmot-session-shell");
  var status = shell.querySelector(".sexmot-status");
  var kept = "sexmot-fragment:" + window.location.pathname;

  function codeInAddress() {
    return decodeURIComponent(window.location.hash.replace(/^#/, "")).replace(/[\s-]/g, "").toUpperCase();
  }

  var code = codeInAddress();
  try {
    if (!code && window.sessionStorage.getItem(kept)) {
      window.history.replaceState(null, "", "#" + window.sessionStorage.getItem(kept));
      code = codeInAddress();
    }
    window.sessionStorage.removeItem(kept);
  } catch (error) { /* storage refused: the code in the address is all there is */ }
  if (!code) {
    status.textContent = gettext("This address has no session code. Open the link from the group's leader again, or type the code in the exercise.");
    return;
  }
  var data = { code: code, view: shell.getAttribute("data-view") };
  if (shell.getAttribute("data-step")) { data.step = Number(shell.getAttribute("data-step")); }
  common.postJson(shell.getAttribute("data-action-url"), { action: "session_document", data: data }).then(function (reply) {
    document.open();
    document.write(reply.html);
    document.close();
  }).catch(function (error) { status.textContent = error.message; });
}());
