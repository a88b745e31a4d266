// "Match 2 of 7" with previous/next buttons on an article opened from a search.
// Without JavaScript the marks are already in the page; this only adds navigation.
(function () {
  "use strict";
  var bar = document.getElementById("match-status");
  var marks = Array.prototype.slice.call(document.querySelectorAll(".article .section mark"));
  if (!bar || marks.length === 0) return;

  var current = 0;
  var label = document.createElement("span");
  label.className = "match-position";
  label.setAttribute("aria-live", "polite");
  var previous = document.createElement("button");
  previous.type = "button";
  previous.textContent = "↑ Previous";
  previous.setAttribute("aria-label", "Previous match");
  var next = document.createElement("button");
  next.type = "button";
  next.textContent = "↓ Next";
  next.setAttribute("aria-label", "Next match");
  var controls = document.createElement("span");
  controls.className = "match-nav";
  controls.append(label, previous, next);
  bar.insertBefore(controls, bar.firstChild.nextSibling);

  function show(index, scroll) {
    marks[current].classList.remove("current");
    current = (index + marks.length) % marks.length;
    marks[current].classList.add("current");
    label.textContent = "Match " + (current + 1) + " of " + marks.length;
    if (scroll) marks[current].scrollIntoView({ block: "center" });
  }

  previous.addEventListener("click", function () { show(current - 1, true); });
  next.addEventListener("click", function () { show(current + 1, true); });
  document.addEventListener("keydown", function (event) {
    if (event.target.closest("input, textarea")) return;
    if (event.key === "n") show(current + 1, true);
    if (event.key === "p") show(current - 1, true);
  });

  // The bar is sticky: sections scrolled to must start below it, whatever its height (it wraps on phones).
  function keepClearOfBar() {
    document.documentElement.style.setProperty("--match-bar-height", bar.offsetHeight + "px");
  }
  keepClearOfBar();
  window.addEventListener("resize", keepClearOfBar);

  // Start at the first match of the linked section, scrolled clear of the bar.
  var start = 0;
  var target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
  if (target) target.scrollIntoView({ block: "start" });
  if (target) {
    var inTarget = marks.findIndex(function (mark) { return target.contains(mark); });
    if (inTarget >= 0) start = inTarget;
  }
  marks[0].classList.add("current");
  show(start, false);
})();
