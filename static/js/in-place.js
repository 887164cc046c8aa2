// Pages that update in place. A form marked with the in_place() attributes
// (templates/_macros.html) is sent by htmx (static/js/vendor/): the server answers exactly
// as to a plain form post (it saves, then redirects back to the page), and htmx puts the
// part the attributes name (the page's <main>, or a smaller part such as the counter's
// cart and payment, which the server then sends alone) in place of the old one, so the
// CSS, scripts, pictograms and quick keys stay loaded; the new content's autofocus field
// gets the focus. Without JavaScript the same forms post and reload the page as before.
// - An answer that landed on another page (a closed till, a sign-in page) is opened as a
//   whole page, as a plain post would have done.
// - An error page is shown in place too, not swallowed.
(function () {
  "use strict";

  document.addEventListener("htmx:beforeSwap", function (event) {
    var detail = event.detail;
    if (detail.isError) {
      detail.shouldSwap = true;
      detail.isError = false;
      return;
    }
    var landed = new URL(detail.xhr.responseURL || window.location.href, window.location.href);
    if (landed.pathname !== window.location.pathname) {
      detail.shouldSwap = false;
      window.location.assign(landed.href);
    }
  });
})();
