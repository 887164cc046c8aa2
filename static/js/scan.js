// Scanner-first pages. A USB scanner is a keyboard that types the code fast and presses
// Enter (or Tab). Plain HTML forms already handle that in a focused scan field; this file
// only adds: Tab also submits a scan field, and on pages marked data-scan-global a burst of
// digits typed while no other field has focus is routed into the scan field, so a scan
// lands in the cart wherever the focus is without stealing typing from other fields.
(function () {
  "use strict";
  var BURST_MS = 60;

  function scanInputs() { return document.querySelectorAll("[data-scan-input]"); }

  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (target && target.hasAttribute && target.hasAttribute("data-scan-input") && event.key === "Tab" && target.value.trim() !== "") {
      event.preventDefault();
      target.form.requestSubmit();
    }
  });

  var buffer = "";
  var last = 0;
  document.addEventListener("keydown", function (event) {
    if (!document.body.hasAttribute("data-scan-global")) { return; }
    var target = event.target;
    var typing = target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.tagName === "SELECT");
    if (typing) { return; }
    var now = Date.now();
    if (now - last > BURST_MS * 5) { buffer = ""; }
    last = now;
    if (/^[0-9]$/.test(event.key)) {
      buffer += event.key;
      event.preventDefault();
    } else if ((event.key === "Enter" || event.key === "Tab") && buffer.length >= 8) {
      var input = scanInputs()[0];
      if (input) {
        event.preventDefault();
        input.value = buffer;
        buffer = "";
        input.form.requestSubmit();
      }
    }
  });
})();
