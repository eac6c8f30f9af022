// The process-wide client, when this module is loaded more than once in one process (as Next.js does
// for pages and route handlers): every copy knows the provider of a client any copy opened.
import path from 'node:path';
import os from 'node:os';

type ClientModule = typeof import('./client');

function freshCopy(): ClientModule {
  let copy: ClientModule | undefined;
  jest.isolateModules(() => {
    copy = jest.requireActual<ClientModule>('./client');
  });
  return copy!;
}

describe('createDb / providerOfDb across copies of the module', () => {
  it('knows the provider of a client opened by another copy', async () => {
    const page = freshCopy();
    const route = freshCopy();
    expect(page).not.toBe(route);
    const db = page.createDb(`file:${path.join(os.tmpdir(), 'tyinglab-client-copies.db')}`);
    try {
      expect(page.providerOfDb(db)).toBe('sqlite');
      expect(route.providerOfDb(db)).toBe('sqlite');
      expect(() => route.providerOfDb({} as never)).toThrow('providerOfDb: client was not created by createDb()');
    } finally {
      await db.$disconnect();
    }
  });
});
