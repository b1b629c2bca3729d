/**
 * A recording of a call or visit, sent to the server's speech-to-text when it stops; the text comes back to `onText`.
 * Offered only when the server can transcribe and the browser can record. It stops by itself before the recording
 * outgrows what the server accepts.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { transcribe } from './api';
import { canRecordAudio, recordingFileName, recordingType, transcriptionLanguage } from './speech';

export type RecorderState = 'idle' | 'recording' | 'transcribing';

export function useRecorder(onText: (text: string) => void, maxBytes: number) {
  const { i18n } = useTranslation();
  const [state, setState] = useState<RecorderState>('idle');
  const [seconds, setSeconds] = useState(0);
  const [problem, setProblem] = useState<unknown>(null);
  const recorder = useRef<MediaRecorder | null>(null);
  /** Ends a recording without sending it: leaving the form discards what was not stopped. */
  const discard = useRef<(() => void) | null>(null);
  const deliver = useRef(onText);
  useEffect(() => {
    deliver.current = onText;
  }, [onText]);
  useEffect(() => {
    if (state !== 'recording') return;
    const started = Date.now();
    const timer = setInterval(() => setSeconds(Math.floor((Date.now() - started) / 1000)), 1000);
    return () => clearInterval(timer);
  }, [state]);
  useEffect(() => () => discard.current?.(), []);

  const start = useCallback(async () => {
    if (recorder.current) return;
    setProblem(null);
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    } catch (error) {
      setProblem(error);
      return;
    }
    const type = recordingType((candidate) => MediaRecorder.isTypeSupported(candidate));
    let media: MediaRecorder;
    try {
      media = new MediaRecorder(stream, type ? { mimeType: type } : undefined);
    } catch (error) {
      // A recorder that cannot start must not leave the microphone on.
      stream.getTracks().forEach((track) => track.stop());
      setProblem(error);
      return;
    }
    const chunks: Blob[] = [];
    let size = 0;
    media.ondataavailable = (event) => {
      chunks.push(event.data);
      size += event.data.size;
      // Stop with room to spare: the last chunk still has to fit under the server's limit.
      if (size > maxBytes * 0.9 && media.state === 'recording') media.stop();
    };
    const release = () => {
      stream.getTracks().forEach((track) => track.stop());
      recorder.current = null;
      discard.current = null;
    };
    discard.current = () => {
      media.onstop = release;
      if (media.state !== 'inactive') media.stop();
    };
    media.onstop = () => {
      release();
      const recorded = media.mimeType || type || 'audio/webm';
      setState('transcribing');
      transcribe(new Blob(chunks, { type: recorded }), recordingFileName(recorded), transcriptionLanguage(i18n.language))
        .then(({ text }) => deliver.current(text))
        .catch((error: unknown) => setProblem(error))
        .finally(() => setState('idle'));
    };
    recorder.current = media;
    media.start(1000);
    setSeconds(0);
    setState('recording');
  }, [i18n.language, maxBytes]);

  const stop = useCallback(() => recorder.current?.stop(), []);

  return { supported: canRecordAudio(), state, seconds, problem, start, stop };
}
