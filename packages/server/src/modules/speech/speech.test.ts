import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, type TestWorld } from '../../test-support/fixture.js';
import { dialects } from '../../test-support/databases.js';
import { recordingUpload, startSpeechStub, stubTranscript, type SpeechStub } from '../../test-support/speech-stub.js';

const transcribe = (world: TestWorld, upload: { payload: Buffer; contentType: string }, lang = 'en') =>
  world.app.inject({
    method: 'POST', url: '/api/v1/speech/transcriptions',
    headers: { ...world.as('repEast1'), 'content-type': upload.contentType, 'accept-language': lang }, payload: upload.payload,
  });

describe.each(dialects)('speech-to-text through an OpenAI-compatible service on %s', (dialect) => {
  let stub: SpeechStub;
  let world: TestWorld;
  beforeAll(async () => {
    stub = await startSpeechStub();
    world = await createWorld(dialect, {
      config: {
        SPEECH_TO_TEXT_URL: stub.url, SPEECH_TO_TEXT_API_KEY: 'sk-test-key', SPEECH_TO_TEXT_MODEL: 'whisper-large-v3',
        SPEECH_TO_TEXT_MAX_BYTES: '8192', SPEECH_TO_TEXT_TIMEOUT_MS: '1000',
      },
    });
  });
  afterAll(async () => {
    await world.close();
    await stub.close();
  });
  afterEach(() => {
    stub.requests.length = 0;
  });

  it('says the server can transcribe, and up to what size', async () => {
    const res = await world.app.inject({ method: 'GET', url: '/api/v1/speech', headers: world.as('repEast1') });
    expect(res.json()).toEqual({ transcription: true, maxBytes: 8192 });
  });

  it('sends the recording with model, language and response_format=json, and answers with the text', async () => {
    const upload = recordingUpload({ language: 'zh' });
    const res = await transcribe(world, upload);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ text: stubTranscript });
    const [sent] = stub.requests;
    expect(sent?.path).toBe('/v1/audio/transcriptions');
    expect(sent?.headers.authorization).toBe('Bearer sk-test-key');
    expect(sent?.fields).toEqual({ model: 'whisper-large-v3', language: 'zh', response_format: 'json' });
    expect(sent?.file).toMatchObject({ name: 'visit.wav', type: 'audio/wav' });
    expect(sent?.file?.bytes.subarray(0, 4).toString()).toBe('RIFF');
  });

  it('lets the service detect the language when none is given', async () => {
    stub.sayNext('We will send the proposal next Wednesday.');
    const res = await transcribe(world, recordingUpload({}, { type: 'audio/webm;codecs=opus' }));
    expect(res.json()).toEqual({ text: 'We will send the proposal next Wednesday.' });
    expect(stub.requests[0]?.fields).toEqual({ model: 'whisper-large-v3', response_format: 'json' });
    stub.sayNext(stubTranscript);
  });

  it('answers 502 in the caller’s language when the service fails or does not answer in time', async () => {
    stub.failNext(500);
    const failed = await transcribe(world, recordingUpload(), 'zh-CN');
    expect(failed.statusCode).toBe(502);
    expect(failed.json().error).toMatchObject({ code: 'UPSTREAM_FAILED', message: expect.stringContaining('语音转文字服务没有正常响应（返回状态 500）') });
    stub.hangNext();
    const slow = await transcribe(world, recordingUpload());
    expect(slow.statusCode).toBe(502);
    expect(slow.json().error.message).toContain('no answer within 1 s');
  });

  it('refuses a recording over the limit, a file that is not audio, a missing file and an unknown language', async () => {
    const big = await transcribe(world, recordingUpload({}, { bytes: Buffer.alloc(9000) }));
    expect(big.statusCode).toBe(413);
    expect(big.json().error.code).toBe('PAYLOAD_TOO_LARGE');
    const text = await transcribe(world, recordingUpload({}, { type: 'text/plain' }));
    expect(text.statusCode).toBe(415);
    const elsewhere = await transcribe(world, recordingUpload({}, { field: 'audio' }));
    expect(elsewhere.statusCode).toBe(400);
    expect(elsewhere.json().error.fields).toHaveProperty(['body.audio']);
    const klingon = await transcribe(world, recordingUpload({ language: 'tlh' }));
    expect(klingon.json().error.fields).toEqual({ 'body.language': 'zh or en' });
    const json = await world.app.inject({ method: 'POST', url: '/api/v1/speech/transcriptions', headers: world.as('repEast1'), payload: { file: 'x' } });
    expect(json.statusCode).toBe(415);
    expect(stub.requests).toHaveLength(0);
  });

  it('takes the full …/audio/transcriptions URL as well as the base URL', async () => {
    const other = await createWorld(dialect, { config: { SPEECH_TO_TEXT_URL: `${stub.url}/audio/transcriptions` } });
    try {
      expect((await transcribe(other, recordingUpload())).json()).toEqual({ text: stubTranscript });
      expect(stub.requests[0]?.headers.authorization).toBeUndefined();
      expect(stub.requests[0]?.fields.model).toBe('whisper-1');
    } finally {
      await other.close();
    }
  });
});

describe.each(dialects)('speech-to-text when it is not set up on %s', (dialect) => {
  let world: TestWorld;
  beforeAll(async () => {
    world = await createWorld(dialect);
  });
  afterAll(() => world.close());

  it('says so, and answers a recording with 503 and what to do instead, in both languages', async () => {
    expect((await world.app.inject({ method: 'GET', url: '/api/v1/speech', headers: world.as('repEast1') })).json()).toMatchObject({ transcription: false });
    const en = await transcribe(world, recordingUpload());
    expect(en.statusCode).toBe(503);
    expect(en.json().error).toEqual({
      code: 'NOT_CONFIGURED',
      message: 'Speech-to-text is not set up on this server. Ask your administrator to set it up; meanwhile type your notes or use the dictation button.',
    });
    const zh = await transcribe(world, recordingUpload(), 'zh-CN');
    expect(zh.json().error.message).toBe('本服务器尚未配置语音转文字，请联系管理员开通；在此之前请直接输入，或使用语音听写按钮。');
  });
});
