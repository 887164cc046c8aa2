// A button with data-print prints the page (no inline script: the CSP allows only our own files).
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) window.print();
});
