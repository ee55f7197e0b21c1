// Moves focus to an error summary so screen-reader users hear what went wrong.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.querySelector("[data-focus]");
  if (summary) { summary.focus(); }
});
