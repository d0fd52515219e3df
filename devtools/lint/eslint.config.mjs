// ESLint for the XBlocks' scripts: `make lint` runs it from the repository's root (its patterns are read from
// there). The scripts are classic browser scripts, as the XBlock runtime loads them: ES2015 with "use strict".
import js from "@eslint/js";
import globals from "globals";

export default [
  {
    // Django writes the JavaScript catalogues (make translations)
    ignores: ["**/static/js/translations/**"],
  },
  {
    files: ["reflection_xblock/**/static/**/*.js", "story_xblock/**/static/**/*.js", "sexmot_xblocks/**/static/**/*.js"],
    languageOptions: {
      ecmaVersion: 2015,
      sourceType: "script",
      globals: {
        ...globals.browser,
        // The platform's JavaScript i18n (django.views.i18n.JavaScriptCatalog), as sexmot.js reads it
        django: "readonly",
        gettext: "readonly",
        ngettext: "readonly",
        interpolate: "readonly",
        // xblock-utils' Studio editor, which studio_form.js extends
        StudioEditableXBlockMixin: "readonly",
      },
    },
    rules: {
      ...js.configs.recommended.rules,
      // The runtime calls each block's init function by the name in its fragment: defined here, used there
      // (and a catch binding is unused where the failure only means "not available")
      "no-unused-vars": ["error", { varsIgnorePattern: "^Sexmot", args: "none", caughtErrors: "none" }],
      eqeqeq: "error",
      curly: ["error", "all"],
      strict: ["error", "function"],
    },
  },
];
