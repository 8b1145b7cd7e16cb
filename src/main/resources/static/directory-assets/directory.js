/* HQ's unit directory: lists and searches /api/directory, adds and edits a unit with its contacts
 * (PUT /api/directory/units/{code}), deactivates one, imports a whole file (preview, then apply the
 * same bytes) and shows the record of changes (/api/directory/audit). Server text is always
 * inserted escaped (esc) or as textContent. */
(function () {
  'use strict';
  const { esc, problemsOf, api, show } = window.Hq;
  const $ = (id) => document.getElementById(id);
  /** The society's time zone: the audit times are shown as HQ reads them, whatever the browser's. */
  const TIME_ZONE = 'Asia/Shanghai';
  const KINDS = [
    ['NEW', '新增', '家单位'],
    ['CHANGED', '变更', '家单位'],
    ['DEACTIVATED', '停用', '家单位（不在文件中；其联系人的登录链接立即失效）']
  ];
  const ACTIONS = { IMPORT: '导入', ADD: '新增', EDIT: '修改', DEACTIVATE: '停用' };

  let categories = [];
  let units = [];
  let editing = null; // the entry being edited; null while adding
  let listRequest = 0;
  let shownQuery = null; // the search text of the rows shown
  let imported = null; // {name, type, bytes} of the file last previewed: apply sends exactly these bytes

  /** A moment in the society's time zone, e.g. 5月16日 09:00 (with the year when not this year). */
  function time(iso) {
    if (!iso) return '';
    const parts = {};
    const format = new Intl.DateTimeFormat('en-US', { timeZone: TIME_ZONE, year: 'numeric', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    format.formatToParts(new Date(iso)).forEach((p) => { parts[p.type] = p.value; });
    const thisYear = format.formatToParts(new Date()).find((p) => p.type === 'year').value;
    return (parts.year !== thisYear ? parts.year + '年' : '') + parts.month + '月' + parts.day + '日 ' + parts.hour + ':' + parts.minute;
  }
  function categoryLabel(code) {
    const c = categories.find((x) => x.code === code);
    return c ? c.label : code;
  }



  // ---- the list

  async function loadUnits() {
    const q = $('search').value.trim();
    const inactive = $('showInactive').checked;
    const request = ++listRequest;
    const list = await api('/directory?q=' + encodeURIComponent(q) + '&inactive=' + inactive);
    if (request !== listRequest) return; // a newer search answered (or will answer) instead
    units = list;
    shownQuery = q;
    drawUnits(q, inactive);
  }

  function drawUnits(q, inactive) {
    const tbody = $('units').querySelector('tbody');
    if (!units.length) {
      tbody.innerHTML = '<tr class="empty"><td colspan="6" class="muted">' + (q ? '没有找到与“' + esc(q) + '”相符的单位。' : '名录中还没有单位。请新增单位或导入名录。') + '</td></tr>';
    } else {
      tbody.innerHTML = units.map((u) => {
        const contacts = u.contacts.length ? u.contacts.map((c, i) => '<div class="contact">'
          + '<b>' + esc(c.name) + '</b>' + (i === 0 && u.contacts.length > 1 ? '<span class="tag">主要</span>' : '')
          + (c.phone ? ' <span class="phone">' + esc(c.phone) + '</span>' : '')
          + ' <a class="email" href="mailto:' + esc(c.email) + '">' + esc(c.email) + '</a></div>').join('')
          : '<span class="warn">' + (u.active ? '无联系人（收不到通知）' : '—') + '</span>';
        return '<tr data-code="' + esc(u.code) + '"' + (u.active ? '' : ' class="inactive"') + '>'
          + '<td class="code" data-label="单位代码">' + esc(u.code) + '</td><td class="name" data-label="单位名称">' + esc(u.name) + '</td>'
          + '<td data-label="单位类别">' + esc(categoryLabel(u.category)) + '</td><td class="contacts-cell" data-label="联系人">' + contacts + '</td>'
          + '<td data-label="状态"><span class="state ' + (u.active ? 'on' : 'off') + '">' + (u.active ? '启用' : '已停用') + '</span></td>'
          + '<td class="ops"><button type="button" class="edit" data-code="' + esc(u.code) + '"'
          + (u.active ? '' : ' title="保存后该单位将重新启用"') + '>' + (u.active ? '编辑' : '编辑并启用') + '</button>'
          + (u.active ? '<button type="button" class="deactivate" data-code="' + esc(u.code) + '">停用</button>' : '') + '</td></tr>';
      }).join('');
    }
    const stopped = units.filter((u) => !u.active).length;
    $('unitCount').textContent = '共 ' + units.length + ' 家单位'
      + (inactive && stopped ? '（其中已停用 ' + stopped + ' 家）' : '')
      + (q ? '，搜索“' + q + '”' : '');
    tbody.querySelectorAll('button.edit').forEach((b) => { b.onclick = () => openForm(units.find((u) => u.code === b.dataset.code)); });
    tbody.querySelectorAll('button.deactivate').forEach((b) => { b.onclick = () => deactivate(units.find((u) => u.code === b.dataset.code)); });
  }

  async function deactivate(unit) {
    if (!unit) return;
    if (!window.confirm('停用“' + unit.name + '”？该单位将不再收到通知；其联系人（' + unit.contacts.length + ' 位）的登录链接立即失效、无法再登录单位报送页面。正在进行的活动中该单位的任务不受影响。')) return;
    try {
      await api('/directory/units/' + encodeURIComponent(unit.code) + '/deactivate', { method: 'POST' });
      show($('unitsResult'), '已停用“' + unit.name + '”（' + unit.code + '）。');
      if (editing && editing.code === unit.code) closeForm();
    } catch (e) {
      show($('unitsResult'), ['停用“' + unit.name + '”失败：'].concat(problemsOf(e)), 'error');
    }
    refresh();
  }

  // ---- the form

  function contactRow(c) {
    const row = document.createElement('div');
    row.className = 'contact-row';
    row.innerHTML = '<span class="role"></span>'
      + '<input class="contact-name" placeholder="姓名" maxlength="50" aria-label="联系人姓名">'
      + '<input class="contact-phone" placeholder="联系电话" maxlength="50" aria-label="联系电话">'
      + '<input class="contact-email" type="email" placeholder="电子邮箱" maxlength="200" aria-label="电子邮箱">'
      + '<button type="button" class="plain make-main" title="设为主要联系人">设为主要</button>'
      + '<button type="button" class="plain remove-contact" title="移除该联系人">移除</button>';
    row.querySelector('.contact-name').value = c ? c.name || '' : '';
    row.querySelector('.contact-phone').value = c ? c.phone || '' : '';
    row.querySelector('.contact-email').value = c ? c.email || '' : '';
    row.querySelector('.remove-contact').onclick = () => { row.remove(); numberContacts(); };
    row.querySelector('.make-main').onclick = () => { $('contacts').prepend(row); numberContacts(); };
    return row;
  }
  function numberContacts() {
    const rows = $('contacts').querySelectorAll('.contact-row');
    rows.forEach((row, i) => {
      row.querySelector('.role').textContent = i === 0 ? '主要联系人' : '联系人 ' + (i + 1);
      row.querySelector('.make-main').style.visibility = i === 0 ? 'hidden' : ''; // kept in place: the columns stay aligned
    });
    if (!rows.length) $('contacts').innerHTML = '';
    $('contacts').dataset.empty = rows.length ? '' : '没有联系人：该单位将收不到通知。';
  }

  function openForm(unit) {
    editing = unit || null;
    const form = $('unitForm');
    form.hidden = false;
    $('unitFormTitle').textContent = unit ? '编辑单位：' + unit.name : '新增单位';
    $('unitCode').value = unit ? unit.code : '';
    $('unitCode').readOnly = !!unit;
    $('unitCodeHint').hidden = !!unit;
    $('unitName').value = unit ? unit.name : '';
    $('unitCategory').value = unit ? unit.category : '';
    $('contacts').innerHTML = '';
    (unit && unit.contacts.length ? unit.contacts : [null]).forEach((c) => $('contacts').appendChild(contactRow(c)));
    numberContacts();
    const note = $('unitFormNote');
    note.hidden = !(unit && !unit.active);
    note.textContent = unit && !unit.active ? '该单位已停用，保存后将重新启用，新的联系人会收到欢迎邮件。' : '';
    $('formProblems').hidden = true;
    $('saveUnit').disabled = false;
    form.scrollIntoView({ block: 'nearest' });
    (unit ? $('unitName') : $('unitCode')).focus();
  }
  function closeForm() {
    editing = null;
    $('unitForm').hidden = true;
  }
  function formProblems(lines) {
    const list = $('formProblems');
    list.hidden = !lines.length;
    list.innerHTML = lines.map((l) => '<li>' + esc(l) + '</li>').join('');
  }

  async function save(event) {
    event.preventDefault();
    const code = $('unitCode').value.trim().toLowerCase();
    const contacts = Array.from($('contacts').querySelectorAll('.contact-row')).map((row) => ({
      name: row.querySelector('.contact-name').value.trim(),
      phone: row.querySelector('.contact-phone').value.trim(),
      email: row.querySelector('.contact-email').value.trim()
    })).filter((c) => c.name || c.phone || c.email);
    const body = { name: $('unitName').value.trim(), category: $('unitCategory').value, contacts: contacts };
    if (!code) { formProblems(['请填写单位代码。']); return; }
    if (!body.category) { formProblems(['请选择单位类别。']); return; }
    const before = editing;
    if (!before) {
      // PUT adds or overwrites: make sure "新增" does not silently replace another unit
      let existing = null;
      try {
        existing = (await api('/directory?inactive=true')).find((u) => u.code === code);
      } catch (e) {
        formProblems(problemsOf(e));
        return;
      }
      if (existing && existing.active) {
        formProblems(['单位代码 ' + code + ' 已被“' + existing.name + '”使用。如要修改该单位，请在列表中点“编辑”。']);
        return;
      }
      if (existing && !window.confirm('单位代码 ' + code + ' 属于已停用的单位“' + existing.name + '”。保存将用填写的名称、类别和联系人重新启用它。继续？')) return;
    }
    const was = before ? before.contacts.map((c) => c.email.toLowerCase()) : [];
    const now = contacts.map((c) => c.email.toLowerCase());
    const removed = before ? before.contacts.filter((c) => !now.includes(c.email.toLowerCase())) : [];
    if (removed.length && !window.confirm('保存后将移除联系人 ' + removed.map((c) => c.name + '（' + c.email + '）').join('、')
      + '：其登录链接立即失效、无法再登录单位报送页面。继续？')) return;
    $('saveUnit').disabled = true;
    formProblems([]);
    try {
      const saved = await api('/directory/units/' + encodeURIComponent(code), { method: 'PUT', body: JSON.stringify(body) });
      const added = saved.contacts.filter((c) => !was.includes(c.email.toLowerCase()));
      closeForm();
      show($('unitsResult'), '已保存“' + saved.name + '”（' + saved.code + '）。'
        + (added.length ? '新联系人 ' + added.map((c) => c.name).join('、') + ' 将收到含登录链接的欢迎邮件。' : ''));
      refresh();
    } catch (e) {
      formProblems(problemsOf(e));
    } finally {
      $('saveUnit').disabled = false;
    }
  }

  // ---- the import

  function countsText(counts) {
    return '新增 ' + counts.NEW + ' 家、变更 ' + counts.CHANGED + ' 家、停用 ' + counts.DEACTIVATED + ' 家、未变 ' + counts.UNCHANGED + ' 家';
  }
  function problemLine(p) {
    return (p.line > 0 ? '第 ' + p.line + ' 行：' : '') + p.message;
  }
  function post(path) {
    return api(path, { method: 'POST', body: new Blob([imported.bytes]), headers: { 'Content-Type': imported.type } });
  }
  function resetImport() {
    imported = null;
    $('preview').hidden = true;
    $('preview').innerHTML = '';
    $('applyImport').hidden = true;
    $('applyImport').disabled = true;
    $('importStatus').textContent = '';
    $('previewImport').disabled = !$('importFile').files.length;
  }

  async function preview() {
    const file = $('importFile').files[0];
    if (!file) return;
    resetImport();
    $('importResult').hidden = true;
    $('previewImport').disabled = true;
    $('importStatus').textContent = '正在检查“' + file.name + '”…';
    try {
      imported = { name: file.name, type: file.type || 'application/octet-stream', bytes: await file.arrayBuffer() };
      const p = await post('/directory/import/preview');
      imported.preview = p;
      drawPreview(p);
      $('importStatus').textContent = '';
    } catch (e) {
      imported = null;
      $('importStatus').textContent = '';
      $('preview').hidden = false;
      $('preview').innerHTML = '<div class="alert">“' + esc(file.name) + '”无法预览，未导入任何数据。</div>'
        + '<ul class="problems">' + problemsOf(e).map((l) => '<li class="problem">' + esc(l) + '</li>').join('') + '</ul>';
    } finally {
      $('previewImport').disabled = false;
    }
  }

  function drawPreview(p) {
    const counts = p.counts;
    let html = '<p class="summary">“' + esc(imported.name) + '”：共 ' + p.lines + ' 行，' + p.units + ' 家单位、' + p.contacts + ' 位联系人。</p>';
    if (p.problems.length) {
      html += '<div class="alert">文件有 ' + p.problems.length + ' 处问题，未导入任何数据。请修改后重新上传。</div>'
        + '<ul class="problems">' + p.problems.map((x) => '<li class="problem" data-line="' + esc(x.line) + '">' + esc(problemLine(x)) + '</li>').join('') + '</ul>';
    } else {
      html += '<div class="count-cells">' + [['NEW', '新增'], ['CHANGED', '变更'], ['DEACTIVATED', '停用'], ['UNCHANGED', '未变']].map(([k, l]) =>
        '<div class="cell' + (k === 'DEACTIVATED' && counts[k] > 0 ? ' warn' : '') + '" data-count="' + k + '"><b>' + counts[k] + '</b><span>' + l + '（家）</span></div>').join('') + '</div>';
      const kept = counts.CHANGED + counts.UNCHANGED + counts.DEACTIVATED;
      if (counts.DEACTIVATED > 0 && counts.DEACTIVATED * 2 >= kept) {
        html += '<div class="alert">本次导入将停用 ' + counts.DEACTIVATED + ' 家单位，占现有单位的一半以上。请确认文件是完整的名录，而不只是其中一部分。</div>';
      }
      if (!p.changes.length) html += '<p class="muted">文件与当前名录一致，导入不会改变任何内容。</p>';
      KINDS.forEach(([kind, label, text]) => {
        const changes = p.changes.filter((c) => c.kind === kind);
        if (!changes.length) return;
        html += '<div class="group ' + kind + '"><h3>' + label + ' ' + changes.length + ' ' + text + '</h3><ul class="changes">'
          + changes.map((c) => '<li class="change" data-kind="' + esc(c.kind) + '" data-code="' + esc(c.unitCode) + '"><b>' + esc(c.unitName)
            + '</b> <span class="muted">' + esc(c.unitCode) + '</span>'
            + (c.details.length ? '<ul>' + c.details.map((d) => '<li>' + esc(d) + '</li>').join('') + '</ul>' : '') + '</li>').join('')
          + '</ul></div>';
      });
    }
    $('preview').innerHTML = html;
    $('preview').hidden = false;
    const apply = $('applyImport');
    apply.hidden = false;
    apply.disabled = !p.canApply || !p.changes.length;
    apply.textContent = p.canApply ? '确认导入（' + countsText(counts) + '）' : '确认导入';
  }

  async function apply() {
    if (!imported || !imported.preview) return;
    const counts = imported.preview.counts;
    const message = '确认导入“' + imported.name + '”？\n\n' + countsText(counts) + '。\n\n'
      + (counts.DEACTIVATED > 0
        ? '注意：名录将与文件一致，文件中没有的 ' + counts.DEACTIVATED + ' 家单位将被停用，其联系人的登录链接立即失效、无法再登录单位报送页面。\n'
        : '名录将与文件一致：文件中没有的单位会被停用（本次没有）。\n')
      + '新联系人将收到含登录链接的欢迎邮件。';
    if (!window.confirm(message)) return;
    const button = $('applyImport');
    button.disabled = true;
    $('importStatus').textContent = '正在导入…';
    try {
      const r = await post('/directory/import/apply');
      const changed = ['NEW', 'CHANGED', 'DEACTIVATED', 'UNCHANGED'].some((k) => r.counts[k] !== counts[k]);
      show($('importResult'), ['已导入“' + imported.name + '”：' + countsText(r.counts) + '；名录现有 ' + r.units + ' 家单位、' + r.contacts + ' 位联系人。']
        .concat(changed ? ['（名录在预览后被修改过，实际变更以此为准，详见变更记录。）'] : [])
        .concat(r.counts.NEW || r.changes.some((c) => c.details.some((d) => d.startsWith('新增联系人'))) ? ['新联系人将收到含登录链接的欢迎邮件。'] : []));
      button.hidden = true;
      imported = null;
      $('importFile').value = '';
      $('previewImport').disabled = true;
      $('preview').classList.add('done');
      refresh();
    } catch (e) {
      show($('importResult'), ['导入失败，未导入任何数据：'].concat(problemsOf(e)), 'error');
      button.disabled = false;
    } finally {
      $('importStatus').textContent = '';
    }
  }

  // ---- the record of changes

  async function loadAudit() {
    const entries = await api('/directory/audit?limit=100');
    $('audit').innerHTML = entries.length ? entries.map((a) => {
      const details = (a.details || []).filter((d) => d);
      return '<li data-id="' + esc(a.id) + '" data-action="' + esc(a.action) + '"><div class="line"><time datetime="' + esc(a.at) + '">' + esc(time(a.at)) + '</time>'
        + '<span class="action ' + esc(a.action) + '">' + esc(ACTIONS[a.action] || a.action) + '</span>'
        + '<span class="summary">' + esc(a.summary) + '</span><span class="by muted">' + esc(a.by) + '</span></div>'
        + (details.length ? '<details><summary>明细（' + details.length + ' 条）</summary><ul>'
          + details.map((d) => '<li>' + esc(d) + '</li>').join('') + '</ul></details>' : '') + '</li>';
    }).join('') : '<li class="muted empty">还没有变更记录。</li>';
  }

  function refresh() {
    loadUnits().catch((e) => show($('unitsResult'), ['名录加载失败：'].concat(problemsOf(e)), 'error'));
    loadAudit().catch((e) => { $('audit').innerHTML = '<li class="error">变更记录加载失败：' + esc(e.message) + '</li>'; });
  }

  async function start() {
    categories = await api('/directory/categories');
    $('unitCategory').innerHTML = '<option value="">请选择</option>'
      + categories.map((c) => '<option value="' + esc(c.code) + '">' + esc(c.label) + '</option>').join('');
    refresh();
  }

  // input while typing; change as well, as a cleared field (WebDriver's clear(), some IMEs) may fire only that
  let searchTimer = null;
  const search = () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => {
      if ($('search').value.trim() === shownQuery) return;
      loadUnits().catch((e) => show($('unitsResult'), problemsOf(e), 'error'));
    }, 300);
  };
  $('search').oninput = search;
  $('search').onchange = search;
  $('showInactive').onchange = () => loadUnits().catch((e) => show($('unitsResult'), problemsOf(e), 'error'));
  $('addUnit').onclick = () => openForm(null);
  $('addContact').onclick = () => {
    const row = contactRow(null);
    $('contacts').appendChild(row);
    numberContacts();
    row.querySelector('.contact-name').focus();
  };
  $('cancelUnit').onclick = closeForm;
  $('unitForm').onsubmit = save;
  $('importFile').onchange = () => { resetImport(); $('importResult').hidden = true; };
  $('previewImport').onclick = preview;
  $('applyImport').onclick = apply;
  start().catch((e) => show($('unitsResult'), ['页面加载失败：'].concat(problemsOf(e)), 'error'));
})();
