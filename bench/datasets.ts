import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { parse as parseCsvText } from 'csv-parse/sync';

export interface LabeledText {
  readonly text: string;
  readonly intent: string;
}

export interface Dataset {
  readonly name: string;
  readonly lang: 'en' | 'nl';
  readonly train: LabeledText[];
  readonly test: LabeledText[];
  /** For tuning (the out-of-scope threshold); never used for training. */
  readonly validation?: LabeledText[];
  /** Whether `none` examples are part of the data (CLINC150's out-of-scope split). */
  readonly hasOutOfScope: boolean;
}

export const NONE = 'none';

function banking77(root: string): Dataset {
  const read = (file: string) => {
    const table: string[][] = parseCsvText(readFileSync(join(root, 'banking77', file), 'utf8'), { skip_empty_lines: true });
    const [header, ...rows] = table;
    if (header.join() !== 'text,category') throw new Error(`banking77/${file}: unexpected header`);
    return rows.map(([text, intent]) => ({ text, intent }));
  };
  return { name: 'Banking77', lang: 'en', train: read('train.csv'), test: read('test.csv'), hasOutOfScope: false };
}

function clinc150(root: string): Dataset {
  const data = JSON.parse(readFileSync(join(root, 'clinc150', 'data_full.json'), 'utf8')) as Record<string, [string, string][]>;
  const rows = (split: string, oos?: string) => [
    ...data[split].map(([text, intent]) => ({ text, intent })),
    ...(oos ? data[oos].map(([text]) => ({ text, intent: NONE })) : []),
  ];
  return {
    name: 'CLINC150',
    lang: 'en',
    train: rows('train', 'oos_train'),
    validation: rows('val', 'oos_val'),
    test: rows('test', 'oos_test'),
    hasOutOfScope: true,
  };
}

/** SNIPS as in the usual intent benchmark: the *_full files to train, the validate files (100 per intent) to test. */
function snips(root: string): Dataset {
  const dir = join(root, 'snips');
  const read = (prefix: string) =>
    readdirSync(dir)
      .filter((f) => f.startsWith(prefix) && f.endsWith('.json'))
      .sort()
      .flatMap((file) => {
        const content = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Record<string, { data: { text: string }[] }[]>;
        return Object.entries(content).flatMap(([intent, items]) =>
          items.map((item) => ({
            text: item.data
              .map((d) => d.text)
              .join('')
              .trim(),
            intent,
          })),
        );
      });
  return { name: 'SNIPS', lang: 'en', train: read('train_'), test: read('validate_'), hasOutOfScope: false };
}

function braun(root: string, corpus: string, name: string): Dataset {
  const data = JSON.parse(readFileSync(join(root, 'braun2017', `${corpus}.json`), 'utf8')) as {
    sentences: { text: string; intent: string; training: boolean }[];
  };
  const rows = (training: boolean) => data.sentences.filter((s) => s.training === training).map((s) => ({ text: s.text, intent: s.intent }));
  return { name, lang: 'en', train: rows(true), test: rows(false), hasOutOfScope: false };
}

/** The public benchmark datasets, read in place from `root` (../shared/data/nlu). */
export function loadDatasets(root: string): Dataset[] {
  return [
    banking77(root),
    clinc150(root),
    snips(root),
    braun(root, 'ChatbotCorpus', 'Braun Chatbot'),
    braun(root, 'AskUbuntuCorpus', 'Braun AskUbuntu'),
    braun(root, 'WebApplicationsCorpus', 'Braun WebApplications'),
  ];
}
