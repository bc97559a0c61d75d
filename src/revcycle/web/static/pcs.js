// The ICD-10-PCS builder: after a choice is clicked (or a search hit), the code box shows the code built so far
// and the first choice of the next character takes the focus; while the coder types in the code box it keeps it.
document.addEventListener("htmx:afterSwap", function (event) {
  if (event.detail.target.id !== "builder") return;
  const step = document.getElementById("pcs-step");
  const field = document.getElementById("pcs-code");
  if (!step || !field || document.activeElement === field) return;
  field.value = step.dataset.prefix;
  const first = document.querySelector("#builder .pcs-option");
  if (first) first.focus();
});
