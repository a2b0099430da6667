/* 图文直播 and 网民提问 without a reload: poll live.json with ETag, post questions with fetch.
   Without JavaScript the page still works: entries are rendered by the server, the form posts normally. */
(function () {
  "use strict";

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function entryNode(entry) {
    var item = el("li", "live-entry");
    item.id = "entry-" + entry.id;
    var time = el("time", "", entry.time);
    time.setAttribute("datetime", entry.posted_at);
    item.appendChild(time);
    if (entry.speaker) item.appendChild(el("strong", "speaker", entry.speaker));
    item.appendChild(el("p", "text", entry.text));
    if (entry.image) {
      var img = el("img", "live-image");
      img.src = entry.image.url;
      img.alt = entry.image.alt;
      img.loading = "lazy";
      item.appendChild(img);
    }
    return item;
  }

  function questionNode(question) {
    var item = el("li", "question");
    item.id = "q-" + question.id;
    var asked = el("p", "q");
    asked.appendChild(el("span", "who", question.name));
    asked.appendChild(document.createTextNode("问:" + question.text));
    item.appendChild(asked);
    if (question.answer) {
      var answer = el("div", "a");
      answer.appendChild(el("span", "who", question.answered_by || "答复"));
      answer.appendChild(document.createTextNode("答:" + question.answer));
      item.appendChild(answer);
    } else {
      item.appendChild(el("p", "pending-answer", "待回答"));
    }
    return item;
  }

  function startPolling(root) {
    var url = root.getAttribute("data-live-url");
    var after = parseInt(root.getAttribute("data-after") || "0", 10) || 0;
    var interval = parseInt(root.getAttribute("data-interval") || "5000", 10);
    var entries = document.getElementById("live-entries");
    var questions = document.getElementById("questions-list");
    var empty = document.getElementById("live-empty");
    var etag = null;

    function poll() {
      var headers = { Accept: "application/json" };
      if (etag) headers["If-None-Match"] = etag;
      fetch(url + "?after=" + after, { headers: headers, credentials: "omit" })
        .then(function (response) {
          if (response.status === 304 || !response.ok) return null;
          etag = response.headers.get("ETag");
          return response.json();
        })
        .then(function (data) {
          if (data && data.ok) {
            data.entries.forEach(function (entry) {
              if (!document.getElementById("entry-" + entry.id)) entries.appendChild(entryNode(entry));
              after = Math.max(after, entry.id);
            });
            if (data.entries.length && empty) empty.hidden = true;
            if (questions) questions.replaceChildren.apply(questions, data.questions.map(questionNode));
            var noQuestions = document.getElementById("questions-empty");
            if (noQuestions) noQuestions.hidden = data.questions.length > 0;
            if (data.state === "concluded" || data.state === "cancelled") return;
          }
          window.setTimeout(poll, interval);
        })
        .catch(function () { window.setTimeout(poll, interval * 2); });
    }
    poll();  // the page may come from a cache: catch up at once, then keep polling
  }

  function withToken(form) {
    var field = form.querySelector("input[name=csrfmiddlewaretoken]");
    if (field.value) return Promise.resolve(field.value);
    return fetch(form.getAttribute("data-token-url"), { credentials: "same-origin", cache: "no-store" })
      .then(function (response) { return response.json(); })
      .then(function (data) { field.value = data.token; return data.token; });
  }

  /* The captcha (after a few questions from one reader): shown with the key and image the server sends. */
  function showChallenge(form, challenge) {
    var box = form.querySelector("[data-captcha]");
    if (!box) return;
    var answer = box.querySelector("input[name=captcha_1]");
    var refresh = form.querySelector("[data-captcha-refresh]");
    answer.value = "";
    if (refresh) refresh.hidden = !challenge;
    if (!challenge) {
      box.hidden = true;
      answer.required = false;
      return;
    }
    box.querySelector("input[name=captcha_0]").value = challenge.key;
    box.querySelector("img").src = challenge.image_url;
    answer.required = true;
    box.hidden = false;
  }

  function refreshChallenge(form, button) {
    fetch(button.getAttribute("data-captcha-refresh"), {
      headers: { "X-Requested-With": "XMLHttpRequest", Accept: "application/json" },
      credentials: "same-origin",
      cache: "no-store",
    })
      .then(function (response) { return response.json(); })
      .then(function (data) { showChallenge(form, data); })
      .catch(function () {});
  }

  function enhanceForm(form) {
    var status = form.querySelector(".ask-status");
    form.hidden = false;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (event.submitter && event.submitter.name === "captcha_refresh") {
        refreshChallenge(form, event.submitter);
        return;
      }
      var button = form.querySelector("button[type=submit]");
      button.disabled = true;
      withToken(form)
        .then(function (token) {
          return fetch(form.action, {
            method: "POST",
            body: new FormData(form),
            headers: { Accept: "application/json", "X-CSRFToken": token },
            credentials: "same-origin",
          });
        })
        .then(function (response) {
          return response.json().catch(function () {
            return { ok: false, error: "提交失败(" + response.status + "),请刷新页面后重试。" };
          });
        })
        .then(function (data) {
          status.textContent = data.ok ? data.message : data.error;
          status.className = "ask-status " + (data.ok ? "ok" : "error");
          if (data.ok) form.reset();
          if ("challenge" in data) showChallenge(form, data.challenge);
        })
        .catch(function () {
          status.textContent = "网络异常,请稍后重试。";
          status.className = "ask-status error";
        })
        .then(function () { button.disabled = false; });
    });
  }

  var root = document.querySelector("[data-live-url]");
  if (root && ["scheduled", "live"].indexOf(root.getAttribute("data-state")) !== -1) startPolling(root);
  var form = document.querySelector("form[data-ask]");
  if (form && window.fetch && window.FormData) enhanceForm(form);
})();
