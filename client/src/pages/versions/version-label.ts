/** How a version is called on screen: its name, else why it was taken. */
import type { VersionJson } from '../../api/versions';

const REASONS: Record<VersionJson['reason'], string> = {
  named: 'Named version',
  activity: 'After editing',
  import: 'Imported',
  before_adoption: 'Before a proposal was adopted',
  before_restore: 'Before a restore',
  restore: 'Restore',
};

export const versionLabel = (v: VersionJson) => v.name ?? REASONS[v.reason];
