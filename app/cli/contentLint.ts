import { resolve } from 'path';
import { parseArgs } from 'util';
import { lintContent, LintFinding } from '../../content/contentLint';
import { loadContentPack } from '../../content/loader';

/**
 * `npm run content:lint [-- --content ./content/webshop --json]`: what a content author should
 * fix, grouped by kind; exits 1 when there are errors (warnings alone pass).
 */
function main(): void {
  const { values } = parseArgs({
    options: { content: { type: 'string', default: './content/webshop' }, json: { type: 'boolean', default: false } },
  });
  const pack = loadContentPack(resolve(values.content));
  const findings = lintContent(pack);
  const errors = findings.filter((f) => f.severity === 'error').length;
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ content: pack.name, errors, warnings: findings.length - errors, findings }, null, 2)}\n`);
  } else {
    const byKind = new Map<LintFinding['kind'], LintFinding[]>();
    for (const f of findings) byKind.set(f.kind, [...(byKind.get(f.kind) ?? []), f]);
    console.log(`Content lint of "${pack.name}": ${errors} errors, ${findings.length - errors} warnings\n`);
    for (const [kind, list] of byKind) {
      console.log(`## ${kind.replace(/_/g, ' ')} (${list.length})`);
      for (const f of list) console.log(`- ${f.severity === 'error' ? 'ERROR ' : ''}${f.message}`);
      console.log('');
    }
  }
  process.exitCode = errors > 0 ? 1 : 0;
}

try {
  main();
} catch (error) {
  console.error(`content:lint: ${(error as Error).message}`);
  process.exit(1);
}
