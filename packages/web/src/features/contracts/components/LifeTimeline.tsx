/**
 * A contract's life (B4), oldest first: every state change of the contract and of each linked order, receipt and
 * shipment, every approval decision and audit entry — when, which document (its trace code links to it), what moved,
 * who did it and why.
 */
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Empty, Flex, Tag, Timeline, Typography } from 'antd';
import { documentPath, statusColour } from '../../../lib/documents';
import { useFormat } from '../../../lib/use-format';
import { lifeKeys, lifeOrder, type LifeEvent } from '../hooks/life';

export function LifeTimeline({ events, contractId }: { events: readonly LifeEvent[]; contractId: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (events.length === 0) return <Empty description={t('contracts.life.empty')} />;
  return (
    <Timeline
      data-testid="life-timeline"
      items={lifeOrder(events).map((event, index) => {
        const keys = lifeKeys(event);
        return {
        key: `${event.docId}-${event.at}-${index}`,
        color: event.toStatus ? statusColour(event.toStatus) === 'error' ? 'red' : event.toStatus === 'voided' || event.toStatus === 'cancelled' ? 'gray' : 'blue' : 'gray',
        content: (
          <Flex vertical gap={2} data-testid="life-event">
            <Flex gap={8} wrap align="baseline">
              <Typography.Text type="secondary" style={{ minWidth: 150 }}>{format.dateTime(event.at)}</Typography.Text>
              <Link to={documentPath(event.docType, event.docId, contractId)} data-testid="life-trace">{event.traceCode ?? t(`documents.type.${event.docType}`, { defaultValue: event.docType })}</Link>
              <Tag>{t(`documents.type.${event.docType}`, { defaultValue: event.docType })}</Tag>
              {event.kind !== 'transition' && <Tag color={event.kind === 'approval' ? 'purple' : undefined}>{t(`contracts.life.kind.${event.kind}`)}</Tag>}
              <Typography.Text strong>
                {t(keys.action, { defaultValue: event.action })}
                {keys.role && ` · ${t(keys.role)}`}
              </Typography.Text>
              {keys.to && (
                <Typography.Text>
                  {t('contracts.life.move', { from: keys.from ? t(keys.from, { defaultValue: event.fromStatus }) : '∅', to: t(keys.to, { defaultValue: event.toStatus }) })}
                </Typography.Text>
              )}
                          </Flex>
            <Typography.Text type="secondary">
              {t('contracts.life.by', { name: event.actorName ?? t('contracts.life.system') })}
              {event.note && <> · {t('contracts.life.why', { reason: event.note })}</>}
            </Typography.Text>
          </Flex>
        ),
        };
      })}
    />
  );
}
