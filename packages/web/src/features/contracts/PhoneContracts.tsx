/** A rep's contracts on the phone (read-only): trace code, title, customer, status and what is paid of the total. */
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { List, Tag } from 'antd-mobile';
import type { ContractSummary } from '@closeloop/core';
import { useSignedIn } from '../../api/session';
import { useFormat } from '../../lib/use-format';
import { EmptyState } from '../phone/PageStates';
import { PagedList } from '../phone/PagedList';
import { PhonePage } from '../phone/PhonePage';
import { useContracts } from './api/contracts';
import { phoneTagColour } from './hooks/phone-status';

export default function PhoneContracts() {
  const { t } = useTranslation();
  const format = useFormat();
  const navigate = useNavigate();
  const { user } = useSignedIn();
  // A rep sees their own; someone who leads others sees everyone in their sight (the server scopes either way).
  const list = useContracts(user.role === 'rep' ? { ownerId: user.id, sort: 'updatedAt:desc' } : { sort: 'updatedAt:desc' }, 20);
  return (
    <PhonePage title={t('contracts.phone.title')} backTo="/m/me">
      <PagedList<ContractSummary> list={list} empty={<EmptyState title={t('contracts.phone.empty')} />}>
        {(contract) => (
          <List.Item
            key={contract.id}
            onClick={() => void navigate(`/m/contracts/${contract.id}`)}
            extra={<Tag color={phoneTagColour(contract.status)} className="pp-tag">{t(`documents.status.contract.${contract.status}`)}</Tag>}
            description={
              <div className="pp-row-meta">
                <span>{contract.traceCode}</span>
                <span className="pp-row-company">{contract.customerName}</span>
                <span>{t('contracts.phone.paidOf', { paid: format.money(contract.paidMinor), total: format.money(contract.totalMinor) })}</span>
              </div>
            }
            data-testid="phone-contract"
          >
            <span className="pp-row-title">{contract.title}</span>
          </List.Item>
        )}
      </PagedList>
    </PhonePage>
  );
}
