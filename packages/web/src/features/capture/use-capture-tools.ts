/** What the desk and phone capture tools share: dictation, recording, and whether either can be offered here. */
import { useSpeechStatus } from './api';
import { useDictation } from './use-dictation';
import { useRecorder } from './use-recorder';

export type SpokenFrom = 'dictated' | 'recorded';

export function useCaptureTools(onText: (text: string, from: SpokenFrom) => void) {
  const status = useSpeechStatus();
  const dictation = useDictation((text) => onText(text, 'dictated'));
  const recorder = useRecorder((text) => onText(text, 'recorded'), status.data?.maxBytes ?? 0);
  // Recording needs the browser's recorder and a speech-to-text service behind the server.
  const canRecord = !!status.data?.transcription && recorder.supported;
  return { dictation, recorder, canRecord, offered: dictation.supported || canRecord };
}
