/* The board's 邮件发送 block: the selected campaign's mails (delivered, failed, uncertain) from
 * /api/campaigns/{code}/mails, and HQ's "retry now" for its failed mails (…/mails/retry).
 * Self-contained: it follows the campaign select of board.js. */
(function () {
  'use strict';
  const $ = (id) => document.getElementById(id);

  async function call(path, method) {
    const csrf = document.querySelector('meta[name="csrf-token"]');
    const response = await fetch('/api/campaigns/' + encodeURIComponent($('campaign').value) + path, {
      method: method || 'GET', credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-XSRF-TOKEN': csrf ? csrf.content : '' }
    });
    const body = await response.json();
    if (!response.ok) throw new Error(body.message || response.statusText);
    return body;
  }

  async function show() {
    if (!$('campaign').value) return;
    try {
      const m = await call('/mails');
      $('mailFigures').textContent = '已发送 ' + m.delivered + ' 封 · 发送失败待重试 ' + m.failed + ' 封'
        + ' · 发送中断、可能重复 ' + m.uncertain + ' 封' + (m.sending ? ' · 正在发送 ' + m.sending + ' 封' : '')
        + (m.failedJobs ? '（失败的发送任务 ' + m.failedJobs + ' 个，其中 ' + m.incidents + ' 个已成为故障）' : '');
      $('mailRetry').hidden = m.failedJobs === 0;
    } catch (e) {
      $('mailFigures').textContent = '邮件统计读取失败：' + e.message;
    }
  }

  async function retry() {
    $('mailRetry').disabled = true;
    try {
      $('mailRetryResult').textContent = (await call('/mails/retry', 'POST')).message;
    } catch (e) {
      $('mailRetryResult').textContent = '重试失败：' + e.message;
    } finally {
      $('mailRetry').disabled = false;
      setTimeout(show, 3000);
    }
  }

  $('mailRetry').addEventListener('click', retry);
  $('campaign').addEventListener('change', () => { $('mailRetryResult').textContent = ''; show(); });
  // board.js fills the campaign select once it has read the campaigns
  new MutationObserver(show).observe($('campaign'), { childList: true });
  show();
})();
