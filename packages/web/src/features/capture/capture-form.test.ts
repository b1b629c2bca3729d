import { describe, expect, it } from 'vitest';
import { defaultNextActionKinds } from '@closeloop/core';
import { activityBody, captureMode, dateInputValue, dueFromDateInput, dueShortcuts, isOverdue, pickKind, saveBlocker, withTranscript } from './capture-form';
import { canRecordAudio, dictationLanguage, recognitionConstructor, recordingFileName, recordingType, transcriptionLanguage } from './speech';

const kind = (code: string) => defaultNextActionKinds.find((k) => k.code === code)!;
const friday10 = '2026-11-27T02:00:00.000Z'; // Friday 10:00 in Shanghai
const options = { now: friday10, timeZone: 'Asia/Shanghai', dueSetByHand: false };

describe('the capture form', () => {
  it('sets the kind’s default due time when a kind is picked, keeps a due time set by hand, and unpicks on a second tap', () => {
    const proposal = pickKind(null, kind('send_proposal'), options);
    expect(proposal).toEqual({ kind: 'send_proposal', dueAt: '2026-11-29T10:00:00.000Z', note: '' }); // Sunday 18:00
    expect(pickKind(proposal, kind('book_demo'), options)?.dueAt).toBe('2026-12-02T10:00:00.000Z');
    const byHand = { ...proposal!, dueAt: '2026-12-10T02:00:00.000Z', note: '带样品' };
    expect(pickKind(byHand, kind('book_demo'), { ...options, dueSetByHand: true })).toEqual({ kind: 'book_demo', dueAt: '2026-12-10T02:00:00.000Z', note: '带样品' });
    expect(pickKind(proposal, kind('send_proposal'), options)).toBeNull();
  });

  it('holds back saving a lead’s call, visit or meeting until a next action is chosen', () => {
    expect(saveBlocker('call', true, null)).toBe('needsNextAction');
    expect(saveBlocker('visit', true, pickKind(null, kind('visit'), options))).toBeNull();
    expect(saveBlocker('note', true, null)).toBeNull();
    expect(saveBlocker('meeting', false, null)).toBeNull();
  });

  it('records how the text came in', () => {
    expect(captureMode({ dictated: false, recorded: false })).toBe('typed');
    expect(captureMode({ dictated: true, recorded: false })).toBe('dictated');
    expect(captureMode({ dictated: true, recorded: true })).toBe('audio');
  });

  it('joins dictated words to what is there: Chinese runs on with a comma, English gets a space', () => {
    expect(withTranscript('', '拜访采购部')).toBe('拜访采购部');
    expect(withTranscript('拜访采购部', '客户关注交付周期')).toBe('拜访采购部，客户关注交付周期');
    expect(withTranscript('拜访采购部。', '客户关注交付周期')).toBe('拜访采购部。客户关注交付周期');
    expect(withTranscript('Met the CTO.', 'He agreed to a pilot')).toBe('Met the CTO. He agreed to a pilot');
    expect(withTranscript('Met the CTO  ', '  ')).toBe('Met the CTO  ');
  });

  it('reads and writes due days as the company’s calendar, due at the end of that business day', () => {
    expect(dateInputValue('2026-11-27T17:00:00.000Z', 'Asia/Shanghai')).toBe('2026-11-28');
    expect(dueFromDateInput('2026-12-02', 'Asia/Shanghai')).toBe('2026-12-02T10:00:00.000Z');
    expect(dueFromDateInput('2026-12-02', 'Europe/Berlin')).toBe('2026-12-02T17:00:00.000Z');
    expect(dueFromDateInput('', 'Asia/Shanghai')).toBeNull();
    expect(dueShortcuts(friday10, 'Asia/Shanghai').map((s) => [s.days, s.dueAt])).toEqual([
      [0, '2026-11-27T10:00:00.000Z'], [1, '2026-11-28T10:00:00.000Z'], [3, '2026-11-30T10:00:00.000Z'], [7, '2026-12-04T10:00:00.000Z'],
    ]);
    // After 18:00 "today" is gone.
    expect(dueShortcuts('2026-11-27T11:00:00.000Z', 'Asia/Shanghai').map((s) => s.days)).toEqual([1, 3, 7]);
    expect(isOverdue('2026-11-27T01:59:59.000Z', friday10)).toBe(true);
  });

  it('sends the next action and how the text came in with the activity', () => {
    const planned = { kind: 'book_demo', dueAt: '2026-12-02T10:00:00.000Z', note: '  请 CTO 出席 ' };
    expect(activityBody({ kind: 'visit', subject: { leadId: 'L1' }, text: ' 拜访 ', durationMinutes: 45, planned, capture: 'dictated' })).toEqual({
      kind: 'visit', leadId: 'L1', text: '拜访', durationMinutes: 45,
      nextAction: { kind: 'book_demo', dueAt: '2026-12-02T10:00:00.000Z', note: '请 CTO 出席' }, capture: 'dictated',
    });
    expect(activityBody({ kind: 'note', subject: { customerId: 'C1' }, text: '备注', planned: { ...planned, note: '' }, capture: 'typed', occurredAt: friday10 })).toEqual({
      kind: 'note', customerId: 'C1', text: '备注', occurredAt: friday10, nextAction: { kind: 'book_demo', dueAt: '2026-12-02T10:00:00.000Z' }, capture: 'typed',
    });
    expect(activityBody({ kind: 'note', subject: { leadId: 'L1' }, text: 'x', planned: null, capture: 'typed' }).nextAction).toBeNull();
  });
});

describe('speech in the browser', () => {
  it('picks the recognizer and transcription language from the interface language', () => {
    expect(dictationLanguage('zh-CN')).toBe('zh-CN');
    expect(dictationLanguage('en')).toBe('en-US');
    expect(transcriptionLanguage('zh-CN')).toBe('zh');
    expect(transcriptionLanguage('en')).toBe('en');
  });

  it('records in the first format the browser can make, named by its extension', () => {
    expect(recordingType((t) => t.startsWith('audio/webm'))).toBe('audio/webm;codecs=opus');
    expect(recordingType((t) => t === 'audio/mp4')).toBe('audio/mp4');
    expect(recordingType(() => false)).toBe('');
    expect(recordingFileName('audio/mp4')).toBe('recording.m4a');
    expect(recordingFileName('audio/ogg;codecs=opus')).toBe('recording.ogg');
    expect(recordingFileName('audio/webm;codecs=opus')).toBe('recording.webm');
  });

  it('offers dictation and recording only where the browser has them', () => {
    class Recognizer {}
    expect(recognitionConstructor({ webkitSpeechRecognition: Recognizer })).toBe(Recognizer);
    expect(recognitionConstructor({})).toBeNull();
    expect(canRecordAudio({ MediaRecorder: class {}, navigator: { mediaDevices: { getUserMedia: () => undefined } } })).toBe(true);
    expect(canRecordAudio({ MediaRecorder: class {}, navigator: {} })).toBe(false);
    expect(canRecordAudio({ navigator: { mediaDevices: { getUserMedia: () => undefined } } })).toBe(false);
  });
});
