// Admin batch page: poll the progress endpoint while the job runs and update the status, the counts and
// the bar; reload once when the job has listed the upload's pages (the table was empty) and once at the end.
(function () {
  "use strict";
  var box = document.getElementById("import-progress");
  if (!box || box.dataset.running !== "1") return;
  var table = document.getElementById("import-pages");
  var wasListed = table && table.dataset.listed !== "0";

  function setText(id, text) {
    var element = document.getElementById(id);
    if (element) element.textContent = text;
  }

  function show(state) {
    setText("progress-status", state.status_label || state.status);
    setText("progress-done", state.done);
    setText("progress-total", state.total);
    setText("progress-rate", state.pages_per_second ? state.pages_per_second + " pages/s" : "");
    setText("progress-left", state.seconds_left !== null ? "· about " + state.seconds_left + " s left" : "");
    box.querySelectorAll("[data-count]").forEach(function (element) {
      var count = state.counts[element.getAttribute("data-count")];
      element.textContent = count === undefined ? 0 : count;
    });
    var bar = document.getElementById("progress-bar");
    bar.max = state.total || 1;
    bar.value = state.done;
  }

  function poll() {
    fetch(box.dataset.url, { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (state) {
        show(state);
        if (state.status === "done" || state.status === "failed" || (!wasListed && state.total > 0)) {
          window.location.reload();
        } else {
          window.setTimeout(poll, 1500);
        }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1000);
})();
