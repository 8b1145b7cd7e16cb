/* The campaign board: reads /api/campaigns/{code}/board, draws the counts, the submissions
 * chart and the unit table, urges through /api/campaigns/{code}/urges. */
(function () {
  'use strict';
  const $ = (id) => document.getElementById(id);
  const PHASES = { PLAN: '活动方案', SUMMARY: '活动总结' };
  const COUNT_LABELS = [
    ['addressed', '应报送'], ['submitted', '已提交'], ['PENDING', '待报送'], ['SUBMITTED', '待审核'], ['APPROVED', '已通过'],
    ['RETURNED', '退回修改'], ['DECLINED', '不开展活动'], ['MISSED', '未报送'], ['CANCELLED', '已撤回'], ['overdue', '当前逾期']
  ];
  let board = null;
  let phase = null;
  // HQ changes things; the leaders read (security/HqPages tells the page which)
  const canChange = (document.querySelector('meta[name="stwd-can-change"]') || {}).content !== 'false';
  if (!canChange) document.body.classList.add('read-only');

  function esc(s) {
    return String(s == null ? '' : s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
  }
  /** A moment in the society's time zone (not the browser's), e.g. 5月16日 09:00. */
  function time(iso) {
    if (!iso) return '';
    const parts = {};
    new Intl.DateTimeFormat('en-US', { timeZone: board.timeZone, month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(new Date(iso)).forEach((p) => { parts[p.type] = p.value; });
    return parts.month + '月' + parts.day + '日 ' + parts.hour + ':' + parts.minute;
  }
  function cnDate(iso) {
    if (!iso) return '—';
    const [y, m, d] = iso.split('-');
    return y + '年' + Number(m) + '月' + Number(d) + '日';
  }
  async function api(path, options) {
    const csrf = document.querySelector('meta[name="csrf-token"]');
    const headers = { 'Content-Type': 'application/json', 'X-XSRF-TOKEN': csrf ? csrf.content : '' };
    const response = await fetch('/api' + path, Object.assign({ credentials: 'same-origin', headers: headers }, options));
    if (response.status === 401) {
      window.location.href = '/camunda/app/welcome/default/';
      throw new Error('请先登录');
    }
    const body = await response.json();
    if (!response.ok) throw new Error(body.message || response.statusText);
    return body;
  }

  async function loadCampaigns() {
    const campaigns = await api('/campaigns');
    const select = $('campaign');
    const wanted = new URLSearchParams(window.location.search).get('campaign');
    select.innerHTML = campaigns.map((c) => '<option value="' + esc(c.code) + '">' + esc(c.code + ' · ' + c.title) + '</option>').join('');
    if (!campaigns.length) {
      $('counts').innerHTML = '<p class="muted">还没有活动。请在<a href="/campaigns/new">发起活动</a>页面（或任务列表）发起“全国科技工作者日活动”。</p>';
      return;
    }
    if (wanted && campaigns.some((c) => c.code === wanted)) select.value = wanted;
    select.onchange = () => {
      history.replaceState(null, '', '?campaign=' + encodeURIComponent(select.value));
      // another campaign: its collecting phase, every unit, the first page
      Object.assign(query, { phase: '', status: '', category: '', q: '', sort: 'category', dir: 'asc', page: 1 });
      $('search').value = '';
      reload();
    };
    await load();
  }

  // the rows asked of the server: at 10,000 units the board shows one page of 100 and asks again
  // when HQ searches, filters, sorts or turns the page (BoardService, RowQuery)
  // (phase: the tab asked for; empty: the phase being collected. The page's `phase` is the one
  // its rows show, set from the answer only.)
  const query = { phase: '', status: '', category: '', q: '', sort: 'category', dir: 'asc', page: 1 };
  let loading = 0;

  function boardPath(code) {
    const params = new URLSearchParams();
    Object.keys(query).forEach((k) => { if (query[k] !== '' && query[k] != null) params.set(k, query[k]); });
    return '/campaigns/' + encodeURIComponent(code) + '/board?' + params.toString();
  }

  async function load() {
    const code = $('campaign').value;
    const previous = board && board.campaign.code;
    const mine = ++loading;
    $('units').setAttribute('aria-busy', 'true');
    let next;
    try {
      next = await api(boardPath(code));
    } catch (e) {
      // a later request (the next keystroke) has overtaken this one: its answer counts, not this error
      if (mine !== loading) return;
      throw e;
    } finally {
      if (mine === loading) $('units').setAttribute('aria-busy', 'false');
    }
    if (mine !== loading) return;
    board = next;
    phase = board.page.phase;
    document.querySelectorAll('#phaseTabs button').forEach((b) => b.classList.toggle('active', b.dataset.phase === phase));
    const c = board.campaign;
    $('deadlines').textContent = '方案报送截止 ' + cnDate(c.planDeadline) + ' · 总结报送截止 ' + cnDate(c.summaryDeadline)
      + ' · 向科协报送 ' + cnDate(c.upwardDeadline) + ' · 今天 ' + cnDate(board.today);
    const base = '/api/campaigns/' + encodeURIComponent(code) + '/exports/';
    $('plansXlsx').href = base + 'plans.xlsx';
    $('plansCsv').href = base + 'plans.csv';
    $('plansAll').href = base + 'plans.xlsx?scope=all';
    $('summariesXlsx').href = base + 'summaries.xlsx';
    $('summariesCsv').href = base + 'summaries.csv';
    const files = '/api/campaigns/' + encodeURIComponent(code) + '/files.zip?phase=';
    $('planFilesZip').href = files + 'PLAN';
    $('summaryFilesZip').href = files + 'SUMMARY';
    $('queueLink').href = board.links.reviewQueue + phase;
    const waiting = board.counts[phase].SUBMITTED;
    $('queueLink').textContent = '审核队列' + (waiting ? '（' + waiting + '）' : '');
    if (previous !== code) {
      loadDocuments();
      fillFilters();
    }
    drawCounts();
    drawChart();
    drawRows();
  }

  /** Asks for the board again; a failure is said where the rows are counted. */
  function reload() {
    load().catch((e) => { $('rowCount').textContent = '读取失败：' + e.message; });
  }

  /** Asks for the rows again from the first page (a filter, the search or the phase changed). */
  function requery() {
    query.page = 1;
    reload();
  }

  function drawCounts() {
    $('counts').innerHTML = Object.keys(PHASES).map((p) => {
      const counts = board.counts[p];
      // withdrawn units (已撤回) only once there are some
      const cells = COUNT_LABELS.filter(([key]) => !(p === 'SUMMARY' && key === 'DECLINED') && !(key === 'CANCELLED' && !counts[key])).map(([key, label]) => {
        const inner = '<b>' + counts[key] + '</b><span>' + label + '</span>';
        // the plans or summaries waiting for review open HQ's review queue
        const cell = key === 'SUBMITTED' && counts[key] > 0 && canChange
          ? '<a href="' + esc(board.links.reviewQueue + p) + '" title="打开审核队列">' + inner + '</a>' : inner;
        return '<div class="cell' + (key === 'overdue' && counts[key] > 0 ? ' warn' : '') + '" data-count="' + p + '-' + key + '">'
          + cell + '</div>';
      }).join('');
      return '<div class="count-group"><h3>' + PHASES[p] + '</h3><div class="count-cells">' + cells + '</div></div>';
    }).join('');
  }

  function drawChart() {
    const points = board.timeline[phase];
    const total = board.counts[phase].addressed;
    const deadline = phase === 'PLAN' ? board.campaign.planDeadline : board.campaign.summaryDeadline;
    if (!total) {
      $('chart').innerHTML = '<p class="muted">' + PHASES[phase] + '尚未开始收集。</p>';
      return;
    }
    const day = (iso) => Date.parse(iso + 'T00:00:00Z') / 86400000;
    const days = points.map((p) => day(p.date)).concat(deadline ? [day(deadline)] : [], [day(board.today)]);
    const x0 = Math.min.apply(null, days) - 1;
    const x1 = Math.max.apply(null, days) + 1;
    const W = 1000, H = 220, L = 40, R = 20, T = 16, B = 30;
    const sx = (d) => L + (d - x0) / (x1 - x0) * (W - L - R);
    const sy = (n) => H - B - n / total * (H - T - B);
    let path = 'M' + sx(x0) + ',' + sy(0);
    let last = 0;
    points.forEach((p) => {
      path += ' L' + sx(day(p.date)) + ',' + sy(last) + ' L' + sx(day(p.date)) + ',' + sy(p.submitted);
      last = p.submitted;
    });
    path += ' L' + sx(Math.min(x1, day(board.today) + 1)) + ',' + sy(last);
    const dl = deadline ? sx(day(deadline) + 1) : null;
    const label = (d) => { const t = new Date(d * 86400000); return (t.getUTCMonth() + 1) + '/' + t.getUTCDate(); };
    let ticks = '';
    const step = Math.max(1, Math.round((x1 - x0) / 10));
    for (let d = Math.ceil(x0); d <= x1; d += step) {
      ticks += '<text x="' + sx(d) + '" y="' + (H - 10) + '" font-size="11" text-anchor="middle" fill="#6b7280">' + label(d) + '</text>';
    }
    $('chart').innerHTML = '<svg viewBox="0 0 ' + W + ' ' + H + '" preserveAspectRatio="none" role="img" aria-label="提交数随时间变化">'
      + '<line x1="' + L + '" y1="' + sy(total) + '" x2="' + (W - R) + '" y2="' + sy(total) + '" stroke="#9ca3af" stroke-dasharray="4 4"/>'
      + '<text x="' + (L + 4) + '" y="' + (sy(total) - 4) + '" font-size="12" fill="#6b7280">应报送 ' + total + '</text>'
      + '<line x1="' + L + '" y1="' + sy(0) + '" x2="' + (W - R) + '" y2="' + sy(0) + '" stroke="#d1d5db"/>'
      + (dl ? '<line x1="' + dl + '" y1="' + T + '" x2="' + dl + '" y2="' + sy(0) + '" stroke="#b91c1c" stroke-width="2"/>'
        // the label goes left of the line when it would not fit on its right
        + (dl + 150 > W - R
          ? '<text x="' + (dl - 4) + '" y="' + (T + 12) + '" font-size="12" text-anchor="end" fill="#b91c1c">截止 ' + cnDate(deadline) + '</text>'
          : '<text x="' + (dl + 4) + '" y="' + (T + 12) + '" font-size="12" fill="#b91c1c">截止 ' + cnDate(deadline) + '</text>') : '')
      + '<path d="' + path + '" fill="none" stroke="#1e3a5f" stroke-width="2.5"/>'
      + '<text x="' + (W - R) + '" y="' + (sy(last) - 6) + '" font-size="12" text-anchor="end" fill="#1e3a5f">已提交 ' + last + '</text>'
      + ticks + '</svg>';
  }

  function fillFilters() {
    const statuses = [['', '全部状态'], ['AWAITING', '未报送（待报送或退回修改）'], ['OVERDUE', '当前逾期'], ['PENDING', '待报送'], ['SUBMITTED', '待审核'],
      ['RETURNED', '退回修改'], ['APPROVED', '已通过'], ['DECLINED', '不开展活动'], ['MISSED', '未报送（已截止）']];
    $('statusFilter').innerHTML = statuses.map(([v, l]) => '<option value="' + v + '">' + l + '</option>').join('');
    $('categoryFilter').innerHTML = '<option value="">全部类别</option>'
      + Object.keys(board.categories).map((v) => '<option value="' + esc(v) + '">' + esc(board.categories[v]) + '</option>').join('');
    $('statusFilter').onchange = () => { query.status = $('statusFilter').value; requery(); };
    $('categoryFilter').onchange = () => { query.category = $('categoryFilter').value; requery(); };
    let typing = null;
    $('search').oninput = () => {
      $('units').setAttribute('aria-busy', 'true');
      clearTimeout(typing);
      typing = setTimeout(() => { query.q = $('search').value.trim(); requery(); }, 250);
    };
  }

  function current(u) { return phase === 'PLAN' ? u.plan : u.summary; }
  /** A unit deactivated in the directory whose plan or summary is still being collected. */
  function withdrawable(u) {
    return (board.deactivatedUnits || []).includes(u.unitCode)
      && [u.plan, u.summary].some((r) => r && ['PENDING', 'SUBMITTED', 'RETURNED'].includes(r.status));
  }

  async function withdraw(unit, name) {
    if (!window.confirm('从本活动撤回“' + name + '”？该单位已在单位名录中停用；其未完成的方案或总结报送将被取消（不再提醒、催办，任务关闭），在统计中计为“已取消”并视为已办结。此操作不能撤销。')) return;
    const result = $('urgeResult');
    result.hidden = false;
    try {
      const r = await api('/campaigns/' + encodeURIComponent($('campaign').value) + '/units/' + encodeURIComponent(unit) + '/withdraw', { method: 'POST' });
      await load();
      result.hidden = false;
      result.textContent = r.message;
    } catch (e) {
      result.textContent = '撤回失败：' + e.message;
    }
  }

  async function addUnits() {
    const codes = $('addCodes').value.split(/[\s,，、]+/).map((c) => c.trim()).filter(Boolean);
    const result = $('urgeResult');
    result.hidden = false;
    if (!codes.length) {
      result.textContent = '请输入要增加的单位代码。';
      return;
    }
    if (!window.confirm('将以下单位增加到本活动：' + codes.join('、') + '。系统将为每个单位创建方案报送任务，并向其联系人发送转发通知（截止日期与其他单位相同）。确定增加？')) return;
    try {
      const r = await api('/campaigns/' + encodeURIComponent($('campaign').value) + '/units', {
        method: 'POST', body: JSON.stringify({ units: codes })
      });
      $('addCodes').value = '';
      await load();
      result.hidden = false;
      result.textContent = r.message;
    } catch (e) {
      result.textContent = '未增加：' + e.message;
    }
  }
  function fileCount(u) { return (board.files && board.files[phase] && board.files[phase][u.unitCode]) || 0; }

  function size(bytes) {
    return bytes >= 1048576 ? (bytes / 1048576).toFixed(1).replace(/\.0$/, '') + ' MB' : Math.max(1, Math.round(bytes / 1024)) + ' KB';
  }

  /** HQ's documents of the campaign: listed with removal, uploaded one by one as raw bodies. */
  async function loadDocuments() {
    const code = $('campaign').value;
    const docs = await api('/campaigns/' + encodeURIComponent(code) + '/documents');
    $('documents').innerHTML = docs.length ? docs.map((d) => '<li data-id="' + esc(d.id) + '"><a href="' + esc(d.url) + '">' + esc(d.name)
      + '</a> <span class="muted">' + esc(d.kindLabel) + '，' + esc(d.sizeLabel) + '</span> <button class="remove-doc hq-only" data-id="'
      + esc(d.id) + '" data-name="' + esc(d.name) + '">删除</button></li>').join('') : '<li class="muted">尚未上传通知附件。</li>';
    document.querySelectorAll('button.remove-doc').forEach((b) => {
      b.onclick = async () => {
        if (!window.confirm('删除通知附件“' + b.dataset.name + '”？各单位将不再看到它。')) return;
        try {
          await api('/campaigns/' + encodeURIComponent(code) + '/documents/' + encodeURIComponent(b.dataset.id), { method: 'DELETE' });
          $('documentResult').textContent = '已删除“' + b.dataset.name + '”。';
        } catch (e) {
          $('documentResult').textContent = '删除失败：' + e.message;
        }
        loadDocuments();
      };
    });
  }

  async function uploadDocuments(files) {
    const code = $('campaign').value;
    const csrf = document.querySelector('meta[name="csrf-token"]');
    for (const file of files) {
      $('documentResult').textContent = '正在上传“' + file.name + '”（' + size(file.size) + '）…';
      const response = await fetch('/api/campaigns/' + encodeURIComponent(code) + '/documents?name=' + encodeURIComponent(file.name), {
        method: 'POST', credentials: 'same-origin', body: file,
        headers: { 'Content-Type': file.type || 'application/octet-stream', 'X-XSRF-TOKEN': csrf ? csrf.content : '' }
      });
      let message = '';
      try { message = (await response.json()).message || ''; } catch (e) { message = response.statusText; }
      if (!response.ok) {
        $('documentResult').textContent = '“' + file.name + '”未上传：' + (message || ('HTTP ' + response.status));
        break;
      }
      $('documentResult').textContent = '已上传“' + file.name + '”。';
    }
    $('documentInput').value = '';
    loadDocuments();
  }
  function awaiting(r) { return r && (r.status === 'PENDING' || r.status === 'RETURNED'); }

  function drawRows() {
    const rows = board.units;
    document.querySelectorAll('#units th[data-sort]').forEach((th) => {
      const key = th.dataset.sort;
      th.setAttribute('aria-sort', key === query.sort ? (query.dir === 'desc' ? 'descending' : 'ascending') : 'none');
      th.querySelector('button').textContent = th.dataset.label + (key === query.sort ? (query.dir === 'desc' ? ' ▼' : ' ▲') : '');
    });
    const phaseCell = (r) => r ? '<span class="status ' + r.status + '">' + esc(r.statusLabel) + '</span>' : '<span class="muted">—</span>';
    $('units').querySelector('tbody').innerHTML = rows.map((u) => {
      const r = current(u) || {};
      const name = u.unitName;
      // Cockpit shows running processes only: a unit whose process has ended is read in its timeline
      const links = '<a target="_blank" aria-label="' + esc(name) + ' 的办理时间线" href="' + esc(board.links.timeline + encodeURIComponent(u.unitCode)) + '">时间线</a>'
        + (canChange && r.processInstanceId && r.taskId ? '<a target="_blank" aria-label="' + esc(name) + ' 的流程（Cockpit）" href="' + board.links.processInstance + r.processInstanceId + '">流程</a>' : '')
        + (canChange && r.taskId ? '<a target="_blank" aria-label="' + esc(name) + ' 的任务：' + esc(r.taskName) + '" title="' + esc(r.taskName) + '" href="' + board.links.task + r.taskId + '">任务</a>' : '')
        + (fileCount(u) ? '<a aria-label="下载' + esc(name) + '本次' + PHASES[phase] + '的附件（zip）" title="下载' + esc(name) + '本次' + PHASES[phase] + '的附件（zip）" href="/api/campaigns/'
          + encodeURIComponent(board.campaign.code) + '/files.zip?phase=' + phase + '&unit=' + encodeURIComponent(u.unitCode) + '">附件 '
          + fileCount(u) + '</a>' : '')
        + (canChange ? '<a target="_blank" aria-label="以' + esc(name) + '的视角查看（只读）" title="以该单位视角查看（只读）" href="/unit/?unit=' + encodeURIComponent(u.unitCode) + '">单位视角</a>'
          + '<button class="revoke" aria-label="停用' + esc(name) + '联系人的全部登录链接" title="停用该单位联系人的全部登录链接" data-unit="' + esc(u.unitCode) + '" data-name="' + esc(name) + '">停用链接</button>'
          + (awaiting(r) ? '<button class="urge" aria-label="催办 ' + esc(name) + '" data-unit="' + esc(u.unitCode) + '">催办</button>' : '')
          + (withdrawable(u) ? '<button class="withdraw" aria-label="从本活动撤回 ' + esc(name) + '" data-unit="' + esc(u.unitCode) + '" data-name="' + esc(name)
            + '" title="该单位已在单位名录中停用">撤回</button>' : '') : '');
      const contact = u.contactName || u.contactPhone
        ? esc(u.contactName || '') + (u.contactPhone ? '<br><a href="tel:' + esc(u.contactPhone.replace(/[^0-9+]/g, '')) + '">' + esc(u.contactPhone) + '</a>' : '')
        : '<span class="muted">—</span>';
      return '<tr data-unit="' + esc(u.unitCode) + '"><td>' + esc(u.unitName) + ' <span class="muted">' + esc(u.unitCode) + '</span></td>'
        + '<td>' + esc(u.categoryLabel) + '</td><td class="contact">' + contact + '</td><td>' + phaseCell(u.plan) + '</td><td>' + phaseCell(u.summary) + '</td>'
        + '<td>' + time(r.submittedAt) + '</td>'
        + '<td class="num' + (r.daysOverdue > 0 ? ' overdue' : '') + '">' + (r.daysOverdue > 0 ? r.daysOverdue : '') + '</td>'
        + '<td class="num">' + (r.reminders || 0) + '</td><td>' + time(r.lastReminderAt) + '</td>'
        + '<td>' + (u.featured ? '★ 是' : '') + '</td><td>' + links + '</td></tr>';
    }).join('');
    const page = board.page;
    const first = page.total === 0 ? 0 : (page.number - 1) * page.size + 1;
    // the moment the rows are first drawn (User Timing: the benchmark reads it as the first useful paint)
    if (window.performance && performance.mark && !performance.getEntriesByName('stwd-board-rows').length) performance.mark('stwd-board-rows');
    $('rowCount').textContent = page.total === 0 ? '没有符合条件的单位（' + PHASES[phase] + '）'
      : '共 ' + page.total + ' 家单位（' + PHASES[phase] + '），显示第 ' + first + '–' + (first + rows.length - 1) + ' 家';
    $('pager').hidden = page.pages <= 1;
    $('pageInfo').textContent = '第 ' + page.number + ' / ' + page.pages + ' 页';
    $('prevPage').disabled = page.number <= 1;
    $('nextPage').disabled = page.number >= page.pages;
    const counts = board.counts[phase];
    const missing = counts.PENDING + counts.RETURNED;
    $('urgeAll').textContent = '催办全部未报送单位（' + missing + '）';
    $('urgeAll').disabled = missing === 0;
    document.querySelectorAll('button.urge').forEach((b) => { b.onclick = () => urge([b.dataset.unit]); });
    document.querySelectorAll('button.revoke').forEach((b) => { b.onclick = () => revokeLinks(b.dataset.unit, b.dataset.name); });
    document.querySelectorAll('button.withdraw').forEach((b) => { b.onclick = () => withdraw(b.dataset.unit, b.dataset.name); });
  }

  /** Stops every sign-in link of the unit's contacts (a lost phone, a contact who left). */
  async function revokeLinks(unit, name) {
    if (!window.confirm('停用“' + name + '”联系人的全部登录链接？用这些链接打开的页面会立即退出；联系人可在单位报送页面用邮箱获取新链接，或用密码登录。')) return;
    const result = $('urgeResult');
    result.hidden = false;
    try {
      const r = await api('/sign-in-links/revoke', { method: 'POST', body: JSON.stringify({ unit: unit }) });
      result.textContent = name + '：' + r.message;
    } catch (e) {
      result.textContent = '停用失败：' + e.message;
    }
  }

  async function urge(units) {
    const result = $('urgeResult');
    result.hidden = false;
    result.textContent = '正在催办…';
    try {
      const r = await api('/campaigns/' + encodeURIComponent($('campaign').value) + '/urges', {
        method: 'POST', body: JSON.stringify({ phase: phase, units: units })
      });
      const lines = [];
      lines.push('已催办 ' + r.urged.length + ' 家：' + (r.urged.map((u) => u.unitName).join('、') || '无'));
      if (r.skipped.length) {
        lines.push('未催办 ' + r.skipped.length + ' 家：');
        r.skipped.forEach((s) => lines.push('· ' + s.unitName + '：' + s.detail));
      }
      result.textContent = lines.join('\n');
      const keep = result.textContent;
      await load();
      result.hidden = false;
      result.textContent = keep;
    } catch (e) {
      result.textContent = '催办失败：' + e.message;
    }
  }

  document.querySelectorAll('#phaseTabs button').forEach((b) => {
    b.onclick = () => {
      query.phase = b.dataset.phase;
      requery();
    };
  });
  document.querySelectorAll('#units th[data-sort]').forEach((th) => {
    th.dataset.label = th.textContent.trim();
    th.innerHTML = '<button type="button" class="sort">' + esc(th.dataset.label) + '</button>';
    th.querySelector('button').onclick = () => {
      const key = th.dataset.sort;
      query.dir = query.sort === key && query.dir === 'asc' ? 'desc' : 'asc';
      query.sort = key;
      requery();
    };
  });
  $('prevPage').onclick = () => { query.page = Math.max(1, board.page.number - 1); reload(); };
  $('nextPage').onclick = () => { query.page = board.page.number + 1; reload(); };
  $('addUnits').onclick = addUnits;
  $('documentInput').onchange = () => uploadDocuments(Array.from($('documentInput').files));
  $('urgeAll').onclick = () => {
    if (window.confirm('向全部未报送的单位发送催办邮件？（静默期内已提醒过的单位会跳过）')) urge([]);
  };
  loadCampaigns().catch((e) => { $('counts').innerHTML = '<p class="result">' + esc(e.message) + '</p>'; });
})();
