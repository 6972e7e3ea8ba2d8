import { isIP } from 'net';

/**
 * In anonymous mode nobody vouches for an activity's serviceUrl, and the bot would POST
 * its replies there: an open door for server-side request forgery. Only the service's own
 * URL, explicitly allowed hosts and (outside production: the Emulator) loopback may be used.
 */
export class ServiceUrlGuard {
  private readonly allowedHosts: Set<string>;

  constructor(
    allowList: readonly string[],
    publicUrl?: string,
    private readonly allowLoopback = true,
  ) {
    const hosts = [...allowList, ...(publicUrl ? [publicUrl] : [])].map((entry) => hostOf(entry)).filter((h): h is string => h !== null);
    this.allowedHosts = new Set(hosts);
  }

  isAllowed(serviceUrl: string): boolean {
    let url: URL;
    try {
      url = new URL(serviceUrl);
    } catch {
      return false;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
    if (url.username || url.password) return false;
    const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, '');
    return (this.allowLoopback && isLoopback(host)) || this.allowedHosts.has(host);
  }
}

function hostOf(entry: string): string | null {
  try {
    return new URL(entry.includes('://') ? entry : `http://${entry}`).hostname.toLowerCase().replace(/^\[|\]$/g, '');
  } catch {
    return null;
  }
}

function isLoopback(host: string): boolean {
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  if (isIP(host) === 6) return host === '::1' || host === '0:0:0:0:0:0:0:1';
  return false;
}
