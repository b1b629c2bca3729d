/** Opening a notification: it is read from then on, and the person lands on what it is about. */
import { useNavigate } from 'react-router';
import type { NotificationView } from '@closeloop/core';
import { useMarkRead } from '../api/notifications';

type Openable = Pick<NotificationView, 'id' | 'link' | 'readAt'>;

export function useOpenNotification(): (notification: Openable) => void {
  const navigate = useNavigate();
  const markRead = useMarkRead();
  return (notification) => {
    if (!notification.readAt) markRead.mutate(notification.id);
    const link = notification.link;
    if (!link) return;
    // In-app paths stay in the app; a web address (a document host, say) opens as a page of its own; nothing else runs.
    if (link.startsWith('/') && !link.startsWith('//')) void navigate(link);
    else if (/^https?:\/\//i.test(link)) window.open(link, '_blank', 'noopener');
  };
}
