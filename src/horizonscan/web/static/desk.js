// Keyboard triage on the candidates page: j/k move, a accept, r reject (reason, Enter), o open.
(function () {
  "use strict";
  function rows() { return Array.from(document.querySelectorAll("tbody.cand")); }
  function current() { return document.querySelector("tbody.cand.current"); }
  function select(row) {
    if (!row) return;
    rows().forEach(function (r) { r.classList.remove("current"); });
    row.classList.add("current");
    row.focus({ preventScroll: true });
    row.scrollIntoView({ block: "nearest" });
  }
  function move(step) {
    var all = rows(), at = all.indexOf(current());
    select(all[Math.min(all.length - 1, Math.max(0, at + step))] || all[0]);
  }
  function typing(target) {
    return target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.tagName === "SELECT");
  }
  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.target.classList && event.target.classList.contains("reason")) {
      if (event.key === "Enter") {
        event.preventDefault();
        var reject = event.target.form.querySelector("button.reject");
        if (reject) reject.click();
      } else if (event.key === "Escape") {
        event.target.blur();
        select(event.target.closest("tbody.cand"));
      }
      return;
    }
    if (typing(event.target) || !document.getElementById("candidates")) return;
    var row = current();
    if (event.key === "j") { move(1); event.preventDefault(); }
    else if (event.key === "k") { move(-1); event.preventDefault(); }
    else if (event.key === "a" && row) {
      var accept = row.querySelector("button.accept");
      if (accept) { accept.click(); event.preventDefault(); }
    } else if (event.key === "r" && row) {
      var reason = row.querySelector("input.reason");
      if (reason) { reason.focus(); event.preventDefault(); }
    } else if (event.key === "o" && row) {
      var link = row.querySelector("a.title");
      if (link) window.location.href = link.href;
    }
  });
  // After a decision the row is redrawn: keep it selected and move on to the next one.
  document.addEventListener("htmx:afterSwap", function (event) {
    var row = event.detail.elt;
    if (!row || !row.matches || !row.matches("tbody.cand")) {
      row = event.detail.target && document.getElementById(event.detail.target.id);
    }
    if (row && row.matches && row.matches("tbody.cand")) {
      select(row);
      move(1);
    }
  });
  document.addEventListener("DOMContentLoaded", function () {
    var first = rows()[0];
    if (first) select(first);
  });
})();
