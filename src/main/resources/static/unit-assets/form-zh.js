/*
 * Chinese for form-js (@bpmn-io/form-js 1.15.3), whose messages, buttons and placeholders are in
 * English only ("Field is required.", "Add new", "Expand all (3)", "Remove list item 2", date
 * placeholders such as "yyyy-mm-dd"). form-js has no message catalogue, so the texts are translated
 * in place as form-js renders them: a MutationObserver watches the page and rewrites text nodes and
 * the placeholder / title / aria-label attributes inside form-js containers (.fjs-container) and
 * flatpickr calendars.
 *
 * This is the same approach as Tasklist's scripts/stwd-form-zh.js, written as an ES module with
 * exports so that one table can serve both: the unit page imports it; Tasklist's script can become
 *   import { watchFormJs } from '/unit-assets/form-zh.js';
 *   if (language !== 'en') { watchFormJs(document.body); }
 *   export default [];
 * It also holds flatpickr's Chinese calendar texts (month and weekday names, Monday first).
 */

/** Whole texts (trimmed), as form-js renders them. */
export const TEXTS = [
  [/^Field is required\.$/, '此项为必填项。'],
  [/^Field must be a valid email\.$/, '请输入有效的电子邮箱地址。'],
  [/^Field must be a valid {1,2}international phone number\..*$/, '请输入有效的国际电话号码。'],
  [/^Field must have maximum length of (\d+)\.$/, '最多 $1 个字符。'],
  [/^Field must have minimum length of (\d+)\.$/, '至少 $1 个字符。'],
  [/^Field must have maximum value of (.+)\.$/, '不能大于 $1。'],
  [/^Field must have minimum value of (.+)\.$/, '不能小于 $1。'],
  [/^Field must match pattern .*$/, '格式不正确。'],
  [/^Value is not a number\.$/, '请输入数字。'],
  [/^Value is expected to be an integer\.$/, '请输入整数。'],
  [/^Value is expected to have at most (\d+) decimal digits?\.$/, '最多 $1 位小数。'],
  [/^Date and time must both be entered\.$/, '日期和时间都需要填写。'],
  [/^Add new$/, '添加一项'],
  [/^Expand all \((\d+)\)$/, '展开全部（$1）'],
  [/^Collapse$/, '收起'],
  [/^No results$/, '无匹配项'],
  [/^All values selected$/, '已全部选择'],
  [/^Search$/, '搜索'],
  [/^Select$/, '请选择'],
  [/^No options source defined in the form definition$/, '没有可选项'],
  [/^No files selected$/, '未选择文件'],
  [/^Browse$/, '浏览']
];

/** Parts of longer texts: hints of forms deployed before 2026-12 name form-js's English button. */
export const PARTS = [
  [/“Add new”/g, '“添加一项”'],
  [/"Add new"/g, '“添加一项”']
];

/** Attribute values (placeholder, title, aria-label). */
export const ATTRIBUTES = [
  [/^Remove (?:list )?item (\d+)$/, '删除第 $1 项'],
  [/^(?:Remove|Delete) item$/, '删除此项'],
  [/^Remove tag$/, '删除'],
  [/^Increment$/, '加一'],
  [/^Decrement$/, '减一'],
  [/^Search$/, '搜索'],
  [/^Select$/, '请选择'],
  [/^hh:mm( --)?$/, '时:分'],
  // date placeholders as form-js derives them from a locale: yyyy-mm-dd, mm/dd/yyyy, dd.mm.yyyy …
  [/^(?=.*y)(?=.*m)(?=.*d)[ymd]+(?:[-/. ]+[ymd]+)+$/, function (format) {
    return format.replace(/y+/g, '年').replace(/m+/g, '月').replace(/d+/g, '日');
  }],
  // flatpickr
  [/^Year$/, '年份'],
  [/^Month$/, '月份'],
  [/^Hour$/, '时'],
  [/^Minute$/, '分']
];

const ATTRIBUTE_NAMES = ['placeholder', 'title', 'aria-label'];

function translate(table, value) {
  for (const [pattern, replacement] of table) {
    if (pattern.test(value)) {
      return value.replace(pattern, replacement);
    }
  }
  return null;
}

export function translateText(node) {
  const text = node.nodeValue;
  if (!text || !/[A-Za-z]/.test(text)) {
    return;
  }
  const trimmed = text.trim();
  const whole = translate(TEXTS, trimmed);
  if (whole !== null) {
    node.nodeValue = text.replace(trimmed, whole);
    return;
  }
  let changed = text;
  for (const [pattern, replacement] of PARTS) {
    changed = changed.replace(pattern, replacement);
  }
  if (changed !== text) {
    node.nodeValue = changed;
  }
}

export function translateAttributes(element) {
  if (!element.getAttribute) {
    return;
  }
  for (const name of ATTRIBUTE_NAMES) {
    const value = element.getAttribute(name);
    if (value && /[A-Za-z]/.test(value)) {
      const translated = translate(ATTRIBUTES, value);
      if (translated !== null && translated !== value) {
        element.setAttribute(name, translated);
      }
    }
  }
}

export function translateTree(root) {
  if (root.nodeType === Node.TEXT_NODE) {
    translateText(root);
    return;
  }
  if (root.nodeType !== Node.ELEMENT_NODE) {
    return;
  }
  translateAttributes(root);
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
  let node;
  while ((node = walker.nextNode())) {
    if (node.nodeType === Node.TEXT_NODE) {
      translateText(node);
    } else {
      translateAttributes(node);
    }
  }
}

const FORM_JS = '.fjs-container, .flatpickr-calendar';

function insideFormJs(node) {
  const element = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
  return !!element && (!!element.closest(FORM_JS) || !!element.querySelector(FORM_JS));
}

/**
 * Translates form-js's texts under root now and whenever form-js renders. Returns the observer
 * (call disconnect() to stop).
 */
export function watchFormJs(root) {
  root.querySelectorAll(FORM_JS).forEach(translateTree);
  const observer = new MutationObserver(function (mutations) {
    for (const m of mutations) {
      if (m.type === 'characterData') {
        if (insideFormJs(m.target)) {
          translateText(m.target);
        }
      } else if (m.type === 'attributes') {
        if (insideFormJs(m.target)) {
          translateAttributes(m.target);
        }
      } else {
        m.addedNodes.forEach(function (n) {
          if (insideFormJs(n)) {
            translateTree(n);
          }
        });
      }
    }
  });
  observer.observe(root, {
    subtree: true,
    childList: true,
    characterData: true,
    attributes: true,
    attributeFilter: ATTRIBUTE_NAMES
  });
  return observer;
}

/** flatpickr's calendar in Chinese, weeks starting on Monday. */
export const FLATPICKR_ZH = {
  weekdays: {
    shorthand: ['日', '一', '二', '三', '四', '五', '六'],
    longhand: ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六']
  },
  months: {
    shorthand: ['1月', '2月', '3月', '4月', '5月', '6月', '7月', '8月', '9月', '10月', '11月', '12月'],
    longhand: ['1月', '2月', '3月', '4月', '5月', '6月', '7月', '8月', '9月', '10月', '11月', '12月']
  },
  firstDayOfWeek: 1,
  rangeSeparator: ' 至 ',
  weekAbbreviation: '周',
  scrollTitle: '滚动切换',
  toggleTitle: '点击切换',
  yearAriaLabel: '年份',
  monthAriaLabel: '月份',
  hourAriaLabel: '时',
  minuteAriaLabel: '分',
  time_24hr: true
};

/** Makes every flatpickr calendar created from now on Chinese. */
export function localizeFlatpickr(flatpickr) {
  if (flatpickr && typeof flatpickr.localize === 'function') {
    flatpickr.localize(FLATPICKR_ZH);
  }
}
