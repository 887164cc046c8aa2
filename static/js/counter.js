// The counter with the keyboard alone: function keys jump to the payment fields (F2 cash,
// F4 card, F8 Swish) and Enter pays; a print button prints; notes and coins counted in the
// drawer forms are added up as they are typed. Everything works without it, only slower.
(function () {
  "use strict";

  document.addEventListener("keydown", function (event) {
    if (!/^F\d{1,2}$/.test(event.key)) { return; }
    var target = document.querySelector('[data-key="' + event.key + '"]');
    if (!target) { return; }
    event.preventDefault();
    target.focus();
    if (target.select) { target.select(); }
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-print]");
    if (button) { window.print(); }
  });

  function kronor(ore) {
    var whole = Math.floor(ore / 100), rest = ore % 100;
    return whole.toLocaleString("sv-SE") + (rest ? "," + String(rest).padStart(2, "0") : "") + "\u00a0kr";
  }

  document.querySelectorAll("[data-count-form]").forEach(function (form) {
    var total = form.querySelector("[data-count-total]");
    var sum = form.querySelector("[data-count-sum]");
    function update() {
      var ore = 0, any = false;
      form.querySelectorAll("[data-denomination]").forEach(function (input) {
        var pieces = parseInt(input.value, 10);
        if (pieces > 0) { ore += pieces * parseInt(input.getAttribute("data-denomination"), 10); any = true; }
      });
      if (total) { total.textContent = any ? kronor(ore) : "–"; }
      if (sum) { sum.disabled = any; }
    }
    form.addEventListener("input", update);
    update();
  });
})();
