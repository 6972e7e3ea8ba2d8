import { readFileSync } from 'fs';
import { z } from 'zod';
import { Language } from './language';

export interface LabeledExample {
  readonly text: string;
  readonly intent: string;
  readonly lang?: Language;
}

/** A data file that cannot be used; names the file and the line. */
export class DataFileError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    problem: string,
  ) {
    super(`${file}${line !== undefined ? ` line ${line}` : ''}: ${problem}`);
    this.name = 'DataFileError';
  }
}

const lineSchema = z.looseObject({
  text: z.string().trim().min(1, 'must not be empty').max(10_000),
  intent: z.string().trim().min(1, 'must not be empty').max(200),
  lang: z.enum(['nl', 'en']).optional(),
});

/** Reads JSON Lines `{"text", "intent", "lang"?}`, one example a line; blank lines are skipped. */
export function readLabeledJsonl(file: string): LabeledExample[] {
  let content: string;
  try {
    content = readFileSync(file, 'utf8');
  } catch {
    throw new DataFileError(file, undefined, 'file is missing or unreadable');
  }
  const examples: LabeledExample[] = [];
  content.split(/\r?\n/).forEach((raw, i) => {
    if (raw.trim() === '') return;
    let data: unknown;
    try {
      data = JSON.parse(raw);
    } catch {
      throw new DataFileError(file, i + 1, 'is not valid JSON');
    }
    const parsed = lineSchema.safeParse(data);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new DataFileError(file, i + 1, `${issue.path.join('.') || 'line'}: ${issue.message}`);
    }
    examples.push({ text: parsed.data.text, intent: parsed.data.intent, lang: parsed.data.lang });
  });
  if (examples.length === 0) throw new DataFileError(file, undefined, 'has no examples');
  return examples;
}
