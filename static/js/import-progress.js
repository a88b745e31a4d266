// Live progress: poll the JSON endpoint while the job runs, reload once to show the finished report.
(function () {
  var box = document.getElementById("import-progress");
  if (box.dataset.running !== "1") { return; }
  function show(state) {
    document.getElementById("progress-status").textContent = state.status;
    document.getElementById("progress-done").textContent = state.done;
    document.getElementById("progress-total").textContent = state.total;
    document.getElementById("progress-rate").textContent = state.pages_per_second ? state.pages_per_second + " pages/s" : "";
    document.getElementById("progress-left").textContent = state.seconds_left !== null ? "· about " + state.seconds_left + " s left" : "";
    var bar = document.getElementById("progress-bar");
    bar.max = state.total || 1; bar.value = state.done;
  }
  function poll() {
    fetch(box.dataset.url, {credentials: "same-origin"}).then(function (r) { return r.json(); }).then(function (state) {
      show(state);
      if (state.status === "done" || state.status === "failed") { window.location.reload(); }
      else { window.setTimeout(poll, 1500); }
    }).catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1000);
})();
