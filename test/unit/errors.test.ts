import { describe, expect, it } from 'vitest';
import {
  AppError,
  CaseStateError,
  ConnectorConfigError,
  DeliveryError,
  errorCode,
  failureNotice,
  newReference,
  UserError,
} from '../../src/errors.js';

describe('one way to fail', () => {
  it('every deliberate error carries a code; anything else is internal', () => {
    expect(errorCode(new UserError('case.unknown', 'There is no case #9.'))).toBe('case.unknown');
    expect(errorCode(new CaseStateError('Case #1 is resolved.', 1))).toBe('case.state');
    expect(errorCode(new ConnectorConfigError('shop "s": connector.url: bad', 's', 'connector.url'))).toBe('connector.config');
    expect(errorCode(new DeliveryError('slow down', 'rate_limited', 1000))).toBe('delivery.rate_limited');
    expect(errorCode(new Error('boom'))).toBe('internal');
    expect(errorCode('not even an error')).toBe('internal');
    expect(new ConnectorConfigError('x', 's', 'f')).toBeInstanceOf(AppError);
    expect(new ConnectorConfigError('x', 's', 'f').name).toBe('ConnectorConfigError');
  });

  it('the failure notice says the same on every platform, with the reference', () => {
    const ref = newReference();
    expect(ref).toMatch(/^[0-9a-f]{8}$/);
    const notice = failureNotice(ref);
    expect(notice).toMatchObject({ kind: 'card', title: 'Something went wrong', accent: 'danger' });
    expect(notice.summary).toMatch(/^Something went wrong: SellerDesk could not show its answer/);
    expect(notice.summary).toContain(`reference: ${ref}.`);
  });
});
