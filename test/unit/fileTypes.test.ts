import { expect } from 'chai';
import { cleanFileName, readableSize, sniffType } from '../../attachments/fileTypes';
import { MINIMAL_PDF, photoPng } from '../helpers/files';

describe('the kinds of file a customer may send', () => {
  it('knows a file by its first bytes, not its name or declared type', () => {
    expect(sniffType(photoPng())).to.equal('image/png');
    expect(sniffType(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]))).to.equal('image/jpeg');
    expect(sniffType(Buffer.from('GIF89a\x01\x00', 'latin1'))).to.equal('image/gif');
    expect(sniffType(Buffer.from('RIFF\x24\x00\x00\x00WEBPVP8 ', 'latin1'))).to.equal('image/webp');
    expect(sniffType(MINIMAL_PDF)).to.equal('application/pdf');
    expect(sniffType(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).to.equal(undefined);
    expect(sniffType(Buffer.from('RIFF\x24\x00\x00\x00WAVEfmt ', 'latin1')), 'a RIFF that is no WebP').to.equal(undefined);
    expect(sniffType(Buffer.alloc(0))).to.equal(undefined);
  });

  it('keeps a file name fit to show: no folders, no control characters, not too long, a name for a nameless photo', () => {
    expect(cleanFileName('C:\\Users\\jan\\kapot.jpg', 'image/jpeg')).to.equal('kapot.jpg');
    expect(cleanFileName('../../etc/passwd.pdf', 'application/pdf')).to.equal('passwd.pdf');
    expect(cleanFileName('a\u0000b\r\n"c".png', 'image/png')).to.equal('abc.png');
    expect(cleanFileName('blob', 'image/png')).to.equal('photo.png');
    expect(cleanFileName(undefined, 'application/pdf')).to.equal('document.pdf');
    const long = cleanFileName(`${'x'.repeat(300)}.jpeg`, 'image/jpeg');
    expect(long).to.have.length(120);
    expect(long.endsWith('.jpeg')).to.equal(true);
  });

  it('writes sizes as people read them', () => {
    expect(readableSize(10 * 1024 * 1024)).to.equal('10.0 MB');
    expect(readableSize(52_429)).to.equal('51 KB');
    expect(readableSize(10)).to.equal('1 KB');
  });
});
