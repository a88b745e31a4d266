// Results page filters. On a phone the filter panel starts folded behind its "Filters" button, so the
// results come first; ticking a facet checkbox applies it at once. Without JavaScript the panel is open
// and "Apply filters" submits the ticks.
(function () {
  "use strict";
  var panel = document.getElementById("filters");
  if (!panel) return;
  var phone = window.matchMedia("(max-width: 760px)");
  if (phone.matches) panel.open = false;
  phone.addEventListener("change", function (event) { if (!event.matches) panel.open = true; });

  var form = panel.querySelector("form[data-auto-submit]");
  if (!form) return;
  form.addEventListener("change", function (event) {
    if (event.target.matches("input[type=checkbox]")) form.submit();
  });
})();
