import { describe, expect, it } from 'vitest';
import { phoneTarget } from '../phone/phone-nav';

describe('the weekly report notification', () => {
  it('opens the phone\'s report page on a phone, the desk page elsewhere', () => {
    expect(phoneTarget('/lead-health/me?week=2026-11-06')).toBe('/m/lead-health/me?week=2026-11-06');
    expect(phoneTarget('/lead-health')).toBe('/lead-health');
  });
});
