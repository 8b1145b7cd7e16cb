/*
 * The unit page (/unit/): overview of the unit's campaigns, the forms (form-js), the confirmation
 * after a submission and the printable submission. Hash routes:
 *   #/                      overview
 *   #/task/<taskId>         a task's form
 *   #/done/<reference>      "提交成功" after a submission
 *   #/submission/<reference> the printable submission
 * API: docs/UNIT-PAGE.md. form-js (vendor/form-viewer.umd.js) is loaded when a form is opened;
 * iso-dates.js (loaded first by index.html) makes its dates YYYY-MM-DD. A task whose phase takes
 * attachments gets attachments.js's section between the form and the buttons.
 */
import * as api from './api.js';
import { h, clear, formatDateTime, formatTime, formatDate, formatBytes, countdownElement, linkify, safeUrl } from './dom.js';
import { watchFormJs, localizeFlatpickr } from './form-zh.js';
import { renderAnswers } from './answers.js';
import { createAttachments, renderFileList, fileHref } from './attachments.js';

const app = document.getElementById('app');
const FORM_VIEWER_URL = '/unit-assets/vendor/form-viewer.umd.js';
const STASH_PREFIX = 'stwd-unit-unsaved:';

const state = {
  me: null,
  overview: null,
  dirty: false,
  baseline: null,
  lastResult: null,
  route: 0,
  currentHash: null,
  ignoreHash: false,
  form: null,
  attachments: null
};

/** Unsaved changes in the open form: something was edited and the data differs from the last save. */
function isDirty() {
  if (!state.dirty) {
    return false;
  }
  if (!state.baseline || !state.form) {
    return true;
  }
  try {
    return JSON.stringify(state.form._getSubmitData()) !== state.baseline;
  } catch (e) {
    return true;
  }
}

/** Files of the open form still waiting or being sent. */
function uploadsBusy() {
  return !!(state.attachments && state.attachments.busy());
}

const LEAVE_UPLOADING = '还有文件正在上传，离开会中断上传，确定离开吗？';

function readOnly() {
  return !!(state.me && state.me.readOnly);
}

/* ------------------------------------------------------------------ shell */

function setView(title, nodes, focus, wide) {
  clear(app);
  app.classList.toggle('narrow', !wide);
  for (const node of nodes) {
    if (node) {
      app.appendChild(node);
    }
  }
  document.title = title + ' - 单位报送';
  window.scrollTo(0, 0);
  const target = focus || app.querySelector('h1');
  if (target) {
    if (!target.hasAttribute('tabindex')) {
      target.setAttribute('tabindex', '-1');
    }
    target.focus({ preventScroll: true });
  }
}

function setLoading(text) {
  clear(app);
  app.appendChild(h('p', { class: 'loading', role: 'status' }, text || '正在加载…'));
}

function backLink() {
  return h('a', { class: 'back-link no-print', href: '#/' }, '‹ 返回首页');
}

function goToLogin() {
  location.replace('/unit/login');
}

/** A page-level failure: the message, and a button to try again (or to go back). */
function showFailure(res, retry) {
  if (res.status === 401) {
    goToLogin();
    return;
  }
  const gone = res.status === 404 || res.status === 409;
  setView('出错了', [
    gone ? backLink() : null,
    h('div', { class: 'card' },
      h('h1', null, gone ? '无法打开' : '暂时无法显示'),
      h('div', { class: 'box error', role: 'alert' }, h('p', null, res.body.message)),
      h('div', { class: 'actions' },
        gone ? null : h('button', { class: 'btn primary', type: 'button', onclick: retry }, '重试'),
        h('a', { class: 'btn' + (gone ? ' primary' : ''), href: '#/', onclick: function () { if (location.hash === '#/' || !location.hash) { route(); } } }, '返回首页')))
  ]);
}

function renderBar() {
  const me = state.me;
  document.getElementById('bar-unit').textContent = me.unitName || '';
  document.getElementById('bar-user').textContent = me.viewer === 'HQ' ? '总会：' + (me.name || '') : (me.name || '');
  const logout = document.getElementById('logout');
  // HQ's read-only view runs in HQ's webapp session: no unit sign-out there
  logout.hidden = me.viewer === 'HQ';
  logout.onclick = signOut;
  document.getElementById('readonly-banner').hidden = !me.readOnly;
}

async function signOut() {
  if (uploadsBusy() ? !window.confirm(LEAVE_UPLOADING)
    : isDirty() && !window.confirm('填写的内容尚未保存，确定退出吗？')) {
    return;
  }
  const button = document.getElementById('logout');
  button.disabled = true;
  const res = await api.post('/api/unit/session/logout');
  if (res.status === 0 || res.status >= 500) {
    button.disabled = false;
    window.alert(res.body.message);
    return;
  }
  state.dirty = false;
  location.replace('/unit/login?signedOut=1');
}

/* ------------------------------------------------------------------ routing */

function onHashChange() {
  if (state.ignoreHash) {
    state.ignoreHash = false;
    return;
  }
  if (uploadsBusy() ? !window.confirm(LEAVE_UPLOADING)
    : isDirty() && !window.confirm('填写的内容尚未保存草稿或提交，确定离开吗？')) {
    state.ignoreHash = true;
    location.hash = state.currentHash || '#/';
    return;
  }
  state.dirty = false;
  route();
}

function route() {
  state.currentHash = location.hash;
  state.route++;
  teardownForm();
  const hash = location.hash.replace(/^#/, '');
  let m;
  if ((m = /^\/task\/([^/]+)$/.exec(hash))) {
    return showTask(decodeURIComponent(m[1]));
  }
  if ((m = /^\/done\/([^/]+)$/.exec(hash))) {
    return showDone(decodeURIComponent(m[1]));
  }
  if ((m = /^\/submission\/([^/]+)$/.exec(hash))) {
    return showSubmission(decodeURIComponent(m[1]));
  }
  return showOverview();
}

/* ------------------------------------------------------------------ overview */

async function showOverview() {
  const seq = state.route;
  setLoading();
  const res = await api.get('/api/unit/overview');
  if (seq !== state.route) {
    return;
  }
  if (!res.ok) {
    showFailure(res, route);
    return;
  }
  const overview = state.overview = res.body || {};
  const unit = overview.unit || {};
  const nodes = [
    h('div', { class: 'unit-head' },
      h('h1', null, unit.name || state.me.unitName || '本单位'),
      h('p', { class: 'muted' },
        unit.categoryLabel ? unit.categoryLabel + ' · ' : '',
        overview.today ? '今天是 ' + overview.today : ''))
  ];
  const campaigns = overview.campaigns || [];
  if (!campaigns.length) {
    nodes.push(h('div', { class: 'card' }, h('p', null, '目前没有进行中的活动。有新的活动通知时，总会会通过邮件告知本单位联系人。')));
  }
  campaigns.forEach(function (campaign, i) {
    // an earlier campaign that is over (nothing due, every phase settled) folds away below the current one
    nodes.push(i > 0 && isFinished(campaign) ? renderPastCampaign(campaign) : renderCampaign(campaign));
  });
  setView(unit.name || '本单位', nodes, null, true);
}

function renderCampaign(c) {
  const notice = c.notice || {};
  const window_ = notice.activityWindow;
  return h('section', { class: 'campaign', 'aria-label': c.title },
    h('div', { class: 'card campaign-title' },
      h('h2', null, c.title || ''),
      c.theme ? h('p', { class: 'theme' }, '活动主题：' + c.theme) : null,
      window_ && window_.first ? h('p', { class: 'muted' }, '活动时间：' + window_.first + ' 至 ' + window_.last) : null),
    h('div', { class: 'overview-grid' },
      h('div', { class: 'col' },
        renderDue(c),
        renderPhases(c),
        renderSubmissions(c)),
      h('div', { class: 'col' },
        renderResults(c),
        renderNotice(c),
        renderForwarding(c))));
}

const SETTLED = ['APPROVED', 'DECLINED', 'MISSED'];

function isFinished(c) {
  return !(c.tasks || []).length && (c.phases || []).length > 0
    && (c.phases || []).every(function (p) { return SETTLED.indexOf(p.status) >= 0; });
}

function renderPastCampaign(c) {
  return h('details', { class: 'past-campaign' },
    h('summary', null, h('span', null, c.title || ''), h('span', { class: 'muted' }, '（已结束，点击展开）')),
    renderCampaign(c));
}

function taskButtonLabel(task) {
  if (readOnly()) {
    return '查看表单（只读）';
  }
  if (task.returned) {
    return '修改后重新提交';
  }
  return task.draftSavedAt ? '继续填写' : '填写并提交';
}

function renderDue(c) {
  const tasks = c.tasks || [];
  const card = h('section', { class: 'card due' + (tasks.length ? '' : ' none'), 'aria-labelledby': 'due-' + c.code },
    h('h3', { id: 'due-' + c.code, class: 'card-title' }, tasks.length ? '现在要办' : '现在没有待办事项'));
  if (!tasks.length) {
    card.appendChild(h('p', { class: 'muted' }, '目前没有需要本单位报送的内容。下一阶段开始时，这里会出现待填写的表单。'));
    return card;
  }
  for (const task of tasks) {
    card.appendChild(h('div', { class: 'task' },
      h('h4', { class: 'task-name' }, task.name || ''),
      h('p', { class: 'when' },
        '截止日期 ' + formatDate(task.deadline) + '　',
        task.overdue && !(task.daysLeft < 0) ? h('span', { class: 'countdown late' }, '已逾期') : countdownElement(task.daysLeft)),
      task.returned ? h('div', { class: 'box warn' },
        h('h5', { class: 'box-title' }, '总会退回修改，审核意见：'),
        h('p', { class: 'quote' }, task.reviewComment || '（无具体意见）')) : null,
      task.draftSavedAt ? h('p', { class: 'muted small' }, '草稿已于 ' + formatDateTime(task.draftSavedAt) + ' 保存') : null,
      h('a', { class: 'btn primary', href: '#/task/' + encodeURIComponent(task.id) }, taskButtonLabel(task))));
  }
  return card;
}

function renderPhases(c) {
  const phases = c.phases || [];
  if (!phases.length) {
    return null;
  }
  return h('section', { class: 'card' },
    h('h3', { class: 'card-title' }, '各阶段截止日期'),
    h('ul', { class: 'phases' }, phases.map(function (p) {
      const open = p.status === 'PENDING' || p.status === 'RETURNED';
      return h('li', null,
        h('span', { class: 'phase-name' }, p.label || p.phase),
        h('span', { class: 'chip ' + (p.status || '') }, p.statusLabel || ''),
        h('span', { class: 'phase-dates' },
          p.deadline ? '截止 ' + formatDate(p.deadline) : '',
          p.lastDay && p.lastDay !== p.deadline ? '，逾期最迟可报至 ' + formatDate(p.lastDay) : '',
          open && typeof p.daysLeft === 'number' ? ['　', countdownElement(p.daysLeft)] : null));
    })));
}

function renderSubmissions(c) {
  const submissions = c.submissions || [];
  const card = h('section', { class: 'card' }, h('h3', { class: 'card-title' }, '报送记录'));
  if (!submissions.length) {
    card.appendChild(h('p', { class: 'muted' }, '尚未报送。'));
    return card;
  }
  card.appendChild(h('ul', { class: 'subs' }, submissions.map(function (s) {
    return h('li', null,
      h('div', { class: 'sub-head' },
        h('strong', null, s.phaseLabel || ''),
        h('span', { class: 'chip ' + (s.status || '') }, s.statusLabel || '')),
      h('p', { class: 'small tight-top' }, '报送编号 ', h('span', { class: 'ref' }, s.reference)),
      h('p', { class: 'small muted tight' },
        '提交于 ' + formatDateTime(s.submittedAt) + (s.submittedBy ? ' · ' + s.submittedBy : '')),
      s.digest ? h('p', { class: 'digest' }, s.digest) : null,
      Array.isArray(s.files) && s.files.length ? h('p', { class: 'small muted tight-top sub-files' }, '附件 ' + s.files.length + ' 个') : null,
      s.reviewComment ? h('div', { class: 'box ' + (s.status === 'RETURNED' ? 'warn' : 'info') },
        h('h5', { class: 'box-title' }, '总会意见' + (s.reviewedAt ? '（' + formatDateTime(s.reviewedAt) + '）' : '') + '：'),
        h('p', { class: 'quote' }, s.reviewComment)) : null,
      h('a', { class: 'btn', href: '#/submission/' + encodeURIComponent(s.reference) }, '查看 / 打印'));
  })));
  return card;
}

function renderResults(c) {
  const r = c.results || {};
  const items = [];
  if (r.planApproved) {
    items.push(h('li', { class: 'yes' }, '✓ 活动方案已通过审核'));
  }
  if (r.summaryApproved) {
    items.push(h('li', { class: 'yes' }, '✓ 活动总结已通过审核'));
  }
  if (r.featured) {
    items.push(h('li', { class: 'yes featured' }, '★ 重点宣传：本单位活动列入总会重点宣传'));
  }
  if (r.commended) {
    items.push(h('li', { class: 'yes commended' }, '表扬：本单位获总会表扬'));
  }
  return h('section', { class: 'card' },
    h('h3', { class: 'card-title' }, '审核与表彰结果'),
    items.length ? h('ul', { class: 'results' }, items)
      : h('p', { class: 'muted' }, '暂无结果。总会审核后，结果（通过、重点宣传、表扬）会显示在这里。'));
}

/** HQ's documents of the campaign (the notice, annex templates) as download links. */
function renderNoticeDocuments(c) {
  const docs = (c.documents || []).filter(function (d) { return d && fileHref(d.url); });
  if (!docs.length) {
    return null;
  }
  return h('div', { class: 'notice-docs' },
    h('h4', { class: 'notice-docs-title' }, '通知附件'),
    h('ul', { class: 'doc-list' }, docs.map(function (d) {
      return h('li', { dataset: { id: d.id || '' } },
        h('a', { class: 'att-doc', href: fileHref(d.url) }, d.name || '（未命名文件）'),
        d.size ? h('span', { class: 'doc-size' }, formatBytes(d.size)) : null);
    })));
}

function renderNotice(c) {
  const n = c.notice;
  if (!n) {
    const docs = renderNoticeDocuments(c);
    return docs ? h('section', { class: 'card' }, h('h3', { class: 'card-title' }, '上级通知'), docs) : null;
  }
  const url = n.link ? safeUrl(n.link) : null;
  const text = n.text ? String(n.text) : '';
  const meta = [];
  if (n.docNumbers) {
    meta.push(h('span', null, n.docNumbers));
  }
  if (n.issuers || n.issueDate) {
    meta.push(h('span', null, [n.issuers, n.issueDate].filter(Boolean).join(' · ')));
  }
  return h('section', { class: 'card' },
    h('h3', { class: 'card-title' }, '上级通知'),
    h('h4', { class: 'doc-title' }, n.title || ''),
    meta.length ? h('p', { class: 'doc-meta' }, meta) : null,
    c.theme ? h('p', { class: 'small' }, '主题：' + c.theme) : null,
    text ? h('details', { class: 'fulltext', open: text.length <= 240 },
      h('summary', null, '通知全文'),
      h('div', { class: 'notice-text' }, text)) : null,
    url ? h('p', null, h('a', { href: url, target: '_blank', rel: 'noopener noreferrer', class: 'ext-link' }, '查看通知原文 ↗')) : null,
    renderNoticeDocuments(c));
}

function renderForwarding(c) {
  const f = c.forwarding;
  if (!f) {
    return null;
  }
  return h('section', { class: 'card' },
    h('h3', { class: 'card-title' }, '学会转发通知'),
    h('h4', { class: 'doc-title' }, f.title || ''),
    f.docNumber ? h('p', { class: 'doc-meta' }, f.docNumber) : null,
    f.note ? h('p', { class: 'pre' }, f.note) : null,
    f.hqContact ? h('p', { class: 'contact' }, h('strong', null, '总会联系人：'), linkify(f.hqContact)) : null);
}

/* ------------------------------------------------------------------ form-js */

let formJsLoading = null;

function prepareFormJs() {
  localizeFlatpickr(window.flatpickr);
  if (window.flatpickr && typeof window.flatpickr.setDefaults === 'function') {
    // the same calendar (and YYYY-MM-DD) on phones: no switch to the browser's native date input,
    // which would show the date in the phone's locale format
    window.flatpickr.setDefaults({ disableMobile: true, ariaDateFormat: 'Y-m-d' });
  }
  return window.FormViewer;
}

function loadFormJs() {
  if (window.FormViewer) {
    return Promise.resolve(prepareFormJs());
  }
  if (!formJsLoading) {
    formJsLoading = new Promise(function (resolve, reject) {
      const script = document.createElement('script');
      script.src = FORM_VIEWER_URL;
      script.onload = function () {
        if (window.FormViewer) {
          resolve(prepareFormJs());
        } else {
          formJsLoading = null;
          reject(new Error('form-js missing'));
        }
      };
      script.onerror = function () {
        formJsLoading = null;
        script.remove();
        reject(new Error('form-js not loaded'));
      };
      document.head.appendChild(script);
    });
  }
  return formJsLoading;
}

function teardownForm() {
  if (state.attachments) {
    state.attachments.destroy();
    state.attachments = null;
  }
  if (state.form) {
    try {
      state.form.destroy();
    } catch (e) {
      // already gone
    }
    state.form = null;
  }
}

/** Non-empty error lists in form-js's error map ({fieldId: [..]} or {fieldId: {index: [..]}}). */
function countErrors(errors) {
  if (!errors) {
    return 0;
  }
  if (Array.isArray(errors)) {
    if (errors.length && errors.every(function (e) { return typeof e === 'string'; })) {
      return 1;
    }
    return errors.reduce(function (n, e) { return n + countErrors(e); }, 0);
  }
  if (typeof errors === 'object') {
    return Object.keys(errors).reduce(function (n, k) { return n + countErrors(errors[k]); }, 0);
  }
  return 0;
}

/**
 * The keyed fields of a schema by data path pattern: "activities[].startDate" →
 * {id: "Field_activities_startDate", lists: ["List_activities"], label}.
 */
function fieldIndex(schema) {
  const index = {};
  function walk(components, prefix, lists) {
    for (const c of components || []) {
      if (c.type === 'dynamiclist' && c.isRepeating !== false && c.path) {
        walk(c.components, prefix.concat(String(c.path).split('.'), ['[]']), lists.concat([c.id]));
      } else if (Array.isArray(c.components)) {
        walk(c.components, c.path ? prefix.concat(String(c.path).split('.')) : prefix, lists);
      } else if (c.key) {
        const pattern = prefix.concat(String(c.key).split('.')).join('.').replace(/\.\[\]/g, '[]');
        index[pattern] = { id: c.id, lists: lists, label: c.label || c.dateLabel || c.key };
      }
    }
  }
  walk(schema && schema.components, [], []);
  return index;
}

/** "activities[0].startDate" → {id, indexes: [0], label} or null. */
function resolveProblemPath(index, path) {
  const indexes = [];
  const pattern = String(path || '').replace(/\[(\d+)\]/g, function (_, n) {
    indexes.push(Number(n));
    return '[]';
  });
  const field = index[pattern];
  if (!field || field.lists.length !== indexes.length) {
    return null;
  }
  return { id: field.id, indexes: indexes, label: field.label };
}

function findFieldElement(container, id, indexes) {
  const suffix = '-' + id + indexes.map(function (i) { return '_' + i; }).join('');
  const selector = '[id$="' + suffix + '"], [id$="' + suffix + '-date"], [id$="' + suffix + '-time"]';
  const input = container.querySelector(selector);
  return input ? input.closest('.fjs-form-field') : null;
}

/* ------------------------------------------------------------------ unsaved copies (401) */

function stash(taskId, data) {
  try {
    localStorage.setItem(STASH_PREFIX + taskId, JSON.stringify({ data: data, at: new Date().toISOString() }));
    return true;
  } catch (e) {
    return false;
  }
}

function unstash(taskId) {
  try {
    const raw = localStorage.getItem(STASH_PREFIX + taskId);
    return raw ? JSON.parse(raw) : null;
  } catch (e) {
    return null;
  }
}

function dropStash(taskId) {
  try {
    localStorage.removeItem(STASH_PREFIX + taskId);
  } catch (e) {
    // private mode
  }
}

/* ------------------------------------------------------------------ task form */

function findTaskContext(taskId) {
  const campaigns = (state.overview && state.overview.campaigns) || [];
  for (const c of campaigns) {
    if ((c.tasks || []).some(function (t) { return t.id === taskId; })) {
      return c;
    }
  }
  return null;
}

async function showTask(taskId) {
  const seq = state.route;
  setLoading('正在打开表单…');
  const path = '/api/unit/tasks/' + encodeURIComponent(taskId);
  let res;
  try {
    [res] = await Promise.all([api.get(path + '/form'), loadFormJs()]);
  } catch (e) {
    res = { ok: false, status: 0, body: { message: api.NETWORK_MESSAGE } };
  }
  if (seq !== state.route) {
    return;
  }
  if (!res.ok) {
    showFailure(res, route);
    return;
  }
  const body = res.body || {};
  const task = body.task || {};
  const schema = body.schema;
  const ro = readOnly();

  let initial = Object.assign({}, body.data || {});
  const notes = [];
  if (body.draft && body.draft.data) {
    Object.assign(initial, body.draft.data);
  }
  const local = ro ? null : unstash(taskId);
  if (local && local.data) {
    Object.assign(initial, local.data);
  }

  const campaign = findTaskContext(taskId);
  const campaignTitle = (campaign && campaign.title) || initial.campaignTitle || '';

  // --- page
  const errorBox = h('div', { class: 'box error', role: 'alert', tabindex: '-1', hidden: true });
  const container = h('div', { class: 'form-host' });
  const status = h('span', { class: 'status-text', 'aria-live': 'polite' });
  const saveButton = h('button', { class: 'btn save-draft', type: 'button' }, '保存草稿');
  const submitButton = h('button', { class: 'btn primary submit', type: 'button' }, '提交');
  const confirmButton = h('button', { class: 'btn primary confirm-submit', type: 'button' }, '确认提交');
  const cancelButton = h('button', { class: 'btn', type: 'button' }, '再检查一下');
  const attachmentsNote = h('p', { class: 'att-confirm-note', hidden: true });
  const confirmPanel = h('div', { class: 'confirm-panel', hidden: true },
    h('p', null, h('strong', null, '确认提交？'), ' 提交后由总会审核，审核期间不能再修改。'),
    attachmentsNote,
    h('div', { class: 'actions stack' }, confirmButton, cancelButton));
  const attachments = body.attachments
    ? createAttachments({ taskId: taskId, attachments: body.attachments, readOnly: ro })
    : null;
  state.attachments = attachments;

  if (body.draft && body.draft.data) {
    const discard = h('button', { class: 'btn', type: 'button' }, '放弃草稿');
    const note = h('div', { class: 'box info' },
      h('p', null, '已恢复 ' + formatDateTime(body.draft.savedAt) + ' 保存的草稿。'),
      ro ? null : h('div', { class: 'actions' }, discard));
    discard.addEventListener('click', function () {
      inlineConfirm(discard, '放弃草稿后，表单恢复为原始内容。确定放弃？', '确定放弃', async function () {
        const r = await api.del(path + '/draft');
        if (r.ok || r.status === 404) {
          state.dirty = false;
          dropStash(taskId);
          route();
        } else {
          window.alert(r.body.message);
        }
      });
    });
    notes.push(note);
  }
  if (local && local.data) {
    notes.push(h('div', { class: 'box warn' },
      h('p', null, '已恢复本机暂存的内容（' + formatDateTime(local.at) + '，登录失效前填写），请保存草稿或提交。')));
  }

  const head = h('header', { class: 'card task-head' },
    campaignTitle ? h('p', { class: 'muted tight' }, campaignTitle) : null,
    h('h1', null, task.name || '填写表单'),
    h('p', { class: 'when' },
      task.deadline ? '截止日期 ' + formatDate(task.deadline) + '　' : '',
      task.overdue && !(task.daysLeft < 0) ? h('span', { class: 'countdown late' }, '已逾期') : countdownElement(task.daysLeft)),
    // the forms show the review comment themselves (Text_PlanReviewComment, …{{…ReviewComment}})
    task.returned && JSON.stringify(schema || {}).indexOf('ReviewComment}}') < 0 ? h('div', { class: 'box warn' },
      h('h2', null, '总会退回修改，审核意见：'),
      h('p', { class: 'quote' }, task.reviewComment || '（无具体意见）')) : null,
    ro ? h('div', { class: 'box info' }, h('p', null, '只读查看：不能保存或提交。')) : null);

  const actionBox = h('div', { class: 'box error', role: 'alert', tabindex: '-1', hidden: true });
  const actions = ro ? null : h('div', { class: 'card no-print' },
    actionBox,
    h('div', { class: 'actions stack' }, saveButton, submitButton),
    h('p', { class: 'small after' }, status),
    confirmPanel,
    h('p', { class: 'muted small after' }, '带 * 的为必填项。草稿只保存在总会系统中，提交前总会看不到。'));

  setView(task.name || '填写表单', [backLink(), head, notes.length ? h('div', null, notes) : null, errorBox,
    h('div', { class: 'card form-card' }, container), attachments ? attachments.element : null, actions]);

  // --- form-js
  let form;
  try {
    form = await window.FormViewer.createForm({
      container: container,
      schema: schema,
      data: initial,
      properties: ro ? { readOnly: true } : {}
    });
  } catch (e) {
    if (seq === state.route) {
      showFailure({ status: 500, body: { message: '表单无法显示，请稍后重试或联系总会。' } }, route);
    }
    return;
  }
  if (seq !== state.route) {
    form.destroy();
    return;
  }
  state.form = form;
  state.dirty = !!(local && local.data);
  state.baseline = null;
  if (ro) {
    return;
  }
  const index = fieldIndex(schema);
  function snapshot() {
    try {
      state.baseline = JSON.stringify(form._getSubmitData());
    } catch (e) {
      state.baseline = null;
    }
  }
  if (!state.dirty) {
    setTimeout(snapshot, 0);
  }

  form.on('field.updated', function () {
    state.dirty = true;
    confirmPanel.hidden = true;
    if (status.dataset.kind !== 'busy') {
      status.textContent = '';
      delete status.dataset.kind;
    }
  });

  function formData() {
    return typeof form._getSubmitData === 'function' ? form._getSubmitData() : form.submit().data;
  }

  function setBusy(busy, text) {
    saveButton.disabled = busy;
    submitButton.disabled = busy;
    confirmButton.disabled = busy;
    if (busy) {
      status.dataset.kind = 'busy';
    } else {
      delete status.dataset.kind;
    }
    if (text !== undefined) {
      status.textContent = text;
    }
  }

  function hideError() {
    errorBox.hidden = true;
    clear(errorBox);
    actionBox.hidden = true;
    clear(actionBox);
  }

  /** A failure that is not about the content (network, session, conflict): beside the buttons. */
  function showActionError(message, extra) {
    clear(actionBox);
    actionBox.appendChild(h('p', null, h('strong', null, message)));
    if (extra) {
      actionBox.appendChild(extra);
    }
    actionBox.hidden = false;
    actionBox.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
    actionBox.focus({ preventScroll: true });
  }

  function showError(message, items, extra) {
    clear(errorBox);
    errorBox.appendChild(h('h2', null, message || '提交未成功'));
    if (items && items.length) {
      errorBox.appendChild(h('ul', null, items.map(function (t) { return h('li', null, t); })));
    }
    if (extra) {
      errorBox.appendChild(extra);
    }
    errorBox.hidden = false;
    errorBox.scrollIntoView({ block: 'start', behavior: 'smooth' });
    errorBox.focus({ preventScroll: true });
  }

  function scrollToFirstError() {
    setTimeout(function () {
      const field = container.querySelector('.fjs-has-errors');
      if (!field) {
        return;
      }
      field.scrollIntoView({ block: 'center', behavior: 'smooth' });
      const input = field.querySelector('input:not([type=hidden]), textarea, select, [tabindex="0"]');
      if (input) {
        input.focus({ preventScroll: true });
      }
    }, 60);
  }

  /** The server's field problems under their inputs (form-js's own error display); the rest listed. */
  function placeFieldProblems(fieldProblems) {
    const unplaced = [];
    const placed = [];
    const state_ = typeof form._getState === 'function' ? form._getState() : null;
    const errors = state_ ? JSON.parse(JSON.stringify(state_.errors || {})) : null;
    for (const p of fieldProblems || []) {
      const target = errors ? resolveProblemPath(index, p.path) : null;
      if (!target) {
        unplaced.push(p);
        continue;
      }
      let node = errors;
      const keys = [target.id].concat(target.indexes);
      for (let i = 0; i < keys.length - 1; i++) {
        const child = node[keys[i]];
        const isLeaf = Array.isArray(child) && child.some(function (e) { return typeof e === 'string'; });
        if (!child || typeof child !== 'object' || isLeaf) {
          node[keys[i]] = {};
        }
        node = node[keys[i]];
      }
      const last = keys[keys.length - 1];
      node[last] = (Array.isArray(node[last]) ? node[last] : []).concat([p.message]);
      placed.push({ problem: p, target: target });
    }
    if (placed.length) {
      form._setState({ errors: errors });
    }
    return new Promise(function (resolve) {
      setTimeout(function () {
        for (const entry of placed) {
          if (!findFieldElement(container, entry.target.id, entry.target.indexes)) {
            unplaced.push(entry.problem);
          }
        }
        resolve({ placed: placed.length, unplaced: unplaced });
      }, 30);
    });
  }

  async function handleChangeError(res, retry) {
    if (res.status === 400) {
      const body = res.body || {};
      const problems = Array.isArray(body.problems) ? body.problems.slice() : [];
      const result = await placeFieldProblems(body.fieldProblems);
      for (const p of result.unplaced) {
        if (!problems.some(function (text) { return text.indexOf(p.message) >= 0; })) {
          const target = resolveProblemPath(index, p.path);
          problems.push(target && target.label && p.message.indexOf(target.label) !== 0
            ? target.label + (target.indexes.length ? '（第 ' + (target.indexes[0] + 1) + ' 项）' : '') + '：' + p.message
            : p.message);
        }
      }
      const hint = result.placed ? h('p', null, '相关内容已在表单中标红。') : null;
      showError(body.message || '填写的内容有误，请检查后重试。', problems, hint);
      return;
    }
    if (res.status === 401) {
      const kept = stash(taskId, formData());
      showActionError('登录已失效，请重新登录。',
        h('div', null,
          h('p', null, kept ? '填写的内容已暂存在本机；重新登录后打开此事项会自动恢复。' : '请先复制重要的内容，再重新登录。'),
          h('div', { class: 'actions' }, h('a', { class: 'btn primary', href: '/unit/login' }, '重新登录'))));
      return;
    }
    if (res.status === 403 && retry && !retry.retried) {
      const me = await api.get('/api/unit/me');
      if (me.ok && me.body && me.body.csrfToken) {
        api.setCsrfToken(me.body.csrfToken);
        retry.retried = true;
        return retry();
      }
    }
    if (res.status === 404 || res.status === 409) {
      showActionError(res.body.message,
        h('div', { class: 'actions' }, h('a', {
          class: 'btn primary', href: '#/', onclick: function () { state.dirty = false; }
        }, '返回首页')));
      return;
    }
    showActionError(res.body.message);
  }

  async function saveDraft() {
    hideError();
    confirmPanel.hidden = true;
    setBusy(true, '正在保存…');
    const attempt = async function () {
      const res = await api.put(path + '/draft', formData());
      if (res.ok) {
        state.dirty = false;
        snapshot();
        dropStash(taskId);
        setBusy(false, '已保存 ' + formatTime((res.body && res.body.savedAt) || new Date().toISOString()));
        return;
      }
      setBusy(false, '');
      await handleChangeError(res, attempt);
    };
    await attempt();
  }

  function validate() {
    const result = form.submit();
    const n = countErrors(result.errors);
    if (n) {
      status.textContent = '';
      status.appendChild(h('strong', { class: 'error-text' }, '还有 ' + n + ' 处需要填写或更正（已标红），请修改后再提交。'));
      scrollToFirstError();
      return null;
    }
    return result.data;
  }

  /** Submitting waits for the uploads (the server submits the task's stored files). */
  function uploadsRunning() {
    if (!attachments || !attachments.busy()) {
      return false;
    }
    confirmPanel.hidden = true;
    status.textContent = '';
    status.appendChild(h('strong', { class: 'error-text att-busy' }, '还有文件正在上传，请稍候'));
    return true;
  }

  function askToSubmit() {
    hideError();
    if (uploadsRunning()) {
      return;
    }
    if (!validate()) {
      confirmPanel.hidden = true;
      return;
    }
    status.textContent = '';
    if (attachments) {
      const n = attachments.count();
      const failed = attachments.failed();
      attachmentsNote.textContent = (n ? '本次报送包含 ' + n + ' 个附件。' : '本次报送没有附件。')
        + (failed ? '另有 ' + failed + ' 个文件上传未成功，不会随报送提交。' : '');
      attachmentsNote.hidden = false;
    }
    confirmPanel.hidden = false;
    confirmPanel.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
    confirmButton.focus({ preventScroll: true });
  }

  async function submit() {
    if (uploadsRunning()) {
      return;
    }
    const data = validate();
    if (!data) {
      confirmPanel.hidden = true;
      return;
    }
    setBusy(true, '正在提交…');
    const attempt = async function () {
      const res = await api.post(path + '/submit', data);
      if (res.ok) {
        state.dirty = false;
        dropStash(taskId);
        state.lastResult = Object.assign({ taskName: task.name, campaignTitle: campaignTitle }, res.body || {});
        location.hash = '#/done/' + encodeURIComponent(state.lastResult.reference || '');
        return;
      }
      setBusy(false, '');
      confirmPanel.hidden = true;
      await handleChangeError(res, attempt);
    };
    await attempt();
  }

  saveButton.addEventListener('click', saveDraft);
  submitButton.addEventListener('click', askToSubmit);
  confirmButton.addEventListener('click', submit);
  cancelButton.addEventListener('click', function () {
    confirmPanel.hidden = true;
    submitButton.focus();
  });
}

/** Replaces `button` by an inline question with a confirm and a cancel button. */
function inlineConfirm(button, question, confirmLabel, action) {
  const yes = h('button', { class: 'btn danger primary', type: 'button' }, confirmLabel);
  const no = h('button', { class: 'btn', type: 'button' }, '取消');
  const panel = h('div', { class: 'confirm-inline' }, h('p', null, question), h('div', { class: 'actions' }, yes, no));
  button.hidden = true;
  button.insertAdjacentElement('afterend', panel);
  yes.focus();
  no.addEventListener('click', function () {
    panel.remove();
    button.hidden = false;
    button.focus();
  });
  yes.addEventListener('click', async function () {
    yes.disabled = true;
    no.disabled = true;
    await action();
    if (panel.isConnected) {
      panel.remove();
      button.hidden = false;
    }
  });
}

/* ------------------------------------------------------------------ after a submission */

function showDone(reference) {
  const r = state.lastResult && state.lastResult.reference === reference ? state.lastResult : null;
  if (!r) {
    // reloaded: the submission itself tells the rest
    state.ignoreHash = false;
    location.replace('#/submission/' + encodeURIComponent(reference));
    return;
  }
  // the receipt mail is queued with the submission and sent within a minute
  const mail = r.mailQueued
    ? '将在一分钟内发送到本单位联系人的邮箱'
    : '（无）';
  setView('提交成功', [
    h('div', { class: 'card success', role: 'status' },
      h('div', { class: 'tick', 'aria-hidden': 'true' }, '✓'),
      h('h1', null, '提交成功'),
      h('dl', { class: 'facts' },
        h('dt', null, '报送事项'), h('dd', null, r.phaseLabel || r.taskName || ''),
        r.campaignTitle ? [h('dt', null, '活动'), h('dd', null, r.campaignTitle)] : null,
        h('dt', null, '报送编号'), h('dd', null, h('strong', null, r.reference || '')),
        h('dt', null, '提交时间'), h('dd', null, formatDateTime(r.submittedAt)),
        h('dt', null, '回执邮件'), h('dd', null, mail)),
      h('p', { class: 'muted small' }, '请记下报送编号。总会审核后，结果会显示在首页。'),
      h('div', { class: 'actions stack' },
        h('a', { class: 'btn primary', href: '#/submission/' + encodeURIComponent(r.reference || '') }, '查看 / 打印报送内容'),
        h('a', { class: 'btn', href: '#/' }, '返回首页')))
  ]);
}

/* ------------------------------------------------------------------ printable submission */

function isWeChat() {
  return /MicroMessenger/i.test(navigator.userAgent);
}

async function showSubmission(reference) {
  const seq = state.route;
  setLoading();
  const res = await api.get('/api/unit/submissions/' + encodeURIComponent(reference));
  if (seq !== state.route) {
    return;
  }
  if (!res.ok) {
    showFailure(res, route);
    return;
  }
  const body = res.body || {};
  const s = body.submission || {};
  const unit = body.unit || {};
  const campaign = body.campaign || {};
  const printHint = h('p', { class: 'box info', hidden: true, role: 'status' },
    '微信内无法直接打印：请点右上角“…”，选择“在浏览器打开”后再打印，或截图保存。');
  const printButton = h('button', { class: 'btn primary', type: 'button' }, '打印');
  printButton.addEventListener('click', function () {
    if (isWeChat() || typeof window.print !== 'function') {
      printHint.hidden = false;
      return;
    }
    window.print();
  });
  const title = (s.phaseLabel || '报送') + '报送内容';
  setView(title, [
    backLink(),
    h('article', { class: 'card printable' },
      h('header', { class: 'print-head' },
        campaign.title ? h('p', { class: 'muted tight' }, campaign.title) : null,
        h('h1', null, title)),
      h('dl', { class: 'facts' },
        h('dt', null, '报送单位'), h('dd', null, unit.name || ''),
        campaign.title ? [h('dt', null, '活动'), h('dd', null, campaign.title)] : null,
        h('dt', null, '报送编号'), h('dd', null, h('strong', null, s.reference || reference)),
        h('dt', null, '提交时间'), h('dd', null, formatDateTime(s.submittedAt)),
        s.submittedBy ? [h('dt', null, '提交人'), h('dd', null, s.submittedBy)] : null,
        h('dt', null, '审核状态'), h('dd', null, h('span', { class: 'chip ' + (s.status || '') }, s.statusLabel || '')),
        s.reviewComment ? [h('dt', null, '总会意见'), h('dd', { class: 'pre' }, s.reviewComment
          + (s.reviewedAt ? '（' + formatDateTime(s.reviewedAt) + '）' : ''))] : null),
      h('section', { class: 'answers-group' },
        h('h2', null, '填报内容'),
        renderAnswers(body.schema, body.data)),
      Array.isArray(body.files) && body.files.length ? h('section', { class: 'answers-group submission-files', id: 'submission-files' },
        h('h2', null, '附件（' + body.files.length + ' 个）'),
        renderFileList(body.files, { showUploader: true })) : null),
    h('div', { class: 'actions stack no-print' }, printButton, h('a', { class: 'btn', href: '#/' }, '返回首页')),
    printHint
  ]);
}

/* ------------------------------------------------------------------ start */

async function start() {
  watchFormJs(document.body);
  setLoading();
  const res = await api.get('/api/unit/me');
  if (res.status === 401) {
    goToLogin();
    return;
  }
  if (!res.ok) {
    showFailure(res, start);
    return;
  }
  state.me = res.body || {};
  api.setCsrfToken(state.me.csrfToken);
  renderBar();
  window.addEventListener('hashchange', onHashChange);
  window.addEventListener('beforeunload', function (event) {
    if (isDirty() || uploadsBusy()) {
      event.preventDefault();
      event.returnValue = '';
    }
  });
  route();
}

start();
