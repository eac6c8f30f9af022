// Host-wide sandbox slots. Each concurrently running (or warm) sandbox holds one slot, and slot n
// runs as its own host uid (base + n): sandboxes cannot signal or ptrace each other, and
// RLIMIT_NPROC counts per slot. A slot is held by binding an abstract Unix socket named after it —
// the kernel frees it the moment the holder dies, so a crashed worker never leaves a stale lock.
import net from 'node:net';

export const MAX_SLOTS = 64;

export interface SlotLease {
  slot: number;
  release(): void;
}

function tryBind(name: string): Promise<net.Server | null> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(null));
    server.listen({ path: `\0${name}`, exclusive: true }, () => {
      server.unref(); // holding a slot must not keep the process alive by itself
      resolve(server);
    });
  });
}

/** Claims the lowest free slot on this host. `namespace` separates unrelated deployments/tests. */
export async function acquireSlot(namespace = 'tyinglab'): Promise<SlotLease> {
  for (let slot = 0; slot < MAX_SLOTS; slot++) {
    const server = await tryBind(`${namespace}-slot-${slot}`);
    if (server) {
      let released = false;
      return {
        slot,
        release() {
          if (!released) {
            released = true;
            server.close();
          }
        },
      };
    }
  }
  throw new Error(`all ${MAX_SLOTS} sandbox slots on this host are busy`);
}
