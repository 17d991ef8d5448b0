// A comfort only: the event form works without JavaScript, with every detail field shown
// and its hint saying which events it is for. With JavaScript, the fields the chosen kind
// does not use are hidden (and disabled, so they send nothing).
(function () {
  var kind = document.querySelector("select[data-details]");
  if (!kind) { return; }
  var uses = JSON.parse(kind.dataset.details);
  function update() {
    document.querySelectorAll(".event-form .detail").forEach(function (box) {
      var name = Array.prototype.find.call(box.classList, function (c) {
        return c.indexOf("detail-") === 0;
      }).slice(7);
      var shown = (uses[name] || []).indexOf(kind.value) !== -1;
      box.hidden = !shown;
      box.querySelectorAll("input, select, textarea").forEach(function (input) {
        input.disabled = !shown;
      });
    });
  }
  kind.addEventListener("change", update);
  update();
})();
