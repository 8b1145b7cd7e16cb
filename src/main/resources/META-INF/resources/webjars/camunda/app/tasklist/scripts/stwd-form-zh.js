/*
 * form-js (the Camunda Forms renderer bundled in Tasklist 7.24) has its messages and buttons in
 * English only: "Field is required.", "Add new", "Expand all (3)", date placeholders. When the
 * Tasklist runs in Chinese (the same rule as its own locale: every browser language but English),
 * this translates them in place as form-js renders them.
 */
const language = ((navigator.languages && navigator.languages[0]) || navigator.language || '').split('-')[0].toLowerCase();

const TEXTS = [
  [/^Field is required\.$/, '此项为必填项。'],
  [/^Field must be a valid email\.$/, '请输入有效的电子邮箱地址。'],
  [/^Field must be a valid {1,2}international phone number\..*$/, '请输入有效的国际电话号码。'],
  [/^Field must have maximum length of (\d+)\.$/, '最多 $1 个字符。'],
  [/^Field must have minimum length of (\d+)\.$/, '至少 $1 个字符。'],
  [/^Field must have maximum value of (.+)\.$/, '不能大于 $1。'],
  [/^Field must have minimum value of (.+)\.$/, '不能小于 $1。'],
  [/^Field must match pattern .*$/, '格式不正确。'],
  [/^Add new$/, '添加一项'],
  [/^Expand all \((\d+)\)$/, '展开全部（$1）'],
  [/^Collapse$/, '收起'],
  [/^No results$/, '无匹配项'],
  [/^Search$/, '搜索'],
  [/^Select$/, '请选择']
];
const ATTRIBUTES = {
  'Remove item': '删除此项',
  'Delete item': '删除此项',
  'Search': '搜索',
  'Select': '请选择',
  'mm/dd/yyyy': '月/日/年',
  'hh:mm': '时:分'
};

function translateText(node) {
  const text = node.nodeValue;
  if (!text || !/[A-Za-z]/.test(text)) {
    return;
  }
  const trimmed = text.trim();
  for (const [pattern, replacement] of TEXTS) {
    if (pattern.test(trimmed)) {
      node.nodeValue = text.replace(trimmed, trimmed.replace(pattern, replacement));
      return;
    }
  }
}

function translateAttributes(element) {
  for (const name of ['placeholder', 'title', 'aria-label']) {
    const value = element.getAttribute && element.getAttribute(name);
    if (value && ATTRIBUTES[value]) {
      element.setAttribute(name, ATTRIBUTES[value]);
    }
  }
}

function translateTree(root) {
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

if (language !== 'en') {
  const observer = new MutationObserver(function (mutations) {
    for (const m of mutations) {
      if (m.type === 'characterData') {
        translateText(m.target);
      } else if (m.type === 'attributes') {
        translateAttributes(m.target);
      } else {
        m.addedNodes.forEach(function (n) {
          if (n.nodeType === Node.TEXT_NODE || (n.closest && n.closest('.fjs-container')) || (n.querySelector && n.querySelector('.fjs-container'))) {
            translateTree(n);
          }
        });
      }
    }
  });
  observer.observe(document.body, {
    subtree: true,
    childList: true,
    characterData: true,
    attributes: true,
    attributeFilter: ['placeholder', 'title', 'aria-label']
  });
}

export default [];
