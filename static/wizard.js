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

// The wizard's comforts; every page works without them (the server shows the same things
// after a save). Loaded with `defer` by the steps that use it.
(function () {
  "use strict";

  // Agency step: show the warnings of the agency being chosen, and only those.
  var agencies = document.querySelectorAll("input[type=radio][name=agency]");
  function showWarnings() {
    agencies.forEach(function (radio) {
      var box = document.querySelector('[data-agency-warnings="' + radio.id + '"]');
      if (!box) return;
      box.hidden = !radio.checked;
      if (radio.checked) radio.setAttribute("aria-describedby", box.id);
      else radio.removeAttribute("aria-describedby");
    });
  }
  agencies.forEach(function (radio) { radio.addEventListener("change", showWarnings); });

  // Requester step: an organization suggests (never chooses) a fee category.
  var organization = document.getElementById("requester_organization");
  var suggestion = document.getElementById("category-suggestion");
  function category() {
    var checked = document.querySelector("input[name=requester_category]:checked");
    return checked ? checked.value : "";
  }
  function suggest() {
    suggestion.hidden = !(organization.value.trim() && category() === "other");
  }
  if (organization && suggestion) {
    suggestion.querySelectorAll("button[data-category]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var radio = document.querySelector(
          'input[name=requester_category][value="' + button.dataset.category + '"]');
        if (!radio) return;
        radio.checked = true;
        radio.focus();
        suggest();
      });
    });
    organization.addEventListener("input", suggest);
    document.querySelectorAll("input[name=requester_category]").forEach(function (radio) {
      radio.addEventListener("change", suggest);
    });
    suggest();
  }
})();
