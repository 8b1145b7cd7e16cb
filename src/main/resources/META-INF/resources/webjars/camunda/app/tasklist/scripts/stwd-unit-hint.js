/*
 * Unit contacts report through their own page (/unit/), not Tasklist: the login form says so, so a
 * contact who lands here is not left with "no permission".
 */
const HINT_ID = 'stwd-unit-hint';

function addHint() {
  const password = document.querySelector('form input[type=password]');
  if (!password || document.getElementById(HINT_ID)) {
    return;
  }
  const form = password.closest('form');
  const hint = document.createElement('p');
  hint.id = HINT_ID;
  hint.style.cssText = 'margin:16px auto 0;max-width:360px;font-size:13px;color:#4b5563;text-align:center;line-height:1.6;';
  hint.append('本任务列表供学会工作人员和领导使用。各单位联系人请打开邮件中的登录链接，或前往 ');
  const link = document.createElement('a');
  link.href = '/unit/login';
  link.textContent = '单位报送页面';
  hint.append(link, ' 报送。');
  form.after(hint);
}

new MutationObserver(addHint).observe(document.body, { childList: true, subtree: true });
addHint();

export default [];
