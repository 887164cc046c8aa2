// Scanner-first pages. A USB scanner is a keyboard that types the code fast and presses
// Enter (or Tab). Plain HTML forms already handle that in a focused scan field; this file
// only adds:
// - Tab also submits a scan field that holds something (scanners are often set to Tab);
// - on pages marked data-scan-global, a burst of digits ending in Enter or Tab, typed while
//   no text field has focus (the page, a button, a checkbox), goes into the scan field and
//   is submitted, so a scan lands in the cart wherever the focus is. Typing in any other
//   text field is left alone.
(function () {
  "use strict";
  var GAP_MS = 300;   // a longer pause between keys starts a new code
  var MIN_DIGITS = 8; // EAN-8 is the shortest code a scanner sends
  var TEXT_TYPES = ["", "text", "search", "number", "tel", "email", "password", "url", "date", "time",
                    "datetime-local", "month", "week"];

  function scanInput() { return document.querySelector("[data-scan-input]"); }

  function isTextEntry(element) {
    if (!element || !element.tagName) { return false; }
    if (element.isContentEditable) { return true; }
    var tag = element.tagName;
    if (tag === "TEXTAREA" || tag === "SELECT") { return true; }
    if (tag !== "INPUT") { return false; }
    return TEXT_TYPES.indexOf((element.getAttribute("type") || "").toLowerCase()) >= 0;
  }

  function submit(input) {
    if (input.form.requestSubmit) { input.form.requestSubmit(); } else { input.form.submit(); }
  }

  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.key === "Tab" && !event.shiftKey && target && target.hasAttribute && target.hasAttribute("data-scan-input") &&
        target.value.trim() !== "") {
      event.preventDefault();
      submit(target);
    }
  });

  var buffer = "";
  var last = 0;
  document.addEventListener("keydown", function (event) {
    if (!document.body.hasAttribute("data-scan-global")) { return; }
    if (event.ctrlKey || event.altKey || event.metaKey || isTextEntry(event.target)) {
      buffer = "";
      return;
    }
    var now = Date.now();
    if (now - last > GAP_MS) { buffer = ""; }
    last = now;
    if (/^[0-9]$/.test(event.key)) {
      buffer += event.key;
      event.preventDefault();  // a digit must not trigger a key shortcut or a focused button
    } else if ((event.key === "Enter" || event.key === "Tab") && buffer.length >= MIN_DIGITS) {
      var input = scanInput();
      if (input) {
        event.preventDefault();
        input.value = buffer;
        buffer = "";
        input.focus();
        submit(input);
      }
    } else {
      buffer = "";
    }
  });
})();
