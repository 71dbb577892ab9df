// The phones' page of a room session: a thin client. The game holds every rule; this page shows the
// state the game sends and turns taps into messages (docs/room.md). Text from the game or another
// phone is only ever set as textContent, never parsed as HTML.
"use strict";
(function () {
  const S = JSON.parse(document.getElementById("strings").textContent);
  const app = document.getElementById("app");
  const toast = document.getElementById("toast");
  const code = (location.pathname.split("/")[1] || "").toUpperCase();
  // The phone's token lives with its tab (sessionStorage): a reload or a sleep keeps it, and two
  // tabs are two phones. The name is remembered for the next room (localStorage).
  const KEY = "ambassador-room-" + code;
  const NAME = "ambassador-name";
  const saved = (() => { try { return JSON.parse(sessionStorage.getItem(KEY) || "{}"); } catch (e) { return {}; } })();
  try { if (!saved.name) saved.name = localStorage.getItem(NAME) || ""; } catch (e) { /* private mode */ }
  let ws = null, state = null, retry = 0, stopped = false, toastTimer = 0, countdown = 0, deadline = 0;

  function t(key, values) {
    let text = S[key];
    if (text === undefined) return key;
    for (const [k, v] of Object.entries(values || {})) text = text.split("{" + k + "}").join(String(v));
    return text;
  }
  function save() {
    try { sessionStorage.setItem(KEY, JSON.stringify(saved)); localStorage.setItem(NAME, saved.name || ""); } catch (e) { /* private mode */ }
  }
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "class") node.className = v;
      else if (k === "onclick") node.addEventListener("click", v);
      else if (k.startsWith("data-")) node.setAttribute(k, v);
      else node[k] = v;
    }
    for (const c of children) if (c !== null && c !== undefined) node.append(c.nodeType ? c : document.createTextNode(String(c)));
    return node;
  }
  const SVG = "http://www.w3.org/2000/svg";
  function svg(tag, attrs) {
    const node = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    return node;
  }
  function badge(team) {  // the game's badge: its colour and its shape (game/render/painter.py)
    const box = svg("svg", { viewBox: "-22 -22 44 44", class: "badge", "aria-hidden": "true" });
    const c = team.colour, r = 20;
    const poly = (pts) => svg("polygon", { points: pts.map((p) => p.join(",")).join(" "), fill: c });
    let shape;
    switch (team.shape) {
      case "circle": shape = svg("circle", { r: r, fill: c }); break;
      case "square": shape = svg("rect", { x: -r * 0.85, y: -r * 0.85, width: r * 1.7, height: r * 1.7, fill: c }); break;
      case "triangle": shape = poly([[0, -r], [r, r * 0.8], [-r, r * 0.8]]); break;
      case "diamond": shape = poly([[0, -r], [r, 0], [0, r], [-r, 0]]); break;
      case "star": case "hexagon": {
        const n = team.shape === "star" ? 5 : 6, inner = team.shape === "star" ? 0.45 : 1, pts = [];
        for (let i = 0; i < n * 2; i++) {
          const rad = i % 2 === 0 ? r : r * inner, a = -Math.PI / 2 + (i * Math.PI) / n;
          pts.push([rad * Math.cos(a), rad * Math.sin(a)]);
        }
        shape = poly(pts); break;
      }
      case "plus": shape = poly([[-r, -6], [-6, -6], [-6, -r], [6, -r], [6, -6], [r, -6], [r, 6], [6, 6], [6, r], [-6, r], [-6, 6], [-r, 6]]); break;
      default: shape = svg("circle", { r: r - 4, fill: "none", stroke: c, "stroke-width": 7 });
    }
    box.append(shape);
    return box;
  }
  function icon(outcome) {  // star, tick, cross: an outcome reads without its colour
    const box = svg("svg", { viewBox: "-24 -24 48 48", class: "icon", "aria-hidden": "true" });
    const paths = {
      ambassador: "M0,-22 L6,-7 L22,-7 L9,3 L14,19 L0,9 L-14,19 L-9,3 L-22,-7 L-6,-7 Z",
      satisfied: "M-18,0 L-6,12 L18,-14",
      lost: "M-15,-15 L15,15 M15,-15 L-15,15",
    };
    const filled = outcome === "ambassador";
    box.append(svg("path", {
      d: paths[outcome], fill: filled ? "currentColor" : "none", stroke: "currentColor",
      "stroke-width": filled ? 2 : 7, "stroke-linecap": "round", "stroke-linejoin": "round",
    }));
    return box;
  }
  function show(message) {
    toast.textContent = message;
    toast.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => { toast.hidden = true; }, 4000);
  }
  function send(msg) {
    if (ws && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(msg));
  }

  // -- connection: a phone that sleeps, reloads or loses the network comes back as itself
  function connect() {
    if (stopped) return;
    const scheme = location.protocol === "https:" ? "wss://" : "ws://";
    ws = new WebSocket(scheme + location.host + "/ws");
    ws.onopen = () => {
      retry = 0;
      const hello = { type: "hello", room: code, lang: document.documentElement.lang };
      if (saved.token) hello.token = saved.token;
      ws.send(JSON.stringify(hello));
    };
    ws.onmessage = (event) => {
      let msg;
      try { msg = JSON.parse(event.data); } catch (e) { return; }
      if (msg.type === "welcome") {
        saved.token = msg.token; save();
      } else if (msg.type === "state") {
        state = msg; render();
      } else if (msg.type === "error") {
        const reason = S["phone.error." + msg.code] || S["why." + msg.code] || msg.code;
        show(t("phone.error", { reason: reason }));
        if (msg.code === "wrong_room" || msg.code === "replaced") stopped = true;
      }
    };
    ws.onclose = (event) => {
      if (event.code === 4000 || event.code === 1008) stopped = true;
      if (event.code === 1001) {  // the facilitator closed the room
        stopped = true;
        document.body.dataset.phase = "gone";
        show(t("phone.closed"));
      }
      if (stopped) return;
      document.body.dataset.phase = "connecting";
      show(t("phone.lost"));
      retry = Math.min(retry + 1, 5);
      setTimeout(connect, 400 * retry);
    };
  }
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible" && (!ws || ws.readyState > WebSocket.OPEN)) { retry = 0; connect(); }
  });

  // -- what the game says, drawn
  function keepInputs() {
    const kept = {};
    for (const id of ["name", "new-team"]) {
      const input = document.getElementById(id);
      if (input) kept[id] = { value: input.value, focused: document.activeElement === input };
    }
    return kept;
  }
  function restoreInputs(kept) {
    for (const [id, k] of Object.entries(kept)) {
      const input = document.getElementById(id);
      if (!input) continue;
      input.value = k.value;
      if (k.focused) input.focus();
    }
  }
  function teamOf(index) { return state.teams.find((x) => x.index === index); }
  function nameValue() {
    const input = document.getElementById("name");
    const name = (input ? input.value : saved.name || "").trim();
    if (name) { saved.name = name; save(); }
    return name;
  }

  function render() {
    const kept = keepInputs();
    const s = state;
    document.body.dataset.phase = s.phase;
    document.body.dataset.paused = s.paused ? "yes" : "no";
    document.body.dataset.case = s.case ? String(s.case.n) : "";
    app.replaceChildren();
    const me = s.you;
    if (me.team === null || me.team === undefined) renderJoin(s);
    else {
      const team = teamOf(me.team);
      app.append(el("div", { class: "panel team" }, badge(team), el("span", { class: "name" }, t("phone.you", { name: me.name, team: team.name }))));
      if (s.phase === "lobby") renderLobby(s);
      else if (!s.team) app.append(el("p", { class: "big" }, t("phone.sits_out")));
      else if (s.phase === "open" || s.phase === "closed") renderCase(s);
      else if (s.phase === "revealed") renderOutcome(s);
      else if (s.phase === "finished") renderFinal(s);
    }
    const old = document.getElementById("paused");
    if (old) old.remove();
    if (s.paused) document.body.append(el("div", { id: "paused" }, t("phone.paused")));
    restoreInputs(kept);
    tick();
  }

  function teamButtons(s, current) {
    return s.teams.filter((x) => x.plays).map((x) => el("button", {
      class: "team" + (x.index === current ? " on" : ""), "data-team": String(x.index),
      onclick: () => { const name = nameValue(); if (!name) { show(t("phone.error", { reason: S["phone.error.bad_name"] })); return; } send({ type: "join", name: name, team: x.index }); },
    }, badge(x), el("span", { class: "name" }, x.name), el("span", { class: "muted" }, t("phone.phones", { n: x.phones }))));
  }

  function renderJoin(s) {
    app.append(el("h1", {}, s.level));
    app.append(el("label", { htmlFor: "name" }, t("phone.your_name")));
    app.append(el("input", { type: "text", id: "name", maxLength: 24, autocomplete: "nickname", value: saved.name || "" }));
    if (s.teams.some((x) => x.plays)) {
      app.append(el("h2", {}, t("phone.pick_team")));
      for (const b of teamButtons(s, null)) app.append(b);
    }
    if (s.new_teams) {
      app.append(el("label", { htmlFor: "new-team" }, t("phone.new_team")));
      app.append(el("input", { type: "text", id: "new-team", maxLength: 40, placeholder: t("phone.new_team_name") }));
      app.append(el("button", {
        class: "primary", id: "create",
        onclick: () => {
          const name = nameValue(), team = (document.getElementById("new-team").value || "").trim();
          if (!name || !team) { show(t("phone.error", { reason: S["phone.error.bad_name"] })); return; }
          send({ type: "join", name: name, new_team: team });
        },
      }, t("phone.create")));
    }
  }

  function renderLobby(s) {
    app.append(el("p", { class: "big" }, t("phone.waiting_start")));
    for (const b of teamButtons(s, s.you.team)) app.append(b);
  }

  function renderCase(s) {
    const c = s.case, team = s.team;
    if (!c) return;
    app.append(el("div", { class: "bars" },
      el("span", {}, t("phone.customer", { n: c.n + 1, total: c.total })),
      el("span", { id: "timer", class: "timer" })));
    app.append(el("div", { class: "bars" },
      el("span", {}, t("phone.minutes", { left: team.minutes_left, total: team.minutes_total })),
      el("span", {}, t("phone.money", { left: team.money_left, total: team.money_total }))));
    app.append(el("div", { class: "panel" },
      el("h2", {}, c.customer + " · " + (S["mood." + c.mood] || c.mood)),
      el("p", {}, c.situation)));
    const open = s.phase === "open" && !team.decided && !s.paused;
    const act = (msg) => send(Object.assign({ case: c.n, team: s.you.team }, msg));
    if (c.ask) {
      if (c.ask.asked) app.append(el("div", { class: "panel", id: "answer" }, t("phone.answer", { answer: c.ask.answer })));
      else app.append(el("button", { id: "ask", disabled: !open || !!c.ask.why, onclick: () => act({ type: "ask" }) },
        t("phone.ask", { question: c.ask.question, minutes: c.ask.minutes })));
    }
    app.append(el("button", {
      id: "apology", class: c.apology.on ? "on" : "", disabled: !open, "data-on": c.apology.on ? "yes" : "no",
      onclick: () => act({ type: "apology", on: !c.apology.on }),
    }, t(c.apology.on ? "phone.apology_on" : "phone.apology_off", { minutes: c.apology.minutes })));
    app.append(el("p", { class: "muted", id: "votes" }, t("phone.votes", { voted: team.voted, phones: team.phones })));
    for (const ch of c.choices) {
      const mine = s.you.vote === ch.choice;
      const n = team.tally[ch.choice] || 0;
      app.append(el("button", {
        class: "choice" + (mine ? " mine" : ""), "data-choice": ch.choice, disabled: !open || !!ch.why,
        "aria-pressed": mine ? "true" : "false", onclick: () => act({ type: "vote", choice: ch.choice }),
      },
      el("span", { class: "head" }, el("span", {}, t("response." + ch.choice)),
        el("span", { class: "mark" }, (mine ? "✔ " + t("phone.your_vote") + " · " : "") + t("phone.tally", { n: n }))),
      el("span", { class: "label" }, ch.label),
      el("span", { class: "text" }, ch.text),
      el("span", { class: "cost" }, t("phone.cost", { minutes: ch.minutes, money: ch.money })),
      ch.why ? el("span", { class: "why" }, S["why." + ch.why] || ch.why) : null));
    }
    if (team.decided) {
      app.append(el("p", { class: "big", id: "decided" }, t("phone.decided", { choice: t("response." + team.decision) })));
      app.append(el("p", { class: "muted" }, t("phone.wait_reveal")));
    }
    deadline = s.seconds_left === null || s.seconds_left === undefined ? 0 : Date.now() + s.seconds_left * 1000;
  }

  function renderOutcome(s) {
    const o = s.outcome;
    if (!o) return;
    app.append(el("h2", {}, o.customer));
    app.append(el("div", { class: "outcome " + o.outcome, id: "outcome", "data-outcome": o.outcome }, icon(o.outcome), t("outcome." + o.outcome)));
    app.append(el("p", {}, o.timed_out ? t("phone.timed_out") : t("response." + o.choice) + ": " + o.label));
    if (o.reaction) app.append(el("p", { class: "panel" }, o.reaction));
    app.append(el("p", { class: "big" }, t("phone.score", { score: (o.score > 0 ? "+" : "") + o.score })));
    app.append(el("p", { class: "muted" }, t("phone.total", { score: (s.team.score > 0 ? "+" : "") + s.team.score })));
    app.append(el("p", { class: "muted" }, t("phone.next")));
  }

  function renderFinal(s) {
    const f = s.final;
    if (s.outcome) renderOutcome(s);
    if (!f) return;
    app.replaceChildren(app.firstChild);
    app.append(el("h1", { id: "final" }, t("phone.final", { place: f.place, teams: f.teams })));
    app.append(el("p", { class: "big" }, t("phone.final_score", { score: (f.score > 0 ? "+" : "") + f.score })));
    if (f.lessons.length) {
      app.append(el("h2", {}, t("phone.lessons")));
      app.append(el("ul", {}, ...f.lessons.map((x) => el("li", {}, x))));
    }
    app.append(el("p", { class: "big" }, t("phone.thanks")));
  }

  function tick() {
    clearTimeout(countdown);
    const timer = document.getElementById("timer");
    if (!timer) return;
    if (!deadline || !state || state.phase !== "open" || state.paused) { timer.textContent = ""; return; }
    timer.textContent = t("phone.seconds", { seconds: Math.max(0, Math.ceil((deadline - Date.now()) / 1000)) });
    countdown = setTimeout(tick, 250);
  }

  connect();
})();
