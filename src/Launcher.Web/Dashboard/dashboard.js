// The live dashboard: one EventSource on /events (a snapshot per second), drawn with plain DOM, SVG and canvas;
// namespaces and pipes from GET /discovery and GET /connectivity every few seconds.
// Everything shown comes from the node; it is inserted as text, never as HTML.
(function () {
  'use strict';
  const HISTORY = 120;        // samples kept for the charts (2 minutes at one event per second)
  const MAX_NODES = 300;      // graph nodes drawn at most; a big network would not be readable anyway
  const SVG_NS = 'http://www.w3.org/2000/svg';
  const rates = [];           // {in, out} per event
  const counterHistory = new Map(); // counter name -> totals per event
  const positions = new Map();      // graph node id -> {x, y, vx, vy}

  const $ = (id) => document.getElementById(id);
  const short = (hex) => (hex || '').slice(0, 8);
  const number = (value) => (Math.round(value * 10) / 10).toLocaleString('en');

  function cell(row, text) {
    const td = document.createElement('td');
    td.textContent = String(text);
    row.appendChild(td);
    return td;
  }

  function fillTable(id, rows) {
    const body = $(id).querySelector('tbody');
    body.replaceChildren();
    for (const values of rows) {
      const row = document.createElement('tr');
      for (const value of values) {
        if (value instanceof Node) {
          row.appendChild(document.createElement('td')).appendChild(value);
        } else {
          cell(row, value);
        }
      }
      body.appendChild(row);
    }
  }

  function sparkline(values) {
    const svg = document.createElementNS(SVG_NS, 'svg');
    svg.setAttribute('width', '140');
    svg.setAttribute('height', '22');
    const max = Math.max(1, ...values);
    const min = Math.min(...values);
    const points = values.map((v, i) => `${(i / Math.max(1, values.length - 1)) * 138 + 1},${21 - ((v - min) / Math.max(1, max - min)) * 20}`);
    const line = document.createElementNS(SVG_NS, 'polyline');
    line.setAttribute('class', 'spark');
    line.setAttribute('points', points.join(' '));
    svg.appendChild(line);
    return svg;
  }

  function drawRates() {
    const canvas = $('rates');
    const ctx = canvas.getContext('2d');
    const w = canvas.width, h = canvas.height, pad = 28;
    ctx.clearRect(0, 0, w, h);
    const max = Math.max(1, ...rates.map((r) => Math.max(r.in, r.out)));
    ctx.strokeStyle = '#d8dde5';
    ctx.fillStyle = '#6b7280';
    ctx.font = '11px sans-serif';
    for (let i = 0; i <= 4; i++) {
      const y = pad / 2 + ((h - pad) * i) / 4;
      ctx.beginPath(); ctx.moveTo(pad, y); ctx.lineTo(w - 4, y); ctx.stroke();
      ctx.fillText(number(max * (1 - i / 4)), 2, y + 4);
    }
    for (const [key, color] of [['in', '#16a34a'], ['out', '#9333ea']]) {
      ctx.strokeStyle = color;
      ctx.lineWidth = 2;
      ctx.beginPath();
      rates.forEach((r, i) => {
        const x = pad + ((w - pad - 4) * i) / (HISTORY - 1);
        const y = pad / 2 + (h - pad) * (1 - r[key] / max);
        if (i === 0) ctx.moveTo(x, y); else ctx.lineTo(x, y);
      });
      ctx.stroke();
    }
  }

  function drawGraph(overlays) {
    const svg = $('graph');
    const nodes = new Map();
    const edges = [];
    for (const o of overlays) {
      nodes.set(o.my_mid, { id: o.my_mid, local: true, label: `${o.name} #${o.instance}` });
    }
    for (const o of overlays) {
      for (const peer of o.peers) {
        if (nodes.size >= MAX_NODES && !nodes.has(peer)) continue;
        if (!nodes.has(peer)) nodes.set(peer, { id: peer, local: false, label: short(peer) });
        edges.push([o.my_mid, peer]);
      }
    }
    const width = 800, height = 340;
    for (const id of [...positions.keys()]) if (!nodes.has(id)) positions.delete(id);
    for (const n of nodes.values()) {
      if (!positions.has(n.id)) positions.set(n.id, { x: width / 2 + (Math.random() - 0.5) * 200, y: height / 2 + (Math.random() - 0.5) * 200, vx: 0, vy: 0 });
    }
    // A small force layout: nodes repel, edges pull, everything drifts to the middle; positions persist across events.
    const list = [...nodes.values()].map((n) => positions.get(n.id));
    for (let step = 0; step < 80; step++) {
      for (let i = 0; i < list.length; i++) {
        for (let j = i + 1; j < list.length; j++) {
          const a = list[i], b = list[j];
          let dx = a.x - b.x, dy = a.y - b.y;
          const d2 = Math.max(25, dx * dx + dy * dy);
          const f = 1800 / d2;
          const d = Math.sqrt(d2);
          dx /= d; dy /= d;
          a.vx += dx * f; a.vy += dy * f; b.vx -= dx * f; b.vy -= dy * f;
        }
      }
      for (const [from, to] of edges) {
        const a = positions.get(from), b = positions.get(to);
        const dx = b.x - a.x, dy = b.y - a.y;
        const d = Math.max(1, Math.sqrt(dx * dx + dy * dy));
        const f = (d - 110) * 0.02;
        a.vx += (dx / d) * f; a.vy += (dy / d) * f; b.vx -= (dx / d) * f; b.vy -= (dy / d) * f;
      }
      for (const p of list) {
        p.vx += (width / 2 - p.x) * 0.005; p.vy += (height / 2 - p.y) * 0.005;
        p.x = Math.min(width - 20, Math.max(20, p.x + p.vx * 0.5));
        p.y = Math.min(height - 20, Math.max(20, p.y + p.vy * 0.5));
        p.vx *= 0.6; p.vy *= 0.6;
      }
    }
    svg.replaceChildren();
    for (const [from, to] of edges) {
      const a = positions.get(from), b = positions.get(to);
      const line = document.createElementNS(SVG_NS, 'line');
      line.setAttribute('x1', a.x); line.setAttribute('y1', a.y); line.setAttribute('x2', b.x); line.setAttribute('y2', b.y);
      svg.appendChild(line);
    }
    for (const n of nodes.values()) {
      const p = positions.get(n.id);
      const circle = document.createElementNS(SVG_NS, 'circle');
      circle.setAttribute('cx', p.x); circle.setAttribute('cy', p.y); circle.setAttribute('r', n.local ? 9 : 6);
      circle.setAttribute('class', n.local ? 'local' : 'remote');
      const title = document.createElementNS(SVG_NS, 'title');
      title.textContent = n.id;
      circle.appendChild(title);
      svg.appendChild(circle);
      const text = document.createElementNS(SVG_NS, 'text');
      text.setAttribute('x', p.x + 11); text.setAttribute('y', p.y + 4);
      text.textContent = n.label;
      svg.appendChild(text);
    }
  }

  let events = 0;

  function update(snapshot) {
    // Counted on the page so a test (or an operator's script) can tell how many events arrived.
    document.body.dataset.events = String(++events);
    const overlays = snapshot.overlays || [];
    $('overlay-count').textContent = String(overlays.length);
    $('peer-count').textContent = String(overlays.reduce((sum, o) => sum + o.peers.length, 0));
    $('rate-in').textContent = number(snapshot.rates.packets_in);
    $('rate-out').textContent = number(snapshot.rates.packets_out);
    fillTable('overlays', overlays.map((o) => [o.instance, o.name, o.address || '', short(o.my_mid), o.peers.length]));

    rates.push({ in: snapshot.rates.packets_in, out: snapshot.rates.packets_out });
    if (rates.length > HISTORY) rates.shift();
    drawRates();

    const counters = Object.assign({}, ...Object.entries(snapshot.drops || {}).map(([k, v]) => ({ [k]: v })),
      ...Object.entries(snapshot.limiter || {}).map(([k, v]) => ({ ['limiter ' + k]: v })));
    for (const [name, value] of Object.entries(counters)) {
      const history = counterHistory.get(name) || [];
      history.push(value);
      if (history.length > HISTORY) history.shift();
      counterHistory.set(name, history);
    }
    const active = [...counterHistory.entries()].filter(([, h]) => h[h.length - 1] > 0);
    fillTable('drops', active.map(([name, h]) => [name, h[h.length - 1], sparkline(h)]));
    $('drops-empty').hidden = active.length > 0;

    const communities = snapshot.tracker ? Object.entries(snapshot.tracker.communities) : [];
    fillTable('tracker', communities.map(([id, count]) => [id, count]));
    $('tracker-empty').hidden = snapshot.tracker != null;
    drawGraph(overlays);
  }

  function withKey(path) {
    const key = new URLSearchParams(window.location.search).get('apikey');
    return path + (key ? '?apikey=' + encodeURIComponent(key) : '');
  }

  async function refreshReach() {
    try {
      const [discovery, connectivity] = await Promise.all(
        ['/discovery', '/connectivity'].map((path) => fetch(withKey(path)).then((r) => (r.ok ? r.json() : {}))));
      const namespaces = [];
      for (const instance of discovery.instances || []) {
        for (const a of instance.advertised) namespaces.push([instance.instance, a.namespace, 'advertised', a.confirmations + ' confirmed']);
        for (const [ns, peers] of Object.entries(instance.found)) namespaces.push([instance.instance, ns, 'requested', peers.length + ' found']);
      }
      fillTable('discovery', namespaces);
      $('discovery-empty').hidden = namespaces.length > 0;
      const pipes = (connectivity.nodes || []).map((n) => [n.instance, n.nat, n.pipe_server || '–', n.open_pipes]);
      fillTable('pipes', pipes);
      $('pipes-empty').hidden = pipes.length > 0;
    } catch (e) {
      // The node is restarting or gone: the next round tries again, as the event stream reconnects.
    }
  }

  function connect() {
    const source = new EventSource(withKey('/events'));
    const status = $('status');
    source.addEventListener('snapshot', (event) => {
      status.textContent = 'live';
      status.className = 'status live';
      update(JSON.parse(event.data));
    });
    source.onerror = () => { status.textContent = 'reconnecting…'; status.className = 'status'; };
  }

  connect();
  refreshReach();
  setInterval(refreshReach, 5000);
})();
