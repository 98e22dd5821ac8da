/* Kotopolku's own behaviour: progressive enhancement only; every page works without it. */
(function () {
  "use strict";

  // Move focus to the error summary after a failed submit, so screen readers announce it.
  function focusErrorSummary(root) {
    var summary = (root || document).querySelector(".error-summary");
    if (summary) { summary.focus(); }
  }

  // Buttons that confirm before submitting: data-confirm="question".
  document.addEventListener("submit", function (event) {
    var submitter = event.submitter;
    var message = (submitter && submitter.dataset.confirm) || event.target.dataset.confirm;
    if (message && !window.confirm(message)) { event.preventDefault(); }
  });

  // Elements that print the page: data-print.
  document.addEventListener("click", function (event) {
    var target = event.target.closest("[data-print]");
    if (target) { event.preventDefault(); window.print(); }
  });

  // The main menu (<details data-main-menu>): open on wide screens, where its button is hidden
  // (kotopolku.css); closed, behind the "Menu" button, on narrow ones.
  function mainMenu() {
    var menu = document.querySelector("details[data-main-menu]");
    if (!menu || !window.matchMedia) { return; }
    var wide = window.matchMedia("(min-width: 40.0625rem)");
    function apply() { menu.open = wide.matches; }
    apply();
    if (wide.addEventListener) { wide.addEventListener("change", apply); }
  }

  document.addEventListener("DOMContentLoaded", function () { mainMenu(); focusErrorSummary(document); });
  document.addEventListener("htmx:afterSwap", function (event) { focusErrorSummary(event.target); });
})();
