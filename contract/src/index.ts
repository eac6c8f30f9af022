// @tyinglab/contract: the results contract shared by the grader, the database package and the site.
// One definition of submission statuses and reasons, check results, facts and plots (types, `as const`
// lists and, where data crosses a process boundary, zod schemas).
export * from './statuses';
export * from './messages';
export * from './check-result';
