/*
 * The unit page's calls to /api/unit/ (docs/UNIT-PAGE.md): JSON in and out, same-origin cookies,
 * X-XSRF-TOKEN on changes (not on the sign-in calls under /api/unit/session/), the page's ?unit=
 * (HQ's read-only view of one unit) passed on to every GET and every file link (withUnit). Every
 * answer is normalised to {ok, status, body} with a Chinese body.message; a network failure is
 * status 0. upload() sends one file's raw bytes with XMLHttpRequest (for its progress events).
 */

export const NETWORK_MESSAGE = '网络或服务器暂时不可用，请稍后重试；已填写的内容未丢失';

const DEFAULT_MESSAGES = {
  400: '填写的内容有误，请检查后重试。',
  401: '登录已失效，请重新登录。',
  403: '没有权限进行此操作。',
  404: '未找到该事项：它可能已经处理完毕，或不属于本单位。',
  409: '该事项已经提交或已有变化，请返回首页查看最新情况。',
  429: '操作过于频繁，请稍后再试。',
  500: '服务器出错，请稍后重试。'
};

/** The unit code of HQ's read-only view (/unit/?unit=<code>), or null. */
export const VIEWED_UNIT = new URLSearchParams(location.search).get('unit');

let csrfToken = null;

export function setCsrfToken(token) {
  csrfToken = token || null;
}

/** A GET path or a file link (/api/unit/files/…) with the page's ?unit= (HQ's read-only view). */
export function withUnit(path) {
  if (!VIEWED_UNIT) {
    return path;
  }
  return path + (path.indexOf('?') >= 0 ? '&' : '?') + 'unit=' + encodeURIComponent(VIEWED_UNIT);
}

function isUnavailable(status) {
  return status === 0 || status === 502 || status === 503 || status === 504;
}

export async function request(method, path, body) {
  const headers = { Accept: 'application/json' };
  const init = { method, headers, credentials: 'same-origin', cache: 'no-store' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  if (method !== 'GET' && csrfToken && path.indexOf('/api/unit/session/') !== 0) {
    headers['X-XSRF-TOKEN'] = csrfToken;
  }
  let response;
  try {
    response = await fetch(method === 'GET' ? withUnit(path) : path, init);
  } catch (e) {
    return { ok: false, status: 0, body: { message: NETWORK_MESSAGE } };
  }
  let data = null;
  try {
    const text = await response.text();
    data = text ? JSON.parse(text) : null;
  } catch (e) {
    data = null;
  }
  if (!response.ok) {
    if (!data || typeof data !== 'object') {
      data = {};
    }
    if (isUnavailable(response.status)) {
      data.message = NETWORK_MESSAGE;
    } else if (typeof data.message !== 'string' || !data.message) {
      data.message = DEFAULT_MESSAGES[response.status] || DEFAULT_MESSAGES[500];
    }
  }
  return { ok: response.ok, status: response.status, body: data };
}

export const get = (path) => request('GET', path);
export const post = (path, body) => request('POST', path, body === undefined ? {} : body);
export const put = (path, body) => request('PUT', path, body);
export const del = (path) => request('DELETE', path);

const UPLOAD_MESSAGES = {
  0: '网络或服务器暂时不可用，文件未上传，请稍后点“重试”。',
  413: '文件太大，超过了上传上限。',
  415: '不支持这种类型的文件。'
};

/**
 * POSTs a File's raw bytes (not multipart) to path with its Content-Type and X-XSRF-TOKEN;
 * onProgress(loaded, total) while the bytes are sent. → {promise: {ok, status, body, aborted},
 * abort()}. The server's Chinese message is kept for every status (also 503: it says why).
 */
export function upload(path, file, onProgress) {
  const xhr = new XMLHttpRequest();
  const promise = new Promise(function (resolve) {
    function fail(status, aborted) {
      resolve({ ok: false, status: status, aborted: !!aborted, body: { message: UPLOAD_MESSAGES[0] } });
    }
    xhr.open('POST', path, true);
    xhr.withCredentials = true;
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Content-Type', file.type || 'application/octet-stream');
    if (csrfToken) {
      xhr.setRequestHeader('X-XSRF-TOKEN', csrfToken);
    }
    if (onProgress) {
      xhr.upload.onprogress = function (event) {
        onProgress(event.loaded, event.lengthComputable ? event.total : file.size);
      };
    }
    xhr.onerror = function () { fail(0); };
    xhr.ontimeout = function () { fail(0); };
    xhr.onabort = function () { fail(0, true); };
    xhr.onload = function () {
      const status = xhr.status;
      let data = null;
      try {
        data = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch (e) {
        data = null;
      }
      const ok = status >= 200 && status < 300;
      if (!ok) {
        if (!data || typeof data !== 'object') {
          data = {};
        }
        if (typeof data.message !== 'string' || !data.message) {
          data.message = UPLOAD_MESSAGES[status]
            || (isUnavailable(status) ? UPLOAD_MESSAGES[0] : DEFAULT_MESSAGES[status] || DEFAULT_MESSAGES[500]);
        }
      }
      resolve({ ok: ok, status: status, aborted: false, body: data });
    };
    xhr.send(file);
  });
  return { promise: promise, abort: function () { xhr.abort(); } };
}
