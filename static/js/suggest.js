// Autocomplete for the header search box: leaders, countries and topics from /api/suggest/.
// Progressive enhancement: without this script the box is a plain GET form to /search/.
// Pattern: WAI-ARIA 1.2 combobox with a listbox popup (https://www.w3.org/WAI/ARIA/apg/patterns/combobox/).
(function () {
  "use strict";
  var script = document.currentScript;
  var input = document.getElementById("site-q");
  if (!input || !script || !window.fetch) return;
  var endpoint = script.getAttribute("data-suggest-url");
  var form = input.form;
  var KINDS = { leader: "Leader", country: "Country", topic: "Topic" };
  // Typing pauses shorter than this are one burst: one request per burst, not per key.
  var DELAY_MS = 150;

  var list = document.createElement("ul");
  list.id = "site-q-suggestions";
  list.className = "suggestions";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", "Leaders, countries and topics");
  list.hidden = true;
  form.classList.add("has-suggestions");
  form.appendChild(list);

  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-controls", list.id);
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("autocomplete", "off");

  var items = [];
  var active = -1;
  var timer = null;
  var latest = 0;

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function highlight(index) {
    active = index;
    Array.prototype.forEach.call(list.children, function (option, i) {
      option.setAttribute("aria-selected", i === index ? "true" : "false");
    });
    if (index >= 0) {
      input.setAttribute("aria-activedescendant", list.children[index].id);
      list.children[index].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function render(found) {
    items = found;
    list.textContent = "";
    found.forEach(function (item, i) {
      var option = document.createElement("li");
      option.id = "site-q-option-" + i;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      var name = document.createElement("span");
      name.textContent = item.name; // text, never markup
      var kind = document.createElement("span");
      kind.className = "kind";
      kind.textContent = KINDS[item.kind] || item.kind;
      option.appendChild(name);
      option.appendChild(document.createTextNode(" "));
      option.appendChild(kind);
      option.addEventListener("mousedown", function (event) {
        event.preventDefault(); // keep focus in the input until we navigate
        go(i);
      });
      list.appendChild(option);
    });
    if (found.length) {
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      highlight(-1);
    } else {
      close();
    }
  }

  function go(index) {
    var item = items[index];
    if (item) window.location.assign(item.url);
  }

  function fetchSuggestions() {
    var text = input.value.trim();
    if (text.length < 2) return render([]);
    var ticket = ++latest;
    fetch(endpoint + "?q=" + encodeURIComponent(text), { headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : []; })
      .then(function (found) { if (ticket === latest) render(found); })
      .catch(function () { render([]); }); // offline or server error: the plain form still works
  }

  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(fetchSuggestions, DELAY_MS);
  });

  input.addEventListener("keydown", function (event) {
    if (list.hidden) {
      if (event.key === "ArrowDown" && input.value.trim().length >= 2) fetchSuggestions();
      return;
    }
    if (event.key === "ArrowDown") {
      event.preventDefault();
      highlight(active + 1 >= items.length ? 0 : active + 1);
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      highlight(active <= 0 ? items.length - 1 : active - 1);
    } else if (event.key === "Enter" && active >= 0) {
      event.preventDefault(); // open the entity page instead of searching the words
      go(active);
    } else if (event.key === "Escape") {
      event.preventDefault();
      close();
    }
  });

  input.addEventListener("blur", close);
})();
