import type { Role } from '../../api';

export function ReadOnlyBanner({ role }: { role: Role }) {
  const what =
    role === 'publisher'
      ? 'You are a publisher: you can read and export but not edit'
      : `You are an ${role === 'observer' ? 'observer' : role}: you can read but not edit`;
  return (
    <div className="banner banner--readonly" role="status" data-testid="readonly-banner">
      {what}. Ask the report author if you need to make changes.
    </div>
  );
}
