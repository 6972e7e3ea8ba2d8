/** Values the service creates once and every instance shares (signing keys): the first writer wins. */
export interface SettingsStore {
  /** The stored value of `key`, or `create()`'s, stored now if nobody stored one first. */
  getOrCreate(key: string, create: () => string): Promise<string>;
}
