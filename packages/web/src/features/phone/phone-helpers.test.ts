import { describe, expect, it } from 'vitest';
import { ApiError, newIdempotencyKey } from '../../api/client';
import { desktopStart } from '../../lib/device';
import { phoneTarget } from './phone-nav';
import { bodyFieldErrors } from './records';
import { defaultStewardSettings } from '@closeloop/core';
import { isSilentLead } from './silence';

describe('phone helpers', () => {
  it('opens a notification on the phone page when there is one, else on the desktop page', () => {
    expect(phoneTarget('/leads/01JD')).toBe('/m/leads/01JD');
    expect(phoneTarget('/customers/01JD?tab=contacts')).toBe('/m/customers/01JD?tab=contacts');
    expect(phoneTarget('/inbox')).toBe('/m/inbox');
    expect(phoneTarget('/m/leads/01JD')).toBe('/m/leads/01JD');
    expect(phoneTarget('/imports')).toBe('/imports');
    expect(phoneTarget('/silent-leads')).toBe('/m/silent-leads');
    expect(phoneTarget('/admin/users')).toBe('/admin/users');
    expect(phoneTarget('https://example.com/x')).toBe('https://example.com/x');
  });

  it('sends each role to its own desktop start (the start page would send a phone back to /m)', () => {
    expect(desktopStart('rep')).toBe('/leads');
    expect(desktopStart('manager')).toBe('/dashboard');
    expect(desktopStart('admin')).toBe('/admin/users');
  });

  it('puts the server’s body field errors on form fields, first message per field', () => {
    const error = new ApiError(400, 'VALIDATION_FAILED', 'Some fields are not valid.', {
      'body.phone': 'not a phone number',
      'body.tags.0': 'too long',
      'query.cursor': 'bad',
    });
    expect(bodyFieldErrors(error)).toEqual({ phone: 'not a phone number', tags: 'too long' });
    expect(bodyFieldErrors(new Error('x'))).toEqual({});
  });

  it('makes a fresh visible-ASCII key per form', () => {
    const a = newIdempotencyKey();
    expect(a).toMatch(/^[0-9a-f-]{32,36}$/);
    expect(newIdempotencyKey()).not.toBe(a);
  });

  it('flags a lead silent after its stage’s limit without activity, and never a closed one (SPEC A5)', () => {
    const now = new Date('2026-11-27T12:00:00Z');
    const rules = { silenceHours: { ...defaultStewardSettings.silenceHours, proposal: 24 } };
    expect(isSilentLead({ stage: 'contacted', lastActivityAt: '2026-11-24T12:00:01Z' }, rules, now)).toBe(false);
    expect(isSilentLead({ stage: 'contacted', lastActivityAt: '2026-11-24T12:00:00Z' }, rules, now)).toBe(true);
    expect(isSilentLead({ stage: 'proposal', lastActivityAt: '2026-11-26T12:00:00Z' }, rules, now)).toBe(true);
    expect(isSilentLead({ stage: 'won', lastActivityAt: '2026-01-01T00:00:00Z' }, rules, now)).toBe(false);
  });
});
