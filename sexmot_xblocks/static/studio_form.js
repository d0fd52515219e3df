/* Studio's form for both blocks (see sexmot_xblocks/studio_form.py): XBlock's StudioEditableXBlockMixin script
 * runs it, given a runtime whose save and error notifications carry the package's texts, in the author's
 * language (`config.messages`), instead of the page's. */
function SexmotStudioForm(runtime, element, config) {
  "use strict";

  var messages = config.messages;
  var translated = Object.create(runtime);
  translated.notify = function (name, data) {
    var shown = Object.assign({}, data);
    if (name === "save" && shown.state === "start") { shown.message = messages.saving; }
    if (name === "error") { shown.title = messages.unable_to_update; }
    return runtime.notify(name, shown);
  };
  StudioEditableXBlockMixin(translated, element);
}
