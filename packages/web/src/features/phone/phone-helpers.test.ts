import { describe, expect, it } from 'vitest';
import { ApiError, newIdempotencyKey } from '../../api/client';
import { desktopStart } from '../../lib/device';
import { phoneTarget } from './phone-nav';
import { bodyFieldErrors } from './records';
import { isSilent } from './silence';

describe('phone helpers', () => {
  it('opens a notification on the phone page when there is one, else on the desktop page', () => {
    expect(phoneTarget('/leads/01JD')).toBe('/m/leads/01JD');
    expect(phoneTarget('/customers/01JD?tab=contacts')).toBe('/m/customers/01JD?tab=contacts');
    expect(phoneTarget('/inbox')).toBe('/m/inbox');
    expect(phoneTarget('/m/leads/01JD')).toBe('/m/leads/01JD');
    expect(phoneTarget('/imports')).toBe('/imports');
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

  it('flags a lead silent after 72 hours without activity (SPEC A5)', () => {
    const now = Date.parse('2026-11-27T12:00:00Z');
    expect(isSilent('2026-11-24T12:00:01Z', now)).toBe(false);
    expect(isSilent('2026-11-24T12:00:00Z', now)).toBe(true);
  });
});
