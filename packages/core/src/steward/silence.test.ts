import { describe, expect, it } from 'vitest';
import { defaultStewardSettings, stewardSettingsSchema } from './settings.js';
import { isSilent, silenceCutoffs, silenceDeadline, silentDays, uniformSilenceHours } from './silence.js';

const monday9 = '2026-11-02T01:00:00.000Z'; // Monday 09:00 Shanghai time
const at = (iso: string) => new Date(iso);

describe('the silence clock', () => {
  it('makes a lead touched Monday 09:00 silent Thursday 09:00 and not a millisecond before', () => {
    expect(silenceDeadline('contacted', monday9, defaultStewardSettings)?.toISOString()).toBe('2026-11-05T01:00:00.000Z');
    expect(isSilent('contacted', monday9, defaultStewardSettings, at('2026-11-05T00:59:59.999Z'))).toBe(false);
    expect(isSilent('contacted', monday9, defaultStewardSettings, at('2026-11-05T01:00:00.000Z'))).toBe(true);
  });

  it('uses the limit of the lead’s stage', () => {
    const settings = stewardSettingsSchema.parse({ silenceHours: { new: 24, contacted: 72, qualified: 72, proposal: 48, negotiation: 36 } });
    const now = at('2026-11-04T02:00:00.000Z'); // 49 h after Monday 09:00
    expect(isSilent('new', monday9, settings, now)).toBe(true);
    expect(isSilent('proposal', monday9, settings, now)).toBe(true);
    expect(isSilent('contacted', monday9, settings, now)).toBe(false);
    expect(silenceCutoffs(settings, now)).toEqual({
      new: '2026-11-03T02:00:00.000Z', contacted: '2026-11-01T02:00:00.000Z', qualified: '2026-11-01T02:00:00.000Z',
      proposal: '2026-11-02T02:00:00.000Z', negotiation: '2026-11-02T14:00:00.000Z',
    });
    expect(uniformSilenceHours(settings)).toBeNull();
    expect(uniformSilenceHours(defaultStewardSettings)).toBe(72);
  });

  it('never calls a won or lost lead silent', () => {
    expect(silenceDeadline('won', monday9, defaultStewardSettings)).toBeNull();
    expect(isSilent('lost', '2020-01-01T00:00:00.000Z', defaultStewardSettings, at(monday9))).toBe(false);
  });

  it('counts whole days since the last action', () => {
    expect(silentDays(monday9, at('2026-11-05T00:59:00.000Z'))).toBe(2);
    expect(silentDays(monday9, at('2026-11-05T01:00:00.000Z'))).toBe(3);
  });
});
