/** A calm full-page message: not found, no access, server unreachable. */
export function MessagePage({
  title,
  body,
  action,
  testId,
}: {
  title: string;
  body: string;
  action?: { label: string; onClick: () => void };
  testId?: string;
}) {
  return (
    <main className="message-page" data-testid={testId}>
      <h1>{title}</h1>
      <p>{body}</p>
      {action && (
        <button className="button button--primary" onClick={action.onClick}>
          {action.label}
        </button>
      )}
    </main>
  );
}
