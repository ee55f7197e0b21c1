// Moves focus to an error summary so screen-reader users hear what went wrong.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.querySelector("[data-focus]");
  if (summary) { summary.focus(); }
});

// The letter's QR code carries the voucher code after "#code=": fill it in on the
// activation page. A fragment never reaches the server, so no log keeps the code.
document.addEventListener("DOMContentLoaded", function () {
  var field = document.querySelector("input[name=code]");
  var match = window.location.hash.match(/^#code=([A-Za-z0-9-]+)$/);
  if (field && match && !field.value) { field.value = match[1]; }
});
