/*
 * The sign-in pages of the unit page (docs/UNIT-PAGE.md, "Session"):
 *   /unit/signin#t=<token>  the mail link: the token is taken from the fragment, removed from the
 *                           address bar at once, posted to /api/unit/session/link;
 *   /unit/login             username and password → /api/unit/session/password.
 * Both offer "send me a new link" (/api/unit/session/new-link). The session calls need no CSRF
 * token.
 */
import * as api from './api.js';
import { h, clear } from './dom.js';

const page = document.body.dataset.page;

/** Only a path on this site ("/unit/..."), never another origin. */
function safeRedirect(value) {
  const path = typeof value === 'string' ? value : '';
  return path.charAt(0) === '/' && path.charAt(1) !== '/' && path.charAt(1) !== '\\' ? path : '/unit/';
}

function showAnswer(target, kind, message) {
  clear(target);
  target.appendChild(h('div', { class: 'box ' + kind }, h('p', null, message)));
}

function setUpNewLinkForm() {
  const form = document.getElementById('new-link-form');
  if (!form) {
    return;
  }
  const input = document.getElementById('new-link-email');
  const answer = document.getElementById('new-link-answer');
  const button = form.querySelector('button[type=submit]');
  form.addEventListener('submit', async function (event) {
    event.preventDefault();
    const email = input.value.trim();
    if (!email || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
      showAnswer(answer, 'error', '请输入有效的电子邮箱地址。');
      input.setAttribute('aria-invalid', 'true');
      input.focus();
      return;
    }
    input.removeAttribute('aria-invalid');
    button.disabled = true;
    clear(answer);
    answer.appendChild(h('p', { class: 'muted small' }, '正在发送…'));
    const res = await api.post('/api/unit/session/new-link', { email: email });
    button.disabled = false;
    if (res.ok) {
      showAnswer(answer, 'ok', (res.body && res.body.message) || '如果该邮箱是登记的单位联系人邮箱，新的登录链接已发送，请查收邮件。');
    } else {
      showAnswer(answer, 'error', res.body.message);
    }
  });
}

async function signIn() {
  // the token must not stay in the address bar (history, screenshots, shared links)
  const match = /(?:^#|[#&])t=([^&]*)/.exec(location.hash || '');
  let token = null;
  if (match) {
    try {
      token = decodeURIComponent(match[1]);
    } catch (e) {
      token = null;
    }
  }
  history.replaceState(null, '', location.pathname + location.search);

  const progress = document.getElementById('progress');
  const refused = document.getElementById('refused');
  const refusedMessage = document.getElementById('refused-message');
  const newLink = document.getElementById('new-link');

  function refuse(message) {
    progress.hidden = true;
    refusedMessage.textContent = message;
    refused.hidden = false;
    newLink.hidden = false;
    const heading = refused.querySelector('h1');
    if (heading) {
      heading.focus();
    }
  }

  if (!token) {
    refuse('登录链接不完整。请从邮件中完整地打开链接（不要只复制一部分），或在下方获取新的登录链接。');
    return;
  }
  const res = await api.post('/api/unit/session/link', { token: token });
  if (res.ok) {
    location.replace(safeRedirect(res.body && res.body.redirect));
    return;
  }
  refuse(res.body.message);
}

function setUpLogin() {
  if (new URLSearchParams(location.search).has('signedOut')) {
    document.getElementById('signed-out').hidden = false;
  }
  const form = document.getElementById('login-form');
  const username = document.getElementById('username');
  const password = document.getElementById('password');
  const errorBox = document.getElementById('login-error');
  const errorMessage = document.getElementById('login-error-message');
  const button = form.querySelector('button[type=submit]');

  function fail(message, focus) {
    errorMessage.textContent = message;
    errorBox.hidden = false;
    document.getElementById('signed-out').hidden = true;
    (focus || errorBox).focus();
  }

  form.addEventListener('submit', async function (event) {
    event.preventDefault();
    if (!username.value.trim()) {
      fail('请输入账号。', username);
      return;
    }
    if (!password.value) {
      fail('请输入密码。', password);
      return;
    }
    button.disabled = true;
    button.textContent = '正在登录…';
    const res = await api.post('/api/unit/session/password', {
      username: username.value.trim(),
      password: password.value
    });
    if (res.ok) {
      location.replace(safeRedirect(res.body && res.body.redirect));
      return;
    }
    button.disabled = false;
    button.textContent = '登录';
    if (res.status === 401) {
      password.value = '';
    }
    fail(res.body.message);
  });

  // already signed in (e.g. the page was bookmarked): straight on to the unit page
  api.get('/api/unit/me').then(function (res) {
    if (res.ok && res.body && res.body.viewer === 'CONTACT' && !new URLSearchParams(location.search).has('signedOut')) {
      location.replace('/unit/');
    }
  });
}

setUpNewLinkForm();
if (page === 'signin') {
  signIn();
} else if (page === 'login') {
  setUpLogin();
}
