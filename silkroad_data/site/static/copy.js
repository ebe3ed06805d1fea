// The cite box's copy buttons: each copies its citation's text, exactly as the page shows it.
// Without JavaScript the buttons stay hidden and the texts can be selected by hand.
(function () {
  "use strict";
  function copied(button, ok) {
    var status = document.getElementById("copy-status");
    if (status) status.textContent = ok ? button.getAttribute("data-copied") : "Select the text and copy it by hand.";
  }
  Array.prototype.forEach.call(document.querySelectorAll("button[data-copy]"), function (button) {
    var target = document.getElementById(button.getAttribute("data-copy"));
    if (!target) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var text = target.textContent;
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(function () { copied(button, true); }, function () { copied(button, false); });
        return;
      }
      // Pages served over plain http (not localhost) have no clipboard API: copy through a selection.
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      document.body.removeChild(area);
      copied(button, ok);
    });
  });
})();
