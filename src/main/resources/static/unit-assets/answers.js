/*
 * A submission's data as a clean, printable list, driven by the form's schema (forms/*.form):
 * every keyed field as "label: value", groups as sections, dynamic lists as numbered items.
 * Texts (instructions) and buttons are left out. A field missing from the data was hidden when
 * the unit submitted (form-js submits only the fields it shows) and is left out too; a field
 * submitted empty shows "（未填写）". Options of a select / radio / checklist are shown by label
 * (from the field's values, or from the data key named by valuesKey when the data carries it).
 */
import { h, formatDateTime } from './dom.js';

const NOT_SHOWN = new Set(['text', 'html', 'spacer', 'separator', 'image', 'button', 'iframe', 'table',
  'documentPreview', 'expression', 'filepicker']);

function getPath(object, path) {
  if (object === null || object === undefined || !path) {
    return undefined;
  }
  return String(path).split('.').reduce(function (value, key) {
    return value === null || value === undefined ? undefined : value[key];
  }, object);
}

function isEmpty(value) {
  return value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
}

function optionLabel(field, value, root) {
  const options = Array.isArray(field.values) ? field.values
    : (field.valuesKey && Array.isArray(getPath(root, field.valuesKey)) ? getPath(root, field.valuesKey) : null);
  if (options) {
    const option = options.find(function (o) { return o && o.value === value; });
    if (option && option.label) {
      return option.label;
    }
  }
  return String(value);
}

export function formatValue(field, value, root) {
  if (isEmpty(value)) {
    return h('span', { class: 'empty-value' }, '（未填写）');
  }
  switch (field.type) {
    case 'checkbox':
      return value ? '是' : '否';
    case 'select':
    case 'radio':
      return optionLabel(field, value, root);
    case 'checklist':
    case 'taglist':
      return (Array.isArray(value) ? value : [value]).map(function (v) { return optionLabel(field, v, root); }).join('、');
    case 'number': {
      const appearance = field.appearance || {};
      return (appearance.prefixAdorner ? appearance.prefixAdorner + ' ' : '') + String(value)
        + (appearance.suffixAdorner ? ' ' + appearance.suffixAdorner : '');
    }
    case 'datetime':
      return field.subtype === 'datetime' ? formatDateTime(value) : String(value);
    default:
      if (typeof value === 'object') {
        return JSON.stringify(value);
      }
      return String(value);
  }
}

function fieldLabel(field) {
  return field.label || field.dateLabel || field.timeLabel || field.key;
}

/** What names an item of a dynamic list: its first text answer (an activity by its name). */
function identity(field, item) {
  for (const c of field.components || []) {
    if (c && c.key && c.type === 'textfield') {
      const v = getPath(item, c.key);
      return typeof v === 'string' && v.trim() ? v.trim() : null;
    }
  }
  return null;
}

/**
 * Pairs each item of a list with the earlier submission's item it revises: the one of the same
 * name, else the one at the same place if nothing else claimed it; the rest are new, and the
 * earlier items left over were removed.
 */
function matchItems(field, items, earlierItems) {
  const used = new Array(earlierItems.length).fill(false);
  const earlierOf = items.map(function (item) {
    const name = identity(field, item);
    if (name === null) {
      return undefined;
    }
    const at = earlierItems.findIndex(function (e, i) { return !used[i] && identity(field, e) === name; });
    if (at < 0) {
      return undefined;
    }
    used[at] = true;
    return earlierItems[at];
  });
  const claimed = new Set(items.map(function (item) { return identity(field, item); }).filter(Boolean));
  items.forEach(function (item, index) {
    if (earlierOf[index] !== undefined) {
      return;
    }
    const e = earlierItems[index];
    // the same place, unless that earlier item lives on under its own name elsewhere
    if (index < earlierItems.length && !used[index] && !claimed.has(identity(field, e))) {
      used[index] = true;
      earlierOf[index] = e;
    } else {
      earlierOf[index] = null;
    }
  });
  const removed = [];
  earlierItems.forEach(function (e, i) {
    if (!used[i]) {
      removed.push({ index: i, name: identity(field, e) });
    }
  });
  return { earlierOf: earlierOf, removed: removed };
}

function same(a, b) {
  return JSON.stringify(isEmpty(a) ? null : a) === JSON.stringify(isEmpty(b) ? null : b);
}

/**
 * Appends the answers of `components` (with `scope` the data they read) to `parent`. With `before`
 * (the same part of an earlier submission, or null where it had none) every answer that differs is
 * marked and shows what it was.
 */
function renderInto(parent, components, scope, root, depth, before) {
  const comparing = before !== undefined;
  let list = null;
  for (const field of components || []) {
    if (!field || NOT_SHOWN.has(field.type)) {
      continue;
    }
    if (field.type === 'dynamiclist' && field.isRepeating !== false) {
      const items = getPath(scope, field.path);
      if (!Array.isArray(items)) {
        continue;
      }
      const earlier = comparing ? getPath(before, field.path) : undefined;
      const earlierItems = Array.isArray(earlier) ? earlier : [];
      const matched = comparing ? matchItems(field, items, earlierItems) : null;
      list = null;
      const section = h('section', { class: 'answers-group' },
        h(depth === 0 ? 'h3' : 'h4', null, (field.label || '列表') + '（共 ' + items.length + ' 项'
          + (comparing && earlierItems.length !== items.length ? '，原为 ' + earlierItems.length + ' 项' : '') + '）'));
      items.forEach(function (item, index) {
        const added = comparing && matched.earlierOf[index] === null;
        const box = h('div', { class: 'answers-item' + (added ? ' added' : '') },
          h('h4', null, '第 ' + (index + 1) + ' 项', added ? h('span', { class: 'change-tag' }, '新增') : null));
        renderInto(box, field.components, item || {}, root, depth + 1,
          comparing ? (added ? null : matched.earlierOf[index] || {}) : undefined);
        section.appendChild(box);
      });
      if (comparing && matched.removed.length) {
        section.appendChild(h('p', { class: 'answers-removed' },
          '删除了：' + matched.removed.map(function (r) {
            return r.name ? '“' + r.name + '”' : '原第 ' + (r.index + 1) + ' 项';
          }).join('、')));
      }
      parent.appendChild(section);
    } else if (Array.isArray(field.components)) {
      // group (or a non-repeating dynamic list): its own section, its path (if any) scopes the data
      const inner = field.path ? getPath(scope, field.path) : scope;
      if (inner === undefined || inner === null) {
        continue;
      }
      list = null;
      const section = h('section', { class: 'answers-group' });
      if (field.label) {
        section.appendChild(h(depth === 0 ? 'h3' : 'h4', null, field.label));
      }
      renderInto(section, field.components, inner, root, depth + 1,
        comparing ? (before && field.path ? getPath(before, field.path) || null : before) : undefined);
      if (section.querySelector('dl')) {
        parent.appendChild(section);
      }
    } else if (field.key) {
      const value = getPath(scope, field.key);
      if (value === undefined) {
        continue;
      }
      if (!list) {
        list = h('dl', { class: 'answers' });
        parent.appendChild(list);
      }
      const was = comparing && before ? getPath(before, field.key) : undefined;
      const changed = comparing && before && !same(value, was);
      list.appendChild(h('div', { class: 'row' + (changed ? ' changed' : '') },
        h('dt', null, fieldLabel(field), changed ? h('span', { class: 'change-tag' }, '已修改') : null),
        h('dd', null, formatValue(field, value, root),
          changed ? h('div', { class: 'was' }, '原为：', formatValue(field, was, root)) : null)));
    }
  }
}

/**
 * The answers of a submission. With `previous` (the data of the unit's earlier submission) the
 * answers that changed since are marked, with what they were, and added or removed items named.
 */
export function renderAnswers(schema, data, previous) {
  const container = h('div', { class: 'answers-root' });
  renderInto(container, schema && schema.components, data || {}, data || {}, 0,
    previous ? previous : undefined);
  if (!container.firstChild) {
    container.appendChild(h('p', { class: 'muted' }, '没有填报内容。'));
  }
  return container;
}
