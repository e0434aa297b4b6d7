/* Bulletin: the page's one script, an enhancement only (the page is complete without it).
   - Times (<time class="dt">, date-only <time class="d">) in the reader's time zone, written
     as the build writes them (the same formats: no zone, no year in the current year, the
     clock only under an entry of the same day) and one line naming the zone.
   - "Updated 3 min ago", and a notice when the build is older than twice its rebuild interval.
   - "Ongoing for …" durations ([data-since]) that keep counting.
   - Every `data-refresh` seconds it asks api/v2/summary.json whether the status changed:
     says so (or reloads a hidden tab), and marks the page stale when the site is unreachable.
   Its words and formats are in bulletin-strings.js (window.bulletinStrings), loaded before it. */
(function () {
  "use strict";
  var me = document.currentScript;
  var S = window.bulletinStrings;
  if (!me || !S || !window.fetch || !window.Intl) return;
  var d = me.dataset;
  var lang = document.documentElement.lang || "en";
  var reduced = window.matchMedia && matchMedia("(prefers-reduced-motion: reduce)").matches;
  var MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(" ");
  var MONTH_NAMES = ("January February March April May June July August September October " +
    "November December").split(" ");

  /* `at` in the reader's zone, by the strftime `pattern` the build used (the directives the
     theme's formats use; month and weekday names in English unless bulletin-strings.js has
     the language's, as the build writes them). */
  function strftime(pattern, at) {
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    var v = {
      Y: at.getFullYear(), m: pad(at.getMonth() + 1), "-m": at.getMonth() + 1,
      d: pad(at.getDate()), "-d": at.getDate(), e: at.getDate(), H: pad(at.getHours()),
      "-H": at.getHours(), M: pad(at.getMinutes()), b: (S.months || MONTHS)[at.getMonth()],
      B: (S.monthNames || MONTH_NAMES)[at.getMonth()], "%": "%"
    };
    if (S.weekdays) { v.a = S.weekdays[at.getDay()]; v.A = S.weekdayNames[at.getDay()]; }
    return pattern.replace(/%(-?[a-zA-Z%])/g, function (all, k) {
      return v.hasOwnProperty(k) ? v[k] : all;
    });
  }

  function sameDay(a, b) { return a.toDateString() === b.toDateString(); }

  /* The reader's zone as people call it: the language's own name ("北京时间"), "UTC", or
     the browser's ("Eastern Time"), else the IANA name. */
  function zoneName() {
    var iana = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
    if (S.zoneNames && S.zoneNames[iana]) return S.zoneNames[iana];
    if (/^(Etc\/)?(UTC|UCT|GMT|Zulu|Universal|Greenwich)$/.test(iana)) return "UTC";
    try {
      var part = new Intl.DateTimeFormat(lang, { timeZoneName: "longGeneric" })
        .formatToParts(new Date()).filter(function (p) { return p.type === "timeZoneName"; })[0];
      if (part && part.value) return part.value;
    } catch (e) { /* an older browser: the IANA name below */ }
    return iana;
  }

  function localTimes() {
    var now = new Date();
    // "about {}", "{}頃": the mark before the time, after it, or both.
    var mark = (S.approx || "{}").split("{}");
    var before = null;
    document.querySelectorAll("time.dt[datetime], time.d[datetime]").forEach(function (t) {
      var at = new Date(t.getAttribute("datetime"));
      if (isNaN(at)) return;
      var thisYear = at.getFullYear() === now.getFullYear();
      var text;
      if (t.classList.contains("d")) {
        text = strftime(thisYear ? S.dateThisYear : S.date, at);
      } else {
        // In a timeline, the clock alone under an entry of the same day (in the reader's zone).
        var entry = t.closest(".timeline > li");
        var previous = entry && entry.previousElementSibling;
        var above = previous && previous.querySelector("h3 time.dt");
        var clockOnly = above && before && sameDay(before, at);
        text = strftime(clockOnly ? S.time : thisYear ? S.datetimeThisYear : S.datetime, at);
        var shown = t.textContent;
        if ((mark[0] || mark[1]) && shown.indexOf(mark[0]) === 0 &&
            shown.slice(shown.length - mark[1].length) === mark[1]) text = S.approx.replace("{}", text);
        if (entry) before = at;
      }
      t.textContent = text;
    });
    var note = document.querySelector(".zone-note");
    if (note && S.local) note.textContent = S.local.replace("{local}", zoneName());
  }

  /* "2 h 13 min" in the page's language, as the build writes it. */
  function duration(ms) {
    var minutes = Math.max(0, Math.floor(ms / 60000));
    var parts = [];
    [[Math.floor(minutes / 1440), S.days], [Math.floor(minutes / 60) % 24, S.hours],
     [minutes % 60, S.minutes]].forEach(function (p) {
      if (p[0] > 0 && p[1]) parts.push(p[1].replace("{n}", p[0]));
    });
    return parts.length ? parts.join(S.sep || " ") : S.less;
  }

  /* "3 min ago" (to the minute: "just now" under one). */
  function ago(ms) {
    return ms < 60000 ? S.justNow : S.ago.replace("{}", duration(ms));
  }

  /* The build's time as "Updated 3 min ago" (the date stays in the tooltip), and the stale
     notice when the build is older than twice the rebuild interval by the reader's clock. */
  function built() {
    var t = document.querySelector("time[data-built]");
    if (!t) return;
    var at = Date.parse(t.getAttribute("datetime"));
    if (isNaN(at)) return;
    var age = Date.now() - at;
    if (!t.title) t.title = t.textContent;
    t.textContent = ago(age);
    var stale = document.querySelector(".stale-build[data-rebuild]");
    var every = stale ? +stale.getAttribute("data-rebuild") : 0;
    if (every > 0 && age > 2 * every * 1000) {
      stale.textContent = S.staleBuild.replace("{ago}", ago(age));
      stale.hidden = false;
    }
  }

  function tick() {
    built();
    document.querySelectorAll("[data-since]").forEach(function (el) {
      var since = Date.parse(el.getAttribute("data-since"));
      if (!isNaN(since)) el.textContent = duration(Date.now() - since);
    });
  }

  /* A notice at the top of the page; one at a time. */
  function notice(kind, text, action) {
    var bar = document.getElementById("bulletin-notice");
    if (!bar) {
      bar = document.createElement("div");
      bar.id = "bulletin-notice";
      bar.setAttribute("role", "status");
      document.body.insertBefore(bar, document.body.firstChild);
    }
    bar.className = "notice notice-" + kind;
    bar.textContent = text + " ";
    if (action) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = action;
      button.onclick = function () { location.reload(); };
      bar.appendChild(button);
    }
  }

  /* What in the summary, if changed, changes what the page says. */
  function state(s) {
    var pick = function (list) {
      return (list || []).map(function (i) { return [i.id, i.status, i.updated_at]; });
    };
    return JSON.stringify([s.page && s.page.updated_at, s.status,
      pick(s.incidents), pick(s.scheduled_maintenances),
      (s.components || []).map(function (c) { return [c.id, c.status]; })]);
  }

  function poll() {
    var seconds = +d.refresh;
    if (!(seconds > 0) || !/^https?:$/.test(location.protocol)) return;
    var first = null;
    var summary = new URL("api/v2/summary.json", me.src).href;
    var check = function () {
      fetch(summary, { cache: "no-store" }).then(function (r) {
        if (!r.ok) throw new Error(r.status);
        return r.json();
      }).then(function (s) {
        var now = state(s);
        document.documentElement.classList.remove("stale");
        if (first === null) first = now;
        if (now === first) {
          var bar = document.getElementById("bulletin-notice");
          if (bar && /stale/.test(bar.className)) bar.remove();
          return;
        }
        // A tab nobody is looking at can simply reload; an open one is told, not moved.
        if (document.hidden && !reduced) location.reload();
        else notice("updated", S.updated, S.reload);
      }).catch(function () {
        document.documentElement.classList.add("stale");
        notice("stale", S.stale);
      });
    };
    check();
    setInterval(check, seconds * 1000);
  }

  /* == chrome: the subscribe dialog, and the embed's theme and height == */

  /* The header's Subscribe link opens the subscribe page's panel in a dialog; the link
     itself is the way without JavaScript, and the fallback when the page cannot be read. */
  function subscribeDialog() {
    var link = document.querySelector("a[data-subscribe]");
    if (!link || !window.HTMLDialogElement || !/^https?:$/.test(location.protocol)) return;
    if (link.getAttribute("aria-current")) return;
    var dialog = null;
    link.addEventListener("click", function (event) {
      if (event.ctrlKey || event.metaKey || event.shiftKey || event.button) return;
      event.preventDefault();
      if (dialog) { dialog.showModal(); return; }
      var url = link.href;
      fetch(url).then(function (r) {
        if (!r.ok) throw new Error(r.status);
        return r.text();
      }).then(function (html) {
        var panel = new DOMParser().parseFromString(html, "text/html").getElementById("subscribe-panel");
        if (!panel) throw new Error("no panel");
        // Its links are relative to the subscribe page, not to this one.
        panel.querySelectorAll("a[href]").forEach(function (a) {
          a.setAttribute("href", new URL(a.getAttribute("href"), url).href);
        });
        dialog = document.createElement("dialog");
        dialog.className = "subscribe-dialog";
        dialog.setAttribute("aria-labelledby", "subscribe-title");
        var close = document.createElement("button");
        close.type = "button";
        close.className = "subscribe-close";
        close.textContent = panel.getAttribute("data-close") || "×";
        close.onclick = function () { dialog.close(); };
        // A click on the backdrop (outside the panel) closes it too.
        dialog.addEventListener("click", function (e) { if (e.target === dialog) dialog.close(); });
        dialog.appendChild(close);
        dialog.appendChild(document.importNode(panel, true));
        document.body.appendChild(dialog);
        dialog.showModal();
      }).catch(function () { location.href = url; });
    });
  }

  /* embed.html: `?theme=light|dark` fixes its colours whatever the reader's scheme (auto, the
     default, follows it), and in an iframe it tells the host page its height
     (docs/embed.md), so the host can size the iframe to fit. */
  function embed() {
    var root = document.documentElement;
    if (!root.classList.contains("embed")) return;
    var theme = new URLSearchParams(location.search).get("theme");
    if (theme === "light" || theme === "dark") root.setAttribute("data-theme", theme);
    /* `?lang=en`: that language's embed (an alternate link), the other parameters kept. */
    var q = new URLSearchParams(location.search), want = q.get("lang");
    var alt = want && want !== root.lang && document.querySelector('link[hreflang="' + CSS.escape(want) + '"]');
    if (alt) { q.delete("lang"); location.replace(alt.href + (q + "" ? "?" + q : "")); return; }
    if (window.parent === window) return;
    var main = document.getElementById("main");
    var last = 0;
    var report = function () {
      var height = Math.ceil(main.getBoundingClientRect().bottom + window.scrollY);
      if (height === last) return;
      last = height;
      window.parent.postMessage({ bulletin: "embed-height", height: height }, "*");
    };
    report();
    if (window.ResizeObserver) new ResizeObserver(report).observe(main);
    else window.addEventListener("resize", report);
  }

  embed();
  subscribeDialog();

  /* The uptime bars' day card: a day's details (its .tip: date, status, time per status,
     incidents) in a card below the bars, so the product's status above stays in sight. It
     opens on hover, focus or tap; a tap or click pins it, a second one or Escape closes it.
     The bars are one tab stop; the arrow keys, Home and End move between the days shown. */
  function barCards() {
    document.querySelectorAll(".uptime").forEach(function (box) {
      var bars = box.querySelector(".bars");
      if (!bars || !bars.children.length) return;
      var days = [].slice.call(bars.children);
      var card = document.createElement("div");
      var pinned = null, timer = 0;
      card.className = "day-card";
      card.hidden = true;
      box.insertBefore(card, bars.nextSibling);
      box.classList.add("js");
      var shown = function () { return days.filter(function (li) { return li.offsetWidth > 0; }); };
      var stop = function (li) {
        days.forEach(function (other) { other.tabIndex = other === li ? 0 : -1; });
      };
      var open = function (li) {
        clearTimeout(timer);
        card.textContent = "";
        li.querySelector(".tip").childNodes.forEach(function (n) { card.appendChild(n.cloneNode(true)); });
        // On a component page the day's incident links are in its row of the day list.
        var row = document.getElementById("day-" + li.querySelector("time").getAttribute("datetime"));
        if (row && !card.querySelector("a")) {
          row.lastElementChild.querySelectorAll("a").forEach(function (a) {
            card.appendChild(document.createElement("br"));
            card.appendChild(a.cloneNode(true));
          });
        }
        card.querySelectorAll("a").forEach(function (a) { a.removeAttribute("tabindex"); });
        card.classList.toggle("pinned", pinned === li);
        card.hidden = false;
        var width = card.offsetWidth, middle = li.offsetLeft + li.offsetWidth / 2;
        card.style.left = Math.max(0, Math.min(box.clientWidth - width, middle - width / 2)) + "px";
        card.style.top = bars.offsetTop + bars.offsetHeight + 6 + "px";
      };
      var close = function () {
        pinned = null;
        card.hidden = true;
      };
      var later = function () {
        clearTimeout(timer);
        timer = setTimeout(function () {
          if (!pinned && !card.matches(":hover") && !box.contains(document.activeElement)) card.hidden = true;
        }, 250);
      };
      var pin = function (li) {
        if (pinned === li) close();
        else { pinned = li; open(li); }
      };
      stop(days[days.length - 1]);
      days.forEach(function (li) {
        li.addEventListener("mouseenter", function () { if (!pinned) open(li); });
        li.addEventListener("mouseleave", later);
        li.addEventListener("focus", function () {
          stop(li);
          if (pinned !== li) { pinned = null; open(li); }
        });
        li.addEventListener("blur", later);
        li.addEventListener("click", function () { pin(li); });
      });
      card.addEventListener("mouseleave", later);
      card.addEventListener("mouseenter", function () { clearTimeout(timer); });
      bars.addEventListener("keydown", function (e) {
        var list = shown(), at = list.indexOf(document.activeElement);
        var to = { ArrowLeft: at - 1, ArrowRight: at + 1, Home: 0, End: list.length - 1 }[e.key];
        if (e.key === "Enter" || e.key === " ") { e.preventDefault(); pin(list[at]); return; }
        if (to === undefined || at < 0) return;
        e.preventDefault();
        list[Math.max(0, Math.min(list.length - 1, to))].focus();
      });
      document.addEventListener("keydown", function (e) {
        if (e.key !== "Escape" || card.hidden) return;
        var back = pinned;
        close();
        if (back) back.focus();
        card.hidden = true;
      });
      document.addEventListener("click", function (e) {
        if (pinned && !box.contains(e.target)) close();
      });
      // A day hidden by a narrower window gives its tab stop back to today's.
      window.addEventListener("resize", function () {
        if (!days.some(function (li) { return li.tabIndex === 0 && li.offsetWidth > 0; })) stop(days[days.length - 1]);
      });
    });
  }

  barCards();
  localTimes();
  tick();
  if (document.querySelector("[data-since], [data-built]")) setInterval(tick, 30000);
  poll();
})();
