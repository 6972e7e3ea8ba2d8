import type { Activity } from 'botbuilder';
import {
  AuthenticateRequestResult,
  AuthenticationConstants,
  BotFrameworkAuthentication,
  BotFrameworkClient,
  ClaimsIdentity,
  ConnectorClient,
  ConnectorFactory,
  UserTokenClient,
} from 'botframework-connector';

/** A small map that forgets the least recently used entry beyond `capacity`. */
class LruMap<V> {
  private readonly entries = new Map<string, V>();

  constructor(private readonly capacity: number) {}

  get(key: string): V | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  set(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  delete(key: string): void {
    this.entries.delete(key);
  }
}

/** The bot's app id as botbuilder's own connector factory reads it from the claims. */
const appIdOf = (claims: ClaimsIdentity) =>
  claims.getClaimValue(AuthenticationConstants.AudienceClaim) ?? claims.getClaimValue(AuthenticationConstants.AppIdClaim) ?? '';

/**
 * botbuilder builds a new ConnectorClient and UserTokenClient, each with a full Azure HTTP
 * pipeline, on every turn, even for expectReplies turns that never call the channel. The
 * clients hold no per-turn state (credentials cache their own tokens), so one per
 * (app id, serviceUrl, audience) serves every turn. Bounded: a flood of made-up serviceUrls
 * (anonymous mode only accepts allow-listed ones anyway) cannot grow it past `capacity`.
 */
export class CachedConnectorsAuthentication extends BotFrameworkAuthentication {
  private readonly connectors: LruMap<Promise<ConnectorClient>>;
  private readonly userTokenClients: LruMap<Promise<UserTokenClient>>;

  constructor(
    private readonly inner: BotFrameworkAuthentication,
    capacity = 256,
  ) {
    super();
    this.connectors = new LruMap(capacity);
    this.userTokenClients = new LruMap(Math.max(1, Math.ceil(capacity / 16)));
  }

  async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    return this.withCachedFactory(await this.inner.authenticateRequest(activity, authHeader));
  }

  async authenticateStreamingRequest(authHeader: string, channelIdHeader: string): Promise<AuthenticateRequestResult> {
    return this.withCachedFactory(await this.inner.authenticateStreamingRequest(authHeader, channelIdHeader));
  }

  createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return this.cachedFactory(appIdOf(claimsIdentity), this.inner.createConnectorFactory(claimsIdentity));
  }

  createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    const key = appIdOf(claimsIdentity);
    let client = this.userTokenClients.get(key);
    if (!client) {
      client = this.inner.createUserTokenClient(claimsIdentity);
      // A failure is not remembered: the next turn tries again.
      client.catch(() => this.userTokenClients.delete(key));
      this.userTokenClients.set(key, client);
    }
    return client;
  }

  override createBotFrameworkClient(): BotFrameworkClient {
    return this.inner.createBotFrameworkClient();
  }

  override getOriginatingAudience(): string {
    return this.inner.getOriginatingAudience();
  }

  override authenticateChannelRequest(authHeader: string): Promise<ClaimsIdentity> {
    return this.inner.authenticateChannelRequest(authHeader);
  }

  private withCachedFactory(result: AuthenticateRequestResult): AuthenticateRequestResult {
    const factory = result.connectorFactory;
    return factory ? { ...result, connectorFactory: this.cachedFactory(appIdOf(result.claimsIdentity), factory) } : result;
  }

  private cachedFactory(appId: string, inner: ConnectorFactory): ConnectorFactory {
    const connectors = this.connectors;
    return {
      create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
        const key = JSON.stringify([appId, serviceUrl, audience ?? '']);
        let client = connectors.get(key);
        if (!client) {
          client = inner.create(serviceUrl, audience);
          client.catch(() => connectors.delete(key));
          connectors.set(key, client);
        }
        return client;
      },
    };
  }
}
