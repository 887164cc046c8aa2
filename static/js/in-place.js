// Pages that update in place. A form marked with the in_place() attributes
// (templates/_macros.html) is sent by htmx (static/js/vendor/): the server saves as for a plain
// form post and, instead of redirecting back to the page, answers with the page's changing part
// at once, naming the page in the X-Page header (or redirects, where the answer is another
// page); htmx puts the part the attributes name (the page's <main>, or a smaller part such as the counter's
// cart and payment, which the server then sends alone) in place of the old one, so the
// CSS, scripts, pictograms and quick keys stay loaded; the new content's autofocus field
// gets the focus. Without JavaScript the same forms post and reload the page as before.
// - An answer that landed on another page (a closed till, a sign-in page) is opened as a
//   whole page, as a plain post would have done.
// - Inside an element marked data-in-place-lands (the counter's payment), an answer that landed
//   on another page (the receipt) is shown in place: that page's <main> replaces this one's,
//   its title and address are taken over, and Back reloads the page it came from.
// - An error page is shown in place too, not swallowed.
(function () {
  "use strict";

  var landedElsewhere = false;

  document.addEventListener("htmx:beforeSwap", function (event) {
    var detail = event.detail;
    if (detail.isError) {
      detail.shouldSwap = true;
      detail.isError = false;
      return;
    }
    // An answer given at once (no redirect) names its page in X-Page (boutique.pages.in_place_page).
    var page = detail.xhr.getResponseHeader("X-Page") || detail.xhr.responseURL || window.location.href;
    var landed = new URL(page, window.location.href);
    if (landed.pathname === window.location.pathname) return;
    var main = document.querySelector("main");
    var from = detail.requestConfig && detail.requestConfig.elt;  // the form sent (event.target is the swap target)
    if (from && from.closest("[data-in-place-lands]") && main) {
      detail.target = main;
      detail.selectOverride = "main";
      history.pushState({inPlaceLanded: true}, "", landed.href);
      landedElsewhere = true;
      return;
    }
    detail.shouldSwap = false;
    window.location.assign(landed.href);
  });

  window.addEventListener("popstate", function () {
    if (landedElsewhere) window.location.reload();
  });
})();
