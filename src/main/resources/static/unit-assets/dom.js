/*
 * Small DOM and formatting helpers of the unit page. Everything from the server is put into the
 * page as text (textContent / text nodes), never as HTML.
 */

/**
 * h('p', {class: 'x', onclick: fn}, 'text', child, [more]) → element. Attributes whose value is
 * null, undefined or false are left out; children may be strings, nodes, arrays or null.
 */
export function h(tag, attrs, ...children) {
  const element = document.createElement(tag);
  if (attrs) {
    for (const [name, value] of Object.entries(attrs)) {
      if (value === null || value === undefined || value === false) {
        continue;
      }
      if (name.startsWith('on') && typeof value === 'function') {
        element.addEventListener(name.slice(2), value);
      } else if (name === 'class') {
        element.className = value;
      } else if (name === 'text') {
        element.textContent = value;
      } else if (name === 'dataset') {
        Object.assign(element.dataset, value);
      } else if (value === true) {
        element.setAttribute(name, '');
      } else {
        element.setAttribute(name, String(value));
      }
    }
  }
  append(element, children);
  return element;
}

export function append(parent, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    if (Array.isArray(child)) {
      append(parent, child);
    } else if (child instanceof Node) {
      parent.appendChild(child);
    } else {
      parent.appendChild(document.createTextNode(String(child)));
    }
  }
  return parent;
}

export function clear(element) {
  while (element.firstChild) {
    element.removeChild(element.firstChild);
  }
  return element;
}

const ISO_WALL = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?([+-]\d{2}:?\d{2})?$/;

function pad(n) {
  return String(n).padStart(2, '0');
}

/**
 * "2026-04-20T10:03:00+08:00" → "2026-04-20 10:03". A time with an offset is shown as the server
 * wrote it (its wall clock, the campaign's time zone); a UTC time ("…Z") in the browser's zone.
 */
export function formatDateTime(value) {
  if (!value) {
    return '';
  }
  const m = ISO_WALL.exec(String(value));
  if (m) {
    return m[1] + ' ' + m[2];
  }
  const date = new Date(value);
  if (isNaN(date.getTime())) {
    return String(value);
  }
  return date.getFullYear() + '-' + pad(date.getMonth() + 1) + '-' + pad(date.getDate()) + ' '
    + pad(date.getHours()) + ':' + pad(date.getMinutes());
}

/** "…T10:03:00+08:00" → "10:03" (same rule as formatDateTime). */
export function formatTime(value) {
  const full = formatDateTime(value);
  const m = /(\d{2}:\d{2})$/.exec(full);
  return m ? m[1] : full;
}

/** A date (YYYY-MM-DD) as it is; anything longer through formatDateTime. */
export function formatDate(value) {
  if (!value) {
    return '';
  }
  return /^\d{4}-\d{2}-\d{2}$/.test(String(value)) ? String(value) : formatDateTime(value);
}

/** daysLeft → {text: "还剩 N 天" | "今天截止" | "已逾期 N 天", level}. */
export function countdown(daysLeft) {
  if (typeof daysLeft !== 'number' || isNaN(daysLeft)) {
    return null;
  }
  if (daysLeft > 0) {
    return { text: '还剩 ' + daysLeft + ' 天', level: daysLeft <= 3 ? 'soon' : 'ok' };
  }
  if (daysLeft === 0) {
    return { text: '今天截止', level: 'today' };
  }
  return { text: '已逾期 ' + (-daysLeft) + ' 天', level: 'late' };
}

export function countdownElement(daysLeft) {
  const c = countdown(daysLeft);
  return c ? h('span', { class: 'countdown ' + c.level }, c.text) : null;
}

/** Text with e-mail addresses and phone numbers as mailto:/tel: links (built as nodes). */
export function linkify(text) {
  const nodes = [];
  const pattern = /([A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,})|((?:\+?\d[\d -]{5,}\d))/g;
  let last = 0;
  let m;
  const source = String(text || '');
  while ((m = pattern.exec(source))) {
    if (m.index > last) {
      nodes.push(source.slice(last, m.index));
    }
    if (m[1]) {
      nodes.push(h('a', { href: 'mailto:' + m[1] }, m[1]));
    } else {
      nodes.push(h('a', { href: 'tel:' + m[2].replace(/[ -]/g, '') }, m[2]));
    }
    last = m.index + m[0].length;
  }
  if (last < source.length) {
    nodes.push(source.slice(last));
  }
  return nodes;
}

/** Only http(s) links from the server become links. */
export function safeUrl(value) {
  try {
    const url = new URL(String(value), location.href);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch (e) {
    return null;
  }
}

/** 52428800 → "50 MB", 1536 → "1.5 KB", 300 → "300 字节" (1 KB = 1024 bytes, at most one decimal). */
export function formatBytes(bytes) {
  const n = Number(bytes);
  if (!isFinite(n) || n < 0) {
    return '';
  }
  if (n < 1024) {
    return n + ' 字节';
  }
  const units = ['KB', 'MB', 'GB'];
  let value = n / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const text = value >= 100 ? String(Math.round(value)) : String(Math.round(value * 10) / 10);
  return text + ' ' + units[unit];
}
