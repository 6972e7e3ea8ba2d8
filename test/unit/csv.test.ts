import { expect } from 'chai';
import { parseCsv } from '../../bench/csv';

describe('parseCsv (benchmark data reader)', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks', () => {
    const text = 'text,category\n"Hi, where is ""my"" card?",card_arrival\r\nplain text,other\n"two\nlines",x\n';
    expect(parseCsv(text)).to.deep.equal([
      ['text', 'category'],
      ['Hi, where is "my" card?', 'card_arrival'],
      ['plain text', 'other'],
      ['two\nlines', 'x'],
    ]);
  });

  it('keeps a last line without a newline', () => {
    expect(parseCsv('a,b\nc,d')).to.deep.equal([
      ['a', 'b'],
      ['c', 'd'],
    ]);
  });
});
