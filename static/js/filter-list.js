// Live filtering of the A-Z entity lists as you type. Without JS the same box is a GET form (?filter=).
(function () {
  "use strict";
  var form = document.querySelector("form[data-filter-list]");
  if (!form) return;
  var input = form.querySelector("input[name=filter]");
  var status = form.querySelector(".filter-status");
  var container = document.getElementById(form.getAttribute("data-filter-list"));
  if (!input || !container) return;

  // Same folding as the server: lowercase, accents removed ("erdo" finds "Erdoğan").
  function fold(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().trim();
  }

  input.addEventListener("input", function () {
    var wanted = fold(input.value);
    var shown = 0;
    container.querySelectorAll(".letter-group").forEach(function (group) {
      var visible = 0;
      group.querySelectorAll("li[data-names]").forEach(function (item) {
        var match = !wanted || fold(item.getAttribute("data-names")).indexOf(wanted) !== -1;
        item.hidden = !match;
        if (match) visible += 1;
      });
      group.hidden = visible === 0;
      var jump = document.querySelector('.letters a[href="#' + group.getAttribute("aria-labelledby") + '"]');
      if (jump) jump.hidden = group.hidden;
      shown += visible;
    });
    if (status) status.textContent = wanted ? shown + (shown === 1 ? " name matches." : " names match.") : "";
  });
})();
