/* Studio's form for both blocks (see sexmot_xblocks/toolkit/studio_form.py): XBlock's StudioEditableXBlockMixin script
 * runs it, given a runtime whose save and error notifications carry the package's texts, in the author's
 * language (`config.messages`), instead of the page's. */
function SexmotStudioForm(runtime, element, config) {
  "use strict";

  var messages = config.messages;
  var pageText = typeof window.gettext === "function" ? window.gettext : function (text) { return text; };
  var mixinNoAnswer = pageText(config.mixinNoAnswer);

  /* The mixin shows our server's message, its own when there was no answer, or the start of a page of markup
   * (an error page that is not ours): the last two say the same to the author. */
  function errorMessage(message) {
    var text = typeof message === "string" ? message : "";
    return text === mixinNoAnswer || /^\s*</.test(text) || !text.trim() ? messages.no_answer : text;
  }

  var translated = Object.create(runtime);
  translated.notify = function (name, data) {
    var shown = Object.assign({}, data);
    if (name === "save" && shown.state === "start") { shown.message = messages.saving; }
    if (name === "error") {
      shown.title = messages.unable_to_update;
      shown.message = errorMessage(shown.message);
    }
    return runtime.notify(name, shown);
  };
  StudioEditableXBlockMixin(translated, element);
}
