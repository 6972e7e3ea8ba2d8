import { memoizeRecent } from './memo';
export type EntityType = 'order_number' | 'postcode' | 'email' | 'phone' | 'amount';

export interface Entity {
  readonly type: EntityType;
  /** Canonical value: "100001", "1234AB", "jan@example.nl", "+31612345678", "12.50". */
  readonly value: string;
  /** Offsets into the original text (end exclusive). */
  readonly start: number;
  readonly end: number;
}

interface Extractor {
  readonly type: EntityType;
  readonly pattern: RegExp;
  readonly canonical: (match: RegExpExecArray) => string | null;
}

/** Balie's sample shop numbers orders with six digits, optionally written "#100001" or "BL-100001". */
export const DEFAULT_ORDER_NUMBER_PATTERN = '(?:#|bl-?)?(\\d{6})';

function orderNumberExtractor(pattern: string): Extractor {
  return {
    type: 'order_number',
    pattern: new RegExp(`(?<![\\w-])(?:${pattern})(?![\\w-])`, 'gi'),
    // The first group is the number as the shop knows it ("#1001" → "1001"); without a group, the whole match.
    canonical: (m) => (m.length > 1 ? (m[1] ?? null) : m[0])?.toUpperCase() ?? null,
  };
}

// Order of extraction matters: earlier types claim their span first, so the digits of a
// phone number are never also read as an order number.
const EXTRACTORS: Extractor[] = [
  {
    type: 'email',
    pattern: /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g,
    canonical: (m) => m[0].toLowerCase(),
  },
  {
    type: 'phone',
    pattern:
      /(?<![\w+])(?:(?:\+|00)31[\s-]?(?:\(0\)[\s-]?)?|0)(?:6[\s-]?(?:\d[\s-]?){7}\d|[1-9](?:[\s-]?\d){8})(?!\d)|(?<![\w+])\+(?!31)[1-9](?:[\s-]?\d){7,13}(?!\d)/g,
    canonical: (m) => {
      let digits = m[0].replace(/\(0\)/, '').replace(/[^\d+]/g, '');
      if (digits.startsWith('00')) digits = `+${digits.slice(2)}`;
      else if (digits.startsWith('0')) digits = `+31${digits.slice(1)}`;
      return digits;
    },
  },
  {
    type: 'postcode',
    // Dutch postcodes: 4 digits (no leading zero) and 2 letters; SA, SD and SS are never issued.
    pattern: /(?<![\w])([1-9]\d{3})\s?([A-Za-z]{2})(?![\w])/g,
    canonical: (m) => {
      const letters = m[2].toUpperCase();
      return ['SA', 'SD', 'SS'].includes(letters) ? null : `${m[1]}${letters}`;
    },
  },
  {
    type: 'amount',
    pattern: /(?:€|eur\b|euro\b)\s?(\d{1,6}(?:[.,]\d{1,2})?)|(?<![\w.,])(\d{1,6}(?:[.,]\d{1,2})?)\s?(?:€|eur\b|euro\b|euros\b)/gi,
    canonical: (m) =>
      (m[1] ?? m[2])
        .replace(',', '.')
        .replace(/\.(\d)$/, '.$10')
        .replace(/^(\d+)$/, '$1.00'),
  },
  orderNumberExtractor(DEFAULT_ORDER_NUMBER_PATTERN),
];

/**
 * How this shop's order numbers look, as a regular expression (the content pack's
 * `orderNumberPattern`); case-insensitive, matched as a whole word. It holds for the whole
 * process: one shop per service.
 */
export function useOrderNumberPattern(pattern: string = DEFAULT_ORDER_NUMBER_PATTERN): void {
  if (pattern === orderNumberPattern) return;
  orderNumberPattern = pattern;
  EXTRACTORS[EXTRACTORS.findIndex((e) => e.type === 'order_number')] = orderNumberExtractor(pattern);
  memoized = memoizeRecent(extract);
}

/** The entities in a text, in order of appearance (frozen: the same result serves every caller of a turn). */
export function extractEntities(text: string): readonly Entity[] {
  return memoized(text);
}

function extract(text: string): readonly Entity[] {
  const found: Entity[] = [];
  const overlaps = (start: number, end: number) => found.some((e) => start < e.end && e.start < end);
  for (const extractor of EXTRACTORS) {
    extractor.pattern.lastIndex = 0;
    for (let m = extractor.pattern.exec(text); m !== null; m = extractor.pattern.exec(text)) {
      const start = m.index;
      const end = start + m[0].length;
      const value = extractor.canonical(m);
      if (value !== null && !overlaps(start, end)) found.push({ type: extractor.type, value, start, end });
    }
  }
  return Object.freeze(found.sort((a, b) => a.start - b.start).map((e) => Object.freeze(e)));
}

let memoized = memoizeRecent(extract);
let orderNumberPattern = DEFAULT_ORDER_NUMBER_PATTERN;

/** Validation used by the flows, so "what is a valid order number" lives in one place. */
export function parseOrderNumber(text: string): string | null {
  return extractEntities(text).find((e) => e.type === 'order_number')?.value ?? null;
}

export function parsePostcode(text: string): string | null {
  return extractEntities(text).find((e) => e.type === 'postcode')?.value ?? null;
}
