/* 适老化 toggle: the choice is kept in localStorage and a cookie (WeChat's browser may clear either one),
   and applied by js/elder-early.js in <head> before the first paint, so cached pages need not vary on it. */
(function () {
  "use strict";
  var root = document.documentElement;
  var button = document.getElementById("elder-toggle");
  if (!button) { return; }

  function save(on) {
    try { localStorage.setItem("elder", on ? "1" : "0"); } catch (e) { /* private mode */ }
    document.cookie = "elder=" + (on ? "1" : "0") + "; path=/; max-age=31536000; SameSite=Lax";
  }

  function show(on) {
    root.classList.toggle("elder", on);
    button.setAttribute("aria-pressed", on ? "true" : "false");
    button.textContent = on ? "退出适老化" : "适老化模式";
  }

  show(root.classList.contains("elder"));
  button.addEventListener("click", function () {
    var on = !root.classList.contains("elder");
    save(on);
    show(on);
  });
})();
