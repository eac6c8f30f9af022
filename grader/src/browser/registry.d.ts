// The module build-browser.ts generates: every exercise's visible-checks.ts, keyed by slug.
declare module 'tyinglab:visible-registry' {
  import type { VisibleChecks } from '../checks/types';
  export const visibleChecks: Record<string, VisibleChecks<unknown>>;
}
