import { readFileSync } from 'fs';
import { resolve } from 'path';
import { runInNewContext } from 'vm';

export type DocVerifier = (secrets: string[], headers: Record<string, unknown>, method: string, target: string, body: string, nowSeconds?: number) => boolean;

/** The signature verifier exactly as printed in docs/ORDER-API.md, for shops (and helpdesks) to copy. */
export function documentedVerifier(): DocVerifier {
  const guide = readFileSync(resolve(__dirname, '../../../docs/ORDER-API.md'), 'utf8');
  const block = /<!-- verifier:start -->\s*```js\n([\s\S]*?)```\s*<!-- verifier:end -->/.exec(guide);
  if (!block) throw new Error('docs/ORDER-API.md has no verifier block');
  return runInNewContext(`${block[1]}\nverifyBalieSignature`, { require, Buffer }) as DocVerifier;
}
