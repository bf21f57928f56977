'use strict';

/*
 * The cluster dashboard: GET /cluster of the server this page came from, every second, one
 * row a server. That server knows its own state exactly and the others' from their last
 * heartbeat. When it does not answer, the page says so and links the dashboards of the
 * others (a page may only read its own server's /cluster: no cross-origin access to it).
 */
(() => {
  const POLL_MS = 1000;
  const TIMEOUT_MS = 900;
  const body = document.querySelector('#servers tbody');
  const summary = document.getElementById('summary');
  const elsewhere = document.getElementById('elsewhere');

  function cell(row, text, className) {
    const td = document.createElement('td');
    td.textContent = text;
    if (className) {
      td.className = className;
    }
    row.append(td);
  }

  function render(view) {
    const rows = view.servers.map(s => {
      const row = document.createElement('tr');
      row.dataset.node = s.node;
      row.dataset.state = s.up ? 'up' : 'down';
      row.dataset.role = s.role;
      if (s.self) {
        row.classList.add('home');
      }
      cell(row, String(s.node) + (s.self ? ' (this page)' : ''));
      cell(row, s.url, 'url');
      cell(row, s.up ? 'up' : 'down', s.up ? 'up' : 'down');
      cell(row, s.role, 'role');
      cell(row, s.ballot || '');
      cell(row, s.up ? String(s.decided) : '');
      cell(row, s.self ? 'its own view' : 'last heartbeat', 'source');
      return row;
    });
    body.replaceChildren(...rows);
    const q = view.quorum;
    summary.dataset.state = 'live';
    summary.dataset.up = q.reachable;
    summary.dataset.quorum = q.hasQuorum;
    summary.textContent = `As server ${view.node} sees it: ${q.reachable} of ${q.size} servers up, `
        + `${q.voters} of them voting (a majority is ${q.majority}: ${q.hasQuorum ? 'reached' : 'NOT reached'}); `
        + (view.leader >= 0 ? `leader: server ${view.leader}` : 'no leader')
        + `; updated ${new Date().toLocaleTimeString()}`;
    elsewhere.hidden = true;
  }

  function unreachable(view) {
    summary.dataset.state = 'reconnecting';
    summary.textContent = `Server ${view.node} (${view.peers[view.node]}), which this page came from, `
        + 'is not answering; the table shows what it last said.';
    body.querySelectorAll('tr').forEach(row => row.classList.add('stale'));
    const links = view.peers.filter((_, i) => i !== view.node).map(url => {
      const a = document.createElement('a');
      a.href = url + '/cluster.html';
      a.textContent = url;
      return a;
    });
    elsewhere.replaceChildren('The dashboard on another server: ', ...links.flatMap((a, i) => (i ? [', ', a] : [a])));
    elsewhere.hidden = false;
  }

  async function start() {
    let last = await Cluster.load();
    render(last);
    for (;;) {
      const started = Date.now();
      const view = await Cluster.fetchView(TIMEOUT_MS);
      if (view) {
        last = view;
        render(view);
      } else {
        unreachable(last);
      }
      await Cluster.sleep(Math.max(0, POLL_MS - (Date.now() - started)));
    }
  }

  start();
})();
