// exdose web: sets logged on a phone are kept in localStorage until the server confirms them,
// and sent again (same client key, so never twice) when the connection comes back.
(function () {
  "use strict";
  var STORE = "exdose-pending-sets";

  function pending() {
    try { return JSON.parse(localStorage.getItem(STORE) || "{}"); } catch (e) { return {}; }
  }
  function save(all) { localStorage.setItem(STORE, JSON.stringify(all)); }

  function formFor(key) { return document.querySelector('form.set[data-key="' + key + '"]'); }

  function mark(key, state) {
    var form = formFor(key);
    if (!form) { return; }
    form.classList.remove("saved", "pending");
    form.classList.add(state);
    var button = form.querySelector("button");
    if (button) { button.textContent = state === "saved" ? (form.dataset.savedLabel || "✓") : (form.dataset.pendingLabel || "…"); }
  }

  function send(key, item) {
    return fetch(item.url, {
      method: "POST", body: new URLSearchParams(item.body), credentials: "same-origin",
      headers: { "X-CSRFToken": item.csrf, "X-Requested-With": "fetch" }
    }).then(function (response) {
      if (response.ok) {
        var all = pending(); delete all[key]; save(all); mark(key, "saved"); return true;
      }
      if (response.status === 422) {  // the server will never take it: show it, drop it
        var left = pending(); delete left[key]; save(left);
        var form = formFor(key); if (form) { form.classList.add("invalid"); }
        return false;
      }
      mark(key, "pending"); return false;
    }).catch(function () { mark(key, "pending"); return false; });
  }

  function flush() {
    var all = pending();
    Object.keys(all).forEach(function (key) { send(key, all[key]); });
  }

  var timerEl, timerText, timerId = null, endsAt = 0;
  function tick() {
    var left = Math.max(0, Math.round((endsAt - Date.now()) / 1000));
    var m = Math.floor(left / 60), s = left % 60;
    timerText.textContent = m + ":" + (s < 10 ? "0" : "") + s;
    if (left === 0) { clearInterval(timerId); timerId = null; timerEl.classList.add("finished"); }
  }
  function startTimer(seconds) {
    if (!timerEl || !seconds) { return; }
    endsAt = Date.now() + seconds * 1000;
    timerEl.hidden = false; timerEl.classList.remove("finished");
    if (timerId) { clearInterval(timerId); }
    tick(); timerId = setInterval(tick, 500);
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form.set")) { return; }
    event.preventDefault();
    var body = {}; new FormData(form).forEach(function (v, k) { body[k] = v; });
    var key = form.dataset.key;
    var item = { url: form.action, body: body, csrf: body.csrfmiddlewaretoken };
    var all = pending(); all[key] = item; save(all);
    mark(key, "pending");
    send(key, item);
    startTimer(parseInt(form.dataset.rest || "0", 10));
  });

  document.addEventListener("DOMContentLoaded", function () {
    timerEl = document.getElementById("rest-timer");
    timerText = document.getElementById("rest-timer-text");
    var skip = document.getElementById("rest-timer-skip");
    if (skip) { skip.addEventListener("click", function () { timerEl.hidden = true; if (timerId) { clearInterval(timerId); } }); }
    Object.keys(pending()).forEach(function (key) { mark(key, "pending"); });
    flush();
  });
  window.addEventListener("online", flush);
  setInterval(flush, 10000);
})();
