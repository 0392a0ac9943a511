import { describe, expect, it } from 'vitest';
import { parseRoute } from './router';

describe('routes', () => {
  it('parses the three pages', () => {
    expect(parseRoute('/')).toEqual({ page: 'docs' });
    expect(parseRoute('/d/d_abc')).toEqual({ page: 'doc', docId: 'd_abc' });
    expect(parseRoute('/signin?next=%2Fd%2Fx')).toEqual({ page: 'signin', next: '/d/x' });
    expect(parseRoute('/d/d_abc/rule')).toEqual({ page: 'rule', docId: 'd_abc' });
    expect(parseRoute('/d/d_abc/audit')).toEqual({ page: 'audit', docId: 'd_abc' });
    expect(parseRoute('/elsewhere')).toEqual({ page: 'missing' });
  });

  it('never redirects to another site after sign-in', () => {
    expect(parseRoute('/signin?next=https://evil.example')).toEqual({ page: 'signin', next: null });
    expect(parseRoute('/signin?next=//evil.example')).toEqual({ page: 'signin', next: null });
  });
});
