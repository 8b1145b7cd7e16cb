/* What HQ's pages (the directory, 发起活动) share: escaping server text, calling the application's
 * API with the session's CSRF token (a refusal becomes an Error with the server's Chinese message
 * and problems), showing messages. Loaded before the page's own script as window.Hq. */
(function () {
  'use strict';

  function esc(s) {
    return String(s == null ? '' : s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
  }
  /** What to show of a refused request: its problems, or its message when it has none. */
  function problemsOf(e) {
    return e.problems && e.problems.length ? e.problems : [e.message];
  }
  function csrf() {
    const meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.content : '';
  }

  /** Calls the API; a refusal becomes an Error with the server's message and problems. */
  async function api(path, options) {
    const init = Object.assign({ credentials: 'same-origin' }, options || {});
    init.headers = Object.assign({ 'X-XSRF-TOKEN': csrf() }, init.headers || {});
    if (typeof init.body === 'string') init.headers['Content-Type'] = 'application/json';
    const response = await fetch('/api' + path, init);
    if (response.status === 401) {
      window.location.href = '/camunda/app/welcome/default/';
      throw new Error('登录已过期，请重新登录');
    }
    let body = null;
    if (response.status !== 204) {
      try { body = await response.json(); } catch (e) { body = null; }
    }
    if (!response.ok) {
      const error = new Error((body && body.message) || ('请求失败（HTTP ' + response.status + '）'));
      error.problems = (body && Array.isArray(body.problems)) ? body.problems : [];
      error.status = response.status;
      throw error;
    }
    return body;
  }

  function show(el, lines, kind) {
    el.hidden = false;
    el.classList.toggle('error', kind === 'error');
    el.textContent = Array.isArray(lines) ? lines.join('\n') : lines;
  }

  window.Hq = { esc, problemsOf, csrf, api, show };
})();
