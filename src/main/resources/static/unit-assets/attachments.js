/*
 * Attachments (issue 18): the photos, short videos and documents a unit adds to its summary (and
 * plan), and HQ's notice documents. API: docs/UNIT-PAGE.md.
 *
 * - renderFileList(files): a list of stored files (thumbnail or kind, name as a link, size,
 *   capture date, the "not in the activity window" warning) for the submission and the overview;
 * - createAttachments({taskId, attachments, readOnly}): the task form's section. Each chosen file
 *   is sent on its own (raw bytes, XMLHttpRequest for the progress bar), two at a time, in a row of
 *   its own: progress, then the stored file with 删除, or the server's message with 重试 / 移除.
 *   The files belong to the task on the server; "提交" submits them with the form.
 *
 * Links to files carry the page's ?unit= (HQ's read-only view) through api.withUnit. Server data is
 * inserted as text only.
 */
import * as api from './api.js';
import { h, append, clear, formatBytes, formatDate, formatDateTime } from './dom.js';

const KIND_LABELS = { IMAGE: '照片', VIDEO: '视频', DOCUMENT: '文档' };
const PARALLEL = 2;

export function kindLabel(kind) {
  return KIND_LABELS[kind] || '文件';
}

function guessKind(type) {
  const t = String(type || '');
  return t.indexOf('image/') === 0 ? 'IMAGE' : t.indexOf('video/') === 0 ? 'VIDEO' : 'DOCUMENT';
}

/** A file link of the server (same origin only) with ?unit=, or null. */
export function fileHref(url) {
  if (!url || typeof url !== 'string') {
    return null;
  }
  try {
    const parsed = new URL(url, location.href);
    if (parsed.origin !== location.origin) {
      return null;
    }
    return api.withUnit(parsed.pathname + parsed.search);
  } catch (e) {
    return null;
  }
}

/** Photos and videos open in the browser (a new tab: the form stays); documents download. */
function linkAttributes(file, href, extra) {
  const inline = file.kind === 'IMAGE' || file.kind === 'VIDEO';
  return Object.assign({
    href: href,
    target: inline ? '_blank' : null,
    rel: inline ? 'noopener' : null,
    download: inline ? null : (file.name || true)
  }, extra || {});
}

function kindIcon(kind) {
  return h('span', { class: 'att-kind', dataset: { kind: KIND_LABELS[kind] ? kind : 'DOCUMENT' } }, kindLabel(kind));
}

function preview(file, href) {
  const thumb = file.thumbUrl ? fileHref(file.thumbUrl) : null;
  let inner;
  if (thumb) {
    inner = h('img', { class: 'att-thumb', src: thumb, alt: '', loading: 'lazy', decoding: 'async', width: 64, height: 64 });
    inner.addEventListener('error', function () {
      inner.replaceWith(kindIcon(file.kind));
    });
  } else {
    inner = kindIcon(file.kind);
  }
  // the name is the accessible link; the picture is a second target for fingers
  return href
    ? h('a', linkAttributes(file, href, { class: 'att-preview', tabindex: '-1', 'aria-hidden': 'true' }), inner)
    : h('span', { class: 'att-preview', 'aria-hidden': 'true' }, inner);
}

/** Kind, size and capture date, each kept on one line (a date never breaks at its hyphens). */
function fileMeta(file) {
  const parts = [kindLabel(file.kind), formatBytes(file.size), file.capturedAt ? '拍摄于 ' + formatDate(file.capturedAt) : null]
    .filter(Boolean);
  const nodes = [];
  parts.forEach((part, i) => {
    if (i > 0) nodes.push(' · ');
    nodes.push(h('span', { class: 'nowrap' }, part));
  });
  return nodes;
}

/**
 * One stored file as a list row. options: {onDelete(file, row, button)} adds 删除;
 * {showUploader} adds who uploaded it and when.
 */
export function renderFileRow(file, options) {
  const opts = options || {};
  const href = fileHref(file.url);
  const name = file.name || '（未命名文件）';
  return h('li', {
    class: 'att-row',
    dataset: { state: 'done', id: file.id || '', kind: file.kind || '', name: name }
  },
  preview(file, href),
  h('div', { class: 'att-info' },
    href ? h('a', linkAttributes(file, href, { class: 'att-name' }), name) : h('span', { class: 'att-name' }, name),
    h('p', { class: 'att-meta' }, fileMeta(file)),
    file.outsideWindow ? h('p', { class: 'att-warning' },
      file.capturedAt ? '拍摄日期 ' + formatDate(file.capturedAt) + ' 不在活动时间内' : '拍摄日期不在活动时间内') : null,
    opts.showUploader && (file.uploadedBy || file.uploadedAt) ? h('p', { class: 'att-by' },
      [file.uploadedBy, file.uploadedAt ? formatDateTime(file.uploadedAt) + ' 上传' : null].filter(Boolean).join(' · ')) : null),
  opts.onDelete ? h('div', { class: 'att-actions' }, deleteButton(file, opts.onDelete)) : null);
}

function deleteButton(file, onDelete) {
  const button = h('button', { class: 'btn danger att-delete', type: 'button', 'aria-label': '删除 ' + (file.name || '') }, '删除');
  button.addEventListener('click', function () {
    onDelete(file, button.closest('.att-row'), button);
  });
  return button;
}

/** Stored files as a list (ul.att-list), or `empty` text when there are none. */
export function renderFileList(files, options) {
  const list = Array.isArray(files) ? files : [];
  if (!list.length) {
    return (options && options.empty) ? h('p', { class: 'muted att-empty' }, options.empty) : null;
  }
  return h('ul', { class: 'att-list' + (options && options.listClass ? ' ' + options.listClass : '') },
    list.map(function (f) { return renderFileRow(f, options); }));
}

/** "单个文件不超过 50 MB，本次报送共不超过 200 MB、20 个文件；支持 …" */
export function limitsText(limits) {
  const l = limits || {};
  const parts = [];
  if (l.maxFileBytes) {
    parts.push('单个文件不超过 ' + formatBytes(l.maxFileBytes));
  }
  const total = [];
  if (l.maxTotalBytes) {
    total.push(formatBytes(l.maxTotalBytes));
  }
  if (l.maxCount) {
    total.push(l.maxCount + ' 个文件');
  }
  if (total.length) {
    parts.push('本次报送共不超过 ' + total.join('、'));
  }
  let text = parts.join('，');
  if (l.typesLabel) {
    text += (text ? '；' : '') + '支持 ' + l.typesLabel;
  }
  return text ? text + '。' : '';
}

/* ------------------------------------------------------------------ the task form's section */

/**
 * The attachments section of a task form. → {element, busy(), failed(), count(), destroy()}:
 * busy() is the number of files still waiting or being sent.
 */
export function createAttachments(options) {
  const readOnly = !!options.readOnly;
  const base = '/api/unit/tasks/' + encodeURIComponent(options.taskId) + '/attachments';
  const data = options.attachments || {};
  const limits = data.limits || {};
  let usedBytes = Number(data.usedBytes) || 0;
  let destroyed = false;
  let active = 0;
  const uploads = [];   // {file, state: 'queued'|'uploading'|'failed', row, handle, csrfRetried}

  const list = h('ul', { id: 'att-list', class: 'att-list', 'aria-live': 'polite' });
  const usage = h('p', { class: 'att-usage small', id: 'att-usage' });
  const input = readOnly ? null : h('input', {
    id: 'att-input', class: 'att-input', type: 'file', multiple: true, accept: limits.accept || null
  });
  const addLabel = readOnly ? null : h('label', { class: 'btn primary att-add', for: 'att-input' },
    h('span', { class: 'att-add-plus', 'aria-hidden': 'true' }, '＋'), h('span', { class: 'att-add-text' }, '添加照片、视频或文件'));
  const limitsLine = readOnly ? null : limitsText(limits);

  const element = h('section', { id: 'attachments', class: 'card attachments', 'aria-labelledby': 'att-title' },
    h('h2', { id: 'att-title', class: 'att-title' }, '附件（照片、视频、文档）'),
    readOnly ? null : h('p', { class: 'muted small att-hint' }, '附件在点击“提交”时随本次报送一并提交；提交前可删除。'),
    readOnly ? null : h('div', { class: 'att-add-wrap' }, input, addLabel),
    limitsLine ? h('p', { class: 'muted small att-limits' }, limitsLine) : null,
    usage,
    list);

  for (const file of data.files || []) {
    list.appendChild(storedRow(file));
  }
  update();

  if (!readOnly) {
    input.addEventListener('change', function () {
      addFiles(input.files);
      input.value = '';
    });
    // desktop: files dropped on the section
    element.addEventListener('dragover', function (event) {
      if (event.dataTransfer && Array.prototype.indexOf.call(event.dataTransfer.types || [], 'Files') >= 0) {
        event.preventDefault();
        element.classList.add('att-drop');
      }
    });
    element.addEventListener('dragleave', function (event) {
      if (!element.contains(event.relatedTarget)) {
        element.classList.remove('att-drop');
      }
    });
    element.addEventListener('drop', function (event) {
      element.classList.remove('att-drop');
      if (event.dataTransfer && event.dataTransfer.files && event.dataTransfer.files.length) {
        event.preventDefault();
        addFiles(event.dataTransfer.files);
      }
    });
  }

  function storedRow(file) {
    return renderFileRow(file, readOnly ? { showUploader: true } : { onDelete: askDelete });
  }

  function storedRows() {
    return Array.prototype.filter.call(list.children, function (row) { return row.dataset.state === 'done'; });
  }

  function count() {
    return storedRows().length;
  }

  function busy() {
    return uploads.filter(function (u) { return u.state === 'queued' || u.state === 'uploading'; }).length;
  }

  function failed() {
    return uploads.filter(function (u) { return u.state === 'failed'; }).length;
  }

  /** The usage line, and the add button off at the count limit. */
  function update() {
    const n = count();
    const sending = busy();
    let text = n ? '已上传 ' + n + ' 个文件，共 ' + formatBytes(usedBytes) : (readOnly ? '没有附件。' : '还没有上传附件。');
    if (sending) {
      text += '；' + sending + ' 个文件正在上传';
    }
    usage.textContent = text;
    if (!readOnly) {
      const full = limits.maxCount && n >= limits.maxCount;
      input.disabled = !!full;
      addLabel.classList.toggle('disabled', !!full);
      addLabel.lastChild.textContent = full ? '已达 ' + limits.maxCount + ' 个文件的上限' : '添加照片、视频或文件';
    }
  }

  function addFiles(fileList) {
    for (const file of Array.prototype.slice.call(fileList || [])) {
      const entry = { file: file, state: 'queued', row: null, handle: null, csrfRetried: false };
      entry.row = h('li', { class: 'att-row att-upload', dataset: { state: 'queued', name: file.name || '' } });
      uploads.push(entry);
      list.appendChild(entry.row);
      renderUpload(entry);
    }
    update();
    pump();
  }

  /** Why a file cannot be sent now (the server checks again), or null. */
  function precheck(file) {
    const inFlight = uploads.filter(function (u) { return u.state === 'uploading'; });
    const inFlightBytes = inFlight.reduce(function (sum, u) { return sum + (u.file.size || 0); }, 0);
    if (!file.size) {
      return '文件是空的（0 字节），无法上传。';
    }
    if (limits.maxFileBytes && file.size > limits.maxFileBytes) {
      return '文件大小 ' + formatBytes(file.size) + '，超过单个文件 ' + formatBytes(limits.maxFileBytes)
        + ' 的上限。视频请剪短或压缩后再上传。';
    }
    if (limits.maxCount && count() + inFlight.length >= limits.maxCount) {
      return '本次报送最多 ' + limits.maxCount + ' 个文件，请先删除不需要的文件。';
    }
    if (limits.maxTotalBytes && usedBytes + inFlightBytes + file.size > limits.maxTotalBytes) {
      return '本次报送的附件共不能超过 ' + formatBytes(limits.maxTotalBytes) + '（已上传 '
        + formatBytes(usedBytes) + '），请先删除不需要的文件，或压缩后再上传。';
    }
    return null;
  }

  function pump() {
    while (!destroyed && active < PARALLEL) {
      const next = uploads.find(function (u) { return u.state === 'queued'; });
      if (!next) {
        break;
      }
      start(next);
    }
    update();
  }

  async function start(entry) {
    const problem = precheck(entry.file);
    if (problem) {
      fail(entry, problem);
      return;
    }
    entry.state = 'uploading';
    renderUpload(entry);
    active++;
    const path = base + '?name=' + encodeURIComponent(entry.file.name || 'file');
    entry.handle = api.upload(path, entry.file, function (loaded, total) {
      progress(entry, loaded, total);
    });
    const res = await entry.handle.promise;
    active--;
    entry.handle = null;
    if (destroyed || entry.state !== 'uploading') {
      // cancelled meanwhile (the row is gone)
      pump();
      return;
    }
    if (res.ok && res.body && res.body.id) {
      const stored = res.body;
      usedBytes += Number(stored.size) || entry.file.size || 0;
      const row = storedRow(stored);
      entry.row.replaceWith(row);
      drop(entry);
    } else if (res.status === 403 && !entry.csrfRetried) {
      // the session's CSRF token changed (signed in again in another tab): fetch it, send again
      entry.csrfRetried = true;
      const me = await api.get('/api/unit/me');
      if (destroyed || entry.state !== 'uploading') {
        pump();
        return;
      }
      if (me.ok && me.body && me.body.csrfToken) {
        api.setCsrfToken(me.body.csrfToken);
        entry.state = 'queued';
        renderUpload(entry);
      } else {
        fail(entry, res.body.message);
      }
    } else if (res.status === 401) {
      fail(entry, '登录已失效，请重新登录后再上传。', null, true);
    } else {
      fail(entry, res.body.message, res.body.problems);
      if (res.status === 409) {
        refresh();
      }
    }
    pump();
  }

  function drop(entry) {
    const i = uploads.indexOf(entry);
    if (i >= 0) {
      uploads.splice(i, 1);
    }
  }

  function fail(entry, message, problems, signIn) {
    entry.state = 'failed';
    entry.message = message || '上传未成功，请重试。';
    entry.problems = (Array.isArray(problems) ? problems : []).filter(function (p) {
      return typeof p === 'string' && p && p !== entry.message;
    });
    entry.signIn = !!signIn;
    renderUpload(entry);
    update();
  }

  function progress(entry, loaded, total) {
    const bar = entry.row.querySelector('.att-progress');
    const status = entry.row.querySelector('.att-status');
    if (!bar || !status) {
      return;
    }
    const percent = total ? Math.min(100, Math.floor(loaded * 100 / total)) : 0;
    bar.value = percent;
    bar.setAttribute('aria-valuetext', percent + '%');
    entry.row.dataset.progress = String(percent);
    status.textContent = loaded >= total ? '正在处理…' : '正在上传 ' + percent + '%（' + formatBytes(loaded) + ' / ' + formatBytes(total) + '）';
  }

  function renderUpload(entry) {
    const row = entry.row;
    const file = entry.file;
    clear(row);
    row.dataset.state = entry.state;
    delete row.dataset.progress;
    const info = h('div', { class: 'att-info' },
      h('span', { class: 'att-name' }, file.name || '（未命名文件）'),
      h('p', { class: 'att-meta' }, formatBytes(file.size)));
    const actions = h('div', { class: 'att-actions' });
    if (entry.state === 'failed') {
      info.appendChild(h('p', { class: 'att-error', role: 'alert' }, entry.message));
      if (entry.problems.length) {
        info.appendChild(h('ul', { class: 'att-problems' }, entry.problems.map(function (p) { return h('li', null, p); })));
      }
      if (entry.signIn) {
        info.appendChild(h('p', { class: 'small' }, h('a', { href: '/unit/login' }, '重新登录')));
      }
      const retry = h('button', { class: 'btn att-retry', type: 'button', 'aria-label': '重试 ' + (file.name || '') }, '重试');
      const remove = h('button', { class: 'btn att-remove', type: 'button', 'aria-label': '移除 ' + (file.name || '') }, '移除');
      retry.addEventListener('click', function () {
        entry.state = 'queued';
        entry.csrfRetried = false;
        renderUpload(entry);
        pump();
      });
      remove.addEventListener('click', function () {
        drop(entry);
        row.remove();
        update();
      });
      actions.appendChild(retry);
      actions.appendChild(remove);
    } else {
      const bar = h('progress', { class: 'att-progress', max: '100', 'aria-label': '上传进度 ' + (file.name || '') });
      if (entry.state === 'uploading') {
        bar.value = 0;
        row.dataset.progress = '0';
      }
      // a queued row's bar stays indeterminate until its turn
      info.appendChild(h('div', { class: 'att-progress-line' },
        bar, h('span', { class: 'att-status' }, entry.state === 'queued' ? '等待上传…' : '正在上传 0%')));
      const cancel = h('button', { class: 'btn att-cancel', type: 'button', 'aria-label': '取消上传 ' + (file.name || '') }, '取消');
      cancel.addEventListener('click', function () {
        const handle = entry.handle;
        entry.state = 'cancelled';
        drop(entry);
        row.remove();
        if (handle) {
          handle.abort();
        }
        update();
        pump();
      });
      actions.appendChild(cancel);
    }
    append(row, [h('span', { class: 'att-preview', 'aria-hidden': 'true' }, kindIcon(guessKind(file.type))), info, actions]);
  }

  function askDelete(file, row, button) {
    if (!row || row.querySelector('.att-confirm')) {
      return;
    }
    const yes = h('button', { class: 'btn danger primary att-delete-confirm', type: 'button' }, '确定删除');
    const no = h('button', { class: 'btn att-delete-cancel', type: 'button' }, '取消');
    const message = h('p', { class: 'att-error', role: 'alert', hidden: true });
    const panel = h('div', { class: 'att-confirm' },
      h('p', null, '删除“' + (file.name || '') + '”？删除后不会随报送提交。'),
      message,
      h('div', { class: 'actions' }, yes, no));
    button.hidden = true;
    row.appendChild(panel);
    yes.focus();
    no.addEventListener('click', function () {
      panel.remove();
      button.hidden = false;
      button.focus();
    });
    yes.addEventListener('click', async function () {
      yes.disabled = true;
      no.disabled = true;
      const path = base + '/' + encodeURIComponent(file.id);
      let res = await api.del(path);
      if (res.status === 403) {
        const me = await api.get('/api/unit/me');
        if (me.ok && me.body && me.body.csrfToken) {
          api.setCsrfToken(me.body.csrfToken);
          res = await api.del(path);
        }
      }
      if (destroyed) {
        return;
      }
      if (res.ok || res.status === 404) {
        const focusNext = row.nextElementSibling || row.previousElementSibling;
        row.remove();
        if (res.ok) {
          usedBytes = Math.max(0, usedBytes - (Number(file.size) || 0));
        }
        update();
        if (res.status === 404) {
          refresh();
        }
        const target = focusNext && focusNext.querySelector('button:not([hidden])');
        (target || (input && !input.disabled ? input : element.querySelector('h2'))).focus({ preventScroll: true });
        return;
      }
      message.textContent = res.status === 401 ? '登录已失效，请重新登录。' : res.body.message;
      message.hidden = false;
      yes.disabled = false;
      no.disabled = false;
    });
  }

  /** The stored files again from the server (after a refusal that may mean they changed). */
  async function refresh() {
    const res = await api.get(base);
    if (destroyed || !res.ok || !res.body) {
      return;
    }
    usedBytes = Number(res.body.usedBytes) || 0;
    for (const row of storedRows()) {
      if (!row.querySelector('.att-confirm')) {
        row.remove();
      }
    }
    const present = new Set(storedRows().map(function (row) { return row.dataset.id; }));
    const firstUpload = Array.prototype.find.call(list.children, function (row) { return row.dataset.state !== 'done'; }) || null;
    for (const file of res.body.files || []) {
      if (!present.has(file.id)) {
        list.insertBefore(storedRow(file), firstUpload);
      }
    }
    update();
  }

  function destroy() {
    destroyed = true;
    for (const entry of uploads) {
      if (entry.handle) {
        entry.handle.abort();
      }
    }
  }

  return { element: element, busy: busy, failed: failed, count: count, destroy: destroy, refresh: refresh };
}
