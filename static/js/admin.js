// The back office's autocomplete fields (select2) name their box after the selected value
// only, which is empty at first: screen readers then announce a nameless combobox
// (WCAG 4.1.2). Name it after the field's label as well, whenever select2 builds a box
// (on page load, and in inline rows added later).
(function () {
  function name(select) {
    var label = document.querySelector('label[for="' + select.id + '"]');
    var box = select.nextElementSibling && select.nextElementSibling.querySelector(".select2-selection");
    if (!label || !box) { return; }
    label.id = label.id || select.id + "_label";
    var value = box.querySelector(".select2-selection__rendered");
    box.setAttribute("aria-labelledby", label.id + (value && value.id ? " " + value.id : ""));
    if (value) { value.setAttribute("aria-labelledby", label.id); }
  }
  function nameAll() { document.querySelectorAll("select.admin-autocomplete").forEach(name); }
  document.addEventListener("DOMContentLoaded", function () {
    nameAll();
    new MutationObserver(function (changes) {
      var built = changes.some(function (change) {
        return Array.prototype.some.call(change.addedNodes, function (node) {
          return node.classList && node.classList.contains("select2");
        });
      });
      if (built) { nameAll(); }
    }).observe(document.body, { childList: true, subtree: true });
  });
})();
