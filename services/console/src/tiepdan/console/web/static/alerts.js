/* Tiếp Dân: the live alerts board. Without this script the page is a plain list with a refresh link.
   Server-Sent Events replace the list when it changes; a new critical alert plays a sound and shows a browser
   notification unless the person muted them (remembered in this browser). */
(function () {
  "use strict";
  var board = document.getElementById("alerts-board");
  var list = document.getElementById("alerts-list");
  if (!board || !list || !window.EventSource) { return; }
  var MUTE_KEY = "tiepdan.alerts.muted";
  var status = document.getElementById("alerts-live-status");
  var announce = document.getElementById("alerts-announce");
  var muteButton = document.getElementById("alerts-mute");
  var notifyButton = document.getElementById("alerts-notify");
  var sound = new Audio(board.dataset.sound);
  var seen = criticalIds();
  var pending = null;

  function criticalIds() {
    var ids = {};
    list.querySelectorAll('[data-severity="critical"]').forEach(function (item) { ids[item.dataset.alertId] = true; });
    return ids;
  }
  function muted() {
    try { return window.localStorage.getItem(MUTE_KEY) === "1"; } catch (e) { return false; }
  }
  function showMute() {
    var on = muted();
    muteButton.setAttribute("aria-pressed", on ? "true" : "false");
    muteButton.textContent = on ? muteButton.dataset.labelUnmute : muteButton.dataset.labelMute;
    board.dataset.muted = on ? "1" : "0";
  }
  function showNotifyButton() {
    notifyButton.hidden = !("Notification" in window) || Notification.permission !== "default";
  }
  function tell(item) {
    var title = item.dataset.title || "";
    announce.textContent = announce.dataset.prefix + " " + title;
    board.dataset.lastCritical = item.dataset.alertId;
    if (muted()) { return; }
    sound.currentTime = 0;
    var played = sound.play();
    if (played && played.catch) { played.catch(function () { /* autoplay refused until the person interacts */ }); }
    if ("Notification" in window && Notification.permission === "granted") {
      new Notification(announce.dataset.prefix, { body: title, tag: item.dataset.alertId });
    }
  }
  function editing(target) {
    /* someone typing a note or pressing a button in the list: replacing it now would lose their work */
    return !!target && list.contains(target) && (target.tagName === "TEXTAREA" || target.tagName === "BUTTON");
  }
  function replace(html) {
    if (editing(document.activeElement)) { pending = html; return; }
    pending = null;
    list.innerHTML = html;
    list.querySelectorAll('[data-severity="critical"]').forEach(function (item) {
      if (!seen[item.dataset.alertId]) { tell(item); }
    });
    seen = criticalIds();
    board.dataset.updated = String(Date.now());
  }
  list.addEventListener("focusout", function (event) {
    if (pending !== null && !editing(event.relatedTarget)) { replace(pending); }
  });

  function connect() {
    var source = new EventSource(board.dataset.stream);
    source.addEventListener("open", function () { status.textContent = status.dataset.live; board.dataset.live = "1"; });
    source.addEventListener("alerts", function (event) { replace(event.data); });
    source.addEventListener("error", function () {
      board.dataset.live = "0";
      status.textContent = status.dataset.offline;
      if (source.readyState === EventSource.CLOSED) { window.setTimeout(connect, 5000); }
    });
  }

  muteButton.hidden = false;
  showMute();
  muteButton.addEventListener("click", function () {
    try { window.localStorage.setItem(MUTE_KEY, muted() ? "0" : "1"); } catch (e) { /* private mode: not kept */ }
    showMute();
  });
  showNotifyButton();
  notifyButton.addEventListener("click", function () {
    Notification.requestPermission().then(showNotifyButton);
  });
  connect();
}());
