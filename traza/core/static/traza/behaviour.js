// What pages do without inline scripts (the Content-Security-Policy forbids them):
// a <select data-autosubmit> sends its form when it changes; a <button data-print> prints the page;
// a date input gets its date written out in the page's language beside it (see dateWords).
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

// A date input draws its date in the browser's language, not the page's: on an English browser a Spanish page shows
// mm/dd/yyyy, and 05/06 reads as June 5 to the person typing it. Beside each one, the date it holds is written out
// in the page's language ("25 de diciembre de 2024"), so what was typed is what is read.
const dateWords = (input) => {
  let words = input.nextElementSibling;
  if (!words || !words.classList.contains("date-words")) {
    words = document.createElement("span");
    words.className = "date-words";
    words.setAttribute("aria-live", "polite");
    input.after(words);
  }
  const [year, month, day] = input.value.split("-").map(Number);
  const language = document.documentElement.lang || undefined;
  words.textContent = year
    ? new Intl.DateTimeFormat(language, { dateStyle: "long", timeZone: "UTC" }).format(
        new Date(Date.UTC(year, month - 1, day)),
      )
    : "";
};
const allDateWords = (root) => root.querySelectorAll("input[type=date]").forEach(dateWords);
allDateWords(document);
document.addEventListener("htmx:load", (event) => allDateWords(event.target));
document.addEventListener("input", (event) => {
  if (event.target.matches("input[type=date]")) {
    dateWords(event.target);
  }
});
