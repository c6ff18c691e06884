import { describe, expect, it } from 'vitest';
import { classifyByRules, createRulesClassifier } from '../../src/ai/rules-classifier.js';

const msg = (text: string, rating?: number) =>
  classifyByRules(text, { kind: rating === undefined ? 'message' : 'review', rating: rating ?? null });

describe('rules classifier: abuse', () => {
  const abusive = [
    'You stupid b1tch, where is my order',
    'F*ck you and your shop',
    'fuuuuck youuu',
    'f u c k you',
    'you are such a f***ing idiot',
    'u r a moron',
    'The seller is a moron.',
    'you @sshole',
    'you piece of sh1t',
    'go to hell',
    'Screw you, I want my money',
    'what idiots. total morons',
    'fuck this shit, fucking useless',
    'Did you fucking even check the package?',
    'Shut up and refund me',
  ];
  it.each(abusive)('flags %j', (text) => {
    const t = msg(text);
    expect(t.abusive).toBe(true);
    expect(t.sentiment).toBe('negative');
    expect(['high', 'urgent']).toContain(t.urgency);
    expect(t.hints.some((h) => h.startsWith('abuse:') || h.startsWith('threat:'))).toBe(true);
  });

  const unhappyButNotAbusive = [
    'this is damn disappointing',
    'Shit quality, the mug arrived broken',
    'This is fucking ridiculous, my parcel never arrived',
    'Worst purchase ever. Crap packaging and it sucks. WTF?',
    'I have a pain in the ass with this zipper',
    'you guys sent a broken ass mug',
    'your stupid website will not let me log in',
    'What kind of idiot packs glass like this?',
    'This is a scam and you are scammers and thieves',
    'I will report you to the police',
    'My lawyer will hear about this',
    'I have opened a chargeback with my bank',
    'Refund me or I will leave a 1 star review',
  ];
  it.each(unhappyButNotAbusive)('does not flag %j', (text) => {
    const t = msg(text);
    expect(t.abusive).toBe(false);
    expect(t.hints.filter((h) => h.startsWith('abuse:') || h.startsWith('threat:'))).toEqual([]);
  });

  it('venting profanity is negative but not abusive, and noted as a hint', () => {
    const t = msg('Shit quality, the mug arrived broken');
    expect(t).toMatchObject({ abusive: false, sentiment: 'negative' });
    expect(t.hints).toContain('profanity:shit');
    expect(msg('this is damn disappointing')).toMatchObject({ abusive: false, sentiment: 'negative', urgency: 'normal' });
  });

  it('does not flag innocent words that contain or resemble listed ones', () => {
    for (const text of [
      'flame retardant fabric please',
      'quiero el color negro',
      'Thank you, Dick',
      'The class assignment needs a cocktail glass',
      'Hi, this is Sue. Where is my order?',
      'I pricked my finger on the brooch pin',
    ]) {
      expect(msg(text).abusive, text).toBe(false);
    }
  });

  it('slurs and explicit sexual harassment are abusive anywhere', () => {
    expect(msg('send me a blowjob video').abusive).toBe(true);
    expect(msg('typical k1ke seller').hints).toContain('abuse:slur-or-sexual:kike');
  });
});

describe('rules classifier: threats', () => {
  it.each([
    ["I'll find you", 'threat:find you'],
    ['I will hunt you down', 'threat:find you'],
    ['I know where you live.', 'threat:know where you live'],
    ["You'll regret this", "threat:you'll regret"],
    ['You will regret this', "threat:you'll regret"],
    ['I will kill you', 'threat:kill'],
    ['kys', 'threat:kys'],
    ['watch your back', 'threat:watch your back'],
  ])('%j is an urgent, abusive threat', (text, hint) => {
    const t = msg(text);
    expect(t).toMatchObject({ abusive: true, urgency: 'urgent', sentiment: 'negative' });
    expect(t.hints).toContain(hint);
  });

  it('"kill" about things is not a threat', () => {
    expect(msg('This heat will kill the plant').abusive).toBe(false);
    expect(msg('the wait is killing me').abusive).toBe(false);
    expect(msg("I'll shoot you an email with photos").abusive).toBe(false);
    expect(msg('I will come to your shop to collect it').abusive).toBe(false);
    expect(msg("The lid won't shut up properly").abusive).toBe(false);
  });

  it('reporting to the police or a lawyer is recourse, not abuse: urgent', () => {
    expect(msg('I will report you to the police')).toMatchObject({ abusive: false, urgency: 'urgent' });
    expect(msg('I will report you to the police').hints).toContain('urgent:police');
    expect(msg('My attorney will be in touch').hints).toContain('urgent:lawyer');
  });
});

describe('rules classifier: urgency and fraud words', () => {
  it('chargebacks are urgent and suggest the chargeback kind', () => {
    const t = msg('I have opened a chargeback with my bank');
    expect(t).toMatchObject({ urgency: 'urgent', kind: 'chargeback' });
    expect(t.hints).toContain('urgent:chargeback');
  });

  it('disputes, scam and fraud words, deadlines and asap are high', () => {
    expect(msg('I filed a claim with PayPal')).toMatchObject({ urgency: 'high', kind: 'dispute' });
    expect(msg('This shop is a scam').hints).toContain('urgency:scam');
    expect(msg('Fraudulent listing').urgency).toBe('high');
    expect(msg('I need it by Friday for a wedding').hints).toContain('urgency:deadline');
    expect(msg('Please answer ASAP').urgency).toBe('high');
    expect(msg('URGENT: wrong address').urgency).toBe('high');
    expect(msg('This is my third message, still waiting').urgency).toBe('high');
  });

  it('review extortion and keep-and-refund are hinted for the evidence pack', () => {
    expect(msg('Refund me or I will leave a 1 star review').hints).toContain('policy:review-extortion');
    expect(msg('I want to keep the item and get a refund').hints).toContain('fraud:keep the item');
  });

  it('thanks and praise are low urgency and positive; a plain question is neutral and normal', () => {
    expect(msg('Love it, thanks so much!')).toMatchObject({ sentiment: 'positive', urgency: 'low', abusive: false });
    expect(msg('When will my order ship?')).toMatchObject({ sentiment: 'neutral', urgency: 'normal' });
  });
});

describe('rules classifier: kinds and sentiment', () => {
  it.each([
    ['I want to return it', 'kind:return'],
    ['Can I get a refund?', 'kind:refund'],
    ['My parcel never arrived', 'kind:not-received'],
    ["It hasn't arrived yet", 'kind:not-received'],
    ['The mug arrived broken', 'kind:damaged'],
    ['It stopped working after a day', 'kind:damaged'],
    ['You sent the wrong item', 'kind:wrong-item'],
    ['Not as described at all', 'kind:wrong-item'],
  ])('%j → %s', (text, hint) => {
    expect(msg(text).hints).toContain(hint);
  });

  it('suggests a stronger kind than the event only', () => {
    expect(msg('I want to return it').kind).toBe('return');
    expect(msg('Can I get a refund?').kind).toBe('return');
    expect(classifyByRules('I want to return it', { kind: 'dispute' }).kind).toBeUndefined();
    expect(msg('The mug arrived broken').kind).toBeUndefined();
  });

  it('uses the review rating', () => {
    expect(msg('ok', 1).sentiment).toBe('negative');
    expect(msg('ok', 5).sentiment).toBe('positive');
    expect(msg('Lovely mug but it arrived broken', 5).sentiment).toBe('positive');
    expect(msg('ok', 3).sentiment).toBe('neutral');
  });

  it('handles negation and a polite closing on a complaint', () => {
    expect(msg('Not happy with this at all').sentiment).toBe('negative');
    expect(msg('not bad at all, thanks').sentiment).toBe('positive');
    expect(msg('My mug arrived broken. Thanks').sentiment).toBe('negative');
    expect(msg('Thanks for nothing').sentiment).toBe('negative');
  });

  it('is a Classifier with source rules', async () => {
    await expect(createRulesClassifier().classify('Where is my order?', { kind: 'message' })).resolves.toMatchObject({
      source: 'rules',
      abusive: false,
    });
  });
});
