// A comfort only: every page works without JavaScript. Shows "Copy" buttons that copy a
// read-only text area to the clipboard and say so for screen readers.
document.querySelectorAll("button.copy").forEach(function (button) {
  var source = document.getElementById(button.dataset.copy);
  if (!source || !navigator.clipboard) { return; }
  button.hidden = false;
  var status = document.createElement("span");
  status.setAttribute("role", "status");
  status.className = "copy-status";
  button.after(status);
  button.addEventListener("click", function () {
    navigator.clipboard.writeText(source.value).then(function () {
      status.textContent = document.documentElement.lang === "es" ? "Copiado." : "Copied.";
    }, function () {
      source.select();
      status.textContent = document.documentElement.lang === "es"
        ? "Seleccionado: pulse Ctrl+C para copiar." : "Selected: press Ctrl+C to copy.";
    });
  });
});
