/** /lead-health: a rep's own weekly report; for managers, ops and admins the board of the reps they may see. */
import { useSignedIn } from '../../api/session';
import HealthBoardPage from './HealthBoardPage';
import MyReportPage from './MyReportPage';

export default function LeadHealthPage() {
  const { user } = useSignedIn();
  return user.role === 'rep' ? <MyReportPage /> : <HealthBoardPage />;
}
