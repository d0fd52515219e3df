/* The "about your work" step in the browser: the answer goes in the action's JSON body, never in an address. */
function SexmotAboutWork(runtime, element) {
  "use strict";
  var common = window.SexmotCommon;
  var gettext = common.gettext;
  var root = common.rootOf(element).querySelector(".sexmot-about-work");
  var form = root.querySelector(".sexmot-about-work-form");
  if (!form) { return; }
  var status = form.querySelector(".sexmot-status");

  function say(message, isError) {
    status.textContent = message;
    status.classList.toggle("sexmot-error", Boolean(isError));
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var group = form.querySelector("input[type=radio]:checked");
    var county = form.querySelector("select").value;
    if (!group || !county) {
      say(gettext("Choose a target group and a county, or leave the step unanswered."), true);
      return;
    }
    say(gettext("Saving…"));
    common.act(runtime, element, "answer", { target_group: group.value, county: county }).then(function (reply) {
      say(reply.message);
    }, function (error) {
      say(error.message, true);
    });
  });
}
