// Courses, membership, password-reset links and who may read a submission, on SQLite and PostgreSQL.
import { createTestDatabase, type TestDatabase } from '../testing';
import { TEST_PROVIDERS } from '../test-providers';
import { findCourseAccess } from './course-access';
import { listRoster, removeCourseMember, setCourseMemberRole } from './course-members';
import { createCourse, deleteCourse, getCourseOverview, joinCourse, listCoursesForUser, rotateJoinCode } from './courses';
import { syncExercises } from './exercises';
import { issuePasswordReset, PASSWORD_RESET_TTL_MS, resetPasswordWithToken } from './password-resets';
import { createSession, getUserBySessionToken } from './sessions';
import { getSubmissionForViewer } from './submission-views';
import { setUserRole } from './user-roles';
import { authenticate, createUser, type PublicUser } from './users';

const exerciseDef = (slug: string) => ({
  meta: { slug, title: `T ${slug}`, summary: 's', difficulty: 'intro', concepts: ['c'], points: 10, position: 1, checks: [] },
  statement: '# S',
  starter: 'export {}',
  contentHash: 'h1',
});

describe.each(TEST_PROVIDERS)('courses on %s', (provider) => {
  let t: TestDatabase;
  let owner: PublicUser; // global INSTRUCTOR, owns "ml"
  let rival: PublicUser; // global INSTRUCTOR, owns "other"
  let ta: PublicUser;
  let alice: PublicUser; // student of "ml"
  let bob: PublicUser; // student of "other"
  let admin: PublicUser;
  let mlCode: string;

  const user = (name: string, role: PublicUser['role'] = 'STUDENT') =>
    createUser({ email: `${name}@${provider}.test`, displayName: name, password: `${name}-password`, role }, t.db);

  beforeAll(async () => {
    t = await createTestDatabase(provider);
    await syncExercises([exerciseDef('tied-conv2d')], t.db);
    [owner, rival, ta, alice, bob, admin] = await Promise.all([
      user('owner', 'INSTRUCTOR'),
      user('rival', 'INSTRUCTOR'),
      user('ta'),
      user('alice'),
      user('bob'),
      user('admin', 'ADMIN'),
    ]);
    mlCode = (await createCourse(owner, { slug: 'ml', title: 'Machine learning' }, t.db)).joinCode;
    const other = await createCourse(rival, { slug: 'other', title: 'Other course' }, t.db);
    await joinCourse(alice, mlCode, t.db);
    await joinCourse(bob, other.joinCode, t.db);
    await setCourseMemberRole(owner, 'ml', { email: ta.email, role: 'TA' }, t.db);
  });
  afterAll(async () => {
    await t.drop();
  });

  it('lets instructors create courses (creator enrolled as instructor), not students; slugs are unique and some reserved', async () => {
    const created = await createCourse(rival, { slug: 'stats', title: 'Stats', description: 'd' }, t.db);
    expect(created.slug).toBe('stats');
    expect(created.joinCode).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(await findCourseAccess('stats', rival, t.db)).toMatchObject({ standing: 'INSTRUCTOR', enrolledAs: 'INSTRUCTOR' });
    const count = await t.db.course.count();
    await expect(createCourse(alice, { slug: 'mine', title: 'Mine' }, t.db)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(createCourse(rival, { slug: 'ml', title: 'Copy' }, t.db)).rejects.toMatchObject({
      code: 'CONFLICT',
      message: 'A course with the address "ml" already exists; choose another.',
    });
    await expect(createCourse(rival, { slug: 'join', title: 'J' }, t.db)).rejects.toMatchObject({ code: 'INVALID' });
    expect(await t.db.course.count()).toBe(count);
    await deleteCourse(rival, 'stats', t.db);
  });

  it('joins by code (case and blanks forgiven); an unknown code or joining twice is refused clearly and writes nothing', async () => {
    const carol = await user('carol');
    await expect(joinCourse(carol, 'NOPE-NOPE', t.db)).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: 'No course has the join code "NOPE-NOPE". Check it with your instructor: codes stop working when they are replaced.',
    });
    expect(await joinCourse(carol, `  ${mlCode.toLowerCase()} `, t.db)).toEqual({ slug: 'ml', title: 'Machine learning' });
    await expect(joinCourse(carol, mlCode, t.db)).rejects.toMatchObject({ code: 'CONFLICT', message: 'You are already in "Machine learning".' });
    expect(await t.db.enrollment.count({ where: { userId: carol.id } })).toBe(1);
    expect(await findCourseAccess('ml', carol, t.db)).toMatchObject({ standing: 'STUDENT' });
    await removeCourseMember(owner, 'ml', carol.id, t.db);
  });

  it('rotating the join code retires the old one at once; only instructors may rotate', async () => {
    await expect(rotateJoinCode(ta, 'ml', t.db)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(rotateJoinCode(rival, 'ml', t.db)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const { joinCode } = await rotateJoinCode(owner, 'ml', t.db);
    expect(joinCode).not.toBe(mlCode);
    const dave = await user('dave');
    await expect(joinCourse(dave, mlCode, t.db)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(joinCourse(dave, joinCode, t.db)).resolves.toMatchObject({ slug: 'ml' });
    mlCode = joinCode;
    await removeCourseMember(owner, 'ml', dave.id, t.db);
  });

  it('shows each person only their own courses (admins all), and the join code only to staff', async () => {
    expect((await listCoursesForUser(alice, t.db)).map((c) => [c.slug, c.standing])).toEqual([['ml', 'STUDENT']]);
    expect((await listCoursesForUser(rival, t.db)).map((c) => c.slug)).toEqual(['other']);
    expect((await listCoursesForUser(admin, t.db)).map((c) => c.slug).sort()).toEqual(['ml', 'other']);
    await expect(getCourseOverview(bob, 'ml', t.db)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(getCourseOverview(rival, 'ml', t.db)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await getCourseOverview(alice, 'ml', t.db)).toMatchObject({ standing: 'STUDENT', joinCode: null, canViewStaff: false, canManage: false });
    expect(await getCourseOverview(ta, 'ml', t.db)).toMatchObject({ standing: 'TA', joinCode: mlCode, canViewStaff: true, canManage: false });
    expect(await getCourseOverview(admin, 'ml', t.db)).toMatchObject({ standing: 'ADMIN', canManage: true, enrolled: false });
  });

  it('roster for staff only; instructors add a TA or co-instructor by email, TAs change nothing; the owner stays', async () => {
    await expect(listRoster(alice, 'ml', t.db)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await listRoster(ta, 'ml', t.db)).map((r) => [r.displayName, r.role, r.isOwner])).toEqual([
      ['owner', 'INSTRUCTOR', true],
      ['ta', 'TA', false],
      ['alice', 'STUDENT', false],
    ]);
    await expect(setCourseMemberRole(ta, 'ml', { email: alice.email, role: 'TA' }, t.db)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(setCourseMemberRole(owner, 'ml', { email: 'nobody@x.test', role: 'TA' }, t.db)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(setCourseMemberRole(owner, 'ml', { email: owner.email, role: 'TA' }, t.db)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(removeCourseMember(ta, 'ml', alice.id, t.db)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(removeCourseMember(owner, 'ml', owner.id, t.db)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(removeCourseMember(owner, 'ml', bob.id, t.db)).rejects.toMatchObject({ code: 'NOT_FOUND' });

    const co = await setCourseMemberRole(owner, 'ml', { email: ` ${rival.email.toUpperCase()}`, role: 'INSTRUCTOR' }, t.db);
    expect(co).toMatchObject({ userId: rival.id, role: 'INSTRUCTOR' });
    expect(await findCourseAccess('ml', rival, t.db)).toMatchObject({ standing: 'INSTRUCTOR' });
    await removeCourseMember(rival, 'ml', rival.id, t.db);
    expect(await findCourseAccess('ml', rival, t.db)).toBeNull();
  });

  it('a password-reset link: issued by the instructor for a student, works once, expires, signs the student out', async () => {
    const session = await createSession(alice.id, t.db);
    await expect(issuePasswordReset(ta, { courseSlug: 'ml', userId: alice.id }, t.db)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(issuePasswordReset(rival, { courseSlug: 'ml', userId: alice.id }, t.db)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(issuePasswordReset(owner, { courseSlug: 'ml', userId: bob.id }, t.db)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(issuePasswordReset(owner, { courseSlug: 'ml', userId: ta.id }, t.db)).rejects.toMatchObject({ code: 'NOT_FOUND' });

    const older = await issuePasswordReset(owner, { courseSlug: 'ml', userId: alice.id }, t.db);
    const link = await issuePasswordReset(owner, { courseSlug: 'ml', userId: alice.id }, t.db);
    expect(link.user).toEqual({ id: alice.id, displayName: 'alice', email: alice.email });
    // Stored hashed only.
    expect(await t.db.passwordReset.count({ where: { tokenHash: link.token } })).toBe(0);
    // A newer link voids the older one.
    await expect(resetPasswordWithToken(older.token, 'new-password-1', t.db)).rejects.toMatchObject({ code: 'NOT_FOUND' });

    expect(await resetPasswordWithToken(link.token, 'new-password-1', t.db)).toEqual({ email: alice.email });
    expect(await authenticate(alice.email, 'new-password-1', t.db)).toMatchObject({ id: alice.id });
    expect(await authenticate(alice.email, 'alice-password', t.db)).toBeNull();
    expect(await getUserBySessionToken(session.token, t.db)).toBeNull();
    await expect(resetPasswordWithToken(link.token, 'another-password', t.db)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await authenticate(alice.email, 'new-password-1', t.db)).not.toBeNull();

    const late = await issuePasswordReset(owner, { courseSlug: 'ml', userId: alice.id }, t.db);
    const afterExpiry = new Date(Date.now() + PASSWORD_RESET_TTL_MS + 1000);
    await expect(resetPasswordWithToken(late.token, 'too-late-password', t.db, afterExpiry)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(resetPasswordWithToken('', 'x-password', t.db)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('an instructor cannot reset a staff account that joined as a student; an admin can', async () => {
    const prof = await user('prof', 'INSTRUCTOR');
    await joinCourse(prof, mlCode, t.db);
    await expect(issuePasswordReset(owner, { courseSlug: 'ml', userId: prof.id }, t.db)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(issuePasswordReset(admin, { courseSlug: 'ml', userId: prof.id }, t.db)).resolves.toHaveProperty('token');
    await removeCourseMember(owner, 'ml', prof.id, t.db);
  });

  it('only an admin changes global roles, never their own', async () => {
    await expect(setUserRole(owner, alice.email, 'INSTRUCTOR', t.db)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(setUserRole(admin, admin.email, 'STUDENT', t.db)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(setUserRole(admin, 'ghost@x.test', 'INSTRUCTOR', t.db)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const erin = await user('erin');
    expect(await setUserRole(admin, erin.email, 'INSTRUCTOR', t.db)).toMatchObject({ id: erin.id, role: 'INSTRUCTOR' });
  });

  it('a submission is readable by its author, the staff of its assignment course and admins only', async () => {
    const course = await t.db.course.findUniqueOrThrow({ where: { slug: 'ml' } });
    const exercise = await t.db.exercise.findUniqueOrThrow({ where: { slug: 'tied-conv2d' } });
    const assignment = await t.db.assignment.create({ data: { courseId: course.id, exerciseId: exercise.id } });
    const base = { exerciseId: exercise.id, code: 'x', exerciseContentHash: 'h1' };
    const forCourse = await t.db.submission.create({ data: { ...base, userId: alice.id, assignmentId: assignment.id } });
    const practice = await t.db.submission.create({ data: { ...base, userId: alice.id } });
    const sees = async (viewer: PublicUser, id: string) => (await getSubmissionForViewer(id, viewer, t.db)) !== null;

    expect(await sees(alice, forCourse.id)).toBe(true);
    expect(await sees(ta, forCourse.id)).toBe(true);
    expect(await sees(owner, forCourse.id)).toBe(true);
    expect(await sees(admin, forCourse.id)).toBe(true);
    expect(await sees(bob, forCourse.id)).toBe(false);
    // A global instructor of another course: no longer enough.
    expect(await sees(rival, forCourse.id)).toBe(false);
    // Practice outside any course: the author and admins only, not even the learner's instructor.
    expect(await sees(owner, practice.id)).toBe(false);
    expect(await sees(admin, practice.id)).toBe(true);
    await t.db.assignment.delete({ where: { id: assignment.id } });
  });

  it('deleting a course: instructors only; submissions stay with their authors', async () => {
    const c = await createCourse(owner, { slug: 'gone', title: 'Gone' }, t.db);
    await joinCourse(alice, c.joinCode, t.db);
    await setCourseMemberRole(owner, 'gone', { email: ta.email, role: 'TA' }, t.db);
    const course = await t.db.course.findUniqueOrThrow({ where: { slug: 'gone' } });
    const exercise = await t.db.exercise.findUniqueOrThrow({ where: { slug: 'tied-conv2d' } });
    const assignment = await t.db.assignment.create({ data: { courseId: course.id, exerciseId: exercise.id } });
    const sub = await t.db.submission.create({ data: { userId: alice.id, exerciseId: exercise.id, assignmentId: assignment.id, code: 'x', exerciseContentHash: 'h1' } });
    await expect(deleteCourse(ta, 'gone', t.db)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(deleteCourse(alice, 'gone', t.db)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(deleteCourse(rival, 'gone', t.db)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await deleteCourse(owner, 'gone', t.db);
    expect(await t.db.course.findUnique({ where: { slug: 'gone' } })).toBeNull();
    expect(await t.db.enrollment.count({ where: { courseId: course.id } })).toBe(0);
    expect(await t.db.submission.findUniqueOrThrow({ where: { id: sub.id } })).toMatchObject({ userId: alice.id, assignmentId: null });
  });
});
