import { RegExpMatcher, englishDataset, englishRecommendedTransformers } from 'obscenity';
import type { Classifier, Triage } from '../ports.js';

/**
 * The deterministic classifier: used when no AI is configured, when the AI fails, and as a
 * floor under the AI's answer. Profanity comes from the `obscenity` word list (it handles
 * leetspeak, repeated letters and symbol swaps like "sh1t", "f*ck", "fuuuck"); spaced-out
 * letters ("f u c k", "s.h.i.t") are joined first.
 *
 * What counts as ABUSIVE (escalated per the standards' "Abusive customers"):
 *  - a slur or an explicit sexual act, anywhere in the text;
 *  - an insult or profanity aimed at a person: "you idiot", "you're a b1tch", "f*ck you",
 *    "go to hell", "you piece of shit", "the seller is a moron";
 *  - threats: "I'll find you", "I know where you live", "you'll regret this", "kill you", "kys",
 *    "watch your back", "burn down your shop";
 *  - repeated insults: two or more insulting names, or three or more profanities in one message.
 * NOT abusive (though usually negative): venting about the situation ("this is damn
 * disappointing", "shit quality", "this is f***ing ridiculous" once), mild words (damn, hell,
 * crap, wtf, sucks), accusations ("scam", "fraud", "you're a scammer": fraud hints instead),
 * legitimate recourse ("I'll report you to the police", "my lawyer", "I'll open a dispute",
 * "chargeback": urgency instead), and anatomical or product words ("sex toy", "dildo").
 */

const matcher = new RegExpMatcher({ ...englishDataset.build(), ...englishRecommendedTransformers });

/** Abusive wherever they appear. */
const ALWAYS_ABUSIVE = new Set([
  'abeed',
  'abo',
  'africoon',
  'arabush',
  'boonga',
  'chingchong',
  'chink',
  'kike',
  'nigger',
  'tranny',
  'fag',
  'dyke',
  'cunt',
  'whore',
  'slut',
  'twat',
  'rape',
  'incest',
  'bestiality',
  'blowjob',
  'handjob',
  'gangbang',
  'deepthroat',
  'fellatio',
  'felch',
  'finger bang',
  'fisting',
  'jizz',
  'lubejob',
  'double penetration',
  'jerk off',
]);
/** Names for a person: abusive when aimed at someone or repeated ("flame retardant" is not). */
const LIST_INSULTS = new Set([
  'bitch',
  'bastard',
  'prick',
  'dick',
  'ass',
  'arse',
  'cock',
  'pussy',
  'wank',
  'cuck',
  'retard',
  'spastic',
  'turd',
  'negro',
]);
/** Exclamations: abusive when aimed at someone ("f*ck you") or three or more in a message. */
const LIST_PROFANITY = new Set(['fuck', 'shit', 'piss', 'bollocks']);
/** Insulting names not in the word list; adjectives (stupid, dumb...) count only when aimed ("you're stupid"). */
const WORD_INSULTS =
  /^(?:idiots?|morons?|imbeciles?|cretins?|losers?|scumbags?|scum|clowns?|jerks?|douche(?:bags?)?|tossers?|wankers?|dumbass(?:es)?|dipshits?|assholes?|arseholes?|stupid|dumb|pathetic|worthless)$/;
const ADJECTIVE = /^(?:stupid|dumb|pathetic|worthless)$/;
const SECOND_PERSON = /^(?:y+o+u+|u+|y+a+|y+o+u+'?r+e+|u+r+|y+'?a+l+|yourself|yourselves|urself)$/;
const AIMED_AFTER = /^(?:y+o+u+|u+|y+a+|off|yourself|yourselves|urself)$/;
const PEOPLE = /^(?:seller|sellers|owner|owners|staff|people|guys)$/;
/** Words that may stand between "you" and the insult: "you are such a f***ing idiot". */
const FILLER =
  /^(?:are|r|is|were|a|an|such|so|total|complete|absolute|utter|real|really|very|little|big|fat|lazy|useless|stupid|dumb|the|biggest|bloody|damn|damned|freaking|effing|f[*a-z]*(?:k|ing|in|en)|fk?ing)$/;
const THREATS: Array<[string, RegExp]> = [
  ['find you', /\b(?:i'?ll|i will|i'?m going to|im going to|i'?m gonna|gonna|going to|will)\s+(?:find|hunt)\s+(?:you|u)\b/],
  ['know where you live', /\bknow where (?:you|u) (?:live|work)/],
  ["you'll regret", /\b(?:you|u)(?:'ll| will|'re going to| are going to| r gonna|'re gonna| gonna)\s+(?:regret|pay for (?:this|it))\b/],
  // Not "I'll shoot you an email" or "beat you to it".
  [
    'kill',
    /\b(?:kill|murder|stab|shoot|strangle|beat|hurt)\s+(?:you|u|ya|yourself|urself|your\s+(?:family|kids?|children|wife|husband|face|dog|cat|ass)|ur\s+(?:family|kids?|face))\b(?!\s+(?:an?|the|some|over|back|my|to|up)\b)/,
  ],
  ['kys', /\bkys\b/],
  ["you're dead", /\b(?:you'?re|you are|ur) (?:dead|a dead (?:man|woman))\b(?! to me)/],
  ['watch your back', /\bwatch (?:your|ur) back\b/],
  ['burn down', /\bburn (?:down )?(?:your|ur)\b|\bburn (?:it|the (?:shop|store|place)) down\b/],
  ['come to your home', /\b(?:come|coming|show up|turn up) (?:to|at|after|round) (?:your|ur) (?:house|home|door)\b/],
  ['something will happen', /\bsomething (?:bad )?(?:will|is going to|gonna) happen to (?:you|your|ur)\b/],
];
const AIMED_PHRASES: Array<[string, RegExp]> = [
  ['go to hell', /\b(?:go to|rot in|burn in) hell\b/],
  ['screw you', /\bscrew (?:you|u|ya|yourself|off)\b/],
  ['piece of shit', /\b(?:you|u|ya|ur|you'?re|seller is|owner is)\s+(?:\w+\s+){0,2}pieces? of (?:shit|crap|garbage|trash)\b/],
  ['shut up', /(?:^|[.!?,;]\s*|\bjust |\bnow )shut (?:the \w+ )?up\b|\bstfu\b/],
];
const MILD = /\b(?:damn|dammit|hell|crap|crappy|wtf|sucks|bloody|freaking|frigging)\b/g;

const URGENT: Array<[string, RegExp]> = [
  [
    'chargeback',
    /\bcharge ?backs?\b|\bcharged? (?:it )?back\b|\breverse the (?:charge|payment)\b|\b(?:contact(?:ed|ing)?|call(?:ed|ing)?|told) my (?:bank|credit card)/,
  ],
  [
    'lawyer',
    /\b(?:lawyers?|attorneys?|solicitors?|legal action|small claims|suing)\b|\bsue (?:you|u|your|ur|the|this|them)\b|\b(?:to|in) court\b/,
  ],
  ['police', /\bpolice\b|\btrading standards\b|\bconsumer protection\b/],
];
const HIGH: Array<[string, RegExp]> = [
  [
    'dispute',
    /\b(?:disputes?|disputed|open(?:ed|ing)? a (?:case|claim)|fil(?:e|ed|ing) a (?:claim|case|complaint)|paypal (?:claim|case)|a-?to-?z|bbb)\b/,
  ],
  ['scam', /\bscam(?:s|med|mer|mers)?\b/],
  ['fraud', /\bfraud(?:ulent|ster)?\b|\bthie(?:f|ves)\b|\bstole\b|\bstolen\b/],
  ['urgent', /\burgent(?:ly)?\b|\bemergency\b/],
  ['asap', /\basap\b|\ba\.s\.a\.p\b|\bas soon as possible\b|\bimmediately\b|\bright (?:away|now)\b/],
  [
    'deadline',
    /\b(?:need (?:it|this|them) (?:by|before|for)|by (?:tomorrow|tonight|today|monday|tuesday|wednesday|thursday|friday|saturday|sunday|the weekend|the \d+)|before (?:the|my|our) (?:wedding|birthday|event|party|trip|flight)|need (?:it|this|them) (?:today|tomorrow|tonight)|deadline)\b/,
  ],
  [
    'no response',
    /\bstill (?:waiting|no)\b|\b(?:second|third|2nd|3rd|fourth) (?:time|message|email)\b|\bno (?:response|reply|answer)\b|\bignor(?:ed|ing) (?:me|my)\b/,
  ],
];
const REVIEW_EXTORTION =
  /\b(?:refund|money back|replace|compensat)[^.!?]{0,80}\b(?:or|otherwise|unless|else)\b[^.!?]{0,50}\b(?:review|stars?|rating)\b|\b(?:1|one)[- ]?star[^.!?]{0,40}\bunless\b/;
const FRAUD_SIGNALS: Array<[string, RegExp]> = [
  ['keep the item', /\bkeep (?:the|it|them|both)\b[^.!?]{0,30}\b(?:and|plus|with)\b[^.!?]{0,20}\b(?:refund|money back)\b/],
  ['already refunded', /\balready (?:got|received|had) (?:a |my )?(?:refund|money back)\b/],
];

const KINDS: Array<[string, RegExp]> = [
  ['chargeback', URGENT[0]![1]],
  [
    'dispute',
    /\b(?:open(?:ed|ing)? a (?:dispute|case|claim)|fil(?:e|ed|ing) a (?:dispute|claim|case)|paypal (?:dispute|claim|case)|a-?to-?z claim)\b/,
  ],
  ['return', /\breturn(?:ing|ed|s)?\b|\bsend (?:it|them|this) back\b|\bexchange\b/],
  ['refund', /\brefund(?:ed|s)?\b|\bmoney back\b/],
  [
    'not-received',
    /\bnever (?:arrived|came|received|got|showed up)\b|\b(?:not|hasn'?t|have not|haven'?t|has not) (?:yet )?(?:arrived|received|come|got it)\b|\bdidn'?t (?:arrive|receive|get)\b|\bwhere is my (?:order|package|parcel|item)\b|\blost in (?:the )?(?:post|mail|transit)\b|\bnot (?:been )?delivered\b/,
  ],
  [
    'damaged',
    /\b(?:broken|broke|damaged|cracked|shattered|smashed|defective|faulty|torn|ripped|dented|leaking)\b|\b(?:doesn'?t|does not|isn'?t|stopped|not) work(?:ing)?\b/,
  ],
  [
    'wrong-item',
    /\bwrong (?:item|size|colou?r|product|order|one|thing)\b|\bnot what i (?:ordered|paid for)\b|\bnot as (?:described|pictured|advertised)\b|\bsent me (?:the wrong|a different)\b|\bdifferent (?:item|colou?r|size|product)\b/,
  ],
];

const POSITIVE =
  /^(?:love|loved|loves|lovely|great|perfect|perfectly|amazing|excellent|happy|beautiful|wonderful|awesome|fantastic|gorgeous|recommend|recommended|pleased|delighted|nice|good|best|satisfied|glad|appreciate|appreciated|superb|brilliant|quick|fast|helpful|cute|stunning)$/;
const NEGATIVE =
  /^(?:bad|terrible|awful|horrible|worst|poor|poorly|disappointed|disappointing|disappointment|unhappy|angry|upset|furious|annoyed|frustrated|frustrating|unacceptable|useless|waste|ridiculous|rubbish|garbage|junk|cheap|cheaply|hate|hated|broken|damaged|defective|faulty|wrong|missing|late|delayed|never|scam|scams|scammers?|fraud|thief|thieves|liars?|ruined|worse|disgusting|pathetic|shoddy|flimsy|complaint|fake|lied|liar|misleading|ugly)$/;
const NEGATION = /^(?:not|no|never|isn't|wasn't|don't|didn't|doesn't|aren't|hardly|nothing|without)$/;
const CLOSING = /\b(?:thanks|thank you|thx|cheers|regards)\b/g;

const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', $: 's', '!': 'i' };

/** Lower case, curly quotes straightened, 3+ repeated letters cut to 2, spaced-out letters joined. */
export function prepare(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .replace(/([a-z])\1{2,}/g, '$1$1')
    .replace(/(?<![\w@$*])(?:[\w@$*][ .\-_]){3,}[\w@$*](?![\w@$*])/g, (m) => m.replace(/[ .\-_]/g, ''));
}

/** Leetspeak mapped to letters, one character for one, so positions match `prepare`'s text. */
const unleet = (s: string): string => s.replace(/[013457@$]|!(?=[a-z])/g, (c) => LEET[c] ?? c);

interface Token {
  w: string;
  start: number;
  end: number;
}
const tokenize = (s: string): Token[] =>
  [...s.matchAll(/[a-z*'][a-z*'-]*/g)].map((m) => ({ w: m[0].replace(/^'+|'+$/g, ''), start: m.index, end: m.index + m[0].length - 1 }));
/** Whether tokens i and j (i < j) are in the same clause. */
const joined = (s: string, a: Token, b: Token): boolean => !/[.!?,;:\n]/.test(s.slice(a.end + 1, b.start));

/** "you (are) (such a) idiot", "the seller is a moron": walks back over filler words to a person. */
function aimedInsult(s: string, tokens: Token[], i: number): boolean {
  for (let j = i - 1, steps = 0; j >= 0 && steps < 5 && joined(s, tokens[j]!, tokens[j + 1]!); j--, steps++) {
    const w = tokens[j]!.w;
    if (SECOND_PERSON.test(w) || PEOPLE.test(w)) return true;
    if (!FILLER.test(w)) return false;
  }
  return false;
}

/** "f*ck you", "f*ck off", "you sh1t", "you f***ing ...". */
function aimedProfanity(s: string, tokens: Token[], i: number): boolean {
  const next = tokens[i + 1];
  const prev = tokens[i - 1];
  return (
    (!!next && joined(s, tokens[i]!, next) && AIMED_AFTER.test(next.w)) ||
    (!!prev && joined(s, prev, tokens[i]!) && SECOND_PERSON.test(prev.w))
  );
}

interface Abuse {
  abusive: boolean;
  hints: string[];
  profanity: number;
}

function detectAbuse(s: string, plain: string): Abuse {
  const hints: string[] = [];
  let abusive = false;
  const flag = (hint: string) => {
    abusive = true;
    hints.push(hint);
  };
  const tokens = tokenize(plain);
  const tokenAt = (pos: number) => tokens.findIndex((t) => t.start <= pos && pos <= t.end);
  const insults = new Map<number, string>();
  const swears = new Map<number, string>();
  for (const m of matcher.getAllMatches(s, true)) {
    const word = englishDataset.getPayloadWithPhraseMetadata(m).phraseMetadata?.originalWord ?? 'profanity';
    const i = tokenAt(m.startIndex);
    if (ALWAYS_ABUSIVE.has(word)) flag(`abuse:slur-or-sexual:${word}`);
    else if (i < 0) hints.push(`profanity:${word}`);
    else if (LIST_INSULTS.has(word)) insults.set(i, word);
    else if (LIST_PROFANITY.has(word)) swears.set(i, word);
    else hints.push(`explicit:${word}`);
  }
  tokens.forEach((t, i) => {
    if (!insults.has(i) && WORD_INSULTS.test(t.w)) insults.set(i, t.w);
  });
  let names = 0;
  for (const [i, word] of insults) {
    if (!ADJECTIVE.test(word)) names++;
    if (aimedInsult(plain, tokens, i) || (LIST_INSULTS.has(word) && aimedProfanity(plain, tokens, i))) flag(`abuse:insult:${word}`);
    else hints.push(`${LIST_INSULTS.has(word) ? 'profanity' : 'rude'}:${word}`);
  }
  for (const [i, word] of swears) {
    if (aimedProfanity(plain, tokens, i)) flag(`abuse:aimed-profanity:${word}`);
    else hints.push(`profanity:${word}`);
  }
  for (const [name, re] of THREATS) if (re.test(plain)) flag(`threat:${name}`);
  for (const [name, re] of AIMED_PHRASES) if (re.test(plain)) flag(`abuse:${name}`);
  const listed = [...insults.values()].filter((w) => LIST_INSULTS.has(w)).length + swears.size;
  if (names >= 2) flag('abuse:repeated-insults');
  if (listed >= 3) flag('abuse:sustained-profanity');
  return { abusive, hints, profanity: swears.size };
}

const matchAll = (s: string, list: Array<[string, RegExp]>, prefix: string): string[] =>
  list.filter(([, re]) => re.test(s)).map(([name]) => `${prefix}:${name}`);

function sentimentOf(s: string, rating: number | null | undefined, extraNegative: number): Triage['sentiment'] {
  const words = tokenize(s).map((t) => t.w);
  let score = 0;
  words.forEach((w, i) => {
    const negated = words.slice(Math.max(0, i - 2), i).some((p) => NEGATION.test(p));
    if (POSITIVE.test(w)) score += negated ? -1 : 1;
    else if (NEGATIVE.test(w) && !negated) score -= 1;
  });
  // A polite "thanks" counts half, so one closing a complaint does not cancel it out.
  score += (s.match(CLOSING) ?? []).length * 0.5;
  if (/\bthanks? (?:you )?for nothing\b/.test(s)) score -= 2;
  score -= (s.match(MILD) ?? []).length + extraNegative;
  if (rating != null) score += rating <= 2 ? -2 : rating >= 4 ? 2 : 0;
  return score > 0 ? 'positive' : score < 0 ? 'negative' : 'neutral';
}

const KIND_RANK: Record<string, number> = { message: 0, review: 0, return: 1, dispute: 2, chargeback: 3 };

/** Classifies one text deterministically. Exported for tests and for the AI classifier's floor. */
export function classifyByRules(text: string, ctx: { kind: string; rating?: number | null }): Triage {
  const s = prepare(text);
  const plain = unleet(s);
  const abuse = detectAbuse(s, plain);
  const urgent = matchAll(plain, URGENT, 'urgent');
  const high = matchAll(plain, HIGH, 'urgency');
  const kinds = KINDS.filter(([, re]) => re.test(plain)).map(([k]) => k);
  const hints = [...abuse.hints, ...urgent, ...high, ...kinds.map((k) => `kind:${k}`)];
  if (REVIEW_EXTORTION.test(plain)) hints.push('policy:review-extortion');
  hints.push(...matchAll(plain, FRAUD_SIGNALS, 'fraud'));

  const sentiment = abuse.abusive ? 'negative' : sentimentOf(plain, ctx.rating, abuse.profanity);
  const threat = abuse.hints.some((h) => h.startsWith('threat:'));
  const urgency: Triage['urgency'] =
    urgent.length || threat
      ? 'urgent'
      : high.length || abuse.abusive || hints.includes('policy:review-extortion')
        ? 'high'
        : sentiment === 'positive' && kinds.length === 0
          ? 'low'
          : 'normal';

  const suggested = kinds.includes('chargeback')
    ? 'chargeback'
    : kinds.includes('dispute')
      ? 'dispute'
      : kinds.includes('return') || kinds.includes('refund')
        ? 'return'
        : undefined;
  const kind = suggested && KIND_RANK[suggested]! > (KIND_RANK[ctx.kind] ?? 0) ? suggested : undefined;
  return { source: 'rules', ...(kind ? { kind } : {}), sentiment, urgency, abusive: abuse.abusive, hints: [...new Set(hints)] };
}

export function createRulesClassifier(): Classifier {
  return { classify: async (text, ctx) => classifyByRules(text, ctx) };
}
