import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { seccompProgramFd } from './layers';
import { compileSeccomp, DENIED_SYSCALLS, seccompInstructions } from './seccomp';

describe('seccomp program', () => {
  it('checks the architecture first and allows by default last', () => {
    const p = seccompInstructions();
    expect(p[0]).toEqual({ code: 0x20, jt: 0, jf: 0, k: 4 }); // load arch
    expect(p[1]?.k).toBe(0xc000003e); // AUDIT_ARCH_X86_64
    expect(p[2]).toEqual({ code: 0x06, jt: 0, jf: 0, k: 0x80000000 }); // else kill
    expect(p[p.length - 1]).toEqual({ code: 0x06, jt: 0, jf: 0, k: 0x7fff0000 });
    expect(compileSeccomp().length).toBe(p.length * 8);
  });

  it('refuses every listed syscall with EPERM', () => {
    const p = seccompInstructions();
    for (const [name, nr] of Object.entries(DENIED_SYSCALLS)) {
      const i = p.findIndex((ins) => ins.code === 0x15 && ins.k === nr && ins.jt === 0 && ins.jf === 1);
      expect({ name, found: i > 0, ret: p[i + 1]?.k }).toEqual({ name, found: true, ret: 0x00050001 });
    }
  });

  it('never loads a file planted under its name in a shared /tmp', () => {
    const program = compileSeccomp();
    const hash = crypto.createHash('sha256').update(program).digest('hex').slice(0, 16);
    const shared = path.join(os.tmpdir(), `tyinglab-seccomp-${hash}.bpf`);
    // Plant a permissive program (a single "allow") by rename, as an attacker would.
    const planted = `${shared}.planted-${process.pid}`;
    fs.writeFileSync(planted, compileSeccomp([{ code: 0x06, jt: 0, jf: 0, k: 0x7fff0000 }]));
    fs.renameSync(planted, shared);
    try {
      const fd = seccompProgramFd();
      const buf = Buffer.alloc(program.length + 8);
      expect(fs.readSync(fd, buf, 0, buf.length, 0)).toBe(program.length);
      expect(buf.subarray(0, program.length).equals(program)).toBe(true);
      fs.closeSync(fd);
    } finally {
      fs.rmSync(shared, { force: true }); // the next process recreates the genuine file
    }
  });
});
