/**
 * The screening card on the phone, made to be done in under 30 seconds: intent is one tap (the cadence follows),
 * tags are chips, and the facts the records already know are shown as known rather than asked again.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Input, Selector, Stepper } from 'antd-mobile';
import {
  budgetBands, companySizes, decisionChains, industries, intentLevels, screeningFacts, type ScreeningCard, type ScreeningFact,
} from '@closeloop/core';
import { addTag, chipsOf, draftOf, withCadence, withIntent, withTags, type ScreeningDraft } from './form-draft';
import './screening.css';

const choices: Record<ScreeningFact, readonly string[]> = {
  industry: industries,
  companySize: companySizes,
  budgetBand: budgetBands.filter((b) => b !== 'unknown'),
  decisionChain: decisionChains.filter((d) => d !== 'unknown'),
};

interface Props {
  card: ScreeningCard;
  saving: boolean;
  onSave(draft: ScreeningDraft): void;
}

export function PhoneScreeningForm({ card, saving, onSave }: Props) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState(() => draftOf(card));
  const [typed, setTyped] = useState('');
  // Facts filled in from the records are shown as known until the rep chooses to change one.
  const [changing, setChanging] = useState<ScreeningFact[]>([]);

  return (
    <div className="pp-card" style={{ padding: 0 }} data-testid="screening-card">
      <div className="sc-row" style={{ borderTop: 0 }}>
        <div className="sc-label">{t('screening.intent.label')}</div>
      </div>
      <div className="sc-intents">
        {intentLevels.map((level) => (
          <Button
            key={level}
            color={draft.intentLevel === level ? 'primary' : 'default'}
            fill={draft.intentLevel === level ? 'solid' : 'outline'}
            onClick={() => setDraft((d) => withIntent(d, level, card.cadenceDays))}
            aria-pressed={draft.intentLevel === level}
            data-testid={`screening-intent-${level}`}
          >
            {t(`screening.intent.${level}`)}
          </Button>
        ))}
      </div>

      <div className="sc-row">
        <div className="sc-row-head">
          <span className="sc-label">{t('screening.cadence.label')}</span>
          <Stepper min={1} max={180} value={draft.cadenceDays} onChange={(days) => setDraft((d) => withCadence(d, days))} data-testid="screening-cadence" />
        </div>
        <div className="sc-hint">
          {t('screening.cadence.days', { count: draft.cadenceDays })} · {t('screening.cadence.byIntent', { days: card.cadenceDays[draft.intentLevel] })}
        </div>
      </div>

      <div className="sc-row">
        <div className="sc-row-head"><span className="sc-label">{t('screening.tags.label')}</span></div>
        <Selector
          multiple
          showCheckMark={false}
          columns={3}
          value={draft.intentTags}
          onChange={(picked) => setDraft((d) => withTags(d, picked))}
          options={chipsOf(card, draft).map((tag) => ({ label: tag, value: tag }))}
          data-testid="screening-tags"
        />
        <div className="sc-add">
          <Input value={typed} onChange={setTyped} placeholder={t('screening.tags.add')} maxLength={32} onEnterPress={() => { setDraft((d) => addTag(d, typed)); setTyped(''); }} />
          <Button size="small" disabled={!typed.trim()} onClick={() => { setDraft((d) => addTag(d, typed)); setTyped(''); }}>{t('screening.tags.addButton')}</Button>
        </div>
      </div>

      <div className="sc-row">
        <div className="sc-row-head"><span className="sc-label">{t('screening.facts.label')}</span></div>
        {screeningFacts.map((fact) => {
          const value = draft[fact];
          const source = card.sources[fact];
          if (source && value && !changing.includes(fact)) {
            return (
              <div key={fact} className="sc-known">
                <span>{t(`screening.facts.${fact}`)}: <strong>{t(`vocab.${fact}.${value}`)}</strong> <span className="sc-hint">{t(`screening.facts.from.${source}`)}</span></span>
                <a onClick={() => setChanging((c) => [...c, fact])}>{t('screening.facts.change')}</a>
              </div>
            );
          }
          return (
            <div key={fact} style={{ marginBottom: 8 }}>
              <div className="sc-hint">{t(`screening.facts.${fact}`)}</div>
              <Selector
                columns={3}
                value={value ? [value] : []}
                onChange={(picked) => setDraft((d) => ({ ...d, [fact]: picked[0] ?? null }))}
                options={choices[fact].map((option) => ({ label: t(`vocab.${fact}.${option}`), value: option }))}
              />
            </div>
          );
        })}
      </div>

      <div className="pp-form-footer">
        <Button block color="primary" size="large" loading={saving} onClick={() => onSave(draft)} data-testid="screening-save">
          {t('screening.save')}
        </Button>
      </div>
    </div>
  );
}
