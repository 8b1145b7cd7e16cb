/*
 * form-js (the Camunda Forms renderer bundled in Tasklist 7.24) has its messages and buttons in
 * English only: "Field is required.", "Add new", "Expand all (3)", date placeholders. When the
 * Tasklist runs in Chinese (the same rule as its own locale: every browser language but English),
 * this translates them in place as form-js renders them. The table and the observer are shared
 * with the unit page: src/main/resources/static/unit-assets/form-zh.js.
 */
import { watchFormJs } from '/unit-assets/form-zh.js';

const language = ((navigator.languages && navigator.languages[0]) || navigator.language || '').split('-')[0].toLowerCase();

if (language !== 'en') {
  watchFormJs(document.body);
}

export default [];
