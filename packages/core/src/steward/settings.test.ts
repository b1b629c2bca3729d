import { describe, expect, it } from 'vitest';
import { defaultStewardSettings as plainDefaults } from './settings-defaults.js';
import { defaultStewardSettings, stewardSettingsSchema } from './settings.js';

describe('the steward settings defaults', () => {
  it('are exactly what the schema gives a company that never edited its settings', () => {
    expect(stewardSettingsSchema.parse({})).toEqual(plainDefaults);
    expect(defaultStewardSettings).toBe(plainDefaults);
  });

  it('fill a section left out, stage by stage for the silence limits', () => {
    const parsed = stewardSettingsSchema.parse({ silenceHours: { new: 24 } });
    expect(parsed.silenceHours).toEqual({ ...plainDefaults.silenceHours, new: 24 });
    expect(parsed.health).toEqual(plainDefaults.health);
  });

  it('pass the schema themselves', () => {
    expect(stewardSettingsSchema.safeParse(plainDefaults).success).toBe(true);
  });
});
