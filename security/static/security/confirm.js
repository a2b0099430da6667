/* Admin forms that ask before they act: <form data-confirm="问题"> asks the question on submit. Replaces inline
   onsubmit handlers, which the Content-Security-Policy forbids (security.headers). */
document.addEventListener(
  "submit",
  function (event) {
    var form = event.target;
    var question = form instanceof HTMLFormElement ? form.getAttribute("data-confirm") : null;
    if (question && !window.confirm(question)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  },
  true
);
