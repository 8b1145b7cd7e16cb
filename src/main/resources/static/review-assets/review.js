/*
 * HQ's review queue: the plans (or summaries) waiting for review, oldest first, a page at a time
 * (/api/campaigns/{code}/reviews); one of them in full beside the list, its changes against the
 * unit's earlier version marked; approve or return with a comment, or approve the selected ones.
 * Every decision is the review task's own completion on the server (the same rules, mails and
 * counters as in Tasklist). Everything from the server is put into the page as text.
 */
import { h, clear, formatDateTime } from '/unit-assets/dom.js';
import { renderAnswers } from '/unit-assets/answers.js';

const $ = (id) => document.getElementById(id);
const PAGE = 50;
const params = new URLSearchParams(window.location.search);
const state = { campaign: null, phase: params.get('phase') === 'SUMMARY' ? 'SUMMARY' : 'PLAN', offset: 0, page: null, open: null, selected: new Set() };

// the application's API with the session's CSRF token; a refusal is an Error with the server's
// Chinese message, problems and status (hq-assets/hq.js, loaded before this module)
const api = window.Hq.api;

function say(text, bad) {
  const result = $('result');
  result.hidden = false;
  result.className = 'result' + (bad ? ' bad' : '');
  result.textContent = text;
}

function waitedDays(iso) {
  const now = state.page && state.page.now ? new Date(state.page.now).getTime() : Date.now();
  const days = Math.floor((now - new Date(iso).getTime()) / 86400000);
  return days < 1 ? '今天提交' : '已等待 ' + days + ' 天';
}

async function loadCampaigns() {
  const campaigns = await api('/campaigns');
  const select = $('campaign');
  clear(select);
  campaigns.forEach((c) => select.appendChild(h('option', { value: c.code }, c.code + ' · ' + c.title)));
  if (!campaigns.length) {
    $('summary').textContent = '还没有活动。';
    return;
  }
  const wanted = params.get('campaign');
  if (wanted && campaigns.some((c) => c.code === wanted)) select.value = wanted;
  select.onchange = () => { state.offset = 0; state.selected.clear(); remember(); loadPage(); };
  await loadPage();
}

function remember() {
  history.replaceState(null, '', '?campaign=' + encodeURIComponent($('campaign').value) + '&phase=' + state.phase);
  $('boardLink').href = '/board?campaign=' + encodeURIComponent($('campaign').value);
}

async function loadPage() {
  state.campaign = $('campaign').value;
  document.querySelectorAll('#phaseTabs button').forEach((b) => {
    b.classList.toggle('active', b.dataset.phase === state.phase);
    b.setAttribute('aria-selected', String(b.dataset.phase === state.phase));
  });
  remember();
  const page = await api('/campaigns/' + encodeURIComponent(state.campaign) + '/reviews?phase=' + state.phase
    + '&offset=' + state.offset + '&limit=' + PAGE);
  state.page = page;
  $('summary').textContent = page.total
    ? '待审核' + page.phaseLabel + ' ' + page.total + ' 项' + (page.overdue ? '，其中审核逾期 ' + page.overdue + ' 项' : '')
    : '没有待审核的' + page.phaseLabel + '。';
  const list = clear($('items'));
  page.items.forEach((item) => {
    const box = h('input', {
      type: 'checkbox', 'aria-label': '选择 ' + item.unitName, checked: state.selected.has(item.taskId),
      onclick: (e) => e.stopPropagation(),
      onchange: (e) => { if (e.target.checked) state.selected.add(item.taskId); else state.selected.delete(item.taskId); drawSelection(); }
    });
    const li = h('li', { dataset: { task: item.taskId }, class: state.open === item.taskId ? 'active' : null, tabindex: '0',
      onclick: () => openReview(item.taskId), onkeydown: (e) => { if (e.key === 'Enter') openReview(item.taskId); } },
      box,
      h('div', { class: 'who' },
        h('b', null, item.unitName),
        h('div', { class: 'meta' }, item.categoryLabel + ' · ' + formatDateTime(item.waitingSince) + ' 提交 · ' + waitedDays(item.waitingSince),
          item.seq > 1 ? h('span', { class: 'badge again' }, '第 ' + item.seq + ' 次提交') : null,
          item.overdue ? h('span', { class: 'badge late' }, '审核逾期') : null,
          item.assignee ? h('span', { class: 'badge claimed' }, '已由 ' + item.assignee + ' 认领') : null,
          item.files ? ' · 附件 ' + item.files : '')));
    list.appendChild(li);
  });
  if (!page.items.length) list.appendChild(h('li', { class: 'muted' }, '队列已清空。'));
  const last = Math.min(page.offset + page.items.length, page.total);
  $('pageInfo').textContent = page.total ? (page.offset + 1) + '–' + last + ' / ' + page.total : '';
  $('prev').disabled = page.offset === 0;
  $('next').disabled = last >= page.total;
  $('selectAll').checked = page.items.length > 0 && page.items.every((i) => state.selected.has(i.taskId));
  drawSelection();
}

function drawSelection() {
  const n = state.selected.size;
  $('approveSelected').textContent = '通过所选（' + n + '）';
  $('approveSelected').disabled = n === 0;
}

async function openReview(taskId) {
  state.open = taskId;
  document.querySelectorAll('#items li').forEach((li) => li.classList.toggle('active', li.dataset.task === taskId));
  const detail = clear($('detail'));
  detail.appendChild(h('p', { class: 'muted' }, '正在读取…'));
  let r;
  try {
    r = await api('/campaigns/' + encodeURIComponent(state.campaign) + '/reviews/' + encodeURIComponent(taskId));
  } catch (e) {
    clear(detail).appendChild(h('p', { class: 'error' }, e.message));
    return;
  }
  clear(detail);
  const u = r.unit;
  const current = r.current;
  const previous = r.previous;
  detail.appendChild(h('h2', null, u.name));
  detail.appendChild(h('p', { class: 'facts' },
    u.categoryLabel + ' · 单位代码 ' + u.code,
    u.contactName ? ' · 联系人 ' + u.contactName : '',
    u.contactPhone ? [' ', h('a', { href: 'tel:' + u.contactPhone.replace(/[^0-9+]/g, '') }, u.contactPhone)] : '',
    h('br'),
    r.phaseLabel + '第 ' + current.seq + ' 次提交：' + formatDateTime(current.submittedAt) + '（回执编号 ' + current.reference + '）',
    h('br'),
    '审核期限 ' + formatDateTime(r.dueAt), r.overdue ? h('span', { class: 'badge late' }, '审核逾期') : null,
    r.assignee ? h('span', { class: 'badge claimed' }, '已由 ' + r.assignee + ' 认领') : null,
    ' · ', h('a', { href: '/timeline?campaign=' + encodeURIComponent(state.campaign) + '&unit=' + encodeURIComponent(u.code), target: '_blank' }, '办理时间线')));
  let compare = Boolean(previous);
  const answers = h('div');
  const drawAnswers = () => {
    clear(answers).appendChild(renderAnswers(r.schema, current.data, compare && previous ? previous.data : null));
  };
  if (previous) {
    detail.appendChild(h('div', { class: 'earlier' },
      h('b', null, '这是重新提交的版本。'),
      ' 第 ' + previous.seq + ' 次提交（' + formatDateTime(previous.submittedAt) + '）于 ' + formatDateTime(previous.reviewedAt)
        + (previous.reviewedBy ? ' 由 ' + previous.reviewedBy : '') + ' ' + previous.statusLabel + '，意见：',
      h('q', null, previous.reviewComment || '（无）'),
      h('br'),
      h('label', null, h('input', { type: 'checkbox', checked: true, onchange: (e) => { compare = e.target.checked; drawAnswers(); } }),
        ' 标出与第 ' + previous.seq + ' 次提交相比的修改')));
  }
  drawAnswers();
  detail.appendChild(answers);
  if (current.files && current.files.length) {
    detail.appendChild(h('h3', null, '附件（' + current.files.length + '）'));
    detail.appendChild(h('ul', { class: 'files' }, current.files.map((f) => h('li', null,
      h('a', { href: f.url, target: '_blank' }, f.thumbUrl ? h('img', { src: f.thumbUrl, alt: f.name, loading: 'lazy' }) : null, f.name),
      h('div', { class: 'muted' }, f.kindLabel + '，' + f.sizeLabel + (f.capturedAt ? '，拍摄于 ' + f.capturedAt : '')),
      f.outsideWindow ? h('div', { class: 'error' }, '拍摄日期不在活动期间') : null))));
  }
  detail.appendChild(decisionForm(r));
}

function decisionForm(r) {
  const error = h('p', { class: 'error', role: 'alert' });
  const comment = h('textarea', { id: 'comment', maxlength: '1000', 'aria-describedby': 'commentHelp' });
  const approve = h('input', { type: 'radio', name: 'decision', value: 'APPROVE', id: 'decisionApprove' });
  const ret = h('input', { type: 'radio', name: 'decision', value: 'RETURN', id: 'decisionReturn' });
  const submit = h('button', { class: 'approve', type: 'submit' }, '提交审核结果');
  const form = h('form', { class: 'decision', onsubmit: async (e) => {
    e.preventDefault();
    const decision = approve.checked ? 'APPROVE' : (ret.checked ? 'RETURN' : null);
    error.textContent = '';
    if (!decision) { error.textContent = '请选择“通过”或“退回修改”。'; return; }
    if (decision === 'RETURN' && !comment.value.trim()) { error.textContent = '退回修改时请写明需要修改的内容和要求。'; comment.focus(); return; }
    submit.disabled = true;
    try {
      const done = await api('/campaigns/' + encodeURIComponent(state.campaign) + '/reviews/' + encodeURIComponent(r.taskId), {
        method: 'POST', body: JSON.stringify({ decision: decision, comment: comment.value })
      });
      say(r.unit.name + '：' + done.message);
      state.selected.delete(r.taskId);
      state.open = null;
      clear($('detail')).appendChild(h('p', { class: 'muted' }, '已审核“' + r.unit.name + '”。请从左侧选择下一项。'));
      await loadPage();
    } catch (err) {
      error.textContent = err.message + (err.problems && err.problems.length > 1 ? '：' + err.problems.join('；') : '');
      submit.disabled = false;
      if (err.status === 409) await loadPage();
    }
  } },
  h('fieldset', null, h('legend', null, h('b', null, '审核结论')),
    h('label', null, approve, ' 通过'), '　', h('label', null, ret, ' 退回修改')),
  h('label', { for: 'comment' }, '审核意见'),
  comment,
  h('p', { id: 'commentHelp', class: 'muted' }, '不超过 1000 字。退回修改时必须写明需要修改的内容和要求；通过时可不填。单位将在结果通知邮件和单位报送页面看到意见。'),
  error,
  submit);
  return form;
}

async function approveSelected() {
  const ids = Array.from(state.selected);
  if (!ids.length) return;
  if (!window.confirm('通过所选的 ' + ids.length + ' 项' + (state.page ? state.page.phaseLabel : '') + '？各单位将收到审核通过的通知邮件。')) return;
  $('approveSelected').disabled = true;
  say('正在审核 ' + ids.length + ' 项…');
  try {
    const r = await api('/campaigns/' + encodeURIComponent(state.campaign) + '/reviews/approve', {
      method: 'POST', body: JSON.stringify({ taskIds: ids })
    });
    const names = {};
    (state.page ? state.page.items : []).forEach((i) => { names[i.taskId] = i.unitName; });
    const lines = [r.message];
    r.outcomes.filter((o) => !o.done).forEach((o) => lines.push('· ' + (names[o.taskId] || o.taskId) + '：' + o.message));
    say(lines.join('\n'), r.notApproved > 0);
    state.selected.clear();
    if (state.open && ids.includes(state.open)) {
      state.open = null;
      clear($('detail')).appendChild(h('p', { class: 'muted' }, '请从左侧选择下一项。'));
    }
  } catch (e) {
    say('未通过：' + e.message, true);
  }
  await loadPage();
}

document.querySelectorAll('#phaseTabs button').forEach((b) => {
  b.onclick = () => { state.phase = b.dataset.phase; state.offset = 0; state.selected.clear(); state.open = null; loadPage(); };
});
$('prev').onclick = () => { state.offset = Math.max(0, state.offset - PAGE); loadPage(); };
$('next').onclick = () => { state.offset += PAGE; loadPage(); };
$('selectAll').onchange = (e) => {
  (state.page ? state.page.items : []).forEach((i) => { if (e.target.checked) state.selected.add(i.taskId); else state.selected.delete(i.taskId); });
  loadPage();
};
$('approveSelected').onclick = approveSelected;
loadCampaigns().catch((e) => say(e.message, true));
