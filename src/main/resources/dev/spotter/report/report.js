(function () {
  "use strict";
  document.documentElement.className += " js";

  function fallbackCopy(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.className = "offscreen";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try {
      ok = document.execCommand("copy");
    } catch (e) {
      ok = false;
    }
    document.body.removeChild(area);
    return ok ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () {
        return fallbackCopy(text);
      });
    }
    return fallbackCopy(text);
  }

  function flash(button, label, cls) {
    var original = button.getAttribute("data-label") || button.textContent;
    button.setAttribute("data-label", original);
    button.textContent = label;
    if (cls) {
      button.classList.add(cls);
    }
    window.setTimeout(function () {
      button.textContent = original;
      button.classList.remove("done");
    }, 1600);
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("button[data-copy]") : null;
    if (!button) {
      return;
    }
    var source = document.getElementById(button.getAttribute("data-copy"));
    if (!source) {
      return;
    }
    copy(source.textContent).then(
      function () {
        flash(button, "Copied", "done");
      },
      function () {
        var details = source.closest("details");
        if (details) {
          details.open = true;
        }
        var range = document.createRange();
        range.selectNodeContents(source);
        var selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        flash(button, "Selected: press Ctrl+C");
      }
    );
  });

  // Printing shows everything: open every collapsed part, and restore them afterwards.
  var reopened = [];
  window.addEventListener("beforeprint", function () {
    var all = document.querySelectorAll("details:not([open])");
    for (var i = 0; i < all.length; i++) {
      all[i].open = true;
      reopened.push(all[i]);
    }
  });
  window.addEventListener("afterprint", function () {
    while (reopened.length) {
      reopened.pop().open = false;
    }
  });

  // Following a link to a finding inside a closed noise group opens the group.
  function revealTarget() {
    if (!location.hash) {
      return;
    }
    var target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    var details = target && target.closest ? target.closest("details") : null;
    if (details && !details.open) {
      details.open = true;
      target.scrollIntoView();
    }
  }
  window.addEventListener("hashchange", revealTarget);
  revealTarget();
})();
