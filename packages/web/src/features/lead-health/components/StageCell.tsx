/** One stage of one rep on the board: its colour (filled and written), its lead count, and its rule on hover or click. */
import { useTranslation } from 'react-i18next';
import { Popover } from 'antd';
import type { StageHealth } from '@closeloop/core';
import { colourStyle } from '../rule-text';
import { StageRule } from './StageRule';

export function StageCell({ health }: { health: StageHealth }) {
  const { t } = useTranslation();
  const style = colourStyle[health.colour];
  return (
    <Popover trigger={['hover', 'click']} title={`${t(`vocab.stage.${health.stage}`)} · ${t(`leadHealth.colourName.${health.colour}`)}`} content={<StageRule health={health} />}>
      <button
        type="button"
        data-testid={`health-cell-${health.stage}`}
        data-colour={health.colour}
        aria-label={`${t(`vocab.stage.${health.stage}`)}: ${t(`leadHealth.colourName.${health.colour}`)}`}
        style={{
          width: '100%', minWidth: 72, padding: '4px 8px', cursor: 'pointer', borderRadius: 6, fontSize: 13,
          background: style.background, border: `1px solid ${style.border}`, color: style.color,
        }}
      >
        {t(`leadHealth.colourName.${health.colour}`)} · {health.leads}
      </button>
    </Popover>
  );
}
