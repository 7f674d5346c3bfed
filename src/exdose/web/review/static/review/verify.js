// exdose review: the verification screen. j/k move between items, y/n/a set the rating,
// Enter accepts exdose's rating, e jumps to the evidence; every change is saved at once.
(function () {
  "use strict";
  var root = document.getElementById("verify");
  if (!root) { return; }
  var items = Array.prototype.slice.call(root.querySelectorAll("li.item"));
  var locked = root.dataset.locked === "1";
  var current = 0;

  var docPane = document.getElementById("doc");
  var itemPane = root.querySelector("section.items");
  // scroll inside a pane only (scrollIntoView would scroll the whole page as well)
  function reveal(pane, el, centre) {
    if (!pane || !el) { return; }
    var top = el.getBoundingClientRect().top - pane.getBoundingClientRect().top + pane.scrollTop;
    if (centre) { pane.scrollTop = top - pane.clientHeight / 3; return; }
    if (top < pane.scrollTop) { pane.scrollTop = top; }
    else if (top + el.offsetHeight > pane.scrollTop + pane.clientHeight) {
      pane.scrollTop = top + el.offsetHeight - pane.clientHeight;
    }
  }
  function marks(key) {
    return Array.prototype.slice.call(document.querySelectorAll('mark.ev[data-items~="' + key + '"]'));
  }
  function select(index, scrollDoc) {
    if (index < 0 || index >= items.length) { return; }
    document.querySelectorAll("mark.ev.cur").forEach(function (m) { m.classList.remove("cur"); });
    items[current].classList.remove("current");
    current = index;
    var item = items[current];
    item.classList.add("current");
    reveal(itemPane, item, false);
    var found = marks(item.dataset.key);
    found.forEach(function (m) { m.classList.add("cur"); });
    if (scrollDoc && found.length) { reveal(docPane, found[0], true); }
  }
  function show(item, value, state) {
    item.dataset.current = value;
    item.classList.toggle("done", !!value);
    item.querySelectorAll("button[data-set]").forEach(function (b) {
      b.classList.toggle("chosen", b.dataset.set === value);
    });
    item.querySelector(".state").textContent = state;
  }
  var queue = Promise.resolve();
  // saves go one after another, in the order they were made (a fast j/y/y/y never races)
  function save(item, value) {
    var chosen = value || item.dataset.current;
    if (chosen) { show(item, chosen, "saving…"); }
    queue = queue.then(function () { return send(item, chosen); });
    return queue;
  }
  function send(item, value) {
    if (locked) { show(item, item.dataset.current, "finished: reopen to change"); return Promise.resolve(false); }
    if (!value) { return Promise.resolve(false); }
    var body = new URLSearchParams({
      item: item.dataset.key, reported: value,
      note: item.querySelector('input[name="note"]').value,
      where: item.querySelector('input[name="where"]').value
    });
    return fetch(root.dataset.rateUrl, {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "X-CSRFToken": root.dataset.csrf, "X-Requested-With": "fetch" }
    }).then(function (response) {
      return response.json().then(function (data) {
        if (response.ok) { show(item, data.reported, "saved: " + data.reported); progress(); return true; }
        show(item, item.dataset.current, data.detail || "not saved"); return false;
      });
    }).catch(function () { show(item, value, "not saved (offline?)"); return false; });
  }
  function progress() {
    var done = items.filter(function (i) { return i.dataset.current; }).length;
    var el = document.getElementById("progress");
    if (el) { el.textContent = done + "/31 rated"; }
  }
  function setAndNext(value) {
    var item = items[current];
    save(item, value);
    select(current + 1, true);
  }

  items.forEach(function (item, index) {
    show(item, item.dataset.current, item.dataset.current ? "saved: " + item.dataset.current : "");
    item.addEventListener("click", function () { if (index !== current) { select(index, true); } });
    item.querySelectorAll("button[data-set]").forEach(function (b) {
      b.disabled = locked;
      b.addEventListener("click", function (event) { event.stopPropagation(); select(index, false); setAndNext(b.dataset.set); });
    });
    item.querySelectorAll("input").forEach(function (input) {
      input.disabled = locked;
      input.addEventListener("change", function () { if (item.dataset.current) { save(item); } });
    });
  });
  document.querySelectorAll("a[data-jump]").forEach(function (a) {
    a.addEventListener("click", function (event) {
      event.preventDefault();
      var target = document.getElementById(a.dataset.jump);
      if (target) {
        reveal(docPane, target, true);
        target.classList.add("flash");
        setTimeout(function () { target.classList.remove("flash"); }, 1200);
      }
    });
  });
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    var tag = (event.target && event.target.tagName) || "";
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT") {
      if (event.key === "Escape") { event.target.blur(); }
      return;
    }
    var key = event.key;
    if (key === "j" || key === "ArrowDown") { select(current + 1, true); }
    else if (key === "k" || key === "ArrowUp") { select(current - 1, true); }
    else if (key === "y") { setAndNext("yes"); }
    else if (key === "n") { setAndNext("no"); }
    else if (key === "a") { setAndNext("na"); }
    else if (key === "Enter") {
      var exdose = items[current].dataset.exdose;
      if (exdose) { setAndNext(exdose); } else { return; }
    } else if (key === "e") { select(current, true); }
    else { return; }
    event.preventDefault();
  });
  if (items.length) { select(0, true); }
})();
