import { stringify } from 'csv-stringify/sync';

/** A cell's text: lists joined by spaces, nothing for a missing value, and defused when a spreadsheet would run it as a formula. */
function cellText(value: unknown): string {
  let text: string;
  if (value === undefined || value === null) return '';
  else if (Array.isArray(value)) text = value.join(' ');
  else if (typeof value === 'string') text = value;
  else if (typeof value === 'number' || typeof value === 'boolean') text = value.toString();
  else text = JSON.stringify(value);
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** RFC 4180 CSV with a header row and CRLF line ends (csv-stringify quotes what needs quoting). */
export function toCsv<T>(columns: readonly { header: string; value: (row: T) => unknown }[], rows: readonly T[]): string {
  return stringify(
    rows.map((row) => columns.map((c) => cellText(c.value(row)))),
    { header: true, columns: columns.map((c) => c.header), record_delimiter: 'windows' },
  );
}
