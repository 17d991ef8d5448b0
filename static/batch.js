// A comfort only: without JavaScript the batch page reloads itself every few seconds
// (its <noscript> refresh). With it, the bar and the words under it are updated in place
// from progress.json, and the page reloads once, when the batch is done or has stopped,
// to show the downloads or the error.
(function () {
  var box = document.querySelector("[data-progress-url]");
  if (!box || !window.fetch) { return; }
  var url = box.getAttribute("data-progress-url");
  var shown = box.getAttribute("data-status");
  var bar = box.querySelector("progress");
  var done = box.querySelector(".progress-done");
  var left = box.querySelector(".time-left");
  var failures = 0;

  function show(p) {
    bar.max = Math.max(p.total, 1);
    bar.value = p.done;
    bar.textContent = p.text;
    // Only a change is written, so a screen reader's live region speaks only news.
    if (done.textContent !== p.text) { done.textContent = p.text; }
    if (left.textContent !== p.time_left) { left.textContent = p.time_left; }
  }

  function poll() {
    fetch(url, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      })
      .then(function (p) {
        failures = 0;
        if (p.status !== shown && p.status !== "queued" && p.status !== "running") {
          window.location.reload();
          return;
        }
        shown = p.status;
        show(p);
        window.setTimeout(poll, 1500);
      })
      .catch(function () {
        // A server restart or a dropped connection: the page itself knows the state.
        failures += 1;
        if (failures >= 4) { window.location.reload(); } else { window.setTimeout(poll, 3000); }
      });
  }
  window.setTimeout(poll, 1000);
})();
