// What pages do without inline scripts (the Content-Security-Policy forbids them):
// a <select data-autosubmit> sends its form when it changes; a <button data-print> prints the page.
document.addEventListener("change", (event) => {
  const select = event.target.closest("select[data-autosubmit]");
  if (select && select.form) {
    select.form.requestSubmit();
  }
});
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});
