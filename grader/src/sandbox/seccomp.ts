// A seccomp filter for the sandbox, compiled to classic BPF by hand (no npm package builds one) and
// handed to `bwrap --seccomp FD`. bwrap installs it just before exec'ing node, so execve itself
// must stay allowed; everything that could start another process, reach the network or poke the
// kernel is refused:
//   - fork, vfork, execveat; clone unless it creates a thread (CLONE_THREAD); clone3 → ENOSYS so
//     glibc falls back to clone, whose flags we can inspect
//   - socket/socketpair for any family but AF_UNIX
//   - ptrace, process_vm_*, mount family, pivot_root, chroot, setns, unshare, bpf, io_uring,
//     kexec, kernel modules, keyrings, perf_event_open, userfaultfd, handle-based opens, reboot…
// x86_64 only (the architecture is checked first; any other, or the x32 ABI, kills the process).
import os from 'node:os';

// BPF opcodes (linux/filter.h)
const LD_W_ABS = 0x20;
const JMP_JEQ_K = 0x15;
const JMP_JGE_K = 0x35;
const JMP_JSET_K = 0x45;
const RET_K = 0x06;

// seccomp return values (linux/seccomp.h)
const RET_KILL_PROCESS = 0x80000000;
const RET_ALLOW = 0x7fff0000;
const RET_ERRNO = 0x00050000;
const EPERM = 1;
const EACCES = 13;
const ENOSYS = 38;

const AUDIT_ARCH_X86_64 = 0xc000003e;
const X32_SYSCALL_BIT = 0x40000000;
const CLONE_THREAD = 0x00010000;
const AF_UNIX = 1;

// struct seccomp_data offsets
const OFF_NR = 0;
const OFF_ARCH = 4;
const OFF_ARG0_LO = 16;

/** x86_64 syscall numbers refused with EPERM. */
export const DENIED_SYSCALLS: Record<string, number> = {
  fork: 57,
  vfork: 58,
  execveat: 322,
  ptrace: 101,
  process_vm_readv: 310,
  process_vm_writev: 311,
  mount: 165,
  umount2: 166,
  pivot_root: 155,
  chroot: 161,
  acct: 163,
  swapon: 167,
  swapoff: 168,
  reboot: 169,
  init_module: 175,
  delete_module: 176,
  quotactl: 179,
  kexec_load: 246,
  add_key: 248,
  request_key: 249,
  keyctl: 250,
  unshare: 272,
  perf_event_open: 298,
  name_to_handle_at: 303,
  open_by_handle_at: 304,
  setns: 308,
  finit_module: 313,
  kexec_file_load: 320,
  bpf: 321,
  userfaultfd: 323,
  io_uring_setup: 425,
  io_uring_enter: 426,
  io_uring_register: 427,
  open_tree: 428,
  move_mount: 429,
  fsopen: 430,
  fsconfig: 431,
  fsmount: 432,
  fspick: 433,
  pidfd_getfd: 438,
  process_madvise: 440,
  mount_setattr: 442,
};
const NR_CLONE = 56;
const NR_CLONE3 = 435;
const NR_SOCKET = 41;
const NR_SOCKETPAIR = 53;

interface Insn {
  code: number;
  jt: number;
  jf: number;
  k: number;
}

const stmt = (code: number, k: number): Insn => ({ code, jt: 0, jf: 0, k });
const jump = (code: number, k: number, jt: number, jf: number): Insn => ({ code, jt, jf, k });

/** The filter as BPF instructions. */
export function seccompInstructions(): Insn[] {
  const p: Insn[] = [
    stmt(LD_W_ABS, OFF_ARCH),
    jump(JMP_JEQ_K, AUDIT_ARCH_X86_64, 1, 0),
    stmt(RET_K, RET_KILL_PROCESS),
    stmt(LD_W_ABS, OFF_NR),
    jump(JMP_JGE_K, X32_SYSCALL_BIT, 0, 1),
    stmt(RET_K, RET_KILL_PROCESS),
  ];
  for (const nr of Object.values(DENIED_SYSCALLS)) {
    p.push(jump(JMP_JEQ_K, nr, 0, 1), stmt(RET_K, RET_ERRNO | EPERM));
  }
  p.push(jump(JMP_JEQ_K, NR_CLONE3, 0, 1), stmt(RET_K, RET_ERRNO | ENOSYS));
  // clone: threads only. Each block below ends in a return, so loading an argument (which
  // replaces the syscall number in the accumulator) cannot leak into later comparisons.
  p.push(
    jump(JMP_JEQ_K, NR_CLONE, 0, 4),
    stmt(LD_W_ABS, OFF_ARG0_LO),
    jump(JMP_JSET_K, CLONE_THREAD, 0, 1),
    stmt(RET_K, RET_ALLOW),
    stmt(RET_K, RET_ERRNO | EPERM),
  );
  for (const nr of [NR_SOCKET, NR_SOCKETPAIR]) {
    p.push(
      jump(JMP_JEQ_K, nr, 0, 4),
      stmt(LD_W_ABS, OFF_ARG0_LO),
      jump(JMP_JEQ_K, AF_UNIX, 0, 1),
      stmt(RET_K, RET_ALLOW),
      stmt(RET_K, RET_ERRNO | EACCES),
    );
  }
  p.push(stmt(RET_K, RET_ALLOW));
  return p;
}

/** The compiled program (struct sock_filter[], little-endian), as bwrap reads it from its fd. */
export function compileSeccomp(insns: Insn[] = seccompInstructions()): Buffer {
  if (insns.length > 4096) throw new Error('seccomp program too long');
  const buf = Buffer.alloc(insns.length * 8);
  insns.forEach((ins, i) => {
    buf.writeUInt16LE(ins.code, i * 8);
    buf.writeUInt8(ins.jt, i * 8 + 2);
    buf.writeUInt8(ins.jf, i * 8 + 3);
    buf.writeUInt32LE(ins.k >>> 0, i * 8 + 4);
  });
  return buf;
}

/** The filter is written for x86_64 Linux; elsewhere the seccomp layer is unavailable. */
export function seccompSupported(): boolean {
  return process.platform === 'linux' && os.arch() === 'x64';
}
