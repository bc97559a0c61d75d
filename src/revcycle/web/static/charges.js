// Charge entry: a diagnosis found by the search is added to the codes field (click or Enter on it), and the
// cursor goes back to that field; htmx (htmx.min.js, 0BSD) asks the server for the line's preview as it is typed.
document.addEventListener("click", function (event) {
  const hit = event.target.closest(".dx-hit");
  if (!hit) return;
  const field = document.getElementById("dx-codes");
  const codes = field.value.split(",").map(function (code) { return code.trim(); }).filter(Boolean);
  if (codes.indexOf(hit.dataset.code) < 0) codes.push(hit.dataset.code);
  field.value = codes.join(", ");
  field.focus();
});
