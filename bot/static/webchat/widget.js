/*
 * 12345政务服务便民热线 — embeddable web-chat widget.
 * Embed with one tag: <script src="https://HOST/webchat/widget.js" async></script>
 * Plain ES2019, no dependencies, no build step. The only global is window.Hotline12345Widget.
 */
(function () {
  'use strict';
  if (window.Hotline12345Widget) return; // embedded twice: keep the first instance

  // Find our own <script>. currentScript is null in some edge cases, so fall back to the last matching tag.
  const script = document.currentScript || Array.from(document.getElementsByTagName('script'))
    .filter((s) => /\/webchat\/widget\.js(?:[?#].*)?$/.test(s.src)).pop();
  // The API lives on the same origin as the script, wherever the host page is.
  const base = script && script.src ? new URL(script.src, location.href).origin : location.origin;
  const attr = (name) => (script ? script.getAttribute(name) : null);

  const TITLE = attr('data-title') || '12345政务服务便民热线';
  const AUTO_OPEN = attr('data-open') === 'true';
  const SESSION_KEY = 'h12345.session';
  const HISTORY_KEY = 'h12345.history';
  const HISTORY_MAX = 50;
  const MAX_LEN = 2000;
  const COUNTER_FROM = MAX_LEN - 200; // only show the counter when it matters
  const SENDERS = ['citizen', 'bot', 'agent', 'system'];
  const WELCOME = '您好！这里是12345政务服务便民热线在线服务。您可以咨询政策、反映问题、查询工单进度，也可以输入“转人工”联系人工客服。' +
    '如遇火灾、治安、急救、交通事故等紧急情况，请直接拨打119、110、120、122。';

  // localStorage can throw (Safari private mode, blocked third-party storage in iframes): degrade to memory.
  function storage(area) {
    return {
      get(key) { try { return JSON.parse(window[area].getItem(key)); } catch (e) { return null; } },
      set(key, value) { try { window[area].setItem(key, JSON.stringify(value)); } catch (e) { /* memory only */ } },
      del(key) { try { window[area].removeItem(key); } catch (e) { /* memory only */ } },
    };
  }
  const store = storage('localStorage');
  // What the citizen wrote stays in this tab only, so it is not left behind on a shared computer.
  const tabStore = storage('sessionStorage');

  function loadSession() {
    const s = store.get(SESSION_KEY);
    if (!s || typeof s.session_id !== 'string' || typeof s.token !== 'string') return null;
    s.last_event_id = Number(s.last_event_id) || 0;
    return s;
  }

  let session = loadSession();
  let floorId = session ? session.last_event_id : 0; // events up to here were shown before the reload
  const seen = new Set(); // event ids shown since load (EventSource may replay after reconnecting)
  let history = [];
  let stream = null;
  let streamTimer = 0;
  let streamRetries = 0;
  let busy = false;
  let wantOpen = AUTO_OPEN;
  let root, launcher, panel, list, input, sendBtn, counter, typingRow;

  // ---------- small helpers ----------
  function el(tag, cls, props) {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    Object.keys(props || {}).forEach((k) => {
      if (k === 'text') node.textContent = props[k]; // never innerHTML: message text is untrusted
      else node.setAttribute(k, props[k]);
    });
    return node;
  }

  function icon() {
    const ns = 'http://www.w3.org/2000/svg';
    const svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('class', 'h12345-icon');
    const path = document.createElementNS(ns, 'path');
    path.setAttribute('d', 'M4 3h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H10l-5 4v-4H4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z');
    path.setAttribute('fill', 'currentColor');
    svg.appendChild(path);
    return svg;
  }

  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  // client_message_id must be a UUID v4; randomUUID only exists in secure contexts, so fall back.
  function uuid4() {
    const c = window.crypto;
    if (c && typeof c.randomUUID === 'function') return c.randomUUID();
    const b = new Uint8Array(16);
    if (c && c.getRandomValues) c.getRandomValues(b);
    else for (let i = 0; i < 16; i++) b[i] = Math.floor(Math.random() * 256);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }

  // ---------- DOM ----------
  function build() {
    // Hidden until our stylesheet arrives, so the host page never flashes unstyled markup.
    root = el('div', 'h12345-root', { style: 'visibility:hidden' });

    launcher = el('button', 'h12345-launcher', {
      type: 'button', 'data-testid': 'h12345-launcher', 'aria-label': '打开在线咨询',
      'aria-expanded': 'false', 'aria-controls': 'h12345-panel',
    });
    launcher.appendChild(icon());
    launcher.appendChild(el('span', 'h12345-launcher-label', { text: '在线咨询' }));
    launcher.appendChild(el('span', 'h12345-badge', { 'aria-hidden': 'true' }));

    panel = el('div', 'h12345-panel', { // div, not section: host pages often style semantic tags
     
      id: 'h12345-panel', role: 'dialog', 'aria-label': TITLE, 'data-testid': 'h12345-panel',
    });
    panel.hidden = true;

    const header = el('div', 'h12345-header');
    header.appendChild(el('div', 'h12345-title', { role: 'heading', 'aria-level': '2', text: TITLE }));
    const closeBtn = el('button', 'h12345-close', { type: 'button', 'aria-label': '关闭对话窗口', text: '×' });
    header.appendChild(closeBtn);

    list = el('div', 'h12345-list', { role: 'log', 'aria-live': 'polite', 'aria-label': '对话消息', tabindex: '0' });

    const composer = el('div', 'h12345-composer');
    input = el('textarea', 'h12345-input', {
      rows: '1', maxlength: String(MAX_LEN), 'data-testid': 'h12345-input',
      'aria-label': '输入您的问题', placeholder: '请输入您要咨询或反映的问题',
    });
    counter = el('span', 'h12345-counter', { 'aria-live': 'polite' });
    counter.hidden = true;
    sendBtn = el('button', 'h12345-send', { type: 'button', 'data-testid': 'h12345-send', 'aria-label': '发送消息', text: '发送' });
    sendBtn.disabled = true;
    composer.append(input, counter, sendBtn);

    panel.append(header, list, composer);
    root.append(panel, launcher);
    document.body.appendChild(root);

    launcher.addEventListener('click', () => (panel.hidden ? open() : close()));
    closeBtn.addEventListener('click', close);
    panel.addEventListener('keydown', (e) => { if (e.key === 'Escape') close(); });
    input.addEventListener('input', updateComposer);
    input.addEventListener('keydown', (e) => {
      // isComposing/229: Enter that confirms a pinyin candidate must not send the message.
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing && e.keyCode !== 229) {
        e.preventDefault();
        submit();
      }
    });
    sendBtn.addEventListener('click', submit);

    // Restore what the citizen saw before a reload (only meaningful while the session is still ours).
    if (session) {
      const saved = tabStore.get(HISTORY_KEY);
      history = (Array.isArray(saved) ? saved : [])
        .filter((m) => m && SENDERS.includes(m.sender) && typeof m.text === 'string')
        .slice(-HISTORY_MAX);
      history.forEach((m) => addMessage(m, false));
    } else {
      tabStore.del(HISTORY_KEY);
    }
  }

  function injectStylesheet(done) {
    const link = el('link', null, { rel: 'stylesheet', href: base + '/webchat/widget.css' });
    link.addEventListener('load', done);
    link.addEventListener('error', done); // show the widget anyway rather than never
    (document.head || document.documentElement).appendChild(link);
    setTimeout(done, 4000);
  }

  function scrollDown() { list.scrollTop = list.scrollHeight; }

  // Returns the row so callers can attach extra controls (e.g. the retry link).
  function addMessage(m, save) {
    const row = el('div', `h12345-row h12345-row--${m.sender}`);
    if (m.sender === 'agent') row.appendChild(el('span', 'h12345-label', { text: '人工客服' }));
    if (m.text) {
      row.appendChild(el('div', 'h12345-bubble', { 'data-testid': 'h12345-msg', 'data-sender': m.sender, text: m.text }));
    }
    if (Array.isArray(m.buttons) && m.buttons.length) row.appendChild(renderButtons(m.buttons));
    // Keep the typing indicator as the last item even when stream events arrive mid-request.
    list.insertBefore(row, typingRow && typingRow.parentNode === list ? typingRow : null);
    scrollDown();

    if (save !== false && m.text) {
      history.push({ sender: m.sender, text: m.text });
      history = history.slice(-HISTORY_MAX);
      tabStore.set(HISTORY_KEY, history);
    }
    if (save !== false && panel.hidden && m.sender !== 'citizen') launcher.classList.add('h12345-unread');
    return row;
  }

  function renderButtons(buttons) {
    const box = el('div', 'h12345-buttons', { role: 'group', 'aria-label': '快捷回复' });
    buttons.forEach((b) => {
      if (!b || !b.title) return;
      const btn = el('button', 'h12345-btn', { type: 'button', 'data-testid': 'h12345-button', text: String(b.title) });
      btn.addEventListener('click', () => {
        if (busy) return;
        // Intent payloads ("/affirm") go to the bot verbatim; anything else is sent as the visible title.
        const payload = typeof b.payload === 'string' && b.payload.startsWith('/') ? b.payload : String(b.title);
        box.querySelectorAll('button').forEach((x) => { x.disabled = true; }); // one answer per question
        send(payload, String(b.title));
      });
      box.appendChild(btn);
    });
    return box;
  }

  function showTyping(on) {
    if (on && !typingRow) {
      typingRow = el('div', 'h12345-row h12345-row--bot h12345-typing', { role: 'status', 'aria-label': '正在回复', 'data-testid': 'h12345-typing' });
      const dots = el('div', 'h12345-bubble h12345-dots');
      dots.append(el('span'), el('span'), el('span'));
      typingRow.appendChild(dots);
      list.appendChild(typingRow);
      scrollDown();
    } else if (!on && typingRow) {
      typingRow.remove();
      typingRow = null;
    }
  }

  function updateComposer() {
    const n = input.value.length;
    sendBtn.disabled = busy || !input.value.trim();
    counter.hidden = n < COUNTER_FROM;
    counter.textContent = counter.hidden ? '' : `${n}/${MAX_LEN}`;
    input.style.height = 'auto'; // grow with the text, up to the CSS max-height
    input.style.height = `${input.scrollHeight}px`;
  }

  function setBusy(value) {
    busy = value;
    root.classList.toggle('h12345-busy', value);
    updateComposer();
  }

  // ---------- open / close ----------
  function open() {
    wantOpen = true;
    if (!panel) return; // DOM not built yet; init() opens it
    panel.hidden = false;
    root.classList.add('h12345-open');
    launcher.classList.remove('h12345-unread');
    launcher.setAttribute('aria-expanded', 'true');
    launcher.setAttribute('aria-label', '关闭在线咨询');
    if (!list.querySelector('[data-testid="h12345-msg"]')) addMessage({ sender: 'bot', text: WELCOME });
    scrollDown();
    setTimeout(() => input.focus(), 0);
  }

  function close() {
    wantOpen = false;
    if (!panel) return;
    const hadFocus = panel.contains(document.activeElement);
    panel.hidden = true;
    root.classList.remove('h12345-open');
    launcher.setAttribute('aria-expanded', 'false');
    launcher.setAttribute('aria-label', '打开在线咨询');
    if (hadFocus) launcher.focus();
  }

  // ---------- API ----------
  // POST JSON. Network errors, timeouts and 5xx are retried (up to 3 times) with the identical body,
  // so the server can de-duplicate by client_message_id. Any other status is returned to the caller.
  async function call(path, body, token) {
    for (let attempt = 0; attempt <= 3; attempt++) {
      if (attempt) await sleep(800 * 2 ** (attempt - 1));
      const ctrl = window.AbortController ? new AbortController() : null;
      const timer = ctrl ? setTimeout(() => ctrl.abort(), 30000) : 0;
      try {
        const headers = { 'Content-Type': 'application/json' };
        if (token) headers.Authorization = `Bearer ${token}`;
        const res = await fetch(base + path, {
          method: 'POST', headers, body: JSON.stringify(body), credentials: 'omit', signal: ctrl ? ctrl.signal : undefined,
        });
        if (res.status >= 500) continue;
        let data = null;
        try { data = await res.json(); } catch (e) { /* empty or non-JSON body */ }
        return { status: res.status, data: data && typeof data === 'object' ? data : {} };
      } catch (e) {
        // network failure or timeout: loop and retry
      } finally {
        clearTimeout(timer);
      }
    }
    throw new Error('network');
  }

  async function ensureSession() {
    if (session) return session;
    const r = await call('/webchat/api/sessions', {});
    if (r.status < 200 || r.status >= 300 || !r.data.session_id || !r.data.token) {
      const err = new Error('session');
      err.notice = r.data.message || `暂时无法连接在线服务（${r.status}），请稍后重试`;
      throw err;
    }
    session = { session_id: String(r.data.session_id), token: String(r.data.token), last_event_id: 0 };
    floorId = 0;
    seen.clear();
    store.set(SESSION_KEY, session);
    openStream();
    return session;
  }

  function dropSession() {
    closeStream();
    session = null;
    floorId = 0;
    seen.clear();
    store.del(SESSION_KEY);
  }

  function send(text, display) {
    const clean = text.trim();
    if (!clean || busy) return;
    addMessage({ sender: 'citizen', text: (display || clean) });
    deliver(clean, uuid4());
  }

  function submit() {
    if (busy || !input.value.trim()) return;
    const text = input.value;
    input.value = '';
    updateComposer();
    send(text);
  }

  async function deliver(text, clientMessageId) {
    setBusy(true);
    showTyping(true);
    try {
      // Second pass only happens when the stored session was rejected (expired / unknown).
      for (let pass = 0; pass < 2; pass++) {
        const s = await ensureSession();
        const r = await call(`/webchat/api/sessions/${encodeURIComponent(s.session_id)}/messages`,
          { text, client_message_id: clientMessageId }, s.token);
        if ((r.status === 401 || r.status === 404) && pass === 0) { dropSession(); continue; }
        if (r.status >= 200 && r.status < 300) {
          (Array.isArray(r.data.replies) ? r.data.replies : []).forEach((rep) => {
            // The gateway itself speaks as "system" (handoff, emergencies); Rasa as "bot".
            const sender = SENDERS.indexOf(rep && rep.sender) > 0 ? rep.sender : 'bot';
            if (rep) addMessage({ sender, text: String(rep.text || ''), buttons: rep.buttons });
          });
          openStream(); // revive the event stream if it had given up
        } else {
          addMessage({ sender: 'system', text: r.data.message || `请求失败（${r.status}），请稍后重试` }, false);
        }
        break;
      }
    } catch (e) {
      showFailure(text, clientMessageId, e.notice);
    } finally {
      showTyping(false);
      setBusy(false);
    }
  }

  function showFailure(text, clientMessageId, notice) {
    const row = addMessage({ sender: 'system', text: notice || '发送失败，请稍后重试' }, false);
    const retry = el('button', 'h12345-retry', { type: 'button', 'data-testid': 'h12345-retry', 'aria-label': '重新发送这条消息', text: '重试' });
    retry.addEventListener('click', () => {
      if (busy) return;
      row.remove();
      deliver(text, clientMessageId); // same id: the server drops it if the first attempt did arrive
    });
    row.appendChild(retry);
  }

  // ---------- event stream (agent replies, handoff notices) ----------
  function openStream() {
    if (!session || stream || !window.EventSource) return;
    clearTimeout(streamTimer);
    let url = `${base}/webchat/api/sessions/${encodeURIComponent(session.session_id)}/events` +
      `?token=${encodeURIComponent(session.token)}`;
    if (session.last_event_id) url += `&last_event_id=${session.last_event_id}`;
    const es = new EventSource(url);
    stream = es;
    es.addEventListener('open', () => { streamRetries = 0; });
    es.addEventListener('message', onEvent);
    es.addEventListener('error', () => {
      if (es.readyState !== EventSource.CLOSED) return; // the browser is already reconnecting
      // CLOSED means a non-200 answer (e.g. expired session); back off, and let the next send revive it.
      closeStream();
      if (streamRetries < 6) streamTimer = setTimeout(openStream, Math.min(60000, 2000 * 2 ** streamRetries++));
    });
  }

  function closeStream() {
    clearTimeout(streamTimer);
    if (stream) stream.close();
    stream = null;
  }

  function onEvent(e) {
    let d;
    try { d = JSON.parse(e.data); } catch (err) { return; }
    if (!d || typeof d !== 'object') return;
    const raw = d.id != null ? d.id : e.lastEventId;
    const id = raw === '' || raw == null ? NaN : Number(raw);
    if (Number.isFinite(id)) {
      if (seen.has(id) || id <= floorId) return;
      seen.add(id);
      if (session && id > session.last_event_id) {
        session.last_event_id = id;
        store.set(SESSION_KEY, session);
      }
    }
    const sender = ['agent', 'bot', 'system'].includes(d.sender) ? d.sender : 'bot';
    addMessage({ sender, text: String(d.text || ''), buttons: d.buttons });
  }

  // ---------- start ----------
  function init() {
    build();
    let shown = false;
    injectStylesheet(() => {
      if (shown) return;
      shown = true;
      root.style.visibility = '';
      if (wantOpen) open(); // (re)focus now that the panel is actually visible
    });
    if (session) openStream(); // so agent replies arrive (with an unread dot) even while closed
  }

  window.Hotline12345Widget = { open, close };
  if (document.body) init();
  else document.addEventListener('DOMContentLoaded', init);
})();
