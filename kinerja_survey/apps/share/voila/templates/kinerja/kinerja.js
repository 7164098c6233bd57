/* The rater page's script (inlined by index.html.j2; nothing is loaded from elsewhere).
 *
 * - Loading text in Bahasa Indonesia instead of Voilà's "Executing 1 of 2".
 * - Honest connection state: the kernel's websocket closing, or the app's ping (a hidden Text
 *   widget .ks-ping whose value the kernel echoes into .ks-pong) going unanswered, shows a banner
 *   with the time of the last stored answer (data-saved-at, written by the kernel only after the
 *   database accepted a save), disables every input and offers a reload, which restores what is
 *   stored.  Once lost, the page stays offline: the kernel holding the form may be gone.
 * - Radio groups: each scale's inputs get a shared name (one Tab stop, arrow keys) and a
 *   radiogroup role labelled by the item's text.
 * - Scrolling: the kernel names an element in .ks-scroll (data-target, data-n); the script scrolls
 *   to it and moves the focus there (first missing item after a refused submit, top of a new form).
 *   The "jump to the first unanswered item" link is handled the same way.
 * - Idle release (apps/idle.py): after data-idle-release seconds without input the page sends a
 *   comment being typed, asks the kernel (.ks-idle) to save, and once it answered (.ks-idle-ack)
 *   shuts its own kernel down; the next touch shows "Sesi dijeda" and reloads the link with
 *   resume=<assignment>&item=<item> (the same form, at the same item, from what is stored).
 */
(function () {
  "use strict";
  var LOADING = "Memuat formulir penilaian\u2026";
  var PING_EVERY = 5000, PING_TIMEOUT = 12000, IDLE_STOP = 20 * 60 * 1000, WS_GRACE = 3000;
  function setLoading() {
    var el = document.getElementById("loading_text");
    if (el) { el.textContent = LOADING; }
  }
  window.update_loading_text = setLoading;
  window.voila_process = setLoading;
  setLoading();
  document.addEventListener("DOMContentLoaded", setLoading);

  var offline = false, pending = null, lastPing = 0, lastInput = Date.now(), lastSaved = "", scrolled = 0;
  var closedAt = 0;
  var releasing = null, released = false, resumeAid = "", resumeItem = "", lastItem = "";

  // the kernel's websocket: remember when it closes (Voilà creates it after this script ran)
  var Native = window.WebSocket;
  if (Native && !Native.__ksPatched) {
    var Patched = function (url, protocols) {
      var ws = protocols === undefined ? new Native(url) : new Native(url, protocols);
      if (String(url).indexOf("/channels") !== -1) {
        ws.addEventListener("close", function () { closedAt = Date.now(); });
        ws.addEventListener("open", function () { closedAt = 0; });
      }
      return ws;
    };
    Patched.prototype = Native.prototype;
    ["CONNECTING", "OPEN", "CLOSING", "CLOSED"].forEach(function (k) { Patched[k] = Native[k]; });
    Patched.__ksPatched = true;
    window.WebSocket = Patched;
  }

  function text(name, fallback) {
    var el = document.querySelector(".ks-texts");
    return (el && el.getAttribute("data-" + name)) || fallback;
  }

  function goOffline() {
    if (offline) { return; }
    offline = true;
    var app = document.querySelector(".ks-app");
    if (app) {
      app.classList.add("ks-offline");
      app.querySelectorAll("input, textarea, button, select").forEach(function (e) { e.disabled = true; });
      app.setAttribute("inert", "");
      app.setAttribute("aria-hidden", "true");
    }
    var banner = document.createElement("div");
    banner.className = "ks-offline-banner";
    banner.setAttribute("role", "alert");
    var title = document.createElement("strong");
    title.textContent = text("title", "Koneksi ke server terputus.");
    var saved = document.createElement("p");
    saved.textContent = lastSaved ? text("saved", "Jawaban terakhir yang tersimpan: pukul {time}.").replace("{time}", lastSaved)
                                  : text("none", "Belum ada jawaban yang tersimpan dari halaman ini.");
    var after = document.createElement("p");
    after.textContent = text("after", "Pilihan setelah itu BELUM tersimpan. Muat ulang halaman.");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "ks-offline-reload";
    button.textContent = text("reload", "Muat ulang halaman");
    button.addEventListener("click", function () { window.location.reload(); });
    banner.appendChild(title); banner.appendChild(saved); banner.appendChild(after); banner.appendChild(button);
    banner.style.cssText = "position:fixed;top:0;left:0;right:0;z-index:1000;background:#fdecea;color:#5f0000;" +
      "border-bottom:3px solid #a50e0e;padding:12px 16px;font-size:16px;line-height:1.4;font-family:sans-serif;";
    button.style.cssText = "min-height:44px;padding:8px 16px;font-size:16px;border-radius:8px;border:2px solid #a50e0e;" +
      "background:#fff;color:#5f0000;cursor:pointer;";
    document.body.appendChild(banner);
    button.focus();
  }

  function ping() {
    var input = document.querySelector(".ks-ping input");
    if (!input || pending) { return; }
    var nonce = Date.now().toString(36) + Math.random().toString(36).slice(2, 8);
    pending = { nonce: nonce, sent: Date.now() };
    lastPing = Date.now();
    input.value = nonce;
    input.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function focusIn(el) {
    var target = el.querySelector("input:checked") || el.querySelector("input, textarea, button");
    if (!target) {
      var row = el.closest(".ks-item");
      target = row && (row.querySelector("input:checked") || row.querySelector("input, textarea"));
    }
    if (target) { target.focus({ preventScroll: true }); } else if (el.tabIndex >= 0) { el.focus({ preventScroll: true }); }
  }

  function scrollTo(id) {
    var el = document.getElementById(id);
    if (!el) { return; }
    if (id === "ks-top") { el.scrollIntoView({ block: "start" }); el.focus({ preventScroll: true }); return; }
    el.scrollIntoView({ block: "start" });
    focusIn(el);
  }

  // ipywidgets renders a RadioButtons' inputs without a name: give each scale one, so that it is a
  // single Tab stop whose choices the arrow keys move through, and label the group with its item
  function groupRadios() {
    document.querySelectorAll(".ks-choice").forEach(function (choice) {
      if (!choice.querySelector("input[type=radio]:not([name])")) { return; }
      var code = null;
      choice.classList.forEach(function (c) {
        if (c.indexOf("ks-choice-") === 0 && c !== "ks-choice-na") { code = c.slice(10); }
      });
      if (!code) { return; }
      choice.querySelectorAll("input[type=radio]").forEach(function (input) { input.name = "ks-" + code; });
      var box = choice.querySelector(".widget-radio-box");
      if (box) {
        box.setAttribute("role", "radiogroup");
        if (document.getElementById("ks-q-" + code)) { box.setAttribute("aria-labelledby", "ks-q-" + code); }
      }
    });
  }

  function idleTexts(name, fallback) {
    var el = document.querySelector(".ks-idle-texts");
    return (el && el.getAttribute("data-" + name)) || fallback;
  }

  // the item the rater was at: the last one touched, else the first one on screen
  function currentItem() {
    if (lastItem && document.querySelector(".ks-item-" + lastItem)) { return lastItem; }
    var rows = document.querySelectorAll(".ks-item");
    for (var i = 0; i < rows.length; i++) {
      if (rows[i].getBoundingClientRect().bottom > 0) { return itemCode(rows[i]); }
    }
    return "";
  }

  function itemCode(row) {
    var code = "";
    row.classList.forEach(function (c) { if (c.indexOf("ks-item-") === 0 && c !== "ks-item-missing") { code = c.slice(8); } });
    return code;
  }

  function requestRelease() {
    var input = document.querySelector(".ks-idle input");
    if (!input) { return; }
    var active = document.activeElement;
    if (active && active.tagName === "TEXTAREA" && active.closest(".ks-app")) { active.blur(); }  // its change event sends it
    resumeItem = currentItem();
    var nonce = "r" + Date.now().toString(36) + Math.random().toString(36).slice(2, 8);
    releasing = { nonce: nonce, sent: Date.now() };
    setTimeout(function () {  // after the comment's change has gone out (the kernel handles them in order)
      input.value = nonce;
      input.dispatchEvent(new Event("input", { bubbles: true }));
    }, 100);
  }

  function shutdownKernel() {
    try {
      var cfg = JSON.parse(document.getElementById("jupyter-config-data").textContent);
      var url = (cfg.baseUrl || "/") + "voila/api/shutdown/" + cfg.kernelId;
      fetch(url, { method: "POST", credentials: "same-origin", keepalive: true }).catch(function () {});
    } catch (e) { /* no config: the server's reaper frees the kernel when the page goes */ }
  }

  function checkRelease() {
    var ack = document.querySelector(".ks-idle-ack [data-ack]");
    if (ack && ack.getAttribute("data-ack") === releasing.nonce) {
      if (ack.getAttribute("data-ok") === "1") {
        resumeAid = ack.getAttribute("data-resume") || "";
        released = true;
        releasing = null;
        document.documentElement.setAttribute("data-ks-released", "1");
        shutdownKernel();
      } else {
        releasing = null;
        lastInput = Date.now();  // not saved: keep the kernel, the form shows why
      }
    } else if (Date.now() - releasing.sent > PING_TIMEOUT) {
      releasing = null;
      lastInput = Date.now();
    }
  }

  function resumePage(event) {
    if (!released) { return false; }
    if (event && event.cancelable) { event.preventDefault(); event.stopPropagation(); }
    if (released === "reloading") { return true; }
    released = "reloading";
    var note = document.createElement("div");
    note.className = "ks-paused";
    note.setAttribute("role", "status");
    note.textContent = idleTexts("paused", "Sesi dijeda \u2014 memuat ulang\u2026");
    note.style.cssText = "position:fixed;top:0;left:0;right:0;z-index:1000;background:#eef3fb;color:#1f1f1f;" +
      "border-bottom:3px solid #0b57d0;padding:12px 16px;font-size:16px;line-height:1.4;font-family:sans-serif;";
    document.body.appendChild(note);
    var url = new URL(window.location.href);
    url.searchParams.delete("resume");
    url.searchParams.delete("item");
    if (resumeAid) { url.searchParams.set("resume", resumeAid); }
    if (resumeAid && resumeItem) { url.searchParams.set("item", resumeItem); }
    window.location.replace(url.toString());
    return true;
  }

  function tick() {
    if (offline || released) { return; }
    if (releasing) { checkRelease(); if (released) { return; } }
    var app = document.querySelector(".ks-app");
    if (!app) { return; }
    groupRadios();
    var texts = document.querySelector(".ks-texts");
    if (texts && texts.getAttribute("data-lang")) { document.documentElement.lang = texts.getAttribute("data-lang"); }
    var stamp = document.querySelector(".ks-save-status [data-saved-at]");
    if (stamp && stamp.getAttribute("data-saved-at")) { lastSaved = stamp.getAttribute("data-saved-at"); }
    var target = document.querySelector(".ks-scroll [data-target]");
    if (target) {
      var n = parseInt(target.getAttribute("data-n") || "0", 10);
      if (n > scrolled || (n < scrolled && n === 1)) { scrolled = n; scrollTo(target.getAttribute("data-target")); }
    }
    if (pending) {
      var pong = document.querySelector(".ks-pong [data-pong]");
      if (pong && pong.getAttribute("data-pong") === pending.nonce) { pending = null; }
      else if (Date.now() - pending.sent > PING_TIMEOUT) { goOffline(); return; }
    }
    if (closedAt && Date.now() - closedAt > WS_GRACE) { goOffline(); return; }
    var now = Date.now();
    var idleRelease = parseFloat(idleTexts("idle-release", "0")) * 1000;
    if (!releasing && !pending && idleRelease > 0 && now - lastInput > idleRelease) { requestRelease(); return; }
    if (!releasing && !pending && !document.hidden && now - lastPing > PING_EVERY && now - lastInput < IDLE_STOP) { ping(); }
  }

  function onInput(event) {
    if (resumePage(event)) { return; }
    if (!event.target.closest || !event.target.closest(".ks-app")) { return; }
    if (event.target.closest(".ks-ping") || event.target.closest(".ks-idle")) { return; }
    lastInput = Date.now();
    var row = event.target.closest(".ks-item");
    if (row) { lastItem = itemCode(row); }
    if (!pending) { setTimeout(ping, 300); }
  }
  document.addEventListener("change", onInput, true);
  document.addEventListener("click", onInput, true);
  document.addEventListener("keydown", onInput, true);
  document.addEventListener("pointerdown", function (event) { resumePage(event); }, true);
  document.addEventListener("visibilitychange", function () { if (!document.hidden) { resumePage(null); } });
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.ks-jump");
    if (link) { event.preventDefault(); scrollTo(link.getAttribute("data-target")); }
  });
  window.ksConnection = { isOffline: function () { return offline; }, lastSaved: function () { return lastSaved; } };
  setInterval(tick, 250);
})();
