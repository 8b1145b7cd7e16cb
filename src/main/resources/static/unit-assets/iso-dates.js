/*
 * Dates as YYYY-MM-DD on the unit page, whatever the browser's language.
 *
 * Why: form-js 1.15.3 (the date field of forms/*.form) derives the date format it shows, parses
 * typed input with and offers as placeholder from the browser's locale: getLocaleDateFormat() calls
 * new Intl.DateTimeFormat('default').formatToParts(...) and turns the parts into a flatpickr format
 * (en-US: m/d/Y, zh-CN: Y/n/j, de-DE: d.m.Y ...). A contact who types 2026-12-21 into an en-US
 * browser got another date. form-js has no option for the format.
 *
 * What: this classic script must run BEFORE vendor/form-viewer.umd.js. It replaces
 * Intl.DateTimeFormat with a transparent Proxy that changes exactly one thing: a call whose locale
 * argument is the literal string 'default' (the call form-js makes, and nothing else in the page
 * or in the bundle; luxon and our own code pass a real locale or none) gets an ISO-style locale
 * instead, the first of sv-SE / en-CA / lt-LT whose short date really is 2020-06-05. form-js then
 * uses the flatpickr format Y-m-d and the placeholder yyyy-mm-dd (translated to 年-月-日). Every
 * other call, instanceof, supportedLocalesOf and the prototype stay untouched. If no such locale is
 * available (a browser without full ICU data), nothing is changed.
 *
 * The value form-js stores and submits is ISO (YYYY-MM-DD) in any case; this only fixes what is
 * shown and how typed text is read. The calendar's Chinese month and weekday names (Monday first)
 * come from flatpickr.localize() in form-zh.js, applied by unit.js once the bundle has loaded.
 */
(function () {
  'use strict';
  var Original = window.Intl && Intl.DateTimeFormat;
  if (!Original || typeof Proxy !== 'function' || Original.__stwdIsoDates) {
    return;
  }

  function isIsoLike(locale) {
    try {
      var parts = new Original(locale, { timeZone: 'UTC' }).formatToParts(new Date(Date.UTC(2020, 5, 5, 12)));
      return parts.map(function (p) { return p.value; }).join('') === '2020-06-05'
        && parts.filter(function (p) { return p.type !== 'literal'; })
          .map(function (p) { return p.type; }).join(',') === 'year,month,day';
    } catch (e) {
      return false;
    }
  }

  var iso = ['sv-SE', 'en-CA', 'lt-LT'].filter(isIsoLike)[0];
  if (!iso) {
    return;
  }

  function swap(args) {
    if (args.length > 0 && args[0] === 'default') {
      args = Array.prototype.slice.call(args);
      args[0] = iso;
    }
    return args;
  }

  var Patched = new Proxy(Original, {
    construct: function (target, args, newTarget) {
      return Reflect.construct(target, swap(args), newTarget === Patched ? target : newTarget);
    },
    apply: function (target, thisArg, args) {
      return Reflect.apply(target, thisArg, swap(args));
    },
    get: function (target, key, receiver) {
      if (key === '__stwdIsoDates') {
        return iso;
      }
      return Reflect.get(target, key, receiver === Patched ? target : receiver);
    }
  });
  Object.defineProperty(Intl, 'DateTimeFormat', {
    value: Patched,
    writable: true,
    configurable: true,
    enumerable: false
  });
})();
