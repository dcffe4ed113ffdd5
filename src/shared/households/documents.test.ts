import { describe, expect, it } from 'vitest';
import {
  defaultDocumentRules,
  documentTypeLabels,
  type DocumentRules,
  documentTypeLabelsEn,
  isInlineContentType,
  missingDocuments,
  sniffFileKind,
} from './documents';
import { hardshipCauses, type HardshipCause } from './dictionaries';
import { documentTypes } from './household-file';

const always = ['id_card', 'hukou_book', 'income_certificate', 'application_form', 'authorisation'];
const docs = (...types: string[]) => types.map((docType) => ({ docType }));

describe('missingDocuments', () => {
  it.each<[string, HardshipCause[], string[]]>([
    ['low income needs only the common documents', ['low_income'], []],
    [
      '因病 adds the diagnosis and medical receipts',
      ['illness'],
      ['diagnosis', 'medical_receipts'],
    ],
    ['因残 adds the disability certificate', ['disability'], ['disability_certificate']],
    ['因学 adds the school certificate', ['schooling'], ['school_certificate']],
    ['因灾/意外 adds the accident evidence', ['disaster_accident'], ['accident_evidence']],
    ['下岗失业 adds the unemployment certificate', ['unemployment'], ['unemployment_certificate']],
    [
      '企业关停并转 adds the closure certificate',
      ['enterprise_closure'],
      ['enterprise_closure_certificate'],
    ],
    [
      '单亲 adds the divorce or death certificate',
      ['single_parent'],
      ['divorce_or_death_certificate'],
    ],
    ['other causes add nothing', ['other'], []],
    [
      'main and secondary causes add up, in the order of the rules',
      ['unemployment', 'illness'],
      ['diagnosis', 'medical_receipts', 'unemployment_certificate'],
    ],
  ])('%s', (_name, causes, extra) => {
    expect(missingDocuments(causes, []).map((m) => m.docType)).toEqual([...always, ...extra]);
  });

  it('leaves out every type of which a document is present', () => {
    const missing = missingDocuments(
      ['illness', 'disability'],
      docs('id_card', 'diagnosis', 'diagnosis', 'disability_certificate', 'other'),
    );
    expect(missing.map((m) => m.docType)).toEqual([
      'hukou_book',
      'income_certificate',
      'application_form',
      'authorisation',
      'medical_receipts',
    ]);
  });

  it('is empty once everything needed is there', () => {
    const all = docs(...always, 'diagnosis', 'medical_receipts');
    expect(missingDocuments(['illness'], all)).toEqual([]);
  });

  it('names what each missing document is needed for, once per type', () => {
    const rules: DocumentRules = {
      ...defaultDocumentRules,
      schooling: ['school_certificate', 'income_certificate'],
    };
    const missing = missingDocuments(['schooling'], docs(), rules);
    expect(missing.find((m) => m.docType === 'income_certificate')).toEqual({
      docType: 'income_certificate',
      neededFor: ['always', 'schooling'],
    });
    expect(missing.filter((m) => m.docType === 'income_certificate')).toHaveLength(1);
    expect(missing.find((m) => m.docType === 'school_certificate')?.neededFor).toEqual([
      'schooling',
    ]);
  });

  it('has a rule for every cause, naming only known document types', () => {
    for (const cause of hardshipCauses) {
      const rule: readonly string[] = defaultDocumentRules[cause];
      expect(rule.every((t) => (documentTypes as readonly string[]).includes(t))).toBe(true);
    }
  });
});

describe('document type labels', () => {
  it('label every type in both languages', () => {
    for (const type of documentTypes) {
      expect(documentTypeLabels[type]).toBeTruthy();
      expect(documentTypeLabelsEn[type]).toBeTruthy();
    }
  });
});

const bytes = (...parts: (string | number[])[]) =>
  Buffer.concat(
    parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))),
  );

describe('sniffFileKind', () => {
  it.each<[string, Buffer, string | null]>([
    ['PDF', bytes('%PDF-1.7\n%âãÏÓ\n'), 'pdf'],
    ['JPEG', bytes([0xff, 0xd8, 0xff, 0xe0, 0, 0x10], 'JFIF'), 'jpeg'],
    ['PNG', bytes([0x89], 'PNG\r\n\x1a\n', [0, 0, 0, 13], 'IHDR'), 'png'],
    ['TIFF little-endian', bytes('II*\0', [8, 0, 0, 0]), 'tiff'],
    ['TIFF big-endian', bytes('MM\0*', [0, 0, 0, 8]), 'tiff'],
    ['HEIC', bytes([0, 0, 0, 0x18], 'ftypheic', [0, 0, 0, 0], 'mif1heic'), 'heic'],
    ['OFD (a zip whose first entry is OFD.xml)', zipHead('OFD.xml'), 'ofd'],
    ['any other zip', zipHead('word/document.xml'), null],
    ['AVIF is not HEIC', bytes([0, 0, 0, 0x1c], 'ftypavif'), null],
    ['HTML', bytes('<!DOCTYPE html><html><script>alert(1)</script>'), null],
    ['HTML after a byte-order mark', bytes([0xef, 0xbb, 0xbf], '<html>'), null],
    ['SVG', bytes('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg">'), null],
    ['a script', bytes('#!/bin/sh\nrm -rf /\n'), null],
    ['a Windows executable', bytes('MZ', [0x90, 0, 3, 0]), null],
    ['an ELF executable', bytes([0x7f], 'ELF', [2, 1, 1]), null],
    ['PDF not at the start', bytes('<html>%PDF-1.4'), null],
    ['nothing', Buffer.alloc(0), null],
  ])('%s → %s', (_name, head, kind) => {
    expect(sniffFileKind(head)).toBe(kind);
  });
});

describe('isInlineContentType', () => {
  it('allows PDF and browser images only', () => {
    expect(isInlineContentType('application/pdf')).toBe(true);
    expect(isInlineContentType('image/png')).toBe(true);
    expect(isInlineContentType('image/jpeg')).toBe(true);
    expect(isInlineContentType('image/tiff')).toBe(false);
    expect(isInlineContentType('application/ofd')).toBe(false);
    expect(isInlineContentType('text/html')).toBe(false);
    expect(isInlineContentType('image/svg+xml')).toBe(false);
  });
});

/** The first bytes of a zip whose first entry is `name`. */
function zipHead(name: string): Buffer {
  const header = Buffer.alloc(30);
  header.write('PK\x03\x04', 0, 'latin1');
  header.writeUInt16LE(name.length, 26);
  return Buffer.concat([header, Buffer.from(name, 'latin1')]);
}
