/* 适老化, before the first paint: loaded without defer from <head>, so the larger type is there from the start.
   A file rather than an inline script: the Content-Security-Policy allows scripts from this origin only. */
try {
  if (localStorage.getItem("elder") === "1" || /(?:^|; )elder=1/.test(document.cookie)) {
    document.documentElement.classList.add("elder");
  }
} catch (e) { /* storage unavailable: the default size */ }
