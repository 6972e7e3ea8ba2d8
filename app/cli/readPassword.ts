import { createInterface } from 'readline';

/** A password from standard input: typed (hidden) at a terminal, or the first piped line. */
export async function readPassword(prompt = 'Password: '): Promise<string> {
  if (!process.stdin.isTTY) {
    const rl = createInterface({ input: process.stdin });
    for await (const line of rl) return line;
    return '';
  }
  process.stdout.write(prompt);
  process.stdin.setRawMode(true);
  return new Promise((resolve) => {
    let password = '';
    const onData = (chunk: Buffer) => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n') {
          process.stdin.setRawMode(false);
          process.stdin.off('data', onData);
          process.stdin.pause();
          process.stdout.write('\n');
          return resolve(password);
        }
        if (ch === '\u0003') process.exit(130);
        password = ch === '\u007f' ? password.slice(0, -1) : password + ch;
      }
    };
    process.stdin.on('data', onData);
  });
}
