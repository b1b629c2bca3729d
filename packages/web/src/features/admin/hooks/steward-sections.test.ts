import { describe, expect, it } from 'vitest';
import { defaultStewardSettings } from '@closeloop/core';
import { changedSections } from './steward-sections';

describe('the sections a steward settings save sends', () => {
  it('is nothing when nothing changed', () => {
    expect(changedSections(defaultStewardSettings, structuredClone(defaultStewardSettings))).toEqual({});
  });

  it('is each changed section whole, and only those', () => {
    const edited = structuredClone(defaultStewardSettings);
    edited.silenceHours.proposal = 48;
    edited.nextActionKinds[0]!.label.en = 'Send the proposal';
    expect(changedSections(defaultStewardSettings, edited)).toEqual({ silenceHours: edited.silenceHours, nextActionKinds: edited.nextActionKinds });
  });

  it('notices a next action removed or reordered', () => {
    const removed = { ...defaultStewardSettings, nextActionKinds: defaultStewardSettings.nextActionKinds.slice(1) };
    expect(Object.keys(changedSections(defaultStewardSettings, removed))).toEqual(['nextActionKinds']);
    const reordered = { ...defaultStewardSettings, nextActionKinds: [...defaultStewardSettings.nextActionKinds].reverse() };
    expect(Object.keys(changedSections(defaultStewardSettings, reordered))).toEqual(['nextActionKinds']);
  });
});
