/* Long pickers (issue 15): a filter box before every <select data-filter="options">.
   Progressive enhancement: without script the select works as it is. Typing narrows the
   options to those whose name or code contains the text (accents and case ignored); the
   selected option always stays, and a group with nothing left is hidden. */
(function () {
  "use strict";

  function fold(text) {
    return (text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function filterOptions(select, text) {
    var wanted = fold(text.trim());
    var shown = 0;
    Array.prototype.forEach.call(select.options, function (option) {
      var keep = !wanted || option.selected || option.value === "" ||
        fold(option.textContent).indexOf(wanted) !== -1 || fold(option.value) === wanted;
      option.hidden = !keep;
      option.disabled = !keep && !option.selected;
      if (keep && option.value) { shown += 1; }
    });
    Array.prototype.forEach.call(select.querySelectorAll("optgroup"), function (group) {
      group.hidden = !Array.prototype.some.call(group.children, function (o) { return !o.hidden; });
    });
    return shown;
  }

  function enhance(select) {
    if (select.dataset.filterReady || !select.id) { return; }
    select.dataset.filterReady = "1";
    var wrap = document.createElement("div");
    wrap.className = "picker-filter";
    var label = document.createElement("label");
    label.htmlFor = select.id + "-filter";
    label.className = "picker-filter__label";
    label.textContent = select.dataset.filterLabel || "Filter";
    var input = document.createElement("input");
    input.type = "search";
    input.id = select.id + "-filter";
    input.autocomplete = "off";
    input.setAttribute("aria-controls", select.id);
    input.setAttribute("data-filter-for", select.id);
    wrap.appendChild(label);
    wrap.appendChild(input);
    select.parentNode.insertBefore(wrap, select);
    input.addEventListener("input", function () { filterOptions(select, input.value); });
    // Enter in the box picks the first language left instead of submitting the form.
    input.addEventListener("keydown", function (event) {
      if (event.key !== "Enter") { return; }
      event.preventDefault();
      var first = Array.prototype.find.call(select.options, function (o) {
        return !o.hidden && o.value;
      });
      if (first) {
        select.value = first.value;
        select.dispatchEvent(new Event("change", { bubbles: true }));
        select.focus();
      }
    });
  }

  function enhanceAll(root) {
    Array.prototype.forEach.call(
      (root || document).querySelectorAll("select[data-filter='options']"), enhance
    );
  }

  document.addEventListener("DOMContentLoaded", function () { enhanceAll(document); });
  document.addEventListener("htmx:afterSwap", function (event) { enhanceAll(event.target); });
})();
