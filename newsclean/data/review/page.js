// newsclean review page: the filter and keyboard navigation. It only reads the page
// (data-* attributes, checkbox states) and sets `hidden` and text; it never writes HTML.
(function () {
  "use strict";
  var removals = Array.prototype.slice.call(document.querySelectorAll(".rm"));
  var docs = Array.prototype.slice.call(document.querySelectorAll("article.doc"));
  var boxes = Array.prototype.slice.call(document.querySelectorAll("input[data-filter-category]"));
  var detector = document.getElementById("det");
  var only = document.getElementById("only");
  var status = document.getElementById("status");

  function apply() {
    var cats = {};
    boxes.forEach(function (b) { if (b.checked) cats[b.getAttribute("data-filter-category")] = true; });
    var det = detector ? detector.value : "";
    var shown = 0;
    removals.forEach(function (el) {
      var on = cats[el.getAttribute("data-category")] === true &&
        (det === "" || el.getAttribute("data-detector") === det);
      el.hidden = !on;
      if (on) shown += 1;
    });
    docs.forEach(function (doc) {
      doc.hidden = only.checked && !doc.querySelector(".rm:not([hidden])");
    });
    status.textContent = "Showing " + shown + " of " + removals.length + " removals on this page.";
  }

  boxes.forEach(function (b) { b.addEventListener("change", apply); });
  if (detector) detector.addEventListener("change", apply);
  only.addEventListener("change", apply);
  document.getElementById("all").addEventListener("click", function () {
    boxes.forEach(function (b) { b.checked = true; }); apply();
  });
  document.getElementById("none").addEventListener("click", function () {
    boxes.forEach(function (b) { b.checked = false; }); apply();
  });

  // j / n: next removal shown, k / p: previous (not while typing in a form control).
  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    var tag = (event.target && event.target.tagName) || "";
    if (tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA") return;
    var step = { j: 1, n: 1, k: -1, p: -1 }[event.key];
    if (!step) return;
    var visible = removals.filter(function (el) { return el.offsetParent !== null; });
    if (!visible.length) return;
    var at = visible.indexOf(document.activeElement);
    var next = at < 0 ? (step > 0 ? 0 : visible.length - 1) : Math.min(Math.max(at + step, 0), visible.length - 1);
    visible[next].focus();
    visible[next].scrollIntoView({ block: "center" });
    event.preventDefault();
  });

  apply();
})();
