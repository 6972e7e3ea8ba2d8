/**
 * The committed mix of `npm run bench:turn`: what one customer says, turn by turn, half FAQ
 * questions and half order-flow steps (ask, order number, postcode, a lookup in one message),
 * in Dutch and in English. A conversation walks through its script; the order flow ends in
 * the order status (and the effort question), the FAQ turns in an answer with follow-ups.
 */
export interface ScriptedTurn {
  readonly text: string;
  readonly kind: 'faq' | 'order';
}

export const SCRIPTS: Readonly<Record<'nl' | 'en', readonly ScriptedTurn[]>> = {
  nl: [
    { text: 'hoe lang duurt de levering?', kind: 'faq' },
    { text: 'waar is mijn bestelling?', kind: 'order' },
    { text: '100001', kind: 'order' },
    { text: '1234 AB', kind: 'order' },
    { text: 'wat kost verzenden naar België?', kind: 'faq' },
    { text: 'welke betaalmethodes hebben jullie', kind: 'faq' },
    { text: 'waar is bestelling 100005? postcode 3511 AB', kind: 'order' },
    { text: 'kan ik met een cadeaubon betalen', kind: 'faq' },
  ],
  en: [
    { text: 'how long does delivery take?', kind: 'faq' },
    { text: 'where is my order?', kind: 'order' },
    { text: '100001', kind: 'order' },
    { text: '1234 AB', kind: 'order' },
    { text: 'what does shipping to Belgium cost?', kind: 'faq' },
    { text: 'which payment methods do you accept', kind: 'faq' },
    { text: 'where is order 100005? postcode 3511 AB', kind: 'order' },
    { text: 'can I pay with a gift card', kind: 'faq' },
  ],
};

export const LOCALES = { nl: 'nl-NL', en: 'en-GB' } as const;
