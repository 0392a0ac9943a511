/** The editor header's way to the coverage dashboard. */
import { dashboardPath, navigate } from '../app/router';

export function DashboardLink({ docId }: { docId: string }) {
  const href = dashboardPath(docId);
  return (
    <a
      className="cg-header-link"
      href={href}
      onClick={(e) => {
        e.preventDefault();
        navigate(href);
      }}
      title="Who has reviewed what, and how far each section is"
      data-testid="dashboard-link"
    >
      Coverage
    </a>
  );
}
