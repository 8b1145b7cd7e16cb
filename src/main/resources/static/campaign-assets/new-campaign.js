/* HQ's 发起活动 page: the start form of a campaign, filled from a previous campaign
 * (/api/campaigns/{code}/next-year) and from the pasted CAST notice (/api/notice-proposals), then
 * started through POST /api/campaigns. Nothing is filled silently: every value a source put into a
 * field is marked (and says where it came from) until HQ edits it; a field HQ has edited is never
 * overwritten, the other value is offered instead. Server text is always inserted escaped (esc) or
 * as textContent. */
(function () {
  'use strict';
  const { esc, problemsOf, api, show } = window.Hq;
  const $ = (id) => document.getElementById(id);

  /** The start form's fields (register-notice.form) and their labels there. */
  const LABELS = {
    campaignCode: '活动编号',
    campaignYear: '活动年度',
    campaignTheme: '活动主题',
    noticeTitle: '通知标题',
    noticeDocNumbers: '通知文号',
    noticeIssuers: '发文单位',
    noticeIssueDate: '印发日期',
    activityWindowStart: '活动开始日期',
    activityWindowEnd: '活动结束日期',
    upwardDeadline: '向科协报送总结截止日期',
    activityCategories: '活动类别',
    noticeText: '通知正文',
    noticeLink: '原文链接'
  };
  const FIELDS = Object.keys(LABELS);
  /** Proposals that belong to the forwarding draft, not to the start form. */
  const FORWARDING_DEADLINES = [['planDeadline', '方案'], ['summaryDeadline', '总结']];
  /** The unit categories' labels, until /api/directory/categories answers. */
  const CATEGORY_LABELS = {
    WORKING_COMMITTEE: '工作委员会', SPECIALTY_COMMITTEE: '专业委员会', BRANCH: '分会',
    LOCAL_SOCIETY: '地方学会', SUPPORTING_UNIT: '支撑单位', GROUP_MEMBER: '团体会员单位'
  };
  const CODE = /^[A-Z][A-Z0-9-]{2,31}$/;
  const URL = /^https?:\/\/\S+$/;
  const MAX_TEXT = 20000;

  /** What a source put into a field: {value, by: 'previous' | 'proposal' | 'paste'}. */
  let filled = {};
  let previous = null; // {code, next}: the campaign referred to and its next-year values
  let proposals = null; // the last answer of /api/notice-proposals
  let previousRequest = 0;
  let busy = false;
  let started = false;




  // ---- the fields and their notes

  function input(field) {
    return $(field === 'noticeText' ? 'f-noticeTextBody' : 'f-' + field);
  }
  function box(field) {
    return document.querySelector('#campaignForm .field[data-field="' + field + '"]');
  }
  function valueText(value) {
    return value == null ? '' : String(value);
  }
  /** Empty, or still exactly what a source put there: a source may replace it. */
  function untouched(field) {
    const v = input(field).value;
    return v === '' || (filled[field] != null && v === filled[field].value);
  }
  function fill(field, value, by) {
    const el = input(field);
    el.value = valueText(value);
    filled[field] = { value: el.value, by: by };
    changed(field);
  }
  function unfill(field, by) {
    if (filled[field] && filled[field].by === by) {
      if (untouched(field)) input(field).value = '';
      delete filled[field];
      changed(field);
    }
  }

  /** The note of kind `cls` under a field (created on demand); null html removes it. */
  function note(field, cls, html) {
    const notes = box(field).querySelector('.notes');
    let el = notes.querySelector(':scope > .' + cls.split(' ')[0]);
    if (html == null) {
      if (el) el.remove();
      return null;
    }
    if (!el) {
      el = document.createElement('div');
      notes.appendChild(el);
    }
    el.className = cls;
    el.dataset.field = field;
    el.innerHTML = html;
    return el;
  }
  /** A note's "采用" button: puts the offered value into the field. */
  function adoptButton(el, field, value, by, redraw) {
    const button = el.querySelector('button.adopt');
    if (button) {
      button.onclick = () => {
        fill(field, value, by);
        redraw();
        input(field).focus();
      };
    }
  }

  /** Redraws a field's marks after its value changed (typed, filled or cleared). */
  function changed(field) {
    const el = input(field);
    const f = box(field);
    const mine = filled[field] && el.value !== '' && el.value === filled[field].value ? filled[field].by : null;
    f.classList.toggle('proposed', mine === 'proposal' || mine === 'paste');
    f.classList.toggle('prefilled', mine === 'previous');
    f.classList.remove('invalid');
    const proposal = f.querySelector('.proposal');
    if (proposal) proposal.classList.toggle('edited', proposal.dataset.value !== el.value);
    const missing = f.querySelector('.missing');
    if (missing) missing.classList.toggle('filled', el.value.trim() !== '');
    if (field === 'campaignCode' || field === 'campaignYear') yearCheck();
    if (field === 'campaignYear') {
      const year = el.value.trim();
      input('campaignCode').placeholder = '例如 STWD-' + (/^\d{4}$/.test(year) ? year : '2024');
    }
    if (field === 'activityCategories') {
      const n = el.value.split('\n').filter((l) => l.trim()).length;
      $('categoryCount').textContent = n ? '；现有 ' + n + ' 类' : '';
      $('categoryCount').classList.toggle('over', n > 20);
    }
    if (field === 'noticeText') {
      const n = el.value.length;
      $('bodyCount').textContent = n ? '（现 ' + n + ' 字）' : '';
      $('bodyCount').classList.toggle('over', n > MAX_TEXT);
    }
  }

  /** The year inside the campaign code should be the campaign's year. */
  function yearCheck() {
    const code = input('campaignCode').value.trim();
    const year = input('campaignYear').value.trim();
    const m = code.match(/(?:^|\D)((?:19|20)\d{2})(?:\D|$)/);
    note('campaignCode', 'year-warn', m && /^\d{4}$/.test(year) && m[1] !== year
      ? '活动编号中的年份 ' + esc(m[1]) + ' 与活动年度 ' + esc(year) + ' 不一致，请核对' : null);
  }

  // ---- 1. a previous campaign

  async function loadCampaigns() {
    const list = (await api('/campaigns')) || [];
    list.sort((a, b) => (b.year - a.year) || String(b.code).localeCompare(String(a.code)));
    $('previous').innerHTML = '<option value="">不参照</option>'
      + list.map((c) => '<option value="' + esc(c.code) + '">' + esc(c.code + ' · ' + (c.title || '') + (c.year ? '（' + c.year + '年）' : '')) + '</option>').join('');
    if (!list.length) $('previousStatus').textContent = '还没有往年活动。';
  }
  async function loadCategoryLabels() {
    const list = await api('/directory/categories');
    (list || []).forEach((c) => { CATEGORY_LABELS[c.code] = c.label; });
    drawForwarding();
  }

  async function choosePrevious() {
    const code = $('previous').value;
    const request = ++previousRequest;
    $('previousStatus').textContent = '';
    if (!code) {
      dropPrevious();
      drawForwarding();
      return;
    }
    $('previousStatus').textContent = '正在读取 ' + code + ' …';
    try {
      const next = await api('/campaigns/' + encodeURIComponent(code) + '/next-year');
      if (request !== previousRequest) return; // another choice since
      dropPrevious();
      previous = { code: code, next: next || {} };
      offerPrevious();
      $('previousStatus').textContent = '';
    } catch (e) {
      if (request !== previousRequest) return;
      dropPrevious();
      $('previous').value = '';
      show($('previousStatus'), ['读取 ' + code + ' 失败：'].concat(problemsOf(e)), 'error');
    }
    drawForwarding();
  }

  /** Takes back what the previous campaign filled and HQ has not changed. */
  function dropPrevious() {
    previous = null;
    FIELDS.forEach((f) => {
      unfill(f, 'previous');
      note(f, 'from-previous', null);
    });
  }

  function offerPrevious() {
    const start = previous.next.start || {};
    ['campaignYear', 'campaignCode', 'activityCategories'].forEach((field) => {
      if (start[field] == null || start[field] === '') return;
      const value = valueText(start[field]);
      const current = input(field).value;
      if (current === value || current === '' || (filled[field] && filled[field].by === 'previous' && untouched(field))) {
        if (current !== value) fill(field, value, 'previous');
        drawPreviousNote(field, value, true);
      } else {
        drawPreviousNote(field, value, false);
      }
    });
  }
  function drawPreviousNote(field, value, applied) {
    const shown = field === 'activityCategories'
      ? value.split('\n').filter((l) => l.trim()).length + ' 类' : value;
    const redraw = () => drawPreviousNote(field, value, true);
    const el = note(field, 'from-previous', applied
      ? '按 ' + esc(previous.code) + ' 顺延一年填入' + (field === 'activityCategories' ? '（' + esc(shown) + '）' : '') + '，请核对'
      : '按 ' + esc(previous.code) + ' 顺延的值：<b>' + esc(shown) + '</b>，与已填写的内容不同，未填入 <button type="button" class="adopt">采用</button>');
    adoptButton(el, field, value, 'previous', redraw);
  }
  /** The previous campaign's notes after another source filled its fields. */
  function redrawPrevious() {
    if (!previous) return;
    const start = previous.next.start || {};
    ['campaignYear', 'campaignCode', 'activityCategories'].forEach((field) => {
      if (start[field] == null || start[field] === '') return;
      const value = valueText(start[field]);
      drawPreviousNote(field, value, input(field).value === value);
    });
  }

  /** The read-only note of what the 起草转发通知 task will hold, and the notice's deadlines. */
  function drawForwarding() {
    const panel = $('forwarding');
    let html = '';
    if (previous) {
      const fw = previous.next.forwarding || {};
      const info = previous.next.previous || {};
      const categories = Array.isArray(fw.targetCategories) ? fw.targetCategories.map((c) => CATEGORY_LABELS[c] || c) : [];
      const scope = [categories.length ? '单位类别：' + categories.join('、') : '', fw.targetUnitCodes ? '指定单位：' + fw.targetUnitCodes : '']
        .filter((x) => x).join('；') || '（未设定）';
      const contact = [fw.contactName, fw.contactPhone, fw.contactEmail].filter((x) => x).join('　');
      const days = (v) => (v == null || v === '' ? '' : v + ' 天');
      const rows = [
        ['学会发文文号', fw.forwardingDocNumber],
        ['转发通知标题', fw.forwardingTitle],
        ['补充说明', fw.forwardingNote],
        ['发送范围', scope],
        ['方案报送截止日期', fw.planDeadline],
        ['总结报送截止日期', fw.summaryDeadline],
        ['提前提醒天数', days(fw.reminderLeadDays)],
        ['逾期宽限天数', days(fw.graceDays)],
        ['总会联系人', contact]
      ];
      html += '<p class="forwarding-intro">发起后，“起草转发通知”任务将按 <b>' + esc(previous.code) + '</b>'
        + (info.title ? '（' + esc(info.title) + '）' : '')
        + ' 预填以下内容：发送范围、提前提醒天数、宽限天数和联系人照旧；转发文号和标题已顺延一年，截止日期顺延一年。请在任务中核对、修改。</p>'
        + '<dl class="readonly">' + rows.map(([label, value]) => '<dt>' + esc(label) + '</dt><dd' + (label === '补充说明' ? ' class="lines"' : '') + '>'
          + (value == null || value === '' ? '<span class="muted">—</span>' : esc(value)) + '</dd>').join('') + '</dl>';
    }
    if (proposals) {
      const found = proposals.proposals || {};
      const fw = previous ? (previous.next.forwarding || {}) : {};
      const parts = FORWARDING_DEADLINES.map(([field, label]) => {
        const p = found[field];
        return label + ' ' + (p
          ? '<span class="proposal" data-field="' + field + '" data-value="' + esc(p.value) + '">' + esc(p.value) + '</span>'
            + (fw[field] && fw[field] !== p.value ? '<span class="muted">（往年顺延为 ' + esc(fw[field]) + '）</span>' : '')
          : '<span class="missing" data-field="' + field + '">未在全文中找到</span>');
      });
      const sources = FORWARDING_DEADLINES.filter(([field]) => found[field] && found[field].excerpt)
        .map(([field, label]) => '<li>' + label + '来源：“' + esc(found[field].excerpt) + '”</li>').join('');
      html += '<div class="deadline-proposals"><p>转发通知中可用的截止日期建议：' + parts.join('，') + '</p>'
        + (sources ? '<ul class="sources-list">' + sources + '</ul>' : '')
        + '<p class="muted">这两个日期不属于本表单，请在“起草转发通知”任务中填写或核对。</p></div>';
    }
    panel.innerHTML = html;
    panel.hidden = !html;
  }

  // ---- 2. the pasted notice

  async function extract() {
    const text = $('noticeText').value;
    const status = $('extractStatus');
    if (!text.trim()) {
      show(status, '请先粘贴通知全文。', 'error');
      $('noticeText').focus();
      return;
    }
    $('extract').disabled = true;
    show(status, '正在提取…');
    try {
      const answer = await api('/notice-proposals', { method: 'POST', body: JSON.stringify({ text: text }) });
      proposals = { proposals: (answer && answer.proposals) || {}, missing: (answer && answer.missing) || [] };
      offerProposals();
      if ($('useAsBody').checked) offerBody();
      drawForwarding();
      const found = FIELDS.filter((f) => proposals.proposals[f]);
      const missing = FIELDS.filter((f) => proposals.missing.includes(f));
      show(status, ['已提取：' + found.length + ' 项建议已填入下方表单（黄色标出），请逐项与原文核对。']
        .concat(missing.length ? ['未在全文中找到：' + missing.map((f) => LABELS[f]).join('、') + '，请手工填写。'] : []));
      $('proposalSummary').scrollIntoView({ block: 'nearest', behavior: 'smooth' });
    } catch (e) {
      show(status, ['提取失败：'].concat(problemsOf(e)), 'error');
    } finally {
      $('extract').disabled = false;
    }
  }

  /** Fills the fields the notice states (where HQ has not typed), marks those it does not. */
  function offerProposals() {
    const found = proposals.proposals;
    FIELDS.forEach((f) => {
      if (f === 'noticeText') return;
      unfill(f, 'proposal'); // an earlier extraction's value HQ left as it was
      note(f, 'proposal', null);
      note(f, 'missing', null);
      const p = found[f];
      if (p && p.value != null && p.value !== '') {
        const value = valueText(p.value);
        if (untouched(f) && !(filled[f] && filled[f].by === 'previous' && input(f).value === value)) {
          fill(f, value, 'proposal');
        } else if (input(f).value === value) {
          filled[f] = { value: value, by: 'proposal' };
          changed(f);
        }
        drawProposal(f, p);
      } else if (proposals.missing.includes(f)) {
        note(f, 'missing', '未在全文中找到，请手工填写');
        changed(f);
      }
    });
    redrawPrevious();
    const count = FIELDS.filter((f) => found[f]).length;
    const missing = FIELDS.filter((f) => proposals.missing.includes(f)).length;
    const summary = $('proposalSummary');
    summary.hidden = false;
    summary.innerHTML = '<b>' + count + ' 项</b>取自粘贴的通知全文，<span class="swatch"></span>黄色标出，每项下方注明来源，请与原文核对；修改后标记消失。'
      + (missing ? '<b>' + missing + ' 项</b>未在全文中找到，请手工填写。' : '');
  }
  function drawProposal(field, p) {
    const value = valueText(p.value);
    const applied = input(field).value === value;
    const el = note(field, 'proposal', '建议：<b>' + esc(value) + '</b>（来源：“' + esc(p.excerpt || '') + '”）— 请核对'
      + (applied ? '' : ' <span class="conflict">与已填写的内容不同，未填入。</span><button type="button" class="adopt">采用建议</button>'));
    el.dataset.value = value;
    el.classList.toggle('edited', !applied);
    adoptButton(el, field, value, 'proposal', () => drawProposal(field, p));
  }

  /** The pasted text as the notice's body, when HQ wants it there (the checkbox). */
  function offerBody() {
    const text = $('noticeText').value.trim();
    const field = 'noticeText';
    if (!text) {
      unfill(field, 'paste');
      note(field, 'from-paste', null);
      return;
    }
    const redraw = () => offerBody();
    if (untouched(field)) {
      fill(field, text, 'paste');
      note(field, 'from-paste', '已填入粘贴的通知全文（' + text.length + ' 字）— 请核对'
        + (text.length > MAX_TEXT ? ' <span class="conflict">超过 20000 字上限，请删减，或清空正文只填写原文链接。</span>' : ''));
    } else if (input(field).value !== text) {
      const el = note(field, 'from-paste', '通知正文已有其他内容，未替换为粘贴的全文 <button type="button" class="adopt">替换为粘贴的全文</button>');
      adoptButton(el, field, text, 'paste', redraw);
    }
  }
  function dropBody() {
    unfill('noticeText', 'paste');
    note('noticeText', 'from-paste', null);
  }

  // ---- 3. the start

  function collect() {
    const variables = {};
    FIELDS.forEach((f) => {
      const v = input(f).value;
      variables[f] = f === 'noticeText' || f === 'activityCategories' ? v : v.trim();
    });
    const year = variables.campaignYear;
    variables.campaignYear = year === '' ? null : (/^\d+$/.test(year) ? Number(year) : year);
    return variables;
  }
  /** What can be told before asking the server; the start form's other rules are the server's. */
  function localProblems(v) {
    const problems = [];
    if (!v.campaignCode) problems.push('请填写「活动编号」，如 STWD-2024。');
    else if (!CODE.test(v.campaignCode)) problems.push('「活动编号」格式不正确：以大写字母开头，由大写字母、数字和连字符组成，3–32 位，如 STWD-2024');
    if (v.noticeText.length > MAX_TEXT) problems.push('「通知正文」不能超过 20000 字（现 ' + v.noticeText.length + ' 字），请删减，或清空正文只填写原文链接');
    if (v.noticeLink && !URL.test(v.noticeLink)) problems.push('「原文链接」应为以 http:// 或 https:// 开头的网址');
    if (!v.noticeText.trim() && !v.noticeLink) problems.push('「通知正文」和「原文链接」至少填写一项');
    return problems;
  }
  function showProblems(lines) {
    const list = $('problems');
    list.hidden = !lines.length;
    list.innerHTML = lines.map((l) => '<li>' + esc(l) + '</li>').join('');
    let first = null;
    FIELDS.forEach((f) => {
      const label = LABELS[f];
      const named = lines.some((l) => String(l).includes('「' + label + '」') || (!String(l).includes('「') && String(l).includes(label)));
      box(f).classList.toggle('invalid', named);
      if (named && !first) first = f;
    });
    if (lines.length) list.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
    return first;
  }

  async function start(event) {
    event.preventDefault();
    if (busy || started) return;
    const v = collect();
    const local = localProblems(v);
    if (local.length) {
      const first = showProblems(local);
      if (first) input(first).focus();
      return;
    }
    const unchecked = FIELDS.filter((f) => box(f).classList.contains('proposed')).map((f) => LABELS[f]);
    const title = v.noticeTitle || v.campaignTheme || '（未填写通知标题）';
    const message = '发起活动 ' + v.campaignCode + '「' + title + '」？\n\n'
      + (unchecked.length ? '以下字段取自通知全文、尚未修改，请确认已与原文核对：' + unchecked.join('、') + '。\n\n' : '')
      + (previous ? '“起草转发通知”任务将按 ' + previous.code + ' 预填（年份已顺延一年），请在任务中核对。\n\n' : '')
      + '发起后即启动活动流程，活动编号不能再修改。';
    if (!window.confirm(message)) return;
    busy = true;
    $('start').disabled = true;
    $('start').textContent = '正在发起…';
    showProblems([]);
    try {
      const r = await api('/campaigns', {
        method: 'POST',
        body: JSON.stringify({ previousCampaignCode: previous ? previous.code : null, variables: v })
      });
      done(r || {}, v.campaignCode);
    } catch (e) {
      const first = showProblems(problemsOf(e));
      if (first) input(first).focus();
      $('start').disabled = false;
    } finally {
      busy = false;
      $('start').textContent = '发起活动';
    }
  }

  function done(r, code) {
    started = true;
    $('start').disabled = true;
    $('campaignForm').classList.add('done');
    $('resultMessage').textContent = r.message || ('已发起活动 ' + (r.code || code) + '。');
    const url = typeof r.taskUrl === 'string' && /^(https?:\/\/|\/)/.test(r.taskUrl) ? r.taskUrl : '/camunda/app/tasklist/default/';
    $('taskLink').href = url;
    $('boardLink').href = '/board?campaign=' + encodeURIComponent(r.code || code);
    $('result').hidden = false;
    $('result').scrollIntoView({ block: 'start', behavior: 'smooth' });
    loadCampaigns().then(() => { $('previous').value = previous ? previous.code : ''; }).catch(() => {});
  }

  function dirty() {
    return !!$('noticeText').value.trim() || !!$('previous').value || FIELDS.some((f) => input(f).value.trim());
  }
  function clear() {
    if (!started && dirty() && !window.confirm('清空已填写和粘贴的全部内容？')) return;
    previousRequest++;
    filled = {};
    previous = null;
    proposals = null;
    started = false;
    $('campaignForm').reset();
    $('campaignForm').classList.remove('done');
    document.querySelectorAll('#campaignForm .notes').forEach((n) => { n.innerHTML = ''; });
    FIELDS.forEach(changed);
    $('previous').value = '';
    $('previousStatus').textContent = '';
    $('noticeText').value = '';
    $('useAsBody').checked = true;
    $('pasteCount').textContent = '';
    $('extractStatus').hidden = true;
    $('proposalSummary').hidden = true;
    drawForwarding();
    showProblems([]);
    $('result').hidden = true;
    $('start').disabled = false;
    window.scrollTo({ top: 0 });
    input('campaignCode').focus();
  }

  // ---- wiring

  FIELDS.forEach((f) => {
    input(f).addEventListener('input', () => changed(f));
    input(f).addEventListener('change', () => changed(f));
  });
  // the body follows the pasted text while HQ has not edited it (and wants it there)
  let pasteTimer = null;
  $('noticeText').addEventListener('input', () => {
    const n = $('noticeText').value.length;
    $('pasteCount').textContent = n ? '已粘贴 ' + n + ' 字' : '';
    clearTimeout(pasteTimer);
    pasteTimer = setTimeout(() => {
      if ($('useAsBody').checked) offerBody();
    }, 300);
  });
  $('useAsBody').onchange = () => ($('useAsBody').checked ? offerBody() : dropBody());
  $('extract').onclick = extract;
  $('previous').onchange = choosePrevious;
  $('campaignForm').onsubmit = start;
  $('clear').onclick = clear;
  FIELDS.forEach(changed);
  loadCampaigns().catch((e) => show($('previousStatus'), ['往年活动加载失败：'].concat(problemsOf(e)), 'error'));
  loadCategoryLabels().catch(() => {}); // the built-in labels stand
})();
