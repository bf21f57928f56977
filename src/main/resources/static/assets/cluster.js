'use strict';

/*
 * The cluster as a page sees it, shared by the chat room and the dashboard: GET /cluster of
 * the server the page came from (same origin): every server's base URL (index = node id)
 * and each server's state as that server sees it.
 */
const Cluster = (() => {

  /** GET /cluster of this page's server, or null if it does not answer within timeoutMs. */
  async function fetchView(timeoutMs) {
    try {
      const r = await fetch('/cluster', {cache: 'no-store', signal: AbortSignal.timeout(timeoutMs)});
      return r.ok ? await r.json() : null;
    } catch (e) {
      return null;
    }
  }

  /** GET /cluster of this page's server, asked again until it answers. */
  async function load() {
    for (;;) {
      const view = await fetchView(3000);
      if (view) {
        return view;
      }
      await sleep(1000);
    }
  }

  /**
   * Whether the server at {@code url} serves the chat log within timeoutMs (a cross-origin
   * read, which every server allows).
   */
  async function answers(url, timeoutMs) {
    try {
      const r = await fetch(url + '/chatlog?limit=1', {cache: 'no-store', signal: AbortSignal.timeout(timeoutMs)});
      return r.ok;
    } catch (e) {
      return false;
    }
  }

  function sleep(ms) {
    return new Promise(resolve => setTimeout(resolve, ms));
  }

  return {load, fetchView, answers, sleep};
})();
