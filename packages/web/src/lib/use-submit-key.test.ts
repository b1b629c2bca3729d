import { describe, expect, it } from 'vitest';
import { submitKeys } from './use-submit-key';

describe('a form\'s idempotency key', () => {
  it('is the same for a resent body, so a retry or a double click creates once', () => {
    const keys = submitKeys();
    const body = { name: '李明', phone: '13912345678' };
    expect(keys.keyFor({ ...body })).toBe(keys.keyFor({ ...body }));
  });

  it('changes when the body changes, so an edited entry is not refused as a reused key', () => {
    const keys = submitKeys();
    const first = keys.keyFor({ name: '李明' });
    expect(keys.keyFor({ name: '李明明' })).not.toBe(first);
  });

  it('starts afresh after a success, so the same entry again is a new record', () => {
    const keys = submitKeys();
    const first = keys.keyFor({ kind: 'call', text: '未接通' });
    keys.done();
    expect(keys.keyFor({ kind: 'call', text: '未接通' })).not.toBe(first);
  });
});
