/*
 * One unit's timeline in a campaign (/api/campaigns/{code}/units/{unit}/timeline): every event in
 * order, from the application's records and the engine's history, also after its processes ended.
 * Everything from the server is put into the page as text.
 */
import { h, clear, formatDateTime } from '/unit-assets/dom.js';

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(window.location.search);
const campaign = params.get('campaign') || '';
const unit = params.get('unit') || '';
let data = null;

async function load() {
  if (!campaign || !unit) {
    clear($('head')).appendChild(h('p', { class: 'error' }, '请从活动看板的单位行打开时间线（缺少活动或单位）。'));
    return;
  }
  $('boardLink').href = '/board?campaign=' + encodeURIComponent(campaign);
  let body;
  try {
    body = await window.Hq.api('/campaigns/' + encodeURIComponent(campaign) + '/units/' + encodeURIComponent(unit) + '/timeline');
  } catch (e) {
    clear($('head')).appendChild(h('p', { class: 'error' }, e.message));
    return;
  }
  data = body;
  const u = body.unit;
  document.title = u.name + ' · 办理时间线';
  clear($('head')).append(
    h('h1', null, u.name),
    h('p', { class: 'muted' }, body.campaign.title + ' · ' + u.categoryLabel + ' · 单位代码 ' + u.code),
    h('p', null, '活动方案：' + u.planStatus + (u.summaryStatus ? ' · 活动总结：' + u.summaryStatus : ''),
      u.contactName ? ' · 联系人 ' + u.contactName : '',
      u.contactPhone ? [' ', h('a', { href: 'tel:' + u.contactPhone.replace(/[^0-9+]/g, '') }, u.contactPhone)] : '',
      u.contactEmail ? ' · ' + u.contactEmail : ''));
  draw();
}

function draw() {
  const filter = $('filter').value;
  const list = clear($('events'));
  const shown = data.events.filter((e) => !filter || (filter === 'MAIL' ? e.kind === 'MAIL' : e.kind !== 'MAIL'));
  shown.forEach((e) => list.appendChild(h('li', { class: e.tone, dataset: { kind: e.kind } },
    h('span', { class: 'when' }, formatDateTime(e.time)),
    e.phase ? h('span', { class: 'phase' }, e.phase) : null,
    h('span', { class: 'title' }, e.title),
    e.by ? h('span', { class: 'by' }, '（' + e.by + '）') : null,
    e.detail ? h('div', { class: 'detail' }, e.detail) : null)));
  if (!shown.length) list.appendChild(h('li', { class: 'muted' }, '没有事件。'));
}

$('filter').onchange = draw;
load().catch((e) => clear($('head')).appendChild(h('p', { class: 'error' }, e.message)));
