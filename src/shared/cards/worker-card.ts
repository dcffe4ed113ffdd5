import { z } from 'zod';

/**
 * 职工卡: the worker card number issued to the head worker of a registered
 * file, and the card's status. Pure rules; the server stores and audits.
 *
 * Number scheme (17 digits, no separators):
 *   <6-digit region code of the file><4-digit year of issue><6-digit sequence per region and year><check digit>
 * The check digit is the Luhn (ISO/IEC 7812-1) digit over the first 16 digits,
 * as on bank cards: it catches every single mistyped digit and every swap of
 * two neighbouring digits except 0↔9, so a mistyped number is refused before
 * any lookup.
 */

export const cardNoLength = 17;

/** The Luhn check digit of a string of digits. */
export function luhnCheckDigit(digits: string): number {
  let sum = 0;
  // Doubling starts with the rightmost digit of the payload (the check digit will follow it).
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

/** The card number for a region, year and sequence. */
export function formatCardNo(regionCode: string, year: number, sequence: number): string {
  if (!/^\d{6}$/.test(regionCode)) throw new Error(`region code ${regionCode}: 6 digits`);
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new Error(`year ${year}`);
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > 999_999)
    throw new Error(`sequence ${sequence}: 1–999999`);
  const payload = `${regionCode}${year}${String(sequence).padStart(6, '0')}`;
  return `${payload}${luhnCheckDigit(payload)}`;
}

export type CardNoCheck =
  | { ok: true; cardNo: string; regionCode: string; year: number; sequence: number }
  | { ok: false; reason: 'format' | 'check_digit'; message: string };

/** Spaces and dashes a person types between groups are ignored. */
export function normalizeCardNo(input: string): string {
  return input.replace(/[\s-]/g, '');
}

/** Checks a typed card number: its shape, then its check digit. */
export function checkCardNo(input: string): CardNoCheck {
  const cardNo = normalizeCardNo(input);
  if (!/^\d+$/.test(cardNo) || cardNo.length !== cardNoLength)
    return { ok: false, reason: 'format', message: `a card number is ${cardNoLength} digits` };
  const payload = cardNo.slice(0, -1);
  if (luhnCheckDigit(payload) !== Number(cardNo.at(-1)))
    return { ok: false, reason: 'check_digit', message: 'bad check digit' };
  return {
    ok: true,
    cardNo,
    regionCode: cardNo.slice(0, 6),
    year: Number(cardNo.slice(6, 10)),
    sequence: Number(cardNo.slice(10, 16)),
  };
}

/** Groups of 6-4-6-1 for reading aloud and printing. */
export function displayCardNo(cardNo: string): string {
  return cardNo.length === cardNoLength
    ? `${cardNo.slice(0, 6)} ${cardNo.slice(6, 10)} ${cardNo.slice(10, 16)} ${cardNo.slice(16)}`
    : cardNo;
}

// ---------------------------------------------------------------- status

export const cardStatuses = [
  'issued', // 正常: in force
  'suspended', // 挂起: temporarily not usable (lost, under check), may be reinstated
  'cancelled', // 注销: final; a new card may then be issued
] as const;
export type CardStatus = (typeof cardStatuses)[number];

export const cardStatusLabels = {
  issued: { zh: '正常', en: 'Issued' },
  suspended: { zh: '已挂起', en: 'Suspended' },
  cancelled: { zh: '已注销', en: 'Cancelled' },
} as const satisfies Record<CardStatus, { zh: string; en: string }>;

export const cardActions = ['suspend', 'reinstate', 'cancel'] as const;
export type CardAction = (typeof cardActions)[number];

export const cardActionLabels = {
  suspend: { zh: '挂起', en: 'Suspend' },
  reinstate: { zh: '恢复', en: 'Reinstate' },
  cancel: { zh: '注销', en: 'Cancel' },
} as const satisfies Record<CardAction, { zh: string; en: string }>;

/** The actions a card in this status allows. */
export function allowedCardActions(status: CardStatus): CardAction[] {
  switch (status) {
    case 'issued':
      return ['suspend', 'cancel'];
    case 'suspended':
      return ['reinstate', 'cancel'];
    case 'cancelled':
      return [];
  }
}

/** The status after an action, or null when the status does not allow it. */
export function cardStatusAfter(status: CardStatus, action: CardAction): CardStatus | null {
  if (!allowedCardActions(status).includes(action)) return null;
  switch (action) {
    case 'suspend':
      return 'suspended';
    case 'reinstate':
      return 'issued';
    case 'cancel':
      return 'cancelled';
  }
}

// ---------------------------------------------------------------- API

export const cardActionRequestSchema = z.object({
  action: z.enum(cardActions),
  /** The status the actor saw: of two changes at once exactly one wins. */
  expectedStatus: z.enum(cardStatuses),
  reason: z.string().trim().min(1, 'required').max(500),
});
export type CardActionRequest = z.output<typeof cardActionRequestSchema>;

export const cardLookupQuerySchema = z.object({
  cardNo: z.string().trim().min(1).max(40),
});

export type CardEventView = {
  at: string;
  fromStatus: CardStatus | null;
  toStatus: CardStatus;
  reason: string | null;
  actorName: string | null;
};

export type WorkerCardView = {
  id: number;
  cardNo: string;
  holderName: string;
  holderIdNumberMasked: string | null;
  status: CardStatus;
  statusReason: string | null;
  issuedOn: string;
  /** What the caller may do now (empty without household.manage). */
  actions: CardAction[];
  events: CardEventView[];
};

/** A file's cards, newest first; at most one is not cancelled. */
export type HouseholdCardsView = {
  cards: WorkerCardView[];
  /** The file is registered and has no card in force: a new one may be issued. */
  canIssue: boolean;
};

/** What a lookup answers: enough to verify the card, nothing sensitive. */
export type CardLookupResult = {
  cardNo: string;
  status: CardStatus;
  statusReason: string | null;
  holderNameMasked: string;
  issuedOn: string;
  issuingNodeName: string;
  fileNo: string | null;
  householdId: number;
};
