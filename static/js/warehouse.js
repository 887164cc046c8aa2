// The sorting room's small helpers; every page works without them.
// - Sorting: choosing a category shows only its size buttons (the others are disabled, so
//   Tab and the arrow keys skip them), and Enter on a button saves the garment.
// - Print buttons: the donation card page, and a label image printed on its own.
(function () {
  "use strict";

  function showSizesFor(form, scale) {
    form.querySelectorAll("[data-scale]").forEach(function (group) {
      var on = group.getAttribute("data-scale") === scale;
      group.hidden = !on;
      if (group.tagName === "FIELDSET") { group.disabled = !on; }
    });
  }

  document.addEventListener("change", function (event) {
    var input = event.target;
    var form = input.form;
    if (form && form.hasAttribute("data-sort-form") && input.hasAttribute("data-size-scale")) {
      showSizesFor(form, input.getAttribute("data-size-scale"));
    }
  });

  document.addEventListener("keydown", function (event) {
    var input = event.target;
    if (event.key !== "Enter" || !input.form || !input.form.hasAttribute("data-enter-submits")) { return; }
    if (input.type === "radio" || input.type === "checkbox") {
      event.preventDefault();
      input.form.requestSubmit();
    }
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-print], [data-print-image]");
    if (!button) { return; }
    if (button.hasAttribute("data-print")) { window.print(); return; }
    var win = window.open("", "_blank");
    if (!win) { return; }
    var img = win.document.createElement("img");
    img.src = button.getAttribute("data-print-image");
    img.style.width = "62mm";
    img.onload = function () { win.print(); };
    win.document.body.appendChild(img);
  });
})();
