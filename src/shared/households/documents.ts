import { z } from 'zod';
import { hardshipCauses, type HardshipCause } from './dictionaries';
import { documentTypes, type DocumentType } from './household-file';

/**
 * Household documents (附件): what kinds there are, which file formats are
 * accepted, and which documents each cause of hardship needs. Shared by the
 * server (upload checks, the missing list) and the documents tab.
 */

export const documentTypeLabels = {
  id_card: '身份证',
  hukou_book: '户口簿',
  income_certificate: '收入证明',
  diagnosis: '诊断证明',
  medical_receipts: '医疗费用票据',
  disability_certificate: '残疾证',
  dibao_certificate: '低保证',
  unemployment_certificate: '失业证明',
  school_certificate: '在读证明',
  accident_evidence: '灾害事故证明',
  divorce_or_death_certificate: '离婚证/死亡证明',
  enterprise_closure_certificate: '企业关停证明',
  application_form: '申请表',
  authorisation: '家庭经济状况核对授权书',
  other: '其他材料',
} as const satisfies Record<DocumentType, string>;

export const documentTypeLabelsEn = {
  id_card: 'ID card',
  hukou_book: 'household register (hukou)',
  income_certificate: 'income certificate',
  diagnosis: 'diagnosis',
  medical_receipts: 'medical receipts',
  disability_certificate: 'disability certificate',
  dibao_certificate: 'dibao certificate',
  unemployment_certificate: 'unemployment certificate',
  school_certificate: 'school enrolment certificate',
  accident_evidence: 'disaster or accident certificate',
  divorce_or_death_certificate: 'divorce or death certificate',
  enterprise_closure_certificate: 'enterprise closure certificate',
  application_form: 'application form',
  authorisation: 'authorisation for financial verification',
  other: 'other',
} as const satisfies Record<DocumentType, string>;

/**
 * File formats a document may have, decided by the file's first bytes — never by
 * its name or the content type the browser claims. Anything else (HTML, SVG,
 * scripts, executables, archives, office files) is refused.
 */
export const documentFileKinds = ['pdf', 'jpeg', 'png', 'tiff', 'heic', 'ofd'] as const;
export type DocumentFileKind = (typeof documentFileKinds)[number];

export const documentContentTypes = {
  pdf: 'application/pdf',
  jpeg: 'image/jpeg',
  png: 'image/png',
  tiff: 'image/tiff',
  heic: 'image/heic',
  // OFD (GB/T 33190): the Chinese format of electronic invoices and medical receipts.
  ofd: 'application/ofd',
} as const satisfies Record<DocumentFileKind, string>;

/** Formats a browser shows by itself: only these may be opened in a tab (?inline=1). */
export const inlineFileKinds: readonly DocumentFileKind[] = ['pdf', 'jpeg', 'png'];

export function isInlineContentType(contentType: string): boolean {
  return inlineFileKinds.some((k) => documentContentTypes[k] === contentType);
}

/** The `accept` attribute of the upload control: a hint; the server decides by content. */
export const documentAccept = '.pdf,.jpg,.jpeg,.png,.tif,.tiff,.heic,.ofd';

const ascii = (bytes: Uint8Array, from: number, to: number) =>
  String.fromCharCode(...bytes.subarray(from, to));

/** Bytes the sniffer looks at: enough for every signature below. */
export const sniffLength = 64;

/**
 * The file's real format from its first bytes (magic numbers), or null for
 * anything not accepted.
 */
export function sniffFileKind(head: Uint8Array): DocumentFileKind | null {
  if (ascii(head, 0, 5) === '%PDF-') return 'pdf';
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'jpeg';
  if (ascii(head, 0, 8) === '\x89PNG\r\n\x1a\n') return 'png';
  const tiff = ascii(head, 0, 4);
  if (tiff === 'II*\0' || tiff === 'MM\0*') return 'tiff';
  if (
    ascii(head, 4, 8) === 'ftyp' &&
    ['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis'].includes(ascii(head, 8, 12))
  )
    return 'heic';
  // OFD is a zip whose first entry is OFD.xml; any other zip is refused.
  if (ascii(head, 0, 4) === 'PK\x03\x04') {
    const nameLength = (head[26] ?? 0) | ((head[27] ?? 0) << 8);
    if (nameLength === 7 && ascii(head, 30, 37) === 'OFD.xml') return 'ofd';
  }
  return null;
}

// ---------------------------------------------------------------- what is needed

/** `always`: every file needs it, whatever the cause. */
export type DocumentNeed = 'always' | HardshipCause;

/**
 * Default rules: which documents a file needs (domain.md §3 "Documents").
 * Policy data given as defaults: a place may ask for more.
 */
export const defaultDocumentRules = {
  always: ['id_card', 'hukou_book', 'income_certificate', 'application_form', 'authorisation'],
  illness: ['diagnosis', 'medical_receipts'], // 因病
  disability: ['disability_certificate'], // 因残
  schooling: ['school_certificate'], // 因学
  disaster_accident: ['accident_evidence'], // 因灾/意外
  unemployment: ['unemployment_certificate'], // 下岗失业
  enterprise_closure: ['enterprise_closure_certificate'], // 企业关停并转
  single_parent: ['divorce_or_death_certificate'], // 单亲
  low_income: [],
  other: [],
} as const satisfies Record<DocumentNeed, readonly DocumentType[]>;
export type DocumentRules = Record<DocumentNeed, readonly DocumentType[]>;

/** One document the file still lacks, and what it is needed for. */
export type MissingDocument = { docType: DocumentType; neededFor: DocumentNeed[] };

/**
 * What a household still lacks for its causes of hardship (main and secondary):
 * each needed type with no (active) document of that type, in the order of the
 * rules, once, with every need it answers.
 */
export function missingDocuments(
  causes: readonly HardshipCause[],
  documents: readonly { docType: string }[],
  rules: DocumentRules = defaultDocumentRules,
): MissingDocument[] {
  const present = new Set(documents.map((d) => d.docType));
  const needs: DocumentNeed[] = ['always', ...hardshipCauses.filter((c) => causes.includes(c))];
  const missing = new Map<DocumentType, DocumentNeed[]>();
  for (const need of needs)
    for (const docType of rules[need]) {
      if (present.has(docType)) continue;
      const neededFor = missing.get(docType);
      if (neededFor) neededFor.push(need);
      else missing.set(docType, [need]);
    }
  return [...missing].map(([docType, neededFor]) => ({ docType, neededFor }));
}

// ---------------------------------------------------------------- API

/** The describing fields of an upload (multipart fields, or the query string). */
export const documentUploadSchema = z.object({
  docType: z.enum(documentTypes),
  /** The member the document is about (an ID card, a diagnosis); none for the household. */
  memberId: z.coerce.number().int().positive().optional(),
  note: z
    .string()
    .trim()
    .max(200)
    .optional()
    .transform((v) => (v ? v : undefined)),
});
export type DocumentUpload = z.output<typeof documentUploadSchema>;

/** One stored document as the API returns it. */
export type HouseholdDocument = {
  id: number;
  docType: DocumentType;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  note: string | null;
  memberId: number | null;
  memberName: string | null;
  uploadedBy: string | null;
  uploadedAt: string;
};

/** GET /api/households/:id/documents */
export type HouseholdDocumentList = {
  items: HouseholdDocument[];
  missing: MissingDocument[];
  /** The file's members, for the upload form's "whose document" choice. */
  members: { id: number; name: string; relation: string }[];
  /** The largest upload accepted, in bytes. */
  maxBytes: number;
};
