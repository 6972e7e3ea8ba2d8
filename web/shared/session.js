// The login session shared by the agent console and the analytics dashboard: the bearer
// token in sessionStorage, login, logout, and authorised JSON requests.
window.BalieSession = (() => {
  const KEY = 'balie.token';
  let token = sessionStorage.getItem(KEY);
  let onLogout = () => {};

  class HttpError extends Error {
    constructor(status, message) {
      super(message);
      this.status = status;
    }
  }

  function logout() {
    if (token) fetch('/api/agent/logout', { method: 'POST', headers: { authorization: `Bearer ${token}` } }).catch(() => {});
    token = null;
    sessionStorage.removeItem(KEY);
    onLogout();
  }

  return {
    get token() {
      return token;
    },
    /** What the page does when the session ends (its own logout button, or an expired token). */
    set onLogout(handler) {
      onLogout = handler;
    },
    /** Logs in and keeps the token; resolves with `{ token, expiresAt, agent }`, rejects with the server's message. */
    async login(username, password) {
      const response = await fetch('/api/agent/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password }),
      });
      const data = await response.json().catch(() => ({}));
      if (!response.ok) throw new HttpError(response.status, data.error?.message ?? 'Login failed');
      token = data.token;
      sessionStorage.setItem(KEY, token);
      return data;
    },
    logout,
    /** An authorised request: the parsed JSON (or the Response with `raw`); a 401 ends the session. */
    async request(path, { method = 'GET', body, raw = false } = {}) {
      const response = await fetch(path, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
      if (response.status === 401) {
        logout();
        throw new HttpError(401, 'Your session has ended; log in again.');
      }
      if (!response.ok) {
        const error = await response.json().catch(() => ({}));
        throw new HttpError(response.status, error.error?.message ?? `request failed (${response.status})`);
      }
      if (raw) return response;
      return response.status === 204 ? {} : response.json();
    },
  };
})();
