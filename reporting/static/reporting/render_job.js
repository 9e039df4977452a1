/* Progress of a report rendered in the background (reporting/cycle/render_job.html).
   Without JavaScript the page offers a refresh link; with it, the page polls the job as JSON.
   A static file, because the Content-Security-Policy allows no inline script. */
(function () {
  "use strict";
  var box = document.querySelector("[data-render-job]");
  if (!box) return;
  var bar = box.querySelector("progress"), status = box.querySelector("[data-render-status]"),
      file = box.querySelector("[data-render-file]"), refresh = box.querySelector("[data-render-refresh]");
  function poll() {
    fetch(box.dataset.renderJob, {headers: {"Accept": "application/json"}}).then(function (r) { return r.json(); }).then(function (job) {
      bar.value = job.progress;
      status.textContent = job.label + (job.message ? " – " + job.message : "") + " (" + job.progress + " %)";
      if (job.file) {
        file.hidden = false; file.querySelector("a").href = job.file;
        if (refresh) refresh.hidden = true;
        document.title = box.dataset.doneLabel + ": " + document.title;
      } else if (job.state !== "failed") { window.setTimeout(poll, 1500); }
    });
  }
  if (!file.hidden || box.dataset.renderState === "failed") return;
  window.setTimeout(poll, 1000);
})();
