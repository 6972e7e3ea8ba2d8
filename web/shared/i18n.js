// The console's and the dashboard's language (English or Dutch, the agent's choice, remembered in
// the browser) and dates and times the way people read them: 24-hour clock without seconds,
// "today" and "yesterday". Each page adds its own texts (texts.js) with BalieI18n.add.
window.BalieI18n = (() => {
  'use strict';

  const TEXTS = { en: {}, nl: {} };

  const KEY = 'balie.language';
  let language = localStorage.getItem(KEY) || ((navigator.language || 'en').toLowerCase().startsWith('nl') ? 'nl' : 'en');
  if (!TEXTS[language]) language = 'en';

  const locale = () => (language === 'nl' ? 'nl-NL' : 'en-GB');

  /** A text in the agent's language, `{placeholders}` filled; a `{one, other}` text picks by `count`. */
  function t(key, values = {}) {
    let text = TEXTS[language][key] ?? TEXTS.en[key] ?? key;
    if (typeof text === 'object' && 'other' in text) text = values.count === 1 ? text.one : text.other;
    return typeof text === 'string' ? text.replace(/\{(\w+)\}/g, (_, name) => (values[name] !== undefined ? String(values[name]) : `{${name}}`)) : text;
  }

  /** A group of texts (reasons, states, channels) in the agent's language. */
  const group = (key) => TEXTS[language][key] ?? TEXTS.en[key];

  const dayStart = (date) => new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime();

  /** "14:05" today, "yesterday 14:05", "Mon 30 Nov 14:05" this year, with the year before that. */
  function when(iso) {
    const date = new Date(iso);
    const time = date.toLocaleTimeString(locale(), { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    const days = Math.round((dayStart(new Date()) - dayStart(date)) / 86_400_000);
    if (days === 0) return `${t('today')} ${time}`;
    if (days === 1) return `${t('yesterday')} ${time}`;
    const sameYear = date.getFullYear() === new Date().getFullYear();
    const day = date.toLocaleDateString(locale(), { weekday: 'short', day: 'numeric', month: 'short', ...(sameYear ? {} : { year: 'numeric' }) });
    return `${day} ${time}`;
  }

  /** Just the time of day ("14:05"), for lines of a conversation that is going on. */
  function time(iso) {
    return new Date(iso).toLocaleTimeString(locale(), { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  }

  /** "less than a minute", "4 min", "1 h 12 min". */
  function duration(ms) {
    const minutes = Math.floor(Math.max(0, ms) / 60_000);
    if (minutes < 1) return t('lessThanMinute');
    if (minutes < 60) return t('minutes', { count: minutes });
    return t('hoursMinutes', { hours: Math.floor(minutes / 60), minutes: minutes % 60 });
  }

  /** Puts the texts of the page's data-i18n elements in the agent's language. */
  function translatePage(root = document) {
    document.documentElement.lang = language;
    for (const node of root.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
    for (const select of root.querySelectorAll('.language-choice')) select.value = language;
  }

  return {
    /** Adds a page's texts: `{ en: {...}, nl: {...} }`. */
    add(texts) {
      for (const lang of Object.keys(TEXTS)) Object.assign(TEXTS[lang], texts[lang]);
    },
    t,
    group,
    when,
    time,
    duration,
    translatePage,
    get language() {
      return language;
    },
    /** Switches and remembers the agent's language. */
    setLanguage(next) {
      if (!TEXTS[next]) return;
      language = next;
      localStorage.setItem(KEY, next);
      translatePage();
    },
  };
})();
