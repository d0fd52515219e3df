/* Studio list editors (see sexmot_xblocks/toolkit/studio_lists.py): one editor per list field, in the mixin's form.
 *
 * Each editor keeps the mixin's JSON text area, hidden, up to date; the mixin saves, cancels and resets.
 * All texts come from the server in `config`, already translated. */
/* global SexmotStudioForm -- studio_form.js, which Studio loads before this script */
function SexmotStudioLists(runtime, element, config) {
  "use strict";

  var root = element && element.jquery ? element[0] : element;
  var messages = config.messages;
  var editors = [];

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
    });
  }

  function make(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function changed(node) {
    node.dispatchEvent(new Event("change", {bubbles: true}));
  }

  /* One list field's editor; `spec` is a ListEditor.to_json(). */
  function ListEditor(spec, index) {
    var wrapper = root.querySelector('li[data-field-name="' + spec.field + '"]');
    var store = wrapper.querySelector(".field-data-control");
    var idBase = "sexmot-list-" + index + "-" + spec.field;
    var items = [];
    var fieldset = make("fieldset", {"class": "sexmot-list", "id": idBase});
    var list = make("ol", {"class": "sexmot-list-items"});
    var status = make("p", {"class": "sexmot-list-status", "role": "status", "aria-live": "polite"});
    var addButton = make("button", {"type": "button", "class": "sexmot-list-add"}, spec.addLabel);
    var help = wrapper.querySelector(".setting-help");
    var label = wrapper.querySelector('label[for="' + store.id + '"]');

    function readStore() {
      var value;
      try { value = JSON.parse(store.value || "[]"); } catch (error) { value = []; }
      if (!Array.isArray(value)) { value = []; }
      items = value.map(function (entry) {
        if (spec.plain) { return {value: typeof entry === "string" || typeof entry === "number" ? String(entry) : ""}; }
        return entry && typeof entry === "object" ? Object.assign({}, entry) : {};
      });
      while (spec.fixedLength && items.length < spec.fixedLength) { items.push(spec.plain ? {value: ""} : {}); }
    }

    /* What an input shows of an item's value, and what it writes back (see ItemInput.widget). */
    function shown(input, value) {
      if (input.widget === "lines") { return Array.isArray(value) ? value.join("\n") : ""; }
      return value === undefined || value === null ? "" : String(value);
    }

    function written(input, control) {
      if (input.widget === "checkbox") { return control.checked; }
      if (input.widget === "lines") {
        return control.value.split("\n").map(function (line) { return line.trim(); }).filter(Boolean);
      }
      if (input.widget === "number" && /^\d+$/.test(control.value.trim())) { return Number(control.value.trim()); }
      return control.value;
    }

    function empty(input) {
      if (input.widget === "checkbox") { return false; }
      return input.widget === "lines" ? [] : "";
    }

    function writeStore() {
      var value = items.map(function (item) {
        if (spec.plain) { return spec.numbers ? Number(item.value) : item.value || ""; }
        var entry = {};
        spec.keptKeys.forEach(function (key) { if (item[key] !== undefined) { entry[key] = item[key]; } });
        spec.inputs.forEach(function (input) {
          var value = item[input.key];
          entry[input.key] = value === undefined || value === null || value === "" ? empty(input) : value;
        });
        return entry;
      });
      store.value = JSON.stringify(value);
      changed(store);
    }

    function itemName(position) {
      return spec.itemLabels[position] || fill(spec.itemName, {number: position + 1});
    }

    function problemOf(input, value) {
      var text = (value || "").trim();
      if (!text) { return input.required ? fill(messages.required, {label: input.label}) : ""; }
      if (input.pattern && !new RegExp(input.pattern).test(text)) { return input.patternMessage; }
      var texts = input.widget === "lines" ? value.split("\n").map(function (line) { return line.trim(); }) : [value];
      var longest = Math.max.apply(null, texts.map(function (part) { return part.length; }));
      if (input.maxLength && longest > input.maxLength) {
        return fill(messages.too_long, {label: input.label, maximum: input.maxLength, count: longest});
      }
      return "";
    }

    function showProblem(control, problem) {
      var error = document.getElementById(control.id + "-error");
      error.textContent = problem;
      error.hidden = !problem;
      if (problem) { control.setAttribute("aria-invalid", "true"); } else { control.removeAttribute("aria-invalid"); }
    }

    function inputRow(item, position, input) {
      var id = idBase + "-" + position + "-" + input.key;
      var row = make("div", {"class": "sexmot-list-input"});
      var control;
      var describedBy = [id + "-error"];
      row.appendChild(make("label", {"for": id}, input.label));
      if (input.widget === "select") {
        control = make("select", {"id": id});
        input.choices.forEach(function (choice) {
          var option = make("option", {"value": choice.value}, choice.label);
          option.selected = (item[input.key] || "") === choice.value;
          control.appendChild(option);
        });
      } else if (input.widget === "checkbox") {
        control = make("input", {"id": id, "type": "checkbox"});
        control.checked = item[input.key] === true;
      } else {
        var long = input.widget === "textarea" || input.widget === "lines";
        control = make(long ? "textarea" : "input", {"id": id});
        if (long) { control.rows = 4; } else { control.type = "text"; }
        if (input.widget === "number") { control.setAttribute("inputmode", "numeric"); }
        control.value = spec.plain ? item.value || "" : shown(input, item[input.key]);
      }
      if (input.required) { control.setAttribute("aria-required", "true"); }
      if (input.help) {
        row.appendChild(make("p", {"class": "sexmot-list-help", "id": id + "-help"}, input.help));
        describedBy.unshift(id + "-help");
      }
      control.setAttribute("aria-describedby", describedBy.join(" "));
      control.setAttribute("data-key", input.key);
      row.appendChild(control);
      var error = make("p", {"class": "sexmot-list-error", "id": id + "-error"});
      error.hidden = true;
      row.appendChild(error);
      // Typing re-checks only a value already marked wrong; leaving the field (change) checks it always.
      function keep(checkAlways) {
        item[spec.plain ? "value" : input.key] = spec.plain ? control.value : written(input, control);
        if (checkAlways || control.getAttribute("aria-invalid")) {
          showProblem(control, problemOf(input, control.value));
        }
        writeStore();
      }
      control.addEventListener("input", function () { keep(false); });
      control.addEventListener("change", function () { keep(true); });
      return row;
    }

    function button(text, action, disabled) {
      var node = make("button", {"type": "button", "data-action": action}, text);
      node.disabled = disabled;
      return node;
    }

    function itemNode(item, position) {
      var node = make("li", {"class": "sexmot-list-item"});
      var group = make("fieldset", {});
      group.appendChild(make("legend", {}, itemName(position)));
      spec.inputs.forEach(function (input) { group.appendChild(inputRow(item, position, input)); });
      if (!spec.fixedLength) {
        var actions = make("div", {"class": "sexmot-list-actions"});
        actions.appendChild(button(messages.move_up, "up", position === 0));
        actions.appendChild(button(messages.move_down, "down", position === items.length - 1));
        actions.appendChild(button(messages.remove, "remove", false));
        group.appendChild(actions);
      }
      node.appendChild(group);
      return node;
    }

    function render() {
      list.textContent = "";
      items.forEach(function (item, position) { list.appendChild(itemNode(item, position)); });
      list.hidden = !items.length;
    }

    function focusIn(position, selector) {
      var node = list.children[position];
      var target = node && (node.querySelector(selector + ":not([disabled])")
        || node.querySelector("button:not([disabled]), input, textarea, select"));
      (target || addButton).focus();
    }

    function move(position, step) {
      var target = position + step;
      var moved = items.splice(position, 1)[0];
      items.splice(target, 0, moved);
      writeStore();
      render();
      focusIn(target, '[data-action="' + (step < 0 ? "up" : "down") + '"]');
      status.textContent = fill(messages.moved, {item: itemName(position), number: target + 1});
    }

    function remove(position) {
      var name = itemName(position);
      items.splice(position, 1);
      writeStore();
      render();
      focusIn(Math.min(position, items.length - 1), "input, textarea, select");
      status.textContent = items.length ? fill(messages.removed, {item: name, count: items.length}) : messages.empty;
    }

    function add() {
      items.push(spec.plain ? {value: ""} : {});
      writeStore();
      render();
      focusIn(items.length - 1, "input, textarea, select");
      status.textContent = fill(messages.added, {item: itemName(items.length - 1)});
    }

    /* Show every problem; return the first control that has one. */
    this.check = function () {
      var first = null;
      Array.prototype.forEach.call(list.children, function (node, position) {
        spec.inputs.forEach(function (input) {
          var control = node.querySelector('[data-key="' + input.key + '"]');
          var problem = problemOf(input, control.value);
          showProblem(control, problem);
          if (problem && !first) { first = control; }
        });
      });
      return first;
    };

    list.addEventListener("click", function (event) {
      var action = event.target.closest("button[data-action]");
      if (!action) { return; }
      var position = Array.prototype.indexOf.call(list.children, action.closest(".sexmot-list-item"));
      if (action.dataset.action === "up") { move(position, -1); }
      if (action.dataset.action === "down") { move(position, 1); }
      if (action.dataset.action === "remove") { remove(position); }
    });
    addButton.addEventListener("click", add);
    var reset = wrapper.querySelector("button.setting-clear");
    if (reset) {
      /* The mixin puts the default back into the text area first: its handler was bound before this one. */
      reset.addEventListener("click", function () { readStore(); render(); });
    }

    fieldset.appendChild(make("legend", {}, label ? label.textContent : spec.field));
    fieldset.appendChild(list);
    if (!spec.fixedLength) { fieldset.appendChild(addButton); }
    fieldset.appendChild(status);
    if (help) {
      help.id = idBase + "-about";
      fieldset.setAttribute("aria-describedby", help.id);
    }
    store.hidden = true;
    if (label) { label.hidden = true; }
    store.parentNode.insertBefore(fieldset, store);
    wrapper.classList.add("sexmot-list-field");
    readStore();
    render();
  }

  SexmotStudioForm(runtime, element, config.form);
  root.classList.add("sexmot-studio");
  config.lists.forEach(function (spec, index) { editors.push(new ListEditor(spec, index)); });

  /* Before the mixin sends the form: with a problem in any list, send nothing and point at the first one. */
  var summary = make("p", {"class": "sexmot-list-summary", "role": "alert", "tabindex": "-1"});
  summary.hidden = true;
  root.insertBefore(summary, root.firstChild);
  root.addEventListener("click", function (event) {
    if (!event.target.closest(".save-button")) { return; }
    var first = editors.map(function (editor) { return editor.check(); }).filter(Boolean)[0] || null;
    summary.hidden = !first;
    summary.textContent = first ? messages.fix_before_saving : "";
    if (first) {
      event.preventDefault();
      event.stopPropagation();
      first.focus();
    }
  }, true);
}
