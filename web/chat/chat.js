// Demo page: a chat session from /api/webchat/token, rendered by the stock Web Chat bundle
// against Balie's own Direct Line routes. The session survives a page reload (sessionStorage).
(async () => {
  'use strict';
  const KEY = 'balie.webchat';
  const target = document.getElementById('webchat');
  // The page's Content-Security-Policy allows injected styles only with this nonce.
  const nonce = document.querySelector('meta[name="balie-csp-nonce"]')?.content;

  async function session() {
    const saved = JSON.parse(sessionStorage.getItem(KEY) || 'null');
    if (saved && saved.expiresAt > Date.now() + 60000) return saved;
    // The browser's language goes with the token, so the welcome is in it before the customer writes.
    const response = await fetch('/api/webchat/token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ locale: navigator.language || 'nl-NL' }),
    });
    if (!response.ok) throw new Error((await response.json()).error.message);
    const { conversationId, token, expires_in } = await response.json();
    const fresh = { conversationId, token, expiresAt: Date.now() + expires_in * 1000 };
    sessionStorage.setItem(KEY, JSON.stringify(fresh));
    return fresh;
  }

  try {
    const { token, conversationId } = await session();
    const directLine = window.WebChat.createDirectLine({ token, conversationId, domain: `${location.origin}/v3/directline`, webSocket: true });
    window.WebChat.renderWebChat(
      {
        directLine,
        nonce,
        locale: (navigator.language || 'nl').toLowerCase().startsWith('nl') ? 'nl-NL' : 'en-US',
        styleOptions: { botAvatarInitials: 'HC', userAvatarInitials: 'Jij', hideUploadButton: true, suggestedActionLayout: 'flow', accent: '#1f5fbf' },
      },
      target,
    );
    target.querySelector('input, textarea')?.focus();
  } catch (error) {
    const p = document.createElement('p');
    p.id = 'error';
    p.textContent = `De chat kon niet starten / The chat could not start: ${error.message}`;
    target.appendChild(p);
  }
})();
