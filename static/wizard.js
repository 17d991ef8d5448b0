// The wizard's form steps: warn before leaving by a plain link (the site's menu, the
// resume or delete link) when the step has changes that are not saved yet. The step
// links need no script: they are buttons of the step's form and save it on the way.
(function () {
  "use strict";
  var form = document.getElementById("step-form");
  if (!form) { return; }
  var dirty = false;
  form.addEventListener("input", function () { dirty = true; });
  form.addEventListener("change", function () { dirty = true; });
  form.addEventListener("submit", function () { dirty = false; });
  window.addEventListener("beforeunload", function (event) {
    if (!dirty) { return; }
    event.preventDefault();
    event.returnValue = "";
  });
}());
