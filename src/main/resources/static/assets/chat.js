'use strict';

/*
 * The chat room. It follows the log over Server-Sent Events (GET /chatlog/stream: each
 * event is one entry, its id the entry's seq) and posts with this page's clientId and
 * increasing requestIds. When its server fails it follows another server of the cluster
 * from the next seq it has not shown, and posts there: every server holds a prefix of the
 * same log, and a retry with the same ids is the same message on any server.
 */
(() => {
  /** Entries kept on the page (as many as the server renders into it: ChatRoomPage.SHOWN); older ones are dropped from it. */
  const MAX_SHOWN = 500;
  /** A stream that errs and is not open again within this is given up for another server. */
  const STALL_MS = 3000;
  /** A POST that has no answer within this is retried (same ids), maybe elsewhere. */
  const POST_TIMEOUT_MS = 15000;
  /** How long a server may take to answer GET /chatlog when the page looks for one. */
  const PROBE_TIMEOUT_MS = 1500;

  const $ = id => document.getElementById(id);
  const logView = $('log');
  const pendingView = $('pending');
  const serverView = $('server');

  const state = {
    peers: [location.origin],
    home: null,          // the node id of the server this page came from
    server: null,        // the base URL followed and posted to now
    next: 0,             // the seq of the next entry to show
    stream: null,        // the EventSource
    stallTimer: null,
    failingOver: false,
    sending: false,
  };

  // ---- this page's client session ---------------------------------------------------

  function randomHex(bytes) {
    // getRandomValues, not randomUUID: the page may be served over plain http from another
    // machine, which is not a secure context.
    const b = new Uint8Array(bytes);
    crypto.getRandomValues(b);
    return Array.from(b, x => x.toString(16).padStart(2, '0')).join('');
  }

  /**
   * Who this page is to the servers, and what it has not yet had acknowledged. The
   * clientId is this browser's id, kept in localStorage, plus one of this page load: a
   * retry must be the same (clientId, requestId) pair, and two tabs of one browser must
   * never send the same pair for two messages (the second would be taken for a retry of
   * the first and dropped), which a request counter shared through localStorage cannot
   * promise, since tabs update it without a lock. Each queued message keeps its own pair
   * in sessionStorage, so a reload goes on retrying it with the ids it was first sent with.
   */
  const session = (() => {
    let browser = localStorage.getItem('paxoschat.browserId');
    if (!browser) {
      browser = 'web-' + randomHex(8);
      localStorage.setItem('paxoschat.browserId', browser);
    }
    const clientId = browser + '-' + randomHex(6);
    let lastRequestId = 0;
    const outbox = JSON.parse(sessionStorage.getItem('paxoschat.outbox') || '[]');
    return {
      browser,
      clientId,
      outbox,
      /** Queues a message with this page's next requestId (the first is 1; each is one more). */
      enqueue(sender, text) {
        lastRequestId++;
        outbox.push({clientId, requestId: lastRequestId, sender, text, attempts: 0});
        this.save();
      },
      save() {
        sessionStorage.setItem('paxoschat.outbox', JSON.stringify(outbox));
      },
      /** Whether an entry was sent from this browser (any of its tabs or page loads). */
      mine(entry) {
        return typeof entry.clientId === 'string' && entry.clientId.startsWith(browser + '-');
      },
    };
  })();

  // ---- showing the log --------------------------------------------------------------

  function show(entry) {
    const atBottom = window.innerHeight + window.scrollY >= document.body.scrollHeight - 40;
    const item = document.createElement('li');
    item.dataset.seq = entry.seq;
    if (session.mine(entry)) {
      item.classList.add('mine');
    }
    // textContent only: a message is text, never markup.
    const seq = document.createElement('span');
    seq.className = 'seq';
    seq.textContent = '#' + entry.seq;
    const sender = document.createElement('span');
    sender.className = 'sender';
    sender.textContent = entry.sender;
    const text = document.createElement('span');
    text.className = 'text';
    text.textContent = entry.text;
    item.append(seq, sender, text);
    logView.append(item);
    while (logView.childElementCount > MAX_SHOWN) {
      logView.firstElementChild.remove();
    }
    for (const sent of pendingView.querySelectorAll('li[data-seq]')) {
      if (Number(sent.dataset.seq) <= entry.seq) {
        sent.remove();
      }
    }
    if (atBottom) {
      item.scrollIntoView({block: 'end'});
    }
  }

  function nodeOf(url) {
    const i = state.peers.indexOf(url);
    return i >= 0 ? i : '?';
  }

  function showServer(condition) {
    serverView.dataset.state = condition;
    serverView.dataset.url = state.server || '';
    const on = state.server ? `server ${nodeOf(state.server)} (${state.server})` : 'no server';
    const from = state.home !== null && state.server !== state.peers[state.home]
        ? ` — this page came from server ${state.home}, which is not answering` : '';
    serverView.textContent = `${condition}: ${on}${from}`;
  }

  function notice(text) {
    const view = $('notice');
    view.hidden = !text;
    view.textContent = text || '';
  }

  // ---- following the log ------------------------------------------------------------

  /** Follows {@code url}'s stream from the next entry not shown. */
  function follow(url) {
    if (state.stream) {
      state.stream.close();
    }
    clearTimeout(state.stallTimer);
    state.stallTimer = null;
    state.server = url;
    showServer('connecting');
    // The from parameter counts only for this first request; when the EventSource reconnects
    // by itself it sends Last-Event-ID, which the server prefers.
    const stream = new EventSource(url + '/chatlog/stream?from=' + state.next);
    state.stream = stream;
    stream.onopen = () => {
      clearTimeout(state.stallTimer);
      state.stallTimer = null;
      showServer('live');
    };
    stream.onmessage = event => {
      if (stream !== state.stream) {
        return;
      }
      const entry = JSON.parse(event.data);
      if (entry.seq < state.next) {
        return;
      }
      if (entry.seq > state.next) {
        // Never expected (the server starts where we ask): ask again rather than show a gap.
        follow(url);
        return;
      }
      show(entry);
      state.next = entry.seq + 1;
    };
    stream.onerror = () => {
      if (stream !== state.stream) {
        return;
      }
      showServer('reconnecting');
      if (stream.readyState === EventSource.CLOSED) {
        // Refused (503: too many streams, or an error): no retry of its own.
        failover(url);
      } else if (!state.stallTimer) {
        // The browser retries by itself (with Last-Event-ID); give it a moment.
        state.stallTimer = setTimeout(() => failover(url), STALL_MS);
      }
    };
  }

  /** {@code failed} does not answer: follow and post to the first other server that does. */
  async function failover(failed) {
    if (state.server !== failed || state.failingOver) {
      return;
    }
    state.failingOver = true;
    clearTimeout(state.stallTimer);
    state.stallTimer = null;
    if (state.stream) {
      state.stream.close();
    }
    showServer('looking for another server');
    const start = state.peers.indexOf(failed);
    // The others first, in order after the failed one; the failed one last.
    const order = state.peers.map((_, i) => state.peers[(start + 1 + i) % state.peers.length]);
    try {
      for (;;) {
        for (const url of order) {
          if (await Cluster.answers(url, PROBE_TIMEOUT_MS)) {
            follow(url);
            return;
          }
        }
        await Cluster.sleep(1000);
      }
    } finally {
      state.failingOver = false;
    }
  }

  // ---- posting ----------------------------------------------------------------------

  function showPending() {
    for (const item of pendingView.querySelectorAll('li:not([data-seq])')) {
      item.remove();
    }
    for (const m of session.outbox) {
      const item = document.createElement('li');
      item.textContent = `sending… ${m.sender}: ${m.text}` + (m.attempts > 1 ? ` (attempt ${m.attempts})` : '');
      pendingView.append(item);
    }
  }

  /** Sends the queued messages one at a time, in order, each until a server takes it. */
  async function drain() {
    if (state.sending) {
      return;
    }
    state.sending = true;
    try {
      while (session.outbox.length > 0) {
        const message = session.outbox[0];
        const outcome = await post(message);
        if (outcome.retryAfterMs === undefined) {
          session.outbox.shift();
          session.save();
          showPending();
        } else {
          await Cluster.sleep(outcome.retryAfterMs);
        }
      }
    } finally {
      state.sending = false;
    }
  }

  /** One attempt: {} when the message is settled (taken or refused), {retryAfterMs} to try again. */
  async function post(message) {
    const url = state.server;
    message.attempts++;
    session.save();
    showPending();
    let response;
    try {
      response = await fetch(url + '/messages', {
        method: 'POST',
        headers: {'Content-Type': 'application/json'},
        body: JSON.stringify({sender: message.sender, text: message.text, clientId: message.clientId,
          requestId: message.requestId}),
        signal: AbortSignal.timeout(POST_TIMEOUT_MS),
      });
    } catch (e) {
      // No answer: the server may be down. The same ids again, maybe on another server.
      failover(url);
      return {retryAfterMs: 500};
    }
    if (response.status === 201) {
      const entry = await response.json();
      if (entry.seq >= state.next) {
        const sent = document.createElement('li');
        sent.dataset.seq = entry.seq;
        sent.textContent = `sent as #${entry.seq}: ${message.sender}: ${message.text}`;
        pendingView.prepend(sent);
      }
      notice('');
      return {};
    }
    if (response.status >= 500 || response.status === 202 || response.status === 408 || response.status === 429) {
      // Not decided yet (no quorum, overloaded, recovering): safe to retry with the same ids.
      const seconds = Number(response.headers.get('Retry-After'));
      return {retryAfterMs: Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds, 30) * 1000 : 1000};
    }
    // Any other answer is a refusal that changed nothing: say why and drop the message.
    let detail = 'HTTP ' + response.status;
    try {
      detail = (await response.json()).detail || detail;
    } catch (e) {
      // not a problem body
    }
    notice(`Not sent: "${message.text}": ${detail}`);
    return {};
  }

  function validSender(name) {
    return name.length > 0 && [...name].length <= 64;
  }

  $('compose').addEventListener('submit', event => {
    event.preventDefault();
    const name = $('name').value.trim();
    const text = $('text').value;
    if (!validSender(name)) {
      notice('Your name must be 1 to 64 characters.');
      return;
    }
    // Control characters (line breaks among them) are refused by the server: the log is one line each.
    if (text.length === 0 || /[\u0000-\u001f\u007f-\u009f]/.test(text + name)) {
      notice('A message is one line of text, without control characters.');
      return;
    }
    localStorage.setItem('paxoschat.name', name);
    session.enqueue(name, text);
    $('text').value = '';
    notice('');
    showPending();
    drain();
  });

  // ---- start ------------------------------------------------------------------------

  async function start() {
    $('name').value = localStorage.getItem('paxoschat.name') || 'guest-' + randomHex(2);
    const cluster = await Cluster.load();
    state.peers = cluster.peers;
    state.home = cluster.node;
    if (!state.peers.includes(location.origin)) {
      notice(`This page was opened at ${location.origin}, which is not one of the cluster's URLs `
          + `(${state.peers.join(', ')}): the other servers will not take its messages if this one fails. `
          + 'Open it at one of those URLs.');
    }
    // The server rendered the last entries into the page; go on from the one after them.
    state.next = Number(logView.dataset.next || '0');
    for (const item of logView.querySelectorAll('li[data-client]')) {
      if (session.mine({clientId: item.dataset.client})) {
        item.classList.add('mine');
      }
    }
    follow(location.origin);
    showPending();
    drain();
  }

  start();
})();
