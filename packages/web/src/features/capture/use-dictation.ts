/** Dictation with the browser's own recognizer (Web Speech API): finished phrases go to `onText`, the rest shows as it is heard. */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { dictationLanguage, recognitionConstructor, type Recognition } from './speech';

export type DictationProblem = 'denied' | 'failed';

export function useDictation(onText: (text: string) => void) {
  const { i18n } = useTranslation();
  const Recognizer = useMemo(() => recognitionConstructor(), []);
  const [listening, setListening] = useState(false);
  const [heard, setHeard] = useState('');
  const [problem, setProblem] = useState<DictationProblem | null>(null);
  const recognizer = useRef<Recognition | null>(null);
  const deliver = useRef(onText);
  useEffect(() => {
    deliver.current = onText;
  }, [onText]);
  // Leaving the form stops listening: a microphone left on is a privacy problem, not a convenience.
  useEffect(() => () => recognizer.current?.stop(), []);

  const start = useCallback(() => {
    if (!Recognizer || recognizer.current) return;
    const recognition = new Recognizer();
    recognition.lang = dictationLanguage(i18n.language);
    recognition.continuous = true;
    recognition.interimResults = true;
    recognition.onresult = (event) => {
      let interim = '';
      for (let i = event.resultIndex; i < event.results.length; i++) {
        const result = event.results[i]!;
        if (result.isFinal) deliver.current(result[0].transcript);
        else interim += result[0].transcript;
      }
      setHeard(interim);
    };
    recognition.onerror = (event) => {
      if (event.error !== 'no-speech' && event.error !== 'aborted') setProblem(event.error === 'not-allowed' || event.error === 'service-not-allowed' ? 'denied' : 'failed');
    };
    recognition.onend = () => {
      recognizer.current = null;
      setListening(false);
      setHeard('');
    };
    recognizer.current = recognition;
    setProblem(null);
    setListening(true);
    try {
      recognition.start();
    } catch {
      recognizer.current = null;
      setListening(false);
      setProblem('failed');
    }
  }, [Recognizer, i18n.language]);

  const stop = useCallback(() => recognizer.current?.stop(), []);

  return { supported: Recognizer !== null, listening, heard, problem, start, stop };
}
